#pragma once
// Open Matrix (OMX 0.2) files, what AequilibraE, Emme, Visum and TransCAD read: HDF5 with
// the root attributes OMX_VERSION ("0.2") and SHAPE (rows, columns), one 2-D float64 array
// per matrix under /data, and the zone ids under /lookup. Rows are written in blocks as
// they are computed, so a matrix is never held whole in memory.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace midlink::io {

class OmxWriter {
public:
    /// Creates `path` (replacing it) with `matrices` of rows x columns, unwritten cells NaN.
    /// Throws OutputError naming the path.
    OmxWriter(const std::string& path, std::size_t rows, std::size_t columns, const std::vector<std::string>& matrices);
    ~OmxWriter();
    OmxWriter(const OmxWriter&) = delete;
    OmxWriter& operator=(const OmxWriter&) = delete;

    /// A lookup /lookup/<name> of the row (dim 0) or column (dim 1) ids, in order. Ids that
    /// are all whole numbers are stored as 64-bit integers (what modelling tools expect of
    /// zone numbers), any others as fixed-length strings.
    void lookup(const std::string& name, int dim, const std::vector<std::string>& ids);
    /// Rows first_row .. first_row + values.size() / columns - 1 of matrix `m`, row-major.
    void write_rows(std::size_t m, std::size_t first_row, std::span<const double> values);
    /// Flushes and closes the file; throws OutputError when HDF5 cannot.
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace midlink::io
