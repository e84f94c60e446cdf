#pragma once
// The graph seen backwards. Searches that ask "how far is it from here to the nearest X"
// for every node at once run one multi-source Dijkstra from the X's over reversed edges
// instead of one forward search per node.
#include <vector>

#include "midlink/core/ids.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

/// Incoming edges per node (original edge ids, ascending per head), and each edge's tail.
struct ReverseIndex {
    std::vector<EdgeId> first_in;  // size node_count()+1
    std::vector<EdgeId> in_edge;   // edge ids grouped by head
    std::vector<NodeId> tail;      // per edge
    explicit ReverseIndex(const RoadGraph& g);
};

/// The transposed graph: an edge v -> u with the same weights for every edge u -> v.
/// Only what a search reads is filled (first_out, head, time_weight, length_dm,
/// time_unit_s, meta); per-edge attributes and geometry are left empty. Transposed edge k
/// is the original edge `reverse.in_edge[k]`. A ShortestPathSearch over it gives every
/// node its cost *to* the sources.
RoadGraph transposed_graph(const RoadGraph& g, const ReverseIndex& reverse);

}  // namespace midlink::graph
