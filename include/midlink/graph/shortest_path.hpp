#pragma once
// Dijkstra on the CSR arrays with a lazy radix heap: an improved node is pushed again
// rather than moved, and stale entries are skipped when popped, so there is no position
// bookkeeping (decrease-key costs a random memory access per sift step). The search state
// is reused across runs (timestamps instead of clearing), so one-to-many work allocates
// nothing per origin. Among equal-cost predecessors the smaller node id becomes the
// parent, so paths never depend on heap internals.
#include <cstdint>
#include <span>
#include <vector>

#include "midlink/core/ids.hpp"
#include "midlink/graph/radix_heap.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

struct SearchSource {
    NodeId node = kInvalidNode;
    Weight initial = 0;            // cost already spent reaching `node` (snapped start)
};

class ShortestPathSearch {
public:
    ShortestPathSearch(const RoadGraph& graph, Metric metric);

    /// Settles nodes in cost order from the sources until the heap is empty, the next cost
    /// exceeds `cutoff`, or every node in `targets` (if any) is settled.
    void run(std::span<const SearchSource> sources, Weight cutoff = kUnreachable,
             std::span<const NodeId> targets = {});
    void run(NodeId source, Weight cutoff = kUnreachable, NodeId target = kInvalidNode) {
        const SearchSource s{source, 0};
        run(std::span<const SearchSource>(&s, 1), cutoff,
            target == kInvalidNode ? std::span<const NodeId>() : std::span<const NodeId>(&target, 1));
    }

    /// Incremental form for callers that decide when to stop as they go (accessibility
    /// stops once every nearest destination is known): begin(), then settle_next() until
    /// it returns false. settled() and distance() work as after run().
    void begin(std::span<const SearchSource> sources);
    /// Settles the next node if its cost is <= cutoff; false when none is left.
    bool settle_next(NodeId& node, Weight& cost, Weight cutoff = kUnreachable);

    /// kUnreachable when not settled in the last run.
    [[nodiscard]] Weight distance(NodeId v) const {
        const NodeState& s = m_state[v];
        return s.stamp == m_round + 1 ? s.dist : kUnreachable;
    }
    /// Edge by which v was reached; kInvalidEdge for sources and unreached nodes.
    [[nodiscard]] EdgeId parent_edge(NodeId v) const {
        return m_state[v].stamp >= m_round ? m_state[v].parent : kInvalidEdge;
    }
    /// Tail of parent_edge(v); kInvalidNode for sources and unreached nodes.
    [[nodiscard]] NodeId parent_node(NodeId v) const {
        return m_state[v].stamp >= m_round ? m_state[v].parent_node : kInvalidNode;
    }
    /// Edges from a source to `target` in travel order (empty if unreached or a source).
    [[nodiscard]] std::vector<EdgeId> path_edges(NodeId target) const;
    /// Nodes settled by the last run, in settling order.
    [[nodiscard]] const std::vector<NodeId>& settled() const { return m_settled; }
    [[nodiscard]] Metric metric() const { return m_metric; }
    [[nodiscard]] const RoadGraph& graph() const { return m_graph; }

private:

    const RoadGraph& m_graph;
    Metric m_metric;
    std::span<const EdgeId> m_first_out;
    std::span<const NodeId> m_head;
    std::span<const Weight> m_weight;
    // Everything a relaxation touches for one node sits in one 16-byte record: one cache
    // miss per neighbour instead of four.
    // stamp < m_round: untouched in this run; == m_round: queued; == m_round + 1: settled.
    // Folding the settled flag into the stamp keeps the record at 16 bytes, four per line.
    struct NodeState {
        Weight dist;
        std::uint32_t stamp;
        EdgeId parent;
        NodeId parent_node;      // tail of parent, for the tie rule
    };
    std::vector<NodeState> m_state;
    RadixHeap<NodeId> m_heap;
    std::vector<NodeId> m_settled;
    std::vector<std::uint32_t> m_target_stamp;  // marks targets of the current run
    std::uint32_t m_round = 0;  // even; advances by 2 per run
};

// In the header so the hot loop inlines into run() and into callers such as accessibility.
inline bool ShortestPathSearch::settle_next(NodeId& settled, Weight& cost, Weight cutoff) {
    const EdgeId* first_out = m_first_out.data();
    const NodeId* head = m_head.data();
    const Weight* weight = m_weight.data();
    NodeState* state = m_state.data();
    const std::uint32_t round = m_round;
    const std::uint32_t done = m_round + 1;
    while (!m_heap.empty()) {
        if (m_heap.top_key() > cutoff) return false;
        Weight key = 0;
        const NodeId v = m_heap.pop(key);
        if (state[v].stamp == done || key != state[v].dist) continue;  // stale entry
        state[v].stamp = done;
        m_settled.push_back(v);
        const EdgeId end = first_out[v + 1];
        for (EdgeId e = first_out[v]; e < end; ++e) {
            const NodeId w = head[e];
            const std::uint64_t candidate = std::uint64_t{key} + weight[e];
            if (candidate >= kUnreachable) continue;  // saturate: never wrap around
            const auto d = static_cast<Weight>(candidate);
            NodeState& sw = state[w];
            if (sw.stamp < round) {
                sw = {d, round, e, v};
                m_heap.push(d, w);
            } else if (sw.stamp == round) {
                if (d < sw.dist) {
                    sw.dist = d;
                    sw.parent = e;
                    sw.parent_node = v;
                    m_heap.push(d, w);
                } else if (d == sw.dist && v < sw.parent_node) {
                    sw.parent = e;  // equal cost: the smaller predecessor id wins
                    sw.parent_node = v;
                }
            }
        }
        settled = v;
        cost = key;
        return true;
    }
    return false;
}

}  // namespace midlink::graph
