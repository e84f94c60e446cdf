#pragma once
// How much a route depends on its links: the best alternative sharing none of them, the
// cost of losing each one, and which of them are bridges of the network.
//
// A physical road is what a closure removes: every directed edge of one input link
// (graph::RoadGraph::edge_link; the two directions of an OSM or GMNS two-way road share
// one), joined with an opposite-direction edge between the same two nodes whose link runs
// one way only. The second rule matters for TNTP and other link tables that give each
// direction its own row: without it no road there could ever be a bridge. Parallel roads
// between the same junctions stay different roads.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "midlink/analysis/k_shortest_paths.hpp"

namespace midlink::analysis {

struct DisjointAlternative {
    std::optional<CostedPath> path;    // cheapest path using none of the route's links
    std::uint64_t route_cost = 0;
    /// Alternative cost / route cost (metrics.md §3 redundancy); empty without an
    /// alternative or when the route costs nothing.
    std::optional<double> redundancy;
};

/// `route` runs from `from` to `to`; its cost is the sum of its edges' weights.
DisjointAlternative disjoint_alternative(const graph::RoadGraph& g, graph::Metric metric, NodeId from, NodeId to,
                                         std::span<const EdgeId> route);

struct LinkRemoval {
    EdgeId edge = kInvalidEdge;  // the route edge
    std::uint32_t road = 0;      // its physical road (physical_roads), removed in both directions
    bool disconnects = false;    // no path from `from` to `to` without it
    std::uint64_t cost_without = 0;  // cheapest cost without the link (0 when disconnected)
    std::int64_t increase = 0;       // cost_without - route cost (0 when disconnected)
};

/// One row per route edge, in route order.
std::vector<LinkRemoval> removal_deltas(const graph::RoadGraph& g, graph::Metric metric, NodeId from, NodeId to,
                                        std::span<const EdgeId> route);

struct PhysicalRoads {
    std::vector<std::uint32_t> of_edge;  // road id per directed edge
    std::uint32_t count = 0;
};
PhysicalRoads physical_roads(const graph::RoadGraph& g);

/// Bridges of the undirected view of the graph (one undirected edge per physical road;
/// self-loops ignored): 1 for each directed edge whose road's removal splits its connected
/// component. Iterative Tarjan, so deep road chains do not overflow the stack.
std::vector<std::uint8_t> bridge_edges(const graph::RoadGraph& g);

/// The route edges that are bridges, in route order.
std::vector<EdgeId> route_bridges(std::span<const std::uint8_t> edge_is_bridge, std::span<const EdgeId> route);

}  // namespace midlink::analysis
