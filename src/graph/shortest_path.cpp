#include "midlink/graph/shortest_path.hpp"

#include <algorithm>

namespace midlink::graph {

ShortestPathSearch::ShortestPathSearch(const RoadGraph& graph, Metric metric)
    : m_graph(graph),
      m_metric(metric),
      m_first_out(graph.first_out),
      m_head(graph.head),
      m_weight(graph.weights(metric)),
      m_state(graph.node_count(), NodeState{kUnreachable, 0, 0, kInvalidEdge, kInvalidNode}) {}

void ShortestPathSearch::run(std::span<const SearchSource> sources, Weight cutoff,
                             std::span<const NodeId> targets) {
    if (++m_round == 0) {  // stamps wrapped: clear once every 4 billion runs
        for (auto& st : m_state) st.stamp = 0;
        std::fill(m_target_stamp.begin(), m_target_stamp.end(), 0);
        m_round = 1;
    }
    std::size_t targets_left = 0;
    if (!targets.empty()) {
        if (m_target_stamp.empty()) m_target_stamp.assign(m_state.size(), 0);
        for (NodeId t : targets) {
            if (t < m_state.size() && m_target_stamp[t] != m_round) {
                m_target_stamp[t] = m_round;
                ++targets_left;
            }
        }
        if (targets_left == 0) return;
    }
    m_heap.clear();
    m_settled.clear();
    for (const auto& s : sources) {
        if (s.node >= m_state.size() || s.initial == kUnreachable) continue;
        NodeState& st = m_state[s.node];
        if (st.stamp != m_round || s.initial < st.dist) {
            st = {s.initial, m_round, 0, kInvalidEdge, kInvalidNode};
        }
    }
    // Radix heaps need keys pushed in non-decreasing order relative to the last pop, so
    // sources go in after their final initial costs are known.
    for (const auto& s : sources) {
        if (s.node < m_state.size() && s.initial != kUnreachable && m_state[s.node].dist == s.initial) {
            m_heap.push(s.initial, s.node);
        }
    }
    const EdgeId* first_out = m_first_out.data();
    const NodeId* head = m_head.data();
    const Weight* weight = m_weight.data();
    NodeState* state = m_state.data();
    const std::uint32_t round = m_round;
    while (!m_heap.empty()) {
        if (m_heap.top_key() > cutoff) break;
        Weight key = 0;
        const NodeId v = m_heap.pop(key);
        if (state[v].heap_pos == kSettled || key != state[v].dist) continue;  // stale entry
        state[v].heap_pos = kSettled;
        m_settled.push_back(v);
        if (targets_left > 0 && m_target_stamp[v] == round && --targets_left == 0) break;
        const EdgeId end = first_out[v + 1];
        for (EdgeId e = first_out[v]; e < end; ++e) {
            const NodeId w = head[e];
            const std::uint64_t candidate = std::uint64_t{key} + weight[e];
            if (candidate >= kUnreachable) continue;  // saturate: never wrap around
            const auto d = static_cast<Weight>(candidate);
            NodeState& sw = state[w];
            if (sw.stamp != round) {
                sw = {d, round, 0, e, v};
                m_heap.push(d, w);
            } else if (sw.heap_pos != kSettled) {
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
