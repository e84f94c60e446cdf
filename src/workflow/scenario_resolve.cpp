// Interventions resolved into graph edits (docs/cli/scenarios.md): links chosen by ref
// and/or a point and radius, new links joined at the nearest node, broadband areas checked
// against the coverage layer.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "midlink/core/error.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "scenario_steps.hpp"

namespace midlink::workflow {
namespace {

double point_segment_m(Point p, Point a, Point b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

std::vector<EdgeId> chosen_edges(const graph::RoadGraph& g, const io::Intervention& iv, const std::string& file,
                                 bool lenient) {
    std::vector<EdgeId> out;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        bool take = iv.refs.empty() || std::find(iv.refs.begin(), iv.refs.end(), g.edge_ref(e)) != iv.refs.end();
        if (take && iv.near) {
            const auto line = g.edge_geometry(e);
            double d = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i + 1 < line.size(); ++i) d = std::min(d, point_segment_m(*iv.near, line[i], line[i + 1]));
            take = d <= iv.radius_m;
        }
        if (take && g.time_weight[e] != kUnreachable) out.push_back(e);
    }
    if (out.empty() && !lenient) {
        std::string what;
        for (const auto& r : iv.refs) what += (what.empty() ? "ref " : ", ") + r;
        if (iv.near) what += (what.empty() ? "" : " ") + std::string("within ") + std::to_string(int(iv.radius_m)) + " m of the point";
        throw ConfigError(file + ": " + iv.where + ": no link of the graph matches (" + what + ")");
    }
    return out;
}

NodeId nearest_node(const graph::RoadGraph& g, const graph::Snapper& snapper, Point p, double max_snap_m,
                    const std::string& file, const std::string& what) {
    const auto s = snapper.snap(p, max_snap_m);
    if (!s.ok) {
        throw ConfigError(file + ": " + what + " is more than " + std::to_string(int(max_snap_m)) +
                          " m from the network");
    }
    if (s.node != kInvalidNode) return s.node;  // the point is on a node
    const EdgeId e = s.along != kInvalidEdge ? s.along : s.against;
    const NodeId a = g.tail(e), b = g.head[e];
    return distance_m(g.node_xy[a], p) <= distance_m(g.node_xy[b], p) ? a : b;
}

}  // namespace

ResolvedScenario resolve_scenario(const graph::RoadGraph& g, const graph::Snapper& snapper, const io::Scenario& sc,
                                  double max_snap_m, const std::vector<std::string>& coverage_codes,
                                  const std::string& file, bool lenient) {
    ResolvedScenario r;
    r.spec = sc;
    std::map<EdgeId, double> time_s, capacity;
    for (const auto& iv : sc.interventions) {
        switch (iv.type) {
            case io::InterventionType::Upgrade:
                for (EdgeId e : chosen_edges(g, iv, file, lenient)) {
                    if (iv.speed_kmh > 0 || iv.speed_factor > 0) {
                        time_s[e] = iv.speed_kmh > 0 ? g.length_m(e) / (iv.speed_kmh / 3.6)
                                                     : (time_s.count(e) ? time_s[e] : g.time_s(e)) / iv.speed_factor;
                    }
                    if (iv.capacity_vph > 0 || iv.capacity_factor > 0) {
                        const double now = capacity.count(e) ? capacity[e] : g.link_capacity(g.edge_link[e]);
                        if (iv.capacity_vph > 0) capacity[e] = iv.capacity_vph;
                        else if (!std::isnan(now)) capacity[e] = now * iv.capacity_factor;
                    }
                }
                break;
            case io::InterventionType::Closure:
                for (EdgeId e : chosen_edges(g, iv, file, lenient)) r.edits.close.push_back(e);
                break;
            case io::InterventionType::NewLink:
            case io::InterventionType::PtLink: {
                graph::NewLink l;
                l.from = nearest_node(g, snapper, iv.from, max_snap_m, file, iv.where + " 'from'");
                l.to = nearest_node(g, snapper, iv.to, max_snap_m, file, iv.where + " 'to'");
                if (l.from == l.to) throw ConfigError(file + ": " + iv.where + ": both ends join the network at one node");
                l.length_m = distance_m(g.node_xy[l.from], g.node_xy[l.to]);
                l.time_s = iv.type == io::InterventionType::PtLink ? iv.time_min * 60.0 : l.length_m / (iv.speed_kmh / 3.6);
                l.road_class = iv.type == io::InterventionType::PtLink ? RoadClass::Unknown : iv.road_class;
                l.ref = sc.name;
                r.new_tails.insert(r.new_tails.end(), {l.from, l.to});
                r.edits.add.push_back(l);
                break;
            }
            case io::InterventionType::Broadband:
                if (lenient) break;
                if (coverage_codes.empty())
                    throw ConfigError(file + ": " + iv.where + ": a broadband rollout needs 'coverage' in the project");
                for (const auto& a : iv.areas) {
                    if (!std::binary_search(coverage_codes.begin(), coverage_codes.end(), a))
                        throw ConfigError(file + ": " + iv.where + ": area '" + a + "' is not in the coverage layer");
                    r.broadband_areas.push_back(a);
                }
                break;
        }
    }
    for (const auto& [e, t] : time_s) r.edits.set_time_s.push_back({e, t});
    for (const auto& [e, t] : time_s) r.changed_base.push_back(e);
    for (const auto& [e, c] : capacity) r.edits.set_capacity_vph.push_back({e, c});
    r.capacity_only = time_s.empty() && r.edits.close.empty() && r.edits.add.empty() && !capacity.empty();
    r.changed_base.insert(r.changed_base.end(), r.edits.close.begin(), r.edits.close.end());
    std::sort(r.broadband_areas.begin(), r.broadband_areas.end());
    r.broadband_areas.erase(std::unique(r.broadband_areas.begin(), r.broadband_areas.end()), r.broadband_areas.end());
    return r;
}

double corridor_minutes(const graph::RoadGraph& g, const graph::EditedGraph* edited, const std::vector<graph::Snap>& snaps) {
    graph::ShortestPathSearch search(g, graph::Metric::Time);
    double total = 0.0;
    for (std::size_t i = 0; i + 1 < snaps.size(); ++i) {
        graph::Snap a = snaps[i], b = snaps[i + 1];
        if (edited) {
            a = graph::moved_snap(a, *edited);
            b = graph::moved_snap(b, *edited);
        }
        const auto leg = graph::route_between(search, a, b);
        if (leg.status != graph::RouteStatus::Ok) return std::numeric_limits<double>::quiet_NaN();
        total += leg.time_s / 60.0;
    }
    return total;
}

}  // namespace midlink::workflow
