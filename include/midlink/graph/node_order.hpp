#pragma once
// Node orders for memory locality: nodes near each other in space (or in the graph) get
// near ids, so a search touches fewer cache lines.
#include <span>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"

namespace midlink::graph {

/// new_id[old] along a Hilbert curve over the bounding box; ties by old id.
std::vector<NodeId> hilbert_order(std::span<const Point> xy);

/// new_id[old] in breadth-first order over the undirected view, roots by ascending old id.
std::vector<NodeId> breadth_first_order(std::span<const EdgeId> first_out, std::span<const NodeId> head);

}  // namespace midlink::graph
