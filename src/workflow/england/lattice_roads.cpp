#include "lattice_roads.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "synth_hash.hpp"

namespace midlink::workflow::england {
namespace {

constexpr int K = BlockGrid::kBlockUnits;
constexpr double kU = BlockGrid::kUnit_m;

RoadClass line_class(int c, int level) {
    if (c % 64 == 0) return RoadClass::Primary;
    if (c % 32 == 0) return RoadClass::Secondary;
    if (c % 16 == 0) return RoadClass::Tertiary;
    if (level >= 3 || c % 8 == 0) return RoadClass::Unclassified;
    return RoadClass::Residential;
}

bool is_minor(RoadClass c) { return c == RoadClass::Unclassified || c == RoadClass::Residential; }

/// Emits one block's links and end nodes.
class BlockWriter {
public:
    BlockWriter(const BlockGrid& g, const LatticeParams& p, std::vector<SynthLink>& links, std::vector<SynthNode>& nodes)
        : m_g(g), m_p(p), m_links(links), m_nodes(nodes) {}

    void block(int bx, int by) {
        const int k = m_g.step_at(bx, by);
        if (k == 0) return;
        const int level = m_g.level_at(bx, by);
        const int i0 = bx * K, j0 = by * K;
        for (int i = i0 + k; i < i0 + K; i += k) line(i, j0, false, k, level);
        for (int j = j0 + k; j < j0 + K; j += k) line(i0, j, true, k, level);
        // Left and bottom boundaries belong to this block, at the finer of the two spacings;
        // right and top ones only where no land block lies beyond.
        const int left = m_g.step_at(bx - 1, by), below = m_g.step_at(bx, by - 1);
        line(i0, j0, false, left > 0 ? std::min(k, left) : k, left > 0 ? std::min(level, m_g.level_at(bx - 1, by)) : level);
        line(i0, j0, true, below > 0 ? std::min(k, below) : k, below > 0 ? std::min(level, m_g.level_at(bx, by - 1)) : level);
        if (m_g.step_at(bx + 1, by) == 0) line(i0 + K, j0, false, k, level);
        if (m_g.step_at(bx, by + 1) == 0) line(i0, j0 + K, true, k, level);
        if (level <= 2) {
            for (int j = j0 + k; j < j0 + K; j += k) {
                for (int i = i0 + k; i < i0 + K; i += k) spur(i, j, k);
            }
        }
    }

private:
    /// A full-block line through (i, j): eastward when `horizontal`, else northward.
    void line(int i, int j, bool horizontal, int step, int level) {
        const RoadClass cls = line_class(horizontal ? j : i, level);
        for (int t = 0; t < K; t += step) {
            if (horizontal) edge(i + t, j, i + t + step, j, cls, level);
            else edge(i, j + t, i, j + t + step, cls, level);
        }
    }

    SynthNode node(int i, int j) const {
        const std::int64_t id = m_g.lattice_id(i, j);
        const double amp = 0.2 * kU * m_g.finest_step_at(i, j);
        const auto key = static_cast<std::uint64_t>(id);
        // Kept inside the grid's rectangle, so that no node lies west of 80 km or south of 0.
        const double x = m_g.x0 + i * kU + amp * (2.0 * unit(m_p.seed, kJitterX, key) - 1.0);
        const double y = m_g.y0 + j * kU + amp * (2.0 * unit(m_p.seed, kJitterY, key) - 1.0);
        return {id, std::clamp(x, m_g.x0, m_g.x0 + m_g.nbx * K * kU), std::clamp(y, m_g.y0, m_g.y0 + m_g.nby * K * kU)};
    }

    void edge(int ia, int ja, int ib, int jb, RoadClass cls, int level) {
        const SynthNode a = node(ia, ja), b = node(ib, jb);
        const auto key = static_cast<std::uint64_t>(a.id) * 0x100000001b3ULL ^ static_cast<std::uint64_t>(b.id);
        if (is_minor(cls) && unit(m_p.seed, kRemove, key) < m_p.remove_share) return;
        add(a, b, cls, level, key);
    }

    void add(const SynthNode& a, const SynthNode& b, RoadClass cls, int level, std::uint64_t key) {
        const double winding = 1.0 + (is_minor(cls) ? 0.15 : 0.08) * unit(m_p.seed, kWinding, key);
        const double length = std::hypot(b.x - a.x, b.y - a.y) * winding;
        m_links.push_back({a.id, b.id, std::round(length * 10.0) / 10.0, class_speed_kmh(cls, level), cls, false});
        m_nodes.push_back(a);
        m_nodes.push_back(b);
    }

    /// A cul-de-sac into one of the four cells around an interior node.
    void spur(int i, int j, int step) {
        const SynthNode a = node(i, j);
        const auto key = static_cast<std::uint64_t>(a.id);
        if (unit(m_p.seed, kSpur, key) >= m_p.spur_share) return;
        const auto quadrant = draw(m_p.seed, kSpurAngle, key) & 3U;
        const double r = 0.3 * step * kU;
        const SynthNode b{kSpurIdBase + a.id, a.x + ((quadrant & 1U) ? r : -r), a.y + ((quadrant & 2U) ? r : -r)};
        add(a, b, RoadClass::Residential, 0, key);
    }

    const BlockGrid& m_g;
    const LatticeParams& m_p;
    std::vector<SynthLink>& m_links;
    std::vector<SynthNode>& m_nodes;
};

}  // namespace

double class_speed_kmh(RoadClass c, int level) {
    // km/h by class for dense (100-200 m), suburban (400 m) and rural blocks.
    const int band = level <= 1 ? 0 : (level == 2 ? 1 : 2);
    static constexpr double kSpeed[5][3] = {{48, 64, 88}, {40, 56, 80}, {40, 48, 64}, {32, 40, 56}, {30, 30, 40}};
    switch (c) {
        case RoadClass::Primary: return kSpeed[0][band];
        case RoadClass::Secondary: return kSpeed[1][band];
        case RoadClass::Tertiary: return kSpeed[2][band];
        case RoadClass::Unclassified: return kSpeed[3][band];
        default: return kSpeed[4][band];
    }
}

SynthNetwork lattice_roads(const BlockGrid& grid, const LatticeParams& params,
                           const std::function<void(std::size_t)>& progress) {
    const auto rows = static_cast<std::size_t>(grid.nby);
    std::vector<std::vector<SynthLink>> row_links(rows);
    std::vector<std::vector<SynthNode>> row_nodes(rows);
    std::atomic<std::size_t> done{0};
    tbb::parallel_for(std::size_t{0}, rows, [&](std::size_t by) {
        BlockWriter w(grid, params, row_links[by], row_nodes[by]);
        for (int bx = 0; bx < grid.nbx; ++bx) w.block(bx, static_cast<int>(by));
        auto& nodes = row_nodes[by];
        std::sort(nodes.begin(), nodes.end());
        nodes.erase(std::unique(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.id == b.id; }),
                    nodes.end());
        if (progress) progress(++done);
    });
    SynthNetwork net;
    std::size_t n_links = 0, n_nodes = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        n_links += row_links[r].size();
        n_nodes += row_nodes[r].size();
    }
    net.links.reserve(n_links);
    net.nodes.reserve(n_nodes);
    for (std::size_t r = 0; r < rows; ++r) {
        net.links.insert(net.links.end(), row_links[r].begin(), row_links[r].end());
        std::vector<SynthLink>().swap(row_links[r]);
        net.nodes.insert(net.nodes.end(), row_nodes[r].begin(), row_nodes[r].end());
        std::vector<SynthNode>().swap(row_nodes[r]);
    }
    // Rows share their boundary nodes: one more sort and unique over all (coordinates are
    // a function of the id, so duplicates are equal).
    std::sort(net.nodes.begin(), net.nodes.end());
    net.nodes.erase(std::unique(net.nodes.begin(), net.nodes.end(), [](const auto& a, const auto& b) { return a.id == b.id; }),
                    net.nodes.end());
    return net;
}

}  // namespace midlink::workflow::england
