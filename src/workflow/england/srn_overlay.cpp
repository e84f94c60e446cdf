#include "srn_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "lattice_roads.hpp"

namespace midlink::workflow::england {
namespace {

constexpr double kCell_m = 1'600.0;
constexpr double kMotorwayWinding = 1.04;
constexpr double kTrunkWinding = 1.06;
constexpr double kTrunkJoinSpacing_m = 2'000.0;

/// Nearest node on an A or B road line (these edges are never removed) by bucket search.
class ArterialIndex {
public:
    ArterialIndex(const SynthNetwork& net, const BlockGrid& g) : m_g(g) {
        m_nx = static_cast<int>(std::ceil(g.nbx * BlockGrid::kBlockUnits * BlockGrid::kUnit_m / kCell_m)) + 1;
        m_ny = static_cast<int>(std::ceil(g.nby * BlockGrid::kBlockUnits * BlockGrid::kUnit_m / kCell_m)) + 1;
        m_start.assign(static_cast<std::size_t>(m_nx) * m_ny + 1, 0);
        std::vector<std::size_t> picked;
        for (std::size_t n = 0; n < net.nodes.size(); ++n) {
            const auto id = net.nodes[n].id;
            if (id >= kSpurIdBase) continue;
            int i = 0, j = 0;
            lattice_point(g, id, i, j);
            if (i % 32 == 0 || j % 32 == 0) picked.push_back(n);
        }
        for (auto n : picked) ++m_start[cell(net.nodes[n].x, net.nodes[n].y) + 1];
        for (std::size_t c = 1; c < m_start.size(); ++c) m_start[c] += m_start[c - 1];
        m_items.resize(picked.size());
        auto fill = m_start;
        for (auto n : picked) m_items[fill[cell(net.nodes[n].x, net.nodes[n].y)]++] = {n, net.nodes[n]};
    }

    /// Index into net.nodes of the nearest arterial node; false when none within ~13 km.
    bool nearest(double x, double y, std::size_t& out, double& dist) const {
        const int cx = std::clamp(static_cast<int>((x - m_g.x0) / kCell_m), 0, m_nx - 1);
        const int cy = std::clamp(static_cast<int>((y - m_g.y0) / kCell_m), 0, m_ny - 1);
        double best = -1.0;
        for (int r = 0; r <= 8; ++r) {
            for (int yy = cy - r; yy <= cy + r; ++yy) {
                for (int xx = cx - r; xx <= cx + r; ++xx) {
                    if (std::max(std::abs(xx - cx), std::abs(yy - cy)) != r) continue;
                    if (xx < 0 || yy < 0 || xx >= m_nx || yy >= m_ny) continue;
                    const auto c = static_cast<std::size_t>(yy) * m_nx + xx;
                    for (auto k = m_start[c]; k < m_start[c + 1]; ++k) {
                        const auto& [n, node] = m_items[k];
                        const double d = std::hypot(node.x - x, node.y - y);
                        if (best < 0.0 || d < best || (d == best && n < out)) best = d, out = n;
                    }
                }
            }
            // A node in ring r is at most (r + 1) cells away; one more ring settles it.
            if (best >= 0.0 && best <= r * kCell_m) break;
        }
        dist = best;
        return best >= 0.0;
    }

private:
    [[nodiscard]] std::size_t cell(double x, double y) const {
        const int cx = std::clamp(static_cast<int>((x - m_g.x0) / kCell_m), 0, m_nx - 1);
        const int cy = std::clamp(static_cast<int>((y - m_g.y0) / kCell_m), 0, m_ny - 1);
        return static_cast<std::size_t>(cy) * m_nx + cx;
    }
    const BlockGrid& m_g;
    int m_nx = 0, m_ny = 0;
    std::vector<std::size_t> m_start;
    std::vector<std::pair<std::size_t, SynthNode>> m_items;
};

double round1(double v) { return std::round(v * 10.0) / 10.0; }

}  // namespace

SrnSummary add_srn(SynthNetwork& net, const BlockGrid& grid, const std::vector<SrnSection>& sections) {
    SrnSummary sum;
    const ArterialIndex index(net, grid);
    std::map<std::int64_t, std::pair<SynthNode, bool>> clusters;  // id -> node, touches a motorway
    std::set<std::pair<std::int64_t, std::int64_t>> motorway, trunk;
    for (const auto& s : sections) {
        if (s.from == s.to) continue;  // the file's few self-loops
        auto& a = clusters.try_emplace(s.from, SynthNode{kSrnIdBase + s.from, s.x0, s.y0}, false).first->second;
        auto& b = clusters.try_emplace(s.to, SynthNode{kSrnIdBase + s.to, s.x1, s.y1}, false).first->second;
        if (s.motorway) {
            a.second = b.second = true;
            sum.file_motorway_km += std::hypot(s.x1 - s.x0, s.y1 - s.y0) / 1000.0;
            motorway.emplace(s.from, s.to);
        } else {
            trunk.emplace(std::min(s.from, s.to), std::max(s.from, s.to));
        }
    }
    const auto join = [&](const SynthNode& n, bool slip_road) {
        std::size_t target = 0;
        double d = 0.0;
        if (!index.nearest(n.x, n.y, target, d)) return;
        const auto& t = net.nodes[target];
        if (slip_road) net.links.push_back({n.id, t.id, round1(d * 1.1 + 200.0), 64.0, RoadClass::MotorwayLink, false});
        else net.links.push_back({n.id, t.id, round1(d * 1.1 + 20.0), 48.0, RoadClass::Primary, false});
    };
    std::vector<SynthNode> added;
    for (const auto& [id, c] : clusters) {
        added.push_back(c.first);
        join(c.first, c.second);
        ++sum.junctions;
    }
    for (const auto& [from, to] : motorway) {
        const auto& a = clusters.at(from).first;
        const auto& b = clusters.at(to).first;
        const double len = std::hypot(b.x - a.x, b.y - a.y) * kMotorwayWinding;
        net.links.push_back({a.id, b.id, round1(len), 112.0, RoadClass::Motorway, true});
        sum.motorway_km += len / 1000.0;
    }
    std::int64_t next = kTrunkIdBase;
    for (const auto& [from, to] : trunk) {
        const auto& a = clusters.at(from).first;
        const auto& b = clusters.at(to).first;
        const double straight = std::hypot(b.x - a.x, b.y - a.y);
        const int pieces = std::max(1, static_cast<int>(std::ceil(straight / kTrunkJoinSpacing_m)));
        SynthNode prev = a;
        for (int p = 1; p <= pieces; ++p) {
            SynthNode cur = b;
            if (p < pieces) {
                const double f = static_cast<double>(p) / pieces;
                cur = {next++, a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)};
                added.push_back(cur);
                join(cur, false);
            }
            const double len = std::hypot(cur.x - prev.x, cur.y - prev.y) * kTrunkWinding;
            net.links.push_back({prev.id, cur.id, round1(len), 96.0, RoadClass::Trunk, false});
            sum.trunk_km += len / 1000.0;
            prev = cur;
        }
    }
    std::sort(added.begin(), added.end());
    net.nodes.insert(net.nodes.end(), added.begin(), added.end());
    return sum;
}

}  // namespace midlink::workflow::england
