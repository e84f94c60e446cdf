#pragma once
// Renumbers a hierarchy's sweep positions by level, so the PHAST sweep reads memory almost
// in order (Delling, Goldberg, Nowatzyk, Werneck 2011, §4.2). A node's level is one more
// than the highest level among its lower-ranked neighbours; sweeping level by level from
// the top is a valid order (every down arc goes from a higher level to a lower one), and
// within a level nodes keep the graph's own order, which graph build makes spatial. A
// down arc's tail then lies in one of a few level blocks, near the tails of the previous
// node's arcs, instead of anywhere in the distance array.
#include "midlink/graph/contraction_hierarchy.hpp"

namespace midlink::graph {

/// The same hierarchy with positions ordered by (level descending, node id). Distances
/// are unchanged; only where they are stored moves.
void order_sweep_by_level(ContractionHierarchy& ch);

}  // namespace midlink::graph
