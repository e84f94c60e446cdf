#pragma once
// A contraction hierarchy (Geisberger, Sanders, Schultes, Delling 2008) over one metric of
// a RoadGraph, laid out for PHAST one-to-all searches (Delling, Goldberg, Nowatzyk,
// Werneck 2011): an upward search from the sources, then one linear sweep over the nodes
// in descending rank. On a graph that fits in cache the sweep costs about a nanosecond per
// arc with no heap at all, which is what many-origin accessibility wants when each search
// reaches most of the network.
//
// Everything is stored by sweep position (0 = highest rank) so the sweep reads and writes
// contiguous memory. Construction contracts one node at a time in priority order on flat
// arrays; the simulated contractions that set priorities and each contraction's witness
// searches run in parallel (TBB), and the result is deterministic: the same graph gives the
// same hierarchy for any number of threads.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "midlink/core/ids.hpp"
#include "midlink/graph/radix_heap.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/shortest_path.hpp"

namespace midlink::graph {

inline constexpr std::uint32_t kNoMiddle = UINT32_MAX;  // an original arc, not a shortcut

struct ContractionHierarchy {
    std::vector<NodeId> node_at;            // sweep position -> node
    std::vector<std::uint32_t> position_of; // node -> sweep position
    // Upward arcs (to higher rank = smaller position), CSR by position.
    std::vector<std::uint32_t> up_first, up_head;
    std::vector<Weight> up_weight;
    // Downward arcs into each position from higher-ranked tails, CSR by position.
    std::vector<std::uint32_t> down_first, down_tail;
    std::vector<Weight> down_weight;
    // Per arc (parallel to up_head and down_tail): the sweep position of the node contracted
    // to make the shortcut, or kNoMiddle for an original arc. A shortcut tail->head via m
    // unpacks to the down arc tail->m (in m's down row) and the up arc m->head (in m's up
    // row); an original arc to the graph edge tail->head of least weight in the metric
    // (ties: lowest EdgeId). See ch_query.hpp.
    std::vector<std::uint32_t> up_middle, down_middle;
    std::size_t shortcuts = 0;  // arcs that are not original edges

    [[nodiscard]] std::size_t node_count() const { return node_at.size(); }
};

struct ContractionOptions {
    // A witness search gives up after this many settled nodes (then the shortcut is added).
    // 1,000 rather than 200, and 30 rather than 10 when only estimating a node's priority:
    // on the national graph 9 % fewer shortcuts and 15 % fewer nodes settled per query
    // (351 against 414; 45 against 53 us), for 40 % more build time (2026-12-07).
    std::size_t witness_settle_limit = 1000;
    std::size_t simulation_settle_limit = 30;
    /// Called with the nodes contracted so far and the total, about a hundred times.
    std::function<void(std::size_t contracted, std::size_t total)> progress;
};

ContractionHierarchy build_contraction_hierarchy(const RoadGraph& graph, Metric metric,
                                                 const ContractionOptions& options = {});

/// One-to-all distances through a hierarchy. Holds per-thread state: one per thread.
class PhastSearch {
public:
    explicit PhastSearch(const ContractionHierarchy& ch);

    /// Distances from the sources (with their initial costs) to every node.
    void run(std::span<const SearchSource> sources);
    /// Distance to the node at a sweep position; kUnreachable when unreached.
    [[nodiscard]] const std::vector<Weight>& distances_by_position() const { return m_dist; }
    [[nodiscard]] Weight distance(NodeId v) const { return m_dist[m_ch.position_of[v]]; }
    [[nodiscard]] const ContractionHierarchy& hierarchy() const { return m_ch; }

private:
    const ContractionHierarchy& m_ch;
    std::vector<Weight> m_dist;
    RadixHeap<std::uint32_t> m_heap;
};

}  // namespace midlink::graph
