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
      m_dist(graph.node_count(), kUnreachable),
      m_parent(graph.node_count(), kInvalidEdge),
      m_stamp(graph.node_count(), 0),
      m_settled_flag(graph.node_count(), 0),
      m_heap_pos(graph.node_count(), 0) {}

void ShortestPathSearch::sift_up(std::uint32_t pos) {
    const HeapEntry entry = m_heap[pos];
    while (pos > 0) {
        const std::uint32_t parent = (pos - 1) / kArity;
        if (!(entry < m_heap[parent])) break;
        m_heap[pos] = m_heap[parent];
        m_heap_pos[m_heap[pos].node] = pos;
        pos = parent;
    }
    m_heap[pos] = entry;
    m_heap_pos[entry.node] = pos;
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
        m_heap_pos[m_heap[pos].node] = pos;
        pos = best;
    }
    m_heap[pos] = entry;
    m_heap_pos[entry.node] = pos;
}

void ShortestPathSearch::heap_push(NodeId v, Weight d) {
    m_heap.push_back({d, v});
    sift_up(static_cast<std::uint32_t>(m_heap.size() - 1));
}

void ShortestPathSearch::heap_decrease(NodeId v, Weight d) {
    const std::uint32_t pos = m_heap_pos[v];
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
        std::fill(m_stamp.begin(), m_stamp.end(), 0);
        std::fill(m_target_stamp.begin(), m_target_stamp.end(), 0);
        m_round = 1;
    }
    std::size_t targets_left = 0;
    if (!targets.empty()) {
        if (m_target_stamp.empty()) m_target_stamp.assign(m_dist.size(), 0);
        for (NodeId t : targets) {
            if (t < m_dist.size() && m_target_stamp[t] != m_round) {
                m_target_stamp[t] = m_round;
                ++targets_left;
            }
        }
        if (targets_left == 0) return;
    }
    m_heap.clear();
    m_settled.clear();
    for (const auto& s : sources) {
        if (s.node >= m_dist.size() || s.initial == kUnreachable) continue;
        if (m_stamp[s.node] != m_round) {
            m_stamp[s.node] = m_round;
            m_settled_flag[s.node] = 0;
            m_dist[s.node] = s.initial;
            m_parent[s.node] = kInvalidEdge;
            heap_push(s.node, s.initial);
        } else if (s.initial < m_dist[s.node]) {
            m_dist[s.node] = s.initial;
            heap_decrease(s.node, s.initial);
        }
    }
    while (!m_heap.empty()) {
        const HeapEntry top = m_heap.front();
        if (top.key > cutoff) break;
        heap_pop();
        const NodeId v = top.node;
        m_settled_flag[v] = 1;
        m_settled.push_back(v);
        if (targets_left > 0 && m_target_stamp[v] == m_round && --targets_left == 0) break;
        const EdgeId end = m_first_out[v + 1];
        for (EdgeId e = m_first_out[v]; e < end; ++e) {
            const NodeId w = m_head[e];
            const std::uint64_t candidate = std::uint64_t{top.key} + m_weight[e];
            if (candidate >= kUnreachable) continue;  // saturate: never wrap around
            const auto d = static_cast<Weight>(candidate);
            if (m_stamp[w] != m_round) {
                m_stamp[w] = m_round;
                m_settled_flag[w] = 0;
                m_dist[w] = d;
                m_parent[w] = e;
                heap_push(w, d);
            } else if (!m_settled_flag[w] && d < m_dist[w]) {
                m_dist[w] = d;
                m_parent[w] = e;
                heap_decrease(w, d);
            }
        }
    }
}

std::vector<EdgeId> ShortestPathSearch::path_edges(NodeId target) const {
    std::vector<EdgeId> edges;
    if (target >= m_dist.size() || distance(target) == kUnreachable) return edges;
    NodeId v = target;
    while (m_parent[v] != kInvalidEdge) {
        const EdgeId e = m_parent[v];
        edges.push_back(e);
        v = m_graph.tail(e);
    }
    std::reverse(edges.begin(), edges.end());
    return edges;
}

}  // namespace midlink::graph
