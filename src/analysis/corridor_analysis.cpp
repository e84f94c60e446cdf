#include "midlink/analysis/corridor_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_set>

namespace midlink::analysis {
namespace {

void append_line(LineString& to, const LineString& part) {
    for (const Point& p : part) {
        if (to.empty() || !(to.back() == p)) to.push_back(p);
    }
}

/// A copy of the graph whose edges off `refs` take `bias` times as long.
graph::RoadGraph biased_graph(const graph::RoadGraph& g, const std::vector<std::string>& refs, double bias) {
    const std::unordered_set<std::string> follow(refs.begin(), refs.end());
    graph::RoadGraph b = g;
    for (EdgeId e = 0; e < b.edge_count(); ++e) {
        if (follow.count(g.edge_ref(e)) || b.time_weight[e] == kUnreachable) continue;  // closed stays closed
        const double w = std::min(double(kUnreachable - 1), std::round(double(b.time_weight[e]) * bias));
        b.time_weight[e] = static_cast<Weight>(w);
    }
    return b;
}

std::uint64_t path_cost(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    std::uint64_t c = 0;
    for (EdgeId e : edges) c += g.time_weight[e];
    return c;
}

}  // namespace

double CorridorResult::circuity() const {
    if (!ok() || straight_km <= 0.0) return std::nan("");
    return route.distance_m / 1000.0 / straight_km;
}

std::vector<EdgeId> corridor_core_path(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    std::vector<EdgeId> core;
    if (edges.size() < 2) return core;
    for (std::size_t i = 1; i + 1 < edges.size(); ++i) {
        if (core.empty() || core.back() != edges[i]) core.push_back(edges[i]);
    }
    NodeId at = g.head[edges.front()];
    for (EdgeId e : core) {
        if (g.tail(e) != at) return {};
        at = g.head[e];
    }
    if (at != g.tail(edges.back())) return {};
    if (core.empty() && g.head[edges.front()] != g.tail(edges.back())) return {};
    return core;
}

CorridorAnalyser::CorridorAnalyser(const graph::RoadGraph& g, graph::SnapOptions snap)
    : m_graph(g), m_snapper(g, snap), m_search(g, graph::Metric::Time), m_bridges(bridge_edges(g)) {}

CorridorAnalyser::~CorridorAnalyser() = default;

CorridorResult CorridorAnalyser::analyse(std::span<const CorridorWaypoint> waypoints, const CorridorOptions& options) {
    const graph::RoadGraph& g = m_graph;
    CorridorResult r;
    if (waypoints.size() < 2) {
        r.status = "unsnapped";
        return r;
    }
    const Point a = waypoints.front().xy, b = waypoints.back().xy;
    r.straight_km = std::hypot(b.x - a.x, b.y - a.y) / 1000.0;
    std::vector<graph::Snap> snaps;
    for (const auto& wp : waypoints) {
        snaps.push_back(m_snapper.snap(wp.xy, options.max_snap_m));
        if (!snaps.back().ok) {
            r.status = "unsnapped";
            r.failed_waypoint = wp.name;
            return r;
        }
    }
    // Following refs routes on a biased copy; edge ids are the same in both graphs.
    std::optional<graph::RoadGraph> biased;
    std::optional<graph::ShortestPathSearch> biased_search;
    if (!options.refs.empty()) {
        for (const auto& ref : options.refs) {
            bool found = false;
            for (EdgeId e = 0; e < g.edge_count() && !found; ++e) found = g.edge_ref(e) == ref;
            if (!found) r.missing_refs.push_back(ref);
        }
        biased.emplace(biased_graph(g, options.refs, options.ref_bias));
        biased_search.emplace(*biased, graph::Metric::Time);
    }
    graph::ShortestPathSearch& search = biased_search ? *biased_search : m_search;
    r.route.status = graph::RouteStatus::Ok;
    for (std::size_t i = 0; i + 1 < snaps.size(); ++i) {
        const auto leg = graph::route_between(search, snaps[i], snaps[i + 1]);
        if (leg.status != graph::RouteStatus::Ok) {
            r.status = std::string(graph::route_status_name(leg.status));
            r.failed_waypoint = waypoints[i + 1].name;
            r.route = {};
            return r;
        }
        r.route.edges.insert(r.route.edges.end(), leg.edges.begin(), leg.edges.end());
        r.route.edge_share.insert(r.route.edge_share.end(), leg.edge_share.begin(), leg.edge_share.end());
        append_line(r.route.geometry, leg.geometry);
    }
    // Time and distance from the real graph (the legs may have been routed on the biased one).
    const std::unordered_set<std::string> follow(options.refs.begin(), options.refs.end());
    double on_refs_m = 0.0;
    for (std::size_t i = 0; i < r.route.edges.size(); ++i) {
        const EdgeId e = r.route.edges[i];
        r.route.time_s += r.route.edge_share[i] * g.time_s(e);
        r.route.distance_m += r.route.edge_share[i] * g.length_m(e);
        if (follow.count(g.edge_ref(e))) on_refs_m += r.route.edge_share[i] * g.length_m(e);
    }
    if (!options.refs.empty() && r.route.distance_m > 0.0) r.ref_share = on_refs_m / r.route.distance_m;

    if (options.route_only) return r;
    auto on_route = r.route.edges;
    std::sort(on_route.begin(), on_route.end());
    on_route.erase(std::unique(on_route.begin(), on_route.end()), on_route.end());
    r.bridges_on_route = route_bridges(m_bridges, on_route).size();

    if (r.route.edges.size() < 2) return r;  // start and end on one edge: no junction to vary
    const NodeId from = g.head[r.route.edges.front()];
    const NodeId to = g.tail(r.route.edges.back());
    r.has_alternatives = true;
    r.yen = k_shortest_paths(g, graph::Metric::Time, from, to, options.k);
    auto core = corridor_core_path(g, r.route.edges);
    if (core.empty() && from != to) {
        if (r.yen.empty()) return r;
        core = r.yen.front().edges;
    }
    r.disjoint = disjoint_alternative(g, graph::Metric::Time, from, to, core);
    r.critical = removal_deltas(g, graph::Metric::Time, from, to, core);
    if (!options.refs.empty() && !r.yen.empty()) {
        // Against the fastest path, so a link the fastest path avoids costs nothing.
        const auto fastest = static_cast<std::int64_t>(r.yen.front().cost);
        const auto followed = static_cast<std::int64_t>(path_cost(g, core));
        for (auto& c : r.critical) {
            if (!c.disconnects) c.increase = std::max<std::int64_t>(0, c.increase + followed - fastest);
        }
    }
    std::stable_sort(r.critical.begin(), r.critical.end(), [](const auto& x, const auto& y) {
        if (x.disconnects != y.disconnects) return x.disconnects;
        return x.increase > y.increase;
    });
    if (r.critical.size() > options.top) r.critical.resize(options.top);
    return r;
}

}  // namespace midlink::analysis
