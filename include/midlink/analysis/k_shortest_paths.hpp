#pragma once
// Yen's k loopless shortest paths between two nodes of the routing graph.
//
// A path is a sequence of directed edges, so two parallel edges between the same nodes
// give two distinct paths (a dual carriageway and its slip road are different routes
// even where they join the same junctions). Paths come out in a total order: by cost,
// then by the edge-id sequence compared lexicographically, so equal-cost ties are
// reported the same way on every run. Every path is loopless (no node twice), costs
// never decrease, and no path appears twice.
#include <cstdint>
#include <vector>

#include "midlink/core/ids.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::analysis {

struct CostedPath {
    std::vector<EdgeId> edges;  // in travel order
    std::uint64_t cost = 0;     // sum of the metric's integer weights (ms or dm)

    friend bool operator<(const CostedPath& a, const CostedPath& b) {
        if (a.cost != b.cost) return a.cost < b.cost;
        return a.edges < b.edges;
    }
    friend bool operator==(const CostedPath& a, const CostedPath& b) = default;
};

/// Up to `k` loopless paths from `from` to `to`, cheapest first (fewer when the graph has
/// fewer). `from == to` gives the single empty path. Weights are the graph's integers for
/// `metric`, summed exactly.
std::vector<CostedPath> k_shortest_paths(const graph::RoadGraph& g, graph::Metric metric, NodeId from, NodeId to,
                                         std::uint32_t k);

}  // namespace midlink::analysis
