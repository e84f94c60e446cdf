#include "midlink/graph/shortest_path.hpp"

#include <algorithm>

namespace midlink::graph {

ShortestPathSearch::ShortestPathSearch(const RoadGraph& graph, Metric metric)
    : m_graph(graph),
      m_metric(metric),
      m_first_out(graph.first_out),
      m_head(graph.head),
      m_weight(graph.weights(metric)),
      m_state(graph.node_count(), NodeState{kUnreachable, 0, kInvalidEdge, kInvalidNode}) {}

void ShortestPathSearch::begin(std::span<const SearchSource> sources) {
    m_round += 2;
    if (m_round >= 0xFFFFFFF0u) {  // stamps about to wrap: clear once every 2 billion runs
        for (auto& st : m_state) st.stamp = 0;
        std::fill(m_target_stamp.begin(), m_target_stamp.end(), 0);
        m_round = 2;
    }
    m_heap.clear();
    m_settled.clear();
    for (const auto& s : sources) {
        if (s.node >= m_state.size() || s.initial == kUnreachable) continue;
        NodeState& st = m_state[s.node];
        if (st.stamp < m_round || s.initial < st.dist) {
            st = {s.initial, m_round, kInvalidEdge, kInvalidNode};
        }
    }
    // Radix heaps need keys pushed in non-decreasing order relative to the last pop, so
    // sources go in after their final initial costs are known.
    for (const auto& s : sources) {
        if (s.node < m_state.size() && s.initial != kUnreachable && m_state[s.node].dist == s.initial) {
            m_heap.push(s.initial, s.node);
        }
    }
}

void ShortestPathSearch::run(std::span<const SearchSource> sources, Weight cutoff,
                             std::span<const NodeId> targets) {
    begin(sources);
    std::size_t targets_left = 0;
    if (!targets.empty()) {
        if (m_target_stamp.empty()) m_target_stamp.assign(m_state.size(), 0);
        for (NodeId t : targets) {
            if (t < m_state.size() && m_target_stamp[t] != m_round) {
                m_target_stamp[t] = m_round;
                ++targets_left;
            }
        }
        if (targets_left == 0) {
            m_heap.clear();
            return;
        }
    }
    NodeId v = kInvalidNode;
    Weight d = 0;
    while (settle_next(v, d, cutoff)) {
        if (targets_left > 0 && m_target_stamp[v] == m_round && --targets_left == 0) break;
    }
}

std::vector<EdgeId> ShortestPathSearch::path_edges(NodeId target) const {
    std::vector<EdgeId> edges;
    if (target >= m_state.size() || distance(target) == kUnreachable) return edges;
    NodeId v = target;
    while (m_state[v].parent != kInvalidEdge) {
        const EdgeId e = m_state[v].parent;
        edges.push_back(e);
        v = m_graph.tail(e);
    }
    std::reverse(edges.begin(), edges.end());
    return edges;
}

}  // namespace midlink::graph
