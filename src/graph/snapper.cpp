#include "midlink/graph/snapper.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <limits>

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
using NodeValue = std::pair<BPoint, NodeId>;

// Same line within a centimetre per vertex: link tables draw both directions straight
// between the same nodes, GMNS/OGR inputs may repeat a shared geometry reversed.
bool same_line_reversed(const LineString& a, const LineString& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (distance_m(a[i], b[b.size() - 1 - i]) > 0.01) return false;
    }
    return true;
}
}  // namespace

struct Snapper::Impl {
    const RoadGraph& graph;
    SnapOptions options;
    std::vector<EdgeId> along;           // per link: drawing-order edge (own or twin)
    std::vector<EdgeId> against;         // per link: reverse edge (own or twin)
    std::vector<LineString> lines;       // per link, drawing order
    std::vector<double> line_length_m;   // per link
    bgi::rtree<Value, bgi::rstar<16>> tree;
    bgi::rtree<NodeValue, bgi::rstar<16>> nodes;  // nodes with a snappable edge

    Impl(const RoadGraph& g, SnapOptions o) : graph(g), options(o) {
        const auto links = g.link_count();
        along.assign(links, kInvalidEdge);
        against.assign(links, kInvalidEdge);
        lines.resize(links);
        std::vector<NodeId> tail(g.edge_count());
        for (NodeId v = 0; v < g.node_count(); ++v) {
            for (EdgeId e = g.first_out[v]; e < g.first_out[v + 1]; ++e) tail[e] = v;
        }
        const auto usable = [&](EdgeId e) { return options.connectors || g.edge_class[e] != RoadClass::Connector; };
        std::vector<std::uint8_t> node_usable(g.node_count(), 0);
        for (EdgeId e = 0; e < g.edge_count(); ++e) {
            if (!usable(e)) continue;
            node_usable[tail[e]] = node_usable[g.head[e]] = 1;
            const LinkId l = g.edge_link[e];
            auto& slot = (g.edge_flags[e] & kReversed) ? against[l] : along[l];
            if (slot == kInvalidEdge) slot = e;
        }
        add_twins(tail, usable);
        std::vector<Value> values;
        line_length_m.resize(links);
        for (LinkId l = 0; l < links; ++l) {
            if (along[l] == kInvalidEdge && against[l] == kInvalidEdge) continue;  // no target
            const auto [first, last] = g.link_point_range(l);
            LineString line(g.link_points.begin() + first, g.link_points.begin() + last);
            if (line.size() < 2 && g.has_coordinates()) {
                // Links without their own geometry run straight between their nodes.
                const EdgeId e = along[l] != kInvalidEdge ? along[l] : against[l];
                line = {g.node_xy[tail[e]], g.node_xy[g.head[e]]};
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
        std::vector<NodeValue> node_values;
        if (g.has_coordinates()) {
            for (NodeId v = 0; v < g.node_count(); ++v) {
                if (node_usable[v]) node_values.push_back({BPoint(g.node_xy[v].x, g.node_xy[v].y), v});
            }
        }
        nodes = bgi::rtree<NodeValue, bgi::rstar<16>>(node_values.begin(), node_values.end());
    }

    // A link with a single direction gets the other from a reverse twin: an edge between
    // the same nodes the other way with the same geometry (a link-table model's other
    // direction of the same road). Cheapest twin in time wins; ties by smaller edge id.
    template <class Usable>
    void add_twins(const std::vector<NodeId>& tail, const Usable& usable) {
        const RoadGraph& g = graph;
        for (LinkId l = 0; l < g.link_count(); ++l) {
            const bool has_along = along[l] != kInvalidEdge;
            if (has_along == (against[l] != kInvalidEdge)) continue;  // both or none
            const EdgeId e = has_along ? along[l] : against[l];
            const NodeId from = g.head[e], to = tail[e];
            EdgeId twin = kInvalidEdge;
            LineString line;
            for (EdgeId r = g.first_out[from]; r < g.first_out[from + 1]; ++r) {
                if (g.head[r] != to || g.edge_link[r] == l || !usable(r)) continue;
                if (twin != kInvalidEdge && g.time_weight[r] >= g.time_weight[twin]) continue;
                if (line.empty()) line = g.edge_geometry(e);
                if (same_line_reversed(line, g.edge_geometry(r))) twin = r;
            }
            if (twin != kInvalidEdge) (has_along ? against[l] : along[l]) = twin;
        }
    }
};

Snapper::Snapper(const RoadGraph& graph, SnapOptions options) : m_impl(std::make_unique<Impl>(graph, options)) {}
Snapper::~Snapper() = default;

const SnapOptions& Snapper::options() const { return m_impl->options; }

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

    // A point on a node is that node, whatever link the search above found first.
    NodeId node = kInvalidNode;
    double node_d = std::numeric_limits<double>::infinity();
    for (auto it = m_impl->nodes.qbegin(bgi::nearest(q, 4)); it != m_impl->nodes.qend(); ++it) {
        const double d = distance_m(p, m_impl->graph.node_xy[it->second]);
        if (d < node_d - 1e-9 || (std::abs(d - node_d) <= 1e-9 && it->second < node)) {
            node_d = d;
            node = it->second;
        }
    }
    if (node != kInvalidNode && node_d <= m_impl->options.node_tolerance_m) {
        best.node = node;
        best.point = m_impl->graph.node_xy[node];
        best.distance_m = node_d;
        best.ok = node_d <= max_distance_m;
        best.along = best.against = kInvalidEdge;
    }
    return best;
}

}  // namespace midlink::graph
