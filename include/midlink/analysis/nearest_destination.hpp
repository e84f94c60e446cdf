#pragma once
// Travel time from anywhere to the nearest destination of a set, for surfaces such as the
// travel-time raster. One multi-source Dijkstra over the transposed graph, started at
// every destination's entry nodes with the cost of the partial edge into the destination,
// gives each node its cost to the nearest destination. A snapped point then costs the
// partial edge to one of its exit nodes plus that node's cost, or less when a destination
// lies ahead of it on its own link (graph::direct_cost). This equals the minimum, over
// destinations, of graph::route_between from the point, with the same integer weights.
#include <span>
#include <utility>
#include <vector>

#include "midlink/core/ids.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snap_anchors.hpp"

namespace midlink::analysis {

class NearestDestinationField {
public:
    /// `destinations` are graph::destination_anchors of the snapped destinations (time
    /// metric); unsnapped ones (count 0) are ignored. Nodes whose nearest destination is
    /// farther than `cutoff` (weight units) keep kUnreachable.
    NearestDestinationField(const graph::RoadGraph& g, std::span<const graph::SnapAnchors> destinations,
                            Weight cutoff = kUnreachable);

    /// Cost from node v to its nearest destination; kUnreachable when none within the cutoff.
    [[nodiscard]] Weight node_cost(NodeId v) const { return m_node_cost[v]; }
    /// Cost from a point that leaves through `from` (graph::origin_anchors, time metric) to
    /// its nearest destination; kUnreachable when none (within the cutoff). Thread-safe.
    [[nodiscard]] Weight cost_from(const graph::SnapAnchors& from) const;
    /// Destinations that joined the network (count > 0).
    [[nodiscard]] std::size_t destinations_used() const { return m_used; }
    /// Nodes with a finite cost.
    [[nodiscard]] std::size_t nodes_reached() const { return m_reached; }

private:
    const graph::RoadGraph& m_graph;
    Weight m_cutoff;
    std::vector<Weight> m_node_cost;
    // Snapped destinations sorted by link, for the same-link direct case.
    std::vector<std::pair<LinkId, graph::SnapAnchors>> m_by_link;
    std::size_t m_used = 0;
    std::size_t m_reached = 0;
};

}  // namespace midlink::analysis
