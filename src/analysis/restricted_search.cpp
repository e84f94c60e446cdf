#include "restricted_search.hpp"

#include <algorithm>
#include <cassert>

namespace midlink::analysis::detail {

void BanMask::clear() {
    if (++m_round == 0) {  // wrapped: forget everything once
        std::fill(m_node.begin(), m_node.end(), 0);
        std::fill(m_edge.begin(), m_edge.end(), 0);
        m_round = 1;
    }
}

RestrictedSearch::RestrictedSearch(const graph::RoadGraph& g, graph::Metric metric, const ReverseIndex& reverse)
    : m_graph(g),
      m_weight(g.weights(metric)),
      m_reverse(reverse),
      m_to_target(g.node_count(), 0),
      m_stamp(g.node_count(), 0),
      m_walked(g.node_count(), 0),
      m_probe(g.node_count(), 0) {}

std::optional<CostedPath> RestrictedSearch::shortest(NodeId source, NodeId target, const BanMask& bans) {
    if (bans.node_banned(source) || bans.node_banned(target)) return std::nullopt;
    if (m_round >= 0xFFFFFFF0u) {
        std::fill(m_stamp.begin(), m_stamp.end(), 0);
        std::fill(m_walked.begin(), m_walked.end(), 0);
        m_round = 0;
    }
    m_round += 2;
    const std::uint32_t queued = m_round, done = m_round + 1;
    m_heap = {};
    m_to_target[target] = 0;
    m_stamp[target] = queued;
    m_heap.push({0, target});
    // Backwards from the target. Every node whose cost-to-target is at most the source's
    // must be final before the forward walk, hence the stop only once the heap passes it.
    std::uint64_t source_cost = UINT64_MAX;
    while (!m_heap.empty()) {
        const auto [d, v] = m_heap.top();
        if (d > source_cost) break;
        m_heap.pop();
        if (m_stamp[v] == done || d != m_to_target[v]) continue;
        m_stamp[v] = done;
        if (v == source) source_cost = d;
        for (EdgeId i = m_reverse.first_in[v]; i < m_reverse.first_in[v + 1]; ++i) {
            const EdgeId e = m_reverse.in_edge[i];
            const NodeId u = m_reverse.tail[e];
            if (bans.edge_banned(e) || bans.node_banned(u) || m_stamp[u] == done) continue;
            const std::uint64_t c = d + m_weight[e];
            if (m_stamp[u] != queued || c < m_to_target[u]) {
                m_stamp[u] = queued;
                m_to_target[u] = c;
                m_heap.push({c, u});
            }
        }
    }
    if (!settled(source)) return std::nullopt;

    // Forwards: the smallest edge id that keeps the walk on a shortest simple path.
    CostedPath path;
    path.cost = m_to_target[source];
    NodeId v = source;
    m_walked[v] = m_round;
    while (v != target) {
        EdgeId chosen = kInvalidEdge;
        for (EdgeId e = m_graph.first_out[v]; e < m_graph.first_out[v + 1]; ++e) {
            const NodeId w = m_graph.head[e];
            if (bans.edge_banned(e) || !settled(w) || m_walked[w] == m_round) continue;
            if (m_to_target[w] + m_weight[e] != m_to_target[v]) continue;
            if (m_weight[e] == 0 && !plateau_escapes(w, target, bans)) continue;
            chosen = e;
            break;
        }
        assert(chosen != kInvalidEdge);  // a shortest path exists and a simple one among them
        path.edges.push_back(chosen);
        v = m_graph.head[chosen];
        m_walked[v] = m_round;
    }
    return path;
}

bool RestrictedSearch::plateau_escapes(NodeId w, NodeId target, const BanMask& bans) {
    if (++m_probe_round == 0) {
        std::fill(m_probe.begin(), m_probe.end(), 0);
        m_probe_round = 1;
    }
    m_stack.clear();
    m_stack.push_back(w);
    m_probe[w] = m_probe_round;
    while (!m_stack.empty()) {
        const NodeId x = m_stack.back();
        m_stack.pop_back();
        if (x == target) return true;
        for (EdgeId e = m_graph.first_out[x]; e < m_graph.first_out[x + 1]; ++e) {
            const NodeId y = m_graph.head[e];
            if (bans.edge_banned(e) || !settled(y) || m_to_target[y] + m_weight[e] != m_to_target[x]) continue;
            if (m_weight[e] > 0) return true;  // strictly below every walked node: free to finish
            if (m_walked[y] == m_round || m_probe[y] == m_probe_round) continue;
            m_probe[y] = m_probe_round;
            m_stack.push_back(y);
        }
    }
    return false;
}

}  // namespace midlink::analysis::detail
