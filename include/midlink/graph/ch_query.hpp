#pragma once
// Point-to-point queries on a contraction hierarchy (Geisberger et al. 2008): a forward
// Dijkstra on the up arcs from the source anchors and a backward one on the down arcs from
// the target anchors, meeting at the highest-ranked node of the path. A direction stops
// once its queue minimum reaches the best meeting cost; stall-on-demand prunes nodes whose
// tentative cost a higher-ranked neighbour already beats (on FLA: 138 settled nodes instead
// of 222, 20 us of CPU instead of 32). Shortcuts unpack through
// ContractionHierarchy::up_middle/down_middle, resolved once in a ChSearchIndex.
//
// The cost equals Dijkstra's to the bit; among paths of equal cost the hierarchy may
// choose another than Dijkstra's parent rule, so a route's distance (and the last bits of
// its summed time_s) may differ between the engines when the metric has ties.
#include <array>
#include <cstdint>
#include <memory>
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

/// A hierarchy's arcs laid out for point-to-point queries, built once and shared by every
/// thread's ChQuery. Each position's down arcs (from higher-ranked tails) and up arcs (to
/// higher-ranked heads) lie side by side in one row of (other end, weight) pairs: a settled
/// node scans one direction's arcs to stall and the other's to relax, and one row costs one
/// cache miss where two arrays cost two (on the national graph the first read of a row
/// was most of a query's time). Each arc's unpacking is resolved in advance (a shortcut's two
/// halves as arc indices, an original arc's graph edge), so a path unpacks without searching.
class ChSearchIndex {
public:
    ChSearchIndex(const RoadGraph& graph, Metric metric, const ContractionHierarchy& ch);

    struct Arc {
        std::uint32_t other;  // head of an up arc, tail of a down arc (sweep positions)
        Weight w;
    };
    /// Position p's down arcs are [rows[p].first, rows[p].up), its up arcs
    /// [rows[p].up, rows[p + 1].first).
    struct Rows {
        std::uint32_t first, up;
    };
    /// An original arc: `first` is its graph edge (kInvalidEdge if the graph has none) and
    /// `second` kNoMiddle. A shortcut tail->head via m: `first` the down arc tail->m,
    /// `second` the up arc m->head; a half that is itself an original arc is given as its
    /// graph edge | leaf_bit instead, which saves a read per edge of an unpacked path.
    struct Unpack {
        std::uint32_t first, second;
    };
    /// 1u << 31 when every arc index and graph edge is below it (then set on the halves of
    /// shortcuts that are graph edges); 0 otherwise, and no half is tagged.
    std::uint32_t leaf_bit = 0;
    const RoadGraph& graph;
    Metric metric;
    const ContractionHierarchy& ch;
    std::vector<Rows> rows;  // node_count() + 1
    std::vector<Arc> arcs;
    std::vector<Unpack> unpack;  // parallel to arcs
};

/// Per-thread query state over one index (a run clears only what the last one reached).
class ChQuery {
public:
    explicit ChQuery(const ChSearchIndex& index);

    /// Least cost from any source (node, initial cost) to any target (node, final cost);
    /// kUnreachable when none. `targets` costs are added on arrival, as destination anchors'.
    Weight run(std::span<const SearchSource> sources, std::span<const SearchSource> targets);
    /// After run(): graph edges of the best path in travel order, from the source it left to
    /// the target it reached (empty when the two are one node or nothing was found).
    std::vector<EdgeId> path_edges() const;
    /// The same edges in a buffer this query keeps (no allocation once it has grown), valid
    /// until the next run() or path call on this query.
    std::span<const EdgeId> path_edges_view();
    /// After run(): which source and target (index into the spans) the best path joins.
    [[nodiscard]] std::size_t best_source() const { return m_best_source; }
    [[nodiscard]] std::size_t best_target() const { return m_best_target; }
    /// Nodes settled by the last run, both directions (for benchmarks).
    [[nodiscard]] std::size_t settled() const { return m_settled; }
    /// Stall-on-demand is on by default; off only to measure what it saves.
    void set_stalling(bool on) { m_stall = on; }

    [[nodiscard]] const RoadGraph& graph() const { return m_index.graph; }
    [[nodiscard]] Metric metric() const { return m_index.metric; }

private:
    struct Parent {
        std::uint32_t arc;  // index into ChSearchIndex::arcs; at a root its source/target index
        std::uint32_t pos;  // kNoMiddle at a root
    };
    // One direction's labels. `reached` has a bit per position, set when the run reaches it
    // (cleared after through `touched`): at 0.5 MB on the national graph it stays in cache,
    // so the many arcs whose other end this run never reached (most of a stall check) cost
    // no read of `dist`, which is tens of megabytes. dist and parent are valid where the bit
    // is set; they are zeroed once, on huge pages, so that later searches never fault.
    struct Side {
        std::unique_ptr<Weight[]> dist;
        std::unique_ptr<Parent[]> parent;
        std::vector<std::uint64_t> reached;
        std::vector<std::uint32_t> touched;
    };
    void unpack(std::uint32_t arc, std::vector<EdgeId>& out) const;
    void append_path_edges(std::vector<EdgeId>& out) const;

    const ChSearchIndex& m_index;
    Side m_fwd, m_bwd;
    RadixHeap<std::uint32_t> m_fheap, m_bheap;
    std::uint32_t m_meet = kNoMiddle;
    std::size_t m_best_source = 0, m_best_target = 0;
    std::size_t m_settled = 0;
    bool m_stall = true;
    mutable std::vector<std::uint32_t> m_unpack_stack;  // scratch of path_edges()
    mutable std::vector<std::uint32_t> m_path_scratch;
    std::vector<EdgeId> m_path_edges;  // path_edges_view()'s buffer
};

/// route_between(search, from, to) answered through the hierarchy: the same cost to the bit,
/// direct runs along a shared link included, and a path of that cost (edges, partial
/// shares, geometry) built exactly as route_between builds its own.
struct RouteOptions {
    bool geometry = true;  // false: Route::geometry stays empty (pairs without --geometry)
};
Route route_between(ChQuery& query, const Snap& from, const Snap& to, const RouteOptions& options = {});
/// The same into `route` (its vectors' capacity reused: no allocation per pair once grown).
void route_between(ChQuery& query, const Snap& from, const Snap& to, Route& route, const RouteOptions& options = {});

}  // namespace midlink::graph
