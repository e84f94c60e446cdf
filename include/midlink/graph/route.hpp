#pragma once
// Point-to-point routes between snapped points, entering and leaving edges part-way.
#include <span>
#include <string_view>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/graph/shortest_path.hpp"
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

/// One row of a travel-time matrix from one search: time_s[j] is route_between(search,
/// from, to[j]).time_s to the last bit, or +inf where that route is not Ok. `node_time_s`
/// is scratch space a caller keeps between rows (one per thread).
void route_times(ShortestPathSearch& search, const Snap& from, std::span<const Snap> to, std::span<double> time_s,
                 std::vector<double>& node_time_s);

/// Node-to-node route (no partial edges); used by tests and the benchmark.
Route route_nodes(ShortestPathSearch& search, NodeId from, NodeId to);

}  // namespace midlink::graph
