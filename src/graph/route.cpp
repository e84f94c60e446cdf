#include "midlink/graph/route.hpp"

#include "midlink/graph/snap_anchors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace midlink::graph {

std::string_view route_status_name(RouteStatus s) {
    switch (s) {
        case RouteStatus::Ok: return "ok";
        case RouteStatus::Unreachable: return "unreachable";
        case RouteStatus::Unsnapped: return "unsnapped";
    }
    return "unknown";
}

namespace {
// Part of a line between two fractions of its length (a <= b), in drawing order.
LineString sub_line(const LineString& line, double a, double b) {
    LineString out;
    const double total = length_m(line);
    if (line.size() < 2 || total <= 0.0) return line;
    const double from_m = a * total, to_m = b * total;
    double walked = 0.0;
    auto at = [&](std::size_t i, double offset) {
        const double seg = distance_m(line[i], line[i + 1]);
        const double t = seg > 0.0 ? (offset - walked) / seg : 0.0;
        return Point{line[i].x + t * (line[i + 1].x - line[i].x), line[i].y + t * (line[i + 1].y - line[i].y)};
    };
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const double seg = distance_m(line[i], line[i + 1]);
        if (out.empty() && from_m <= walked + seg) out.push_back(at(i, from_m));
        if (!out.empty()) {
            if (to_m <= walked + seg) {
                out.push_back(at(i, to_m));
                break;
            }
            out.push_back(line[i + 1]);
        }
        walked += seg;
    }
    return out;
}

void append(LineString& to, const LineString& part) {
    for (const auto& p : part) {
        if (to.empty() || !(to.back() == p)) to.push_back(p);
    }
}

// Geometry of an edge restricted to the fractions [a, b] of its link, in travel order.
LineString edge_part(const RoadGraph& g, EdgeId e, double a, double b) {
    LineString line = g.edge_geometry(e);  // travel order
    return sub_line(line, a, b);
}

struct Candidate {
    double cost = std::numeric_limits<double>::infinity();
    EdgeId last = kInvalidEdge;   // edge entered at the end
    NodeId via = kInvalidNode;    // node where the end edge begins (graph path end)
    bool direct = false;          // start and end on the same edge
};

long long partial_cost(const std::vector<Weight>& w, EdgeId e, double share) {
    return std::llround(share * w[e]);
}

// In travel order an along edge covers link fractions [0,1], an against edge [1,0]
// (whether the link's own edge or its reverse twin); this is the position along the
// edge's own travel direction.
double travel_pos(const Snap& s, EdgeId e, double link_fraction) {
    return e == s.along ? link_fraction : 1.0 - link_fraction;
}

// The cheapest way to `to` once `search` has settled `in` (to's destination anchors), or a
// direct run along the link both points lie on.
Candidate best_end(const ShortestPathSearch& search, const Snap& from, const Snap& to, const SnapAnchors& in) {
    const auto& w = search.graph().weights(search.metric());
    const double fs = from.fraction, ft = to.fraction;
    // Anchors list the along edge first, then the against edge (snap_anchors.cpp).
    // A node end (Snap::node) has one anchor and no partial edge: in_edge stays invalid.
    std::array<EdgeId, 2> in_edge{kInvalidEdge, kInvalidEdge};
    std::uint8_t n_in = 0;
    if (to.along != kInvalidEdge) in_edge[n_in++] = to.along;
    if (to.against != kInvalidEdge) in_edge[n_in++] = to.against;
    if (to.node != kInvalidNode) n_in = in.count;
    Candidate best;
    auto consider = [&](double cost, EdgeId last, NodeId via, bool direct) {
        if (cost < best.cost) best = {cost, last, via, direct};
    };
    if (from.link == to.link && from.node == kInvalidNode && to.node == kInvalidNode) {
        if (from.along != kInvalidEdge && ft >= fs) consider(static_cast<double>(partial_cost(w, from.along, ft - fs)), from.along, kInvalidNode, true);
        if (from.against != kInvalidEdge && ft <= fs) consider(static_cast<double>(partial_cost(w, from.against, fs - ft)), from.against, kInvalidNode, true);
    }
    for (std::uint8_t k = 0; k < in.count && k < n_in; ++k) {
        const NodeId v = in.anchors[k].node;
        if (search.distance(v) != kUnreachable) consider(double(search.distance(v)) + in.anchors[k].cost, in_edge[k], v, false);
    }
    return best;
}

// The start edge whose head a graph path from `start_node` leaves from; kInvalidEdge for a
// point on a node.
EdgeId first_edge(const ShortestPathSearch& search, const Snap& from, NodeId start_node) {
    const RoadGraph& g = search.graph();
    const auto& w = g.weights(search.metric());
    EdgeId first = kInvalidEdge;
    if (from.along != kInvalidEdge && g.head[from.along] == start_node) first = from.along;
    if (from.against != kInvalidEdge && g.head[from.against] == start_node &&
        (first == kInvalidEdge || search.distance(start_node) == partial_cost(w, from.against, from.fraction))) {
        first = from.against;
    }
    return first;
}

// The searched sources of a snapped start: its origin anchors.
std::uint8_t origin_sources(const RoadGraph& g, Metric metric, const Snap& from, std::array<SearchSource, 2>& sources) {
    const SnapAnchors out = origin_anchors(g, metric, from);
    for (std::uint8_t k = 0; k < out.count; ++k) sources[k] = {out.anchors[k].node, out.anchors[k].cost};
    return out.count;
}
}  // namespace

Route route_between(ShortestPathSearch& search, const Snap& from, const Snap& to) {
    Route route;
    if (!from.ok || !to.ok) return route;
    const RoadGraph& g = search.graph();
    // Partial-edge costs at both ends come from the shared anchor rules (snap_anchors).
    std::array<SearchSource, 2> sources{};
    const std::uint8_t n_sources = origin_sources(g, search.metric(), from, sources);
    const SnapAnchors in = destination_anchors(g, search.metric(), to);
    std::array<NodeId, 2> targets{};
    for (std::uint8_t k = 0; k < in.count; ++k) targets[k] = in.anchors[k].node;
    search.run(std::span(sources.data(), n_sources), kUnreachable, std::span(targets.data(), in.count));

    const Candidate best = best_end(search, from, to, in);
    if (!std::isfinite(best.cost)) {
        route.status = RouteStatus::Unreachable;
        return route;
    }
    // First (partial) edge: the start edge whose head the path leaves from.
    if (best.direct) return assemble_route(g, from, to, {true, kInvalidEdge, {}, best.last});
    const auto path = search.path_edges(best.via);
    const NodeId start_node = path.empty() ? best.via : g.tail(path.front());
    return assemble_route(g, from, to, {false, first_edge(search, from, start_node), path, best.last});
}

Route assemble_route(const RoadGraph& g, const Snap& from, const Snap& to, const RoutePlan& plan) {
    Route route;
    assemble_route(g, from, to, plan, route);
    return route;
}

void reset_route(Route& route) {
    route.status = RouteStatus::Unsnapped;
    route.time_s = 0.0;
    route.distance_m = 0.0;
    route.edges.clear();
    route.edge_share.clear();
    route.geometry.clear();
}

void assemble_route(const RoadGraph& g, const Snap& from, const Snap& to, const RoutePlan& plan, Route& route) {
    reset_route(route);
    route.status = RouteStatus::Ok;
    const double fs = from.fraction, ft = to.fraction;
    // Geometry is built only when asked for: most of a route's cost without it.
    auto add_edge = [&](EdgeId e, double share, double a, double b, bool whole) {
        route.edges.push_back(e);
        route.edge_share.push_back(share);
        route.time_s += share * g.time_s(e);
        route.distance_m += share * g.length_m(e);
        if (plan.geometry) append(route.geometry, whole ? g.edge_geometry(e) : edge_part(g, e, a, b));
    };
    const std::size_t edge_count = plan.path.size() + 2;
    route.edges.reserve(edge_count);
    route.edge_share.reserve(edge_count);
    if (plan.direct) {
        const double a = travel_pos(from, plan.last, fs), b = travel_pos(from, plan.last, ft);
        add_edge(plan.last, b - a, a, b, false);
        if (plan.geometry) route.geometry.front() = from.point;
        return;
    }
    if (plan.first != kInvalidEdge) {
        const double a = travel_pos(from, plan.first, fs);
        add_edge(plan.first, 1.0 - a, a, 1.0, false);
    } else if (from.node != kInvalidNode && plan.path.empty() && plan.geometry) {
        route.geometry.push_back(g.node_xy.empty() ? from.point : g.node_xy[from.node]);
    }
    for (EdgeId e : plan.path) add_edge(e, 1.0, 0.0, 1.0, true);
    if (plan.last != kInvalidEdge) {
        const double b = travel_pos(to, plan.last, ft);
        add_edge(plan.last, b, 0.0, b, false);
    }
}

Route route_nodes(ShortestPathSearch& search, NodeId from, NodeId to) {
    Route route;
    const RoadGraph& g = search.graph();
    if (from >= g.node_count() || to >= g.node_count()) return route;
    search.run(from, kUnreachable, to);
    if (search.distance(to) == kUnreachable) {
        route.status = RouteStatus::Unreachable;
        return route;
    }
    route.status = RouteStatus::Ok;
    route.edges = search.path_edges(to);
    route.edge_share.assign(route.edges.size(), 1.0);
    for (EdgeId e : route.edges) {
        route.time_s += g.time_s(e);
        route.distance_m += g.length_m(e);
        if (g.has_coordinates()) append(route.geometry, g.edge_geometry(e));
    }
    return route;
}

void route_costs(ShortestPathSearch& search, const Snap& from, std::span<const Snap> to, const RouteCostRow& row,
                 RouteCostScratch& scratch, Weight cutoff) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    std::fill(row.time_s.begin(), row.time_s.end(), kInf);
    std::fill(row.distance_m.begin(), row.distance_m.end(), kInf);
    if (!from.ok) return;
    const RoadGraph& g = search.graph();
    const bool with_distance = !row.distance_m.empty();
    std::array<SearchSource, 2> sources{};
    const std::uint8_t n_sources = origin_sources(g, search.metric(), from, sources);
    std::vector<SnapAnchors>& in = scratch.anchors;
    in.assign(to.size(), SnapAnchors{});
    std::vector<NodeId>& targets = scratch.targets;
    targets.clear();
    for (std::size_t j = 0; j < to.size(); ++j) {
        if (!to[j].ok) continue;
        in[j] = destination_anchors(g, search.metric(), to[j]);
        for (std::uint8_t k = 0; k < in[j].count; ++k) targets.push_back(in[j].anchors[k].node);
    }
    if (targets.empty()) return;
    // Every node settled before the search stops has the distance and parent it has in
    // route_between's shorter run: the runs are identical up to that point. A cutoff only
    // stops it sooner; what it settled is unchanged.
    search.run(std::span(sources.data(), n_sources), cutoff, targets);

    // Time (and length) to each settled node along the search tree, added in path order from
    // the start's partial edge, exactly as route_between sums a route's edges.
    std::vector<double>& node_time_s = scratch.node_time_s;
    std::vector<double>& node_length_m = scratch.node_length_m;
    node_time_s.resize(g.node_count());
    if (with_distance) node_length_m.resize(g.node_count());
    for (const NodeId v : search.settled()) {
        const EdgeId e = search.parent_edge(v);
        if (e != kInvalidEdge) {
            node_time_s[v] = node_time_s[search.parent_node(v)] + 1.0 * g.time_s(e);
            if (with_distance) node_length_m[v] = node_length_m[search.parent_node(v)] + 1.0 * g.length_m(e);
            continue;
        }
        const EdgeId first = first_edge(search, from, v);
        const double share = first == kInvalidEdge ? 0.0 : 1.0 - travel_pos(from, first, from.fraction);
        node_time_s[v] = first == kInvalidEdge ? 0.0 : 0.0 + share * g.time_s(first);
        if (with_distance) node_length_m[v] = first == kInvalidEdge ? 0.0 : 0.0 + share * g.length_m(first);
    }
    for (std::size_t j = 0; j < to.size(); ++j) {
        if (!to[j].ok) continue;
        const Candidate best = best_end(search, from, to[j], in[j]);
        if (!std::isfinite(best.cost) || best.cost > static_cast<double>(cutoff)) continue;
        if (best.direct) {
            const double a = travel_pos(from, best.last, from.fraction), b = travel_pos(from, best.last, to[j].fraction);
            row.time_s[j] = 0.0 + (b - a) * g.time_s(best.last);
            if (with_distance) row.distance_m[j] = 0.0 + (b - a) * g.length_m(best.last);
            continue;
        }
        double t = node_time_s[best.via];
        double d = with_distance ? node_length_m[best.via] : 0.0;
        if (best.last != kInvalidEdge) {
            const double b = travel_pos(to[j], best.last, to[j].fraction);
            t += b * g.time_s(best.last);
            d += b * g.length_m(best.last);
        }
        row.time_s[j] = t;
        if (with_distance) row.distance_m[j] = d;
    }
}

void route_times(ShortestPathSearch& search, const Snap& from, std::span<const Snap> to, std::span<double> time_s,
                 std::vector<double>& node_time_s) {
    RouteCostScratch scratch;
    scratch.node_time_s.swap(node_time_s);
    route_costs(search, from, to, RouteCostRow{time_s, {}}, scratch);
    node_time_s.swap(scratch.node_time_s);
}

}  // namespace midlink::graph
