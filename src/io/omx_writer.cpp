// OMX through the HDF5 C library (Debian libhdf5-dev, serial).
#include "midlink/io/omx_writer.hpp"

#include <hdf5.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "midlink/core/error.hpp"

namespace midlink::io {
namespace {

/// Closes an HDF5 handle with the function for its kind when it goes out of scope.
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t)) : m_id(id), m_close(close) {}
    ~Handle() {
        if (m_id >= 0) m_close(m_id);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& o) noexcept : m_id(o.m_id), m_close(o.m_close) { o.m_id = -1; }
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            release();
            m_id = o.m_id;
            m_close = o.m_close;
            o.m_id = -1;
        }
        return *this;
    }
    [[nodiscard]] hid_t get() const { return m_id; }
    [[nodiscard]] bool ok() const { return m_id >= 0; }
    herr_t release() {
        const herr_t r = m_id >= 0 ? m_close(m_id) : 0;
        m_id = -1;
        return r;
    }

private:
    hid_t m_id;
    herr_t (*m_close)(hid_t);
};

bool whole_numbers(const std::vector<std::string>& ids) {
    for (const auto& s : ids) {
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return false;
    }
    return !ids.empty();
}

}  // namespace

struct OmxWriter::Impl {
    std::string path;
    std::size_t rows = 0, columns = 0;
    Handle file{-1, H5Fclose};
    Handle data{-1, H5Gclose};
    Handle lookups{-1, H5Gclose};
    std::vector<Handle> matrices;

    [[noreturn]] void fail(const std::string& what) const { throw OutputError("cannot write " + path + ": " + what); }

    void string_attribute(hid_t on, const char* name, const std::string& value) {
        Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), std::max<std::size_t>(1, value.size()));
        Handle space(H5Screate(H5S_SCALAR), H5Sclose);
        Handle attr(H5Acreate2(on, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!attr.ok() || H5Awrite(attr.get(), type.get(), value.data()) < 0) fail(std::string("attribute ") + name);
    }

    void int_attribute(hid_t on, const char* name, std::span<const std::int32_t> values) {
        const hsize_t n = values.size();
        Handle space(values.size() == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr), H5Sclose);
        Handle attr(H5Acreate2(on, name, H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        if (!attr.ok() || H5Awrite(attr.get(), H5T_NATIVE_INT32, values.data()) < 0) fail(std::string("attribute ") + name);
    }
};

OmxWriter::OmxWriter(const std::string& path, std::size_t rows, std::size_t columns,
                     const std::vector<std::string>& matrices)
    : m_impl(std::make_unique<Impl>()) {
    Impl& m = *m_impl;
    m.path = path;
    m.rows = rows;
    m.columns = columns;
    // HDF5 prints its error stack to stderr by default; the errors become OutputErrors here.
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    if (rows > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) ||
        columns > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
        m.fail("OMX stores its shape as 32-bit integers; the matrix is too large");
    m.file = Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    if (!m.file.ok()) m.fail("HDF5 cannot create the file");
    m.string_attribute(m.file.get(), "OMX_VERSION", "0.2");
    const std::int32_t shape[2] = {static_cast<std::int32_t>(rows), static_cast<std::int32_t>(columns)};
    m.int_attribute(m.file.get(), "SHAPE", shape);
    m.data = Handle(H5Gcreate2(m.file.get(), "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    m.lookups = Handle(H5Gcreate2(m.file.get(), "lookup", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!m.data.ok() || !m.lookups.ok()) m.fail("HDF5 cannot create the data and lookup groups");

    const hsize_t dims[2] = {rows, columns};
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
    // Chunks of row blocks (at most 8,192 columns wide), as readers take rows at a time.
    // Not compressed: on a 6,421 x 6,421 skim deflate saved a fifth of the size and took
    // most of the run's time (bench/RESULTS.md).
    Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (rows > 0 && columns > 0) {
        const hsize_t chunk[2] = {std::min<hsize_t>(rows, 64), std::min<hsize_t>(columns, 8192)};
        H5Pset_chunk(props.get(), 2, chunk);
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    H5Pset_fill_value(props.get(), H5T_NATIVE_DOUBLE, &nan);
    for (const auto& name : matrices) {
        Handle set(H5Dcreate2(m.data.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, props.get(),
                              H5P_DEFAULT),
                   H5Dclose);
        if (!set.ok()) m.fail("HDF5 cannot create matrix " + name);
        m.matrices.push_back(std::move(set));
    }
}

OmxWriter::~OmxWriter() = default;

void OmxWriter::lookup(const std::string& name, int dim, const std::vector<std::string>& ids) {
    Impl& m = *m_impl;
    const hsize_t n = ids.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Handle set(-1, H5Dclose);
    if (whole_numbers(ids)) {
        std::vector<std::int64_t> values(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) std::from_chars(ids[i].data(), ids[i].data() + ids[i].size(), values[i]);
        set = Handle(H5Dcreate2(m.lookups.get(), name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                                H5P_DEFAULT),
                     H5Dclose);
        if (!set.ok() || H5Dwrite(set.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
            m.fail("lookup " + name);
    } else {
        std::size_t width = 1;
        for (const auto& s : ids) width = std::max(width, s.size());
        std::vector<char> text(ids.size() * width, '\0');
        for (std::size_t i = 0; i < ids.size(); ++i) std::copy(ids[i].begin(), ids[i].end(), text.begin() + static_cast<std::ptrdiff_t>(i * width));
        Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type.get(), width);
        set = Handle(H5Dcreate2(m.lookups.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT,
                                H5P_DEFAULT),
                     H5Dclose);
        if (!set.ok() || H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()) < 0)
            m.fail("lookup " + name);
    }
    const std::int32_t d = dim;
    m.int_attribute(set.get(), "dim", std::span(&d, 1));
}

void OmxWriter::write_rows(std::size_t mi, std::size_t first_row, std::span<const double> values) {
    Impl& m = *m_impl;
    if (mi >= m.matrices.size() || m.columns == 0) return;
    const std::size_t n_rows = values.size() / m.columns;
    if (n_rows == 0) return;
    if (first_row + n_rows > m.rows || n_rows * m.columns != values.size()) m.fail("rows outside the matrix");
    const hid_t set = m.matrices[mi].get();
    Handle file_space(H5Dget_space(set), H5Sclose);
    const hsize_t start[2] = {first_row, 0};
    const hsize_t count[2] = {n_rows, m.columns};
    Handle memory(H5Screate_simple(2, count, nullptr), H5Sclose);
    if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, count, nullptr) < 0 ||
        H5Dwrite(set, H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT, values.data()) < 0)
        m.fail("rows " + std::to_string(first_row) + " to " + std::to_string(first_row + n_rows - 1) + " (disk full?)");
}

void OmxWriter::close() {
    Impl& m = *m_impl;
    for (auto& set : m.matrices) {
        if (set.release() < 0) m.fail("closing a matrix");
    }
    if (m.lookups.release() < 0 || m.data.release() < 0) m.fail("closing the groups");
    if (m.file.ok() && H5Fflush(m.file.get(), H5F_SCOPE_GLOBAL) < 0) m.fail("flush (disk full?)");
    if (m.file.release() < 0) m.fail("close");
}

}  // namespace midlink::io
