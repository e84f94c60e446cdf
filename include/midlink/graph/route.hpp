#pragma once
// Point-to-point routes between snapped points, entering and leaving edges part-way.
#include <span>
#include <string_view>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"

namespace midlink::graph {

enum class RouteStatus { Ok, Unreachable, Unsnapped };
std::string_view route_status_name(RouteStatus s);

struct Route {
    RouteStatus status = RouteStatus::Unsnapped;
    double time_s = 0.0;
    double distance_m = 0.0;
    std::vector<EdgeId> edges;  // whole and partial edges in travel order
    std::vector<double> edge_share;  // per edge, the part of it travelled (1 for whole edges)
    LineString geometry;        // from the snapped start to the snapped end
};

/// Optimises `search.metric()`; reports both time and distance of the chosen path.
Route route_between(ShortestPathSearch& search, const Snap& from, const Snap& to);

/// A found route before its shares and geometry: a direct run along the shared link
/// (`last` is the edge), or the start's partial edge (`first`; kInvalidEdge on a node), the
/// graph path, and the end's partial edge (`last`; kInvalidEdge on a node).
struct RoutePlan {
    bool direct = false;
    EdgeId first = kInvalidEdge;
    std::span<const EdgeId> path;
    EdgeId last = kInvalidEdge;
    bool geometry = true;  // false: leave Route::geometry empty
};
/// The Route of a plan, summed in travel order (how every engine builds its routes, so
/// equal paths give equal bits).
Route assemble_route(const RoadGraph& g, const Snap& from, const Snap& to, const RoutePlan& plan);
/// The same into `route`, whose vectors keep their capacity (a caller routing many pairs
/// reuses one Route and allocates nothing once it has grown).
void assemble_route(const RoadGraph& g, const Snap& from, const Snap& to, const RoutePlan& plan, Route& route);
/// `route` as a default Route (Unsnapped, zeros, no edges), its capacity kept.
void reset_route(Route& route);

/// One row of a travel-time matrix from one search: time_s[j] is route_between(search,
/// from, to[j]).time_s to the last bit, or +inf where that route is not Ok. `node_time_s`
/// is scratch space a caller keeps between rows (one per thread).
void route_times(ShortestPathSearch& search, const Snap& from, std::span<const Snap> to, std::span<double> time_s,
                 std::vector<double>& node_time_s);

/// One row of a skim matrix: where route_costs writes (distance_m may be empty: times only).
struct RouteCostRow {
    std::span<double> time_s;
    std::span<double> distance_m;
};
/// What route_costs keeps between rows (one per thread), so a row allocates nothing.
struct RouteCostScratch {
    std::vector<double> node_time_s, node_length_m;
    std::vector<SnapAnchors> anchors;
    std::vector<NodeId> targets;
};
/// One row of time and distance skims from one search: row.time_s[j] and row.distance_m[j]
/// are route_between(search, from, to[j])'s time and distance to the last bit, or +inf
/// where that route is not Ok or costs more than `cutoff` (in the search metric's units).
void route_costs(ShortestPathSearch& search, const Snap& from, std::span<const Snap> to, const RouteCostRow& row,
                 RouteCostScratch& scratch, Weight cutoff = kUnreachable);
/// Node-to-node route (no partial edges); used by tests and the benchmark.
Route route_nodes(ShortestPathSearch& search, NodeId from, NodeId to);

}  // namespace midlink::graph
