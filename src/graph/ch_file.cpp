#include "midlink/graph/ch_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
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
constexpr char kMagic[8] = {'M', 'I', 'D', 'L', 'I', 'N', 'K', 'H'};
constexpr char kEndMarker[8] = {'E', 'N', 'D', 'H', 'I', 'E', 'R', 'A'};
constexpr char kGraphEndMarker[8] = {'E', 'N', 'D', 'G', 'R', 'A', 'P', 'H'};
constexpr std::uint32_t kByteOrderMark = 0x01020304;

using detail::crc32_update;
using Writer = detail::ChecksummedWriter;

class Reader {
public:
    Reader(std::ifstream& in, std::string path, std::uint64_t left) : m_in(in), m_path(std::move(path)), m_left(left) {}
    template <class T>
    T value() {
        T v{};
        read(reinterpret_cast<char*>(&v), sizeof(T));
        return v;
    }
    // Counts are checked against the bytes left (by division, so a huge count cannot wrap)
    // before anything is allocated.
    template <class T>
    void array(std::vector<T>& v) {
        const auto n = value<std::uint64_t>();
        if (n > m_left / sizeof(T)) damaged();
        resize_on_huge_pages(v, n);
        read(reinterpret_cast<char*>(v.data()), n * sizeof(T));
    }
    [[nodiscard]] std::uint32_t crc() const { return m_crc; }
    [[noreturn]] void damaged() const { throw InputError(m_path + ": hierarchy file is truncated or damaged"); }
    void read(char* dst, std::uint64_t n, bool checksum = true) {
        if (n > m_left) damaged();
        m_in.read(dst, static_cast<std::streamsize>(n));
        if (!m_in) damaged();
        m_left -= n;
        if (checksum) m_crc = crc32_update(m_crc, dst, n);
    }

private:
    std::ifstream& m_in;
    std::string m_path;
    std::uint64_t m_left;
    std::uint32_t m_crc = 0;
};

template <class Io, class H>
void arrays(Io& io, H& ch) {
    io.array(ch.node_at);
    io.array(ch.up_first);
    io.array(ch.up_head);
    io.array(ch.up_weight);
    io.array(ch.up_middle);
    io.array(ch.down_first);
    io.array(ch.down_tail);
    io.array(ch.down_weight);
    io.array(ch.down_middle);
}

std::string metric_name(Metric m) { return m == Metric::Time ? "time" : "distance"; }

// Fills position_of and checks the layout a query and a sweep rely on, so a damaged (or
// hostile) file that passed the checksum still cannot make them read out of bounds: a
// permutation, CSR rows in range and sorted, up arcs to higher ranks (smaller positions),
// down arcs from them, middles ranked below the tail.
bool well_formed(ContractionHierarchy& ch, std::uint64_t nodes) {
    const std::uint64_t n = ch.node_at.size();
    if (n != nodes) return false;
    ch.position_of.assign(n, kNoMiddle);
    for (std::uint32_t p = 0; p < n; ++p) {
        if (ch.node_at[p] >= n || ch.position_of[ch.node_at[p]] != kNoMiddle) return false;
        ch.position_of[ch.node_at[p]] = p;
    }
    auto rows = [&](const std::vector<std::uint32_t>& first, const std::vector<std::uint32_t>& other,
                    const std::vector<Weight>& weight, const std::vector<std::uint32_t>& middle) {
        if (first.size() != n + 1 || first.front() != 0 || first.back() != other.size() ||
            weight.size() != other.size() || middle.size() != other.size()) {
            return false;
        }
        for (std::uint32_t p = 0; p < n; ++p) {
            if (first[p] > first[p + 1]) return false;
            for (auto e = first[p]; e < first[p + 1]; ++e) {
                if (other[e] >= p || (e > first[p] && other[e] <= other[e - 1])) return false;
                if (middle[e] != kNoMiddle && (middle[e] >= n || middle[e] <= p)) return false;
            }
        }
        return true;
    };
    return rows(ch.up_first, ch.up_head, ch.up_weight, ch.up_middle) &&
           rows(ch.down_first, ch.down_tail, ch.down_weight, ch.down_middle);
}
}  // namespace

GraphFingerprint graph_fingerprint(const std::string& graph_path, const RoadGraph& graph) {
    // The graph file ends in its CRC-32 and an end marker (graph_file.cpp, version 4 on).
    std::ifstream in(graph_path, std::ios::binary);
    char tail[12] = {};
    if (!in || !in.seekg(-12, std::ios::end) || !in.read(tail, sizeof(tail)) ||
        std::memcmp(tail + 4, kGraphEndMarker, sizeof(kGraphEndMarker)) != 0) {
        throw InputError(graph_path + ": cannot read the graph file's checksum");
    }
    GraphFingerprint f;
    std::memcpy(&f.file_crc, tail, sizeof(f.file_crc));
    f.nodes = graph.node_count();
    f.arcs = graph.edge_count();
    return f;
}

std::string default_hierarchy_path(const std::string& graph_path, Metric metric) {
    return graph_path + (metric == Metric::Time ? ".ch" : ".distance.ch");
}

void write_hierarchy_file(const ContractionHierarchy& ch, Metric metric, const GraphFingerprint& graph,
                          const std::string& path) {
    AtomicFile file(path);
    {
        std::ofstream out(file.path(), std::ios::binary | std::ios::trunc);
        if (!out) throw OutputError("cannot write hierarchy file " + path);
        Writer w(out);
        out.write(kMagic, sizeof(kMagic));
        w.value(kHierarchyFormatVersion);
        w.value(kByteOrderMark);
        w.value(static_cast<std::uint32_t>(metric));
        w.value(graph.file_crc);
        w.value(graph.nodes);
        w.value(graph.arcs);
        w.value<std::uint64_t>(ch.shortcuts);
        arrays(w, ch);
        const auto crc = w.crc();
        out.write(reinterpret_cast<const char*>(&crc), sizeof(crc));
        out.write(kEndMarker, sizeof(kEndMarker));
        out.flush();
        out.close();
        if (!out) throw OutputError("failed writing hierarchy file " + path + " (disk full?)");
    }
    file.commit();
}

ContractionHierarchy read_hierarchy_file(const std::string& path, Metric metric, const GraphFingerprint& graph) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError("hierarchy file not found: " + path);
    const auto size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (!in || ec) throw InputError("cannot read hierarchy file " + path);
    char magic[sizeof(kMagic)] = {};
    if (!in.read(magic, sizeof(magic)) || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) {
        throw InputError(path + ": not a midlink hierarchy file (make one with 'midlink graph contract')");
    }
    Reader r(in, path, size - sizeof(kMagic));
    const auto version = r.value<std::uint32_t>();
    if (version != kHierarchyFormatVersion) {
        throw VersionError(path + ": hierarchy file format version " + std::to_string(version) + ", this midlink reads " +
                           std::to_string(kHierarchyFormatVersion) + "; rebuild it with 'midlink graph contract'");
    }
    if (r.value<std::uint32_t>() != kByteOrderMark) {
        throw VersionError(path + ": hierarchy file was written on a machine of another byte order; rebuild it");
    }
    const auto stored_metric = r.value<std::uint32_t>();
    GraphFingerprint stored;
    stored.file_crc = r.value<std::uint32_t>();
    stored.nodes = r.value<std::uint64_t>();
    stored.arcs = r.value<std::uint64_t>();
    // Checked before the arrays are read: a stale file costs nothing to refuse.
    if (stored_metric != static_cast<std::uint32_t>(metric)) {
        throw InputError(path + ": hierarchy is for the " + metric_name(static_cast<Metric>(stored_metric & 1)) +
                         " metric, not " + metric_name(metric));
    }
    if (!(stored == graph)) {
        char detail[160];
        std::snprintf(detail, sizeof(detail), " (made for a graph with CRC-32 %08x, %llu nodes, %llu arcs; this one has %08x, %llu, %llu)",
                      stored.file_crc, static_cast<unsigned long long>(stored.nodes), static_cast<unsigned long long>(stored.arcs),
                      graph.file_crc, static_cast<unsigned long long>(graph.nodes), static_cast<unsigned long long>(graph.arcs));
        throw InputError(path + ": stale hierarchy: it belongs to another graph" + detail +
                         "; rebuild it with 'midlink graph contract'");
    }
    ContractionHierarchy ch;
    ch.shortcuts = r.value<std::uint64_t>();
    arrays(r, ch);
    const auto computed = r.crc();
    std::uint32_t stored_crc = 0;
    r.read(reinterpret_cast<char*>(&stored_crc), sizeof(stored_crc), false);
    if (stored_crc != computed) {
        char detail[80];
        std::snprintf(detail, sizeof(detail), " (stored CRC-32 %08x, computed %08x)", stored_crc, computed);
        throw InputError(path + ": damaged hierarchy file: checksum mismatch" + detail +
                         "; rebuild it with 'midlink graph contract'");
    }
    char end[sizeof(kEndMarker)] = {};
    r.read(end, sizeof(end), false);
    if (std::memcmp(end, kEndMarker, sizeof(end)) != 0) r.damaged();
    if (!well_formed(ch, graph.nodes)) r.damaged();
    return ch;
}

}  // namespace midlink::graph
