#include "midlink/graph/graph_file.hpp"

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <type_traits>

#include "midlink/core/atomic_file.hpp"
#include "midlink/core/error.hpp"
#include "midlink/core/huge_pages.hpp"
#include "checksummed_writer.hpp"

namespace midlink::graph {
namespace {
constexpr char kMagic[8] = {'M', 'I', 'D', 'L', 'I', 'N', 'K', 'G'};
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr char kEndMarker[8] = {'E', 'N', 'D', 'G', 'R', 'A', 'P', 'H'};

using detail::crc32_update;
using Writer = detail::ChecksummedWriter;

class Reader {
public:
    Reader(std::ifstream& in, std::string path, std::uint64_t file_size, bool checksum)
        : m_in(in), m_path(std::move(path)), m_left(file_size), m_checksum(checksum) {}
    template <class T>
    T value() {
        T v{};
        read(reinterpret_cast<char*>(&v), sizeof(T));
        return v;
    }
    std::string string() {
        const auto n = value<std::uint64_t>();
        check(n);
        std::string s(n, '\0');
        read(s.data(), n);
        return s;
    }
    /// A count read from the file is checked against the bytes left before anything is
    /// allocated, by division: n * sizeof(T) would wrap for a damaged, huge n.
    template <class T>
    void array(std::vector<T>& v) {
        const auto n = value<std::uint64_t>();
        if (n > m_left / sizeof(T)) damaged();
        resize_on_huge_pages(v, n);
        read(reinterpret_cast<char*>(v.data()), n * sizeof(T));
    }
    /// Each string takes at least its 8-byte length, so a count beyond that is damage.
    void check_count(std::uint64_t n, std::uint64_t min_bytes_each) const {
        if (n > m_left / min_bytes_each) damaged();
    }
    [[nodiscard]] std::uint32_t crc() const { return m_crc; }
    /// Reads raw bytes outside the checksum (the stored checksum itself).
    std::uint32_t stored_crc() {
        std::uint32_t v = 0;
        m_checksum = false;
        read(reinterpret_cast<char*>(&v), sizeof(v));
        return v;
    }
    [[noreturn]] void damaged() const { throw InputError(m_path + ": graph file is truncated or damaged"); }

private:
    void check(std::uint64_t bytes) const {
        if (bytes > m_left) damaged();
    }
    void read(char* dst, std::uint64_t n) {
        check(n);
        m_in.read(dst, static_cast<std::streamsize>(n));
        if (!m_in) damaged();
        m_left -= n;
        if (m_checksum) m_crc = crc32_update(m_crc, dst, n);
    }
    std::ifstream& m_in;
    std::string m_path;
    std::uint64_t m_left;
    bool m_checksum;
    std::uint32_t m_crc = 0;
};

template <class Io, class G>
void arrays(Io& io, G& g, std::uint32_t version) {
    io.array(g.first_out);
    io.array(g.head);
    io.array(g.time_weight);
    io.array(g.length_dm);
    io.array(g.edge_class);
    io.array(g.edge_flags);
    io.array(g.edge_link);
    io.array(g.node_xy);
    io.array(g.node_key);
    io.array(g.node_component);
    io.array(g.link_geom_first);
    io.array(g.link_points);
    io.array(g.link_ref);
    io.array(g.link_name);
    io.array(g.link_source_id);
    io.array(g.link_source_id32);
    if (version >= 3) {
        io.array(g.link_capacity_vph);
        io.array(g.link_capacity_source);
    }
}
}  // namespace

void write_graph_file(const RoadGraph& g, const std::string& path, std::uint32_t version) {
    namespace fs = std::filesystem;
    if (version < kOldestWritableGraphFormatVersion || version > kGraphFormatVersion) {
        throw OutputError("cannot write graph file format version " + std::to_string(version));
    }
    AtomicFile file(path);  // a later run removes the temporary if this one is killed
    {
        std::ofstream out(file.path(), std::ios::binary | std::ios::trunc);
        if (!out) throw OutputError("cannot write graph file " + path);
        Writer w(out);
        out.write(kMagic, sizeof(kMagic));
        w.value(version);
        w.value(kByteOrderMark);
        w.string(g.meta.crs);
        w.string(g.meta.source);
        w.string(g.meta.profile_name);
        w.value(g.meta.input_fingerprint);
        w.value(g.meta.profile_fingerprint);
        w.value(g.meta.components_total);
        w.value(g.meta.nodes_before_filter);
        w.value(g.meta.largest_component_nodes);
        w.value(g.meta.diagnostics_total);
        w.string(g.meta.diagnostics_summary);
        w.value(g.time_unit_s);
        w.value(g.links);
        arrays(w, g, version);
        w.value<std::uint64_t>(g.strings.size());
        for (const auto& s : g.strings) w.string(s);
        if (version >= kFirstChecksummedGraphFormatVersion) {
            const auto crc = w.crc();
            out.write(reinterpret_cast<const char*>(&crc), sizeof(crc));
        }
        out.write(kEndMarker, sizeof(kEndMarker));
        out.flush();
        out.close();
        if (!out) throw OutputError("failed writing graph file " + path + " (disk full?)");
    }
    file.commit();
}

RoadGraph read_graph_file(const std::string& path) { return read_graph_file(path, GraphFileCheck::Checksum); }

RoadGraph read_graph_file(const std::string& path, GraphFileCheck check) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError("graph file not found: " + path);
    const auto size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (!in || ec) throw InputError("cannot read graph file " + path);
    char magic[sizeof(kMagic)] = {};
    in.read(magic, sizeof(magic));
    if (!in || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
        throw InputError(path + ": not a midlink graph file (build one with 'midlink graph build')");
    }
    if (size < sizeof(kMagic)) throw InputError(path + ": not a midlink graph file (build one with 'midlink graph build')");
    Reader r(in, path, size - sizeof(kMagic), check == GraphFileCheck::Checksum);
    const auto version = r.value<std::uint32_t>();
    if (version < kOldestReadableGraphFormatVersion || version > kGraphFormatVersion) {
        throw VersionError(path + ": graph file format version " + std::to_string(version) +
                           ", this midlink reads versions " + std::to_string(kOldestReadableGraphFormatVersion) +
                           " to " + std::to_string(kGraphFormatVersion) + "; rebuild it with 'midlink graph build'");
    }
    if (r.value<std::uint32_t>() != kByteOrderMark) {
        throw VersionError(path + ": graph file was written on a machine of another byte order; rebuild it");
    }
    RoadGraph g;
    g.meta.crs = r.string();
    g.meta.source = r.string();
    g.meta.profile_name = r.string();
    g.meta.input_fingerprint = r.value<std::uint64_t>();
    g.meta.profile_fingerprint = r.value<std::uint64_t>();
    g.meta.components_total = r.value<std::uint32_t>();
    g.meta.nodes_before_filter = r.value<std::uint32_t>();
    g.meta.largest_component_nodes = r.value<std::uint32_t>();
    g.meta.diagnostics_total = r.value<std::uint64_t>();
    g.meta.diagnostics_summary = r.string();
    g.time_unit_s = r.value<double>();
    g.links = r.value<std::uint32_t>();
    arrays(r, g, version);
    const auto n_strings = r.value<std::uint64_t>();
    r.check_count(n_strings, sizeof(std::uint64_t));
    g.strings.resize(n_strings);
    for (auto& s : g.strings) s = r.string();
    const auto computed = r.crc();
    const auto stored = r.stored_crc();
    if (check == GraphFileCheck::Checksum && stored != computed) {
        char detail[80];
        std::snprintf(detail, sizeof(detail), " (stored CRC-32 %08x, computed %08x)", stored, computed);
        throw InputError(path + ": damaged graph file: checksum mismatch" + detail +
                         "; rebuild it with 'midlink graph build'");
    }
    char end[sizeof(kEndMarker)] = {};
    in.read(end, sizeof(end));
    if (!in || std::memcmp(end, kEndMarker, sizeof(end)) != 0) {
        throw InputError(path + ": graph file is truncated or damaged");
    }
    // Structural checks so a damaged file cannot make a search read out of bounds.
    const auto n = g.node_count();
    const auto m = g.edge_count();
    bool ok = !g.first_out.empty() && g.first_out.front() == 0 && g.first_out.back() == m &&
              g.time_weight.size() == m && g.length_dm.size() == m && g.edge_class.size() == m &&
              g.edge_flags.size() == m && g.edge_link.size() == m && g.node_key.size() == n &&
              (g.node_xy.empty() || g.node_xy.size() == n) && (g.node_component.empty() || g.node_component.size() == n) &&
              !g.strings.empty();
    const auto links = g.link_count();
    ok = ok && (g.link_ref.empty() || g.link_ref.size() == links) && (g.link_name.empty() || g.link_name.size() == links) &&
         (g.link_source_id.empty() || g.link_source_id.size() == links) &&
         (g.link_source_id32.empty() || g.link_source_id32.size() == links) &&
         (g.link_capacity_vph.empty() ? g.link_capacity_source.empty()
                                      : g.link_capacity_vph.size() == links &&
                                            (g.link_capacity_source.size() == 1 || g.link_capacity_source.size() == links)) &&
         (g.link_geom_first.empty() ? g.link_points.empty()
                                    : g.link_geom_first.size() == std::size_t{links} + 1 && g.link_points.size() == g.link_geom_first.back());
    for (std::size_t i = 0; ok && i < m; ++i) ok = g.head[i] < n && g.edge_link[i] < links;
    for (std::size_t i = 0; ok && i < g.link_ref.size(); ++i) ok = g.link_ref[i] < g.strings.size();
    for (std::size_t i = 0; ok && i < g.link_name.size(); ++i) ok = g.link_name[i] < g.strings.size();
    for (std::size_t i = 0; ok && i < g.link_capacity_source.size(); ++i) ok = g.link_capacity_source[i] <= 2;
    for (std::size_t i = 0; ok && i + 1 < g.link_geom_first.size(); ++i) ok = g.link_geom_first[i] <= g.link_geom_first[i + 1];
    for (std::size_t i = 0; ok && i + 1 < g.first_out.size(); ++i) ok = g.first_out[i] <= g.first_out[i + 1];
    if (!ok) throw InputError(path + ": graph file is inconsistent (damaged?)");
    return g;
}

}  // namespace midlink::graph
