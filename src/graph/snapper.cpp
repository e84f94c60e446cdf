#include "midlink/graph/snapper.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>

namespace midlink::graph {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BSegment = bg::model::segment<BPoint>;
struct SegmentRef {
    LinkId link;
    std::uint32_t index;  // segment index within the link's line
};
using Value = std::pair<BSegment, SegmentRef>;
}  // namespace

struct Snapper::Impl {
    const RoadGraph& graph;
    std::vector<EdgeId> along;
    std::vector<EdgeId> against;
    std::vector<LineString> lines;       // per link, drawing order
    std::vector<double> line_length_m;   // per link
    bgi::rtree<Value, bgi::rstar<16>> tree;

    explicit Impl(const RoadGraph& g) : graph(g) {
        const auto links = g.link_count();
        along.assign(links, kInvalidEdge);
        against.assign(links, kInvalidEdge);
        lines.resize(links);
        for (EdgeId e = 0; e < g.edge_count(); ++e) {
            const LinkId l = g.edge_link[e];
            auto& slot = (g.edge_flags[e] & kReversed) ? against[l] : along[l];
            if (slot == kInvalidEdge) slot = e;
        }
        std::vector<Value> values;
        line_length_m.resize(links);
        for (LinkId l = 0; l < links; ++l) {
            const auto [first, last] = g.link_point_range(l);
            LineString line(g.link_points.begin() + first, g.link_points.begin() + last);
            if (line.size() < 2 && g.has_coordinates()) {
                // Links without their own geometry run straight between their nodes.
                const EdgeId e = along[l] != kInvalidEdge ? along[l] : against[l];
                line = {g.node_xy[g.tail(e)], g.node_xy[g.head[e]]};
                if (along[l] == kInvalidEdge) std::swap(line[0], line[1]);
            }
            for (std::uint32_t i = 0; i + 1 < line.size(); ++i) {
                values.push_back({BSegment(BPoint(line[i].x, line[i].y), BPoint(line[i + 1].x, line[i + 1].y)),
                                  SegmentRef{l, i}});
            }
            line_length_m[l] = length_m(line);
            lines[l] = std::move(line);
        }
        tree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());  // bulk load
    }
};

Snapper::Snapper(const RoadGraph& graph) : m_impl(std::make_unique<Impl>(graph)) {}
Snapper::~Snapper() = default;

Snap Snapper::snap(const Point& p, double max_distance_m) const {
    Snap best;
    if (!is_finite(p) || m_impl->tree.empty()) return best;
    double best_d = std::numeric_limits<double>::infinity();
    const BPoint q(p.x, p.y);
    // Several candidates so equal distances resolve by link id, not by tree layout.
    for (auto it = m_impl->tree.qbegin(bgi::nearest(q, 8)); it != m_impl->tree.qend(); ++it) {
        const auto& ref = it->second;
        const auto& line = m_impl->lines[ref.link];
        double t = 0.0;
        const Point on = project_on_segment(p, line[ref.index], line[ref.index + 1], t);
        const double d = distance_m(p, on);
        if (d < best_d - 1e-9 || (std::abs(d - best_d) <= 1e-9 && ref.link < best.link)) {
            best_d = d;
            best.link = ref.link;
            best.point = on;
            double before = 0.0;
            for (std::uint32_t i = 0; i < ref.index; ++i) before += distance_m(line[i], line[i + 1]);
            before += t * distance_m(line[ref.index], line[ref.index + 1]);
            const double total = m_impl->line_length_m[ref.link];
            best.fraction = total > 0.0 ? std::clamp(before / total, 0.0, 1.0) : 0.0;
        }
    }
    best.distance_m = best_d;
    best.ok = best_d <= max_distance_m;
    best.along = m_impl->along[best.link];
    best.against = m_impl->against[best.link];
    return best;
}

}  // namespace midlink::graph
