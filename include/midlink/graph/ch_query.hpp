#pragma once
// Point-to-point queries on a contraction hierarchy (Geisberger et al. 2008): a forward
// Dijkstra on the up arcs from the source anchors and a backward one on the down arcs from
// the target anchors, meeting at the highest-ranked node of the path. A direction stops
// once its queue minimum reaches the best meeting cost; stall-on-demand prunes nodes whose
// tentative cost a higher-ranked neighbour already beats (about halves the settled nodes on
// FLA). Shortcuts unpack through ContractionHierarchy::up_middle/down_middle.
//
// The cost equals Dijkstra's to the bit; among paths of equal cost the hierarchy may
// choose another than Dijkstra's parent rule, so a route's distance (and the last bits of
// its summed time_s) may differ between the engines when the metric has ties.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/radix_heap.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/snap_anchors.hpp"

namespace midlink::graph {

/// The graph edge an original hierarchy arc stands for: tail->head of least weight in
/// `metric`, ties to the lowest EdgeId; kInvalidEdge when there is none.
EdgeId original_edge(const RoadGraph& g, Metric metric, NodeId tail, NodeId head);

/// Per-thread query state over one hierarchy (timestamps: nothing is cleared per query).
class ChQuery {
public:
    ChQuery(const RoadGraph& graph, Metric metric, const ContractionHierarchy& ch);

    /// Least cost from any source (node, initial cost) to any target (node, final cost);
    /// kUnreachable when none. `targets` costs are added on arrival, as destination anchors'.
    Weight run(std::span<const SearchSource> sources, std::span<const SearchSource> targets);
    /// After run(): graph edges of the best path in travel order, from the source it left to
    /// the target it reached (empty when the two are one node or nothing was found).
    std::vector<EdgeId> path_edges() const;
    /// After run(): which source and target (index into the spans) the best path joins.
    [[nodiscard]] std::size_t best_source() const { return m_best_source; }
    [[nodiscard]] std::size_t best_target() const { return m_best_target; }
    /// Nodes settled by the last run, both directions (for benchmarks).
    [[nodiscard]] std::size_t settled() const { return m_settled; }
    /// Stall-on-demand is on by default; off only to measure what it saves.
    void set_stalling(bool on) { m_stall = on; }

    [[nodiscard]] const RoadGraph& graph() const { return m_graph; }
    [[nodiscard]] Metric metric() const { return m_metric; }
    [[nodiscard]] const ContractionHierarchy& hierarchy() const { return m_ch; }

private:
    struct State {
        Weight dist;
        std::uint32_t stamp;
        std::uint32_t parent;  // arc index (up arcs forward, down arcs backward); root: its source/target index
        std::uint32_t parent_pos;  // kNoMiddle at a root
    };
    struct UnpackArc {
        std::uint32_t tail, head, middle;
    };
    void unpack(std::uint32_t tail, std::uint32_t head, std::uint32_t middle, std::vector<EdgeId>& out) const;

    const RoadGraph& m_graph;
    Metric m_metric;
    const ContractionHierarchy& m_ch;
    std::vector<State> m_fwd, m_bwd;
    RadixHeap<std::uint32_t> m_fheap, m_bheap;
    std::uint32_t m_round = 0;
    std::uint32_t m_meet = kNoMiddle;
    std::size_t m_best_source = 0, m_best_target = 0;
    std::size_t m_settled = 0;
    bool m_stall = true;
    mutable std::vector<UnpackArc> m_unpack_stack;   // scratch of path_edges()
    mutable std::vector<std::uint32_t> m_path_scratch;
};

/// route_between(search, from, to) answered through the hierarchy: the same cost to the bit,
/// direct runs along a shared link included, and a path of that cost (edges, partial
/// shares, geometry) built exactly as route_between builds its own.
struct RouteOptions {
    bool geometry = true;  // false: Route::geometry stays empty (pairs without --geometry)
};
Route route_between(ChQuery& query, const Snap& from, const Snap& to, const RouteOptions& options = {});

}  // namespace midlink::graph
