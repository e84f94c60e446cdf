#pragma once
// Network-wide link criticality (metrics.md §3): for each candidate road, the increase in
// demand-weighted total travel time over an OD demand set when the road is closed in both
// directions, and the demand it disconnects. Typical candidates are the roads of the
// highest-betweenness edges; demand is the gravity demand between places.
//
// Only origins whose shortest-path tree to their destinations uses the road are searched
// again (closing a road no chosen path uses changes no cost). Roads are summed in origin
// order each, so the result is identical for any thread count.
#include <cstdint>
#include <span>
#include <vector>

#include "midlink/analysis/betweenness.hpp"

namespace midlink::analysis {

struct ClosureImpact {
    EdgeId edge = kInvalidEdge;   // the candidate edge as given
    std::uint32_t road = 0;       // its physical road (physical_roads), closed both ways
    double weighted_increase = 0.0;  // sum of demand x (cost without - cost with), seconds
    double base_weighted_cost = 0.0; // sum of demand x cost with the road, seconds (all demand)
    double disconnected_demand = 0.0;  // demand with a path before and none after
    std::uint64_t pairs_affected = 0;  // OD pairs whose cost rose or that were cut
    std::uint32_t origins_searched = 0;
};

/// One row per candidate, in the order given; candidates on the same road repeat its row.
/// Demand that has no path with the road open is ignored (it is unreachable either way).
std::vector<ClosureImpact> network_criticality(const graph::RoadGraph& g, graph::Metric metric,
                                               std::span<const OdPairWeight> demand,
                                               std::span<const EdgeId> candidates);

}  // namespace midlink::analysis
