#include "endpoint_joiner.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace midlink::io {
namespace {

// Levels a vertex occurrence can connect at, as bits. An interior vertex lies at its line's
// level; an endpoint also lies on the ground, because bridges and tunnels end at ground level.
constexpr std::uint8_t kGround = 1;
constexpr std::uint8_t kBridge = 2;
constexpr std::uint8_t kTunnel = 4;

std::uint8_t level_bit(Structure s) {
    switch (s) {
        case Structure::Bridge: return kBridge;
        case Structure::Tunnel: return kTunnel;
        case Structure::Ground: break;
    }
    return kGround;
}

struct Occurrence {
    std::uint32_t line;
    std::uint32_t vertex;
    Point p;
    std::uint8_t levels;
    bool endpoint;
};

struct CellKey {
    std::int64_t cx;
    std::int64_t cy;
    friend bool operator==(const CellKey&, const CellKey&) = default;
};
struct CellHash {
    std::size_t operator()(const CellKey& k) const {
        const auto h = static_cast<std::uint64_t>(k.cx) * 0x9E3779B97F4A7C15ULL ^
                       static_cast<std::uint64_t>(k.cy) * 0xC2B2AE3D27D4EB4FULL;
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

class UnionFind {
public:
    explicit UnionFind(std::size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), 0); }
    std::size_t find(std::size_t i) {
        while (m_parent[i] != i) {
            m_parent[i] = m_parent[m_parent[i]];
            i = m_parent[i];
        }
        return i;
    }
    // The smaller index wins so roots do not depend on the order of unions.
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (b < a) std::swap(a, b);
        m_parent[b] = a;
    }

private:
    std::vector<std::size_t> m_parent;
};

bool connects(const Occurrence& a, const Occurrence& b, const JoinOptions& options) {
    if (a.line == b.line) {
        // Consecutive vertices of one line (duplicates) are not a junction.
        const auto gap = a.vertex > b.vertex ? a.vertex - b.vertex : b.vertex - a.vertex;
        if (gap <= 1) return false;
    }
    if ((a.levels & b.levels) == 0) return false;
    const double tol = a.endpoint && b.endpoint ? options.endpoint_tolerance_m
                                                : options.shared_vertex_tolerance_m;
    return distance_m(a.p, b.p) <= tol;
}

}  // namespace

JoinResult join_lines(const std::vector<const LineString*>& lines,
                      const std::vector<Structure>& structures, const JoinOptions& options) {
    assert(lines.size() == structures.size());
    // Occurrences of one line are contiguous and in vertex order; first_occurrence[i] points
    // at line i's first one.
    std::vector<Occurrence> occ;
    std::vector<std::size_t> first_occurrence(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const LineString& line = *lines[i];
        assert(line.size() >= 2);
        first_occurrence[i] = occ.size();
        const std::uint8_t bit = level_bit(structures[i]);
        const auto add = [&](std::size_t v, bool endpoint) {
            occ.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(v), line[v],
                           static_cast<std::uint8_t>(endpoint ? (bit | kGround) : bit), endpoint});
        };
        add(0, true);
        if (options.split_at_shared_vertices) {
            for (std::size_t v = 1; v + 1 < line.size(); ++v) add(v, false);
        }
        add(line.size() - 1, true);
    }

    // Uniform grid with cells no smaller than the widest tolerance: every pair within
    // tolerance lies in neighbouring cells, so the join is linear in the vertex count.
    const double cell_m = std::max({options.endpoint_tolerance_m, options.shared_vertex_tolerance_m, 1e-3});
    std::unordered_map<CellKey, std::vector<std::uint32_t>, CellHash> grid;
    grid.reserve(occ.size());
    const auto cell_of = [&](const Point& p) {
        return CellKey{static_cast<std::int64_t>(std::floor(p.x / cell_m)),
                       static_cast<std::int64_t>(std::floor(p.y / cell_m))};
    };
    for (std::size_t i = 0; i < occ.size(); ++i) grid[cell_of(occ[i].p)].push_back(static_cast<std::uint32_t>(i));

    UnionFind sets(occ.size());
    for (std::size_t i = 0; i < occ.size(); ++i) {
        const CellKey c = cell_of(occ[i].p);
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                auto it = grid.find({c.cx + dx, c.cy + dy});
                if (it == grid.end()) continue;
                for (std::uint32_t j : it->second) {
                    if (j > i && connects(occ[i], occ[j], options)) sets.unite(i, j);
                }
            }
        }
    }

    // Keys in order of first appearance; cluster sizes decide where interior splits happen.
    std::vector<NodeKey> key_of_root(occ.size(), 0);
    std::vector<std::uint32_t> members(occ.size(), 0);
    JoinResult result;
    NodeKey next_key = 1;
    for (std::size_t i = 0; i < occ.size(); ++i) {
        const std::size_t root = sets.find(i);
        ++members[root];
        if (key_of_root[root] == 0) {
            key_of_root[root] = next_key++;
            result.node_coords.emplace(key_of_root[root], occ[i].p);
        }
    }
    const auto key_at = [&](std::size_t o) { return key_of_root[sets.find(o)]; };

    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::size_t n = lines[i]->size();
        const std::size_t base = first_occurrence[i];
        const std::size_t last_occ = options.split_at_shared_vertices ? base + n - 1 : base + 1;
        std::size_t piece_start = 0;
        NodeKey piece_from = key_at(base);
        if (options.split_at_shared_vertices) {
            for (std::size_t v = 1; v + 1 < n; ++v) {
                if (members[sets.find(base + v)] < 2) continue;
                const NodeKey k = key_at(base + v);
                result.pieces.push_back({i, piece_start, v, piece_from, k});
                piece_start = v;
                piece_from = k;
            }
        }
        result.pieces.push_back({i, piece_start, n - 1, piece_from, key_at(last_occ)});
    }
    return result;
}

}  // namespace midlink::io
