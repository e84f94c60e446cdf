#include "midlink/graph/shortest_path.hpp"

#include <algorithm>

namespace midlink::graph {
namespace {
constexpr std::uint32_t kArity = 4;  // 4-ary: shallower than binary, children share a cache line
}

ShortestPathSearch::ShortestPathSearch(const RoadGraph& graph, Metric metric)
    : m_graph(graph),
      m_metric(metric),
      m_first_out(graph.first_out),
      m_head(graph.head),
      m_weight(graph.weights(metric)),
      m_state(graph.node_count(), NodeState{kUnreachable, 0, 0, kInvalidEdge}) {}

void ShortestPathSearch::sift_up(std::uint32_t pos) {
    const HeapEntry entry = m_heap[pos];
    while (pos > 0) {
        const std::uint32_t parent = (pos - 1) / kArity;
        if (!(entry < m_heap[parent])) break;
        m_heap[pos] = m_heap[parent];
        m_state[m_heap[pos].node].heap_pos = pos;
        pos = parent;
    }
    m_heap[pos] = entry;
    m_state[entry.node].heap_pos = pos;
}

void ShortestPathSearch::sift_down(std::uint32_t pos) {
    const auto size = static_cast<std::uint32_t>(m_heap.size());
    const HeapEntry entry = m_heap[pos];
    for (;;) {
        const std::uint32_t first = pos * kArity + 1;
        if (first >= size) break;
        const std::uint32_t last = std::min(first + kArity, size);
        std::uint32_t best = first;
        for (std::uint32_t c = first + 1; c < last; ++c) {
            if (m_heap[c] < m_heap[best]) best = c;
        }
        if (!(m_heap[best] < entry)) break;
        m_heap[pos] = m_heap[best];
        m_state[m_heap[pos].node].heap_pos = pos;
        pos = best;
    }
    m_heap[pos] = entry;
    m_state[entry.node].heap_pos = pos;
}

void ShortestPathSearch::heap_push(NodeId v, Weight d) {
    m_heap.push_back({d, v});
    sift_up(static_cast<std::uint32_t>(m_heap.size() - 1));
}

void ShortestPathSearch::heap_decrease(NodeId v, Weight d) {
    const std::uint32_t pos = m_state[v].heap_pos;
    m_heap[pos].key = d;
    sift_up(pos);
}

void ShortestPathSearch::heap_pop() {
    m_heap.front() = m_heap.back();
    m_heap.pop_back();
    if (!m_heap.empty()) sift_down(0);
}

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
        if (st.stamp != m_round) {
            st = {s.initial, m_round, 0, kInvalidEdge};
            heap_push(s.node, s.initial);
        } else if (s.initial < st.dist) {
            st.dist = s.initial;
            heap_decrease(s.node, s.initial);
        }
    }
    const EdgeId* first_out = m_first_out.data();
    const NodeId* head = m_head.data();
    const Weight* weight = m_weight.data();
    NodeState* state = m_state.data();
    const std::uint32_t round = m_round;
    while (!m_heap.empty()) {
        const HeapEntry top = m_heap.front();
        if (top.key > cutoff) break;
        heap_pop();
        const NodeId v = top.node;
        state[v].heap_pos = kSettled;
        m_settled.push_back(v);
        if (targets_left > 0 && m_target_stamp[v] == round && --targets_left == 0) break;
        const EdgeId end = first_out[v + 1];
        for (EdgeId e = first_out[v]; e < end; ++e) {
            const NodeId w = head[e];
            const std::uint64_t candidate = std::uint64_t{top.key} + weight[e];
            if (candidate >= kUnreachable) continue;  // saturate: never wrap around
            const auto d = static_cast<Weight>(candidate);
            NodeState& sw = state[w];
            if (sw.stamp != round) {
                sw = {d, round, 0, e};
                heap_push(w, d);
            } else if (sw.heap_pos != kSettled && d < sw.dist) {
                sw.dist = d;
                sw.parent = e;
                heap_decrease(w, d);
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
