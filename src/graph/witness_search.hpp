#pragma once
// The witness search of the contraction (contraction_hierarchy.cpp): a bounded Dijkstra
// among the nodes not yet contracted that looks for a path at least as short as the one
// through the node being contracted. One per thread.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "adjacency_arena.hpp"
#include "midlink/core/ids.hpp"
#include "midlink/graph/contraction_hierarchy.hpp"

namespace midlink::graph {

struct ContractionArc {
    NodeId other;
    Weight w;
    NodeId middle = kNoMiddle;  // node contracted to make this shortcut; kNoMiddle: an original arc
    std::uint32_t hops = 1;     // original edges it stands for (the hop quotient of the priority)
};

using ContractionAdjacency = AdjacencyArena<ContractionArc>;

// It stops at the cost limit, after `settle_limit` nodes, or once every target is settled.
// The order of the arcs in a list does not change what it finds: the heap pops by
// (distance, node id).
class WitnessSearch {
public:
    explicit WitnessSearch(std::size_t n) : m_dist(n, 0), m_stamp(n, 0), m_target(n, 0) {}

    void run(const ContractionAdjacency& out, NodeId source, NodeId avoid, std::uint64_t limit, std::size_t settle_limit,
             std::span<const ContractionArc> targets) {
        ++m_round;
        std::size_t targets_left = 0;
        for (const auto& t : targets) {
            if (t.other != source && m_target[t.other] != m_round) {
                m_target[t.other] = m_round;
                ++targets_left;
            }
        }
        m_heap.clear();
        set(source, 0);
        push(0, source);
        std::size_t settled = 0;
        while (!m_heap.empty() && targets_left > 0) {
            std::pop_heap(m_heap.begin(), m_heap.end(), std::greater<>());
            const auto [d, v] = m_heap.back();
            m_heap.pop_back();
            if (d != m_dist[v]) continue;
            if (d > limit || ++settled > settle_limit) break;
            if (m_target[v] == m_round) {
                m_target[v] = 0;
                --targets_left;
            }
            for (const auto& a : out.items(v)) {
                if (a.other == avoid) continue;
                const std::uint64_t c = d + a.w;
                if (c > limit) continue;
                if (m_stamp[a.other] != m_round || c < m_dist[a.other]) {
                    set(a.other, c);
                    push(c, a.other);
                }
            }
        }
        for (const auto& t : targets) m_target[t.other] = 0;
    }
    [[nodiscard]] std::uint64_t distance(NodeId v) const {
        return m_stamp[v] == m_round ? m_dist[v] : std::numeric_limits<std::uint64_t>::max();
    }

private:
    void set(NodeId v, std::uint64_t d) {
        m_stamp[v] = m_round;
        m_dist[v] = d;
    }
    void push(std::uint64_t d, NodeId v) {
        m_heap.push_back({d, v});
        std::push_heap(m_heap.begin(), m_heap.end(), std::greater<>());
    }
    std::vector<std::uint64_t> m_dist;
    std::vector<std::uint32_t> m_stamp, m_target;
    std::uint32_t m_round = 0;
    std::vector<std::pair<std::uint64_t, NodeId>> m_heap;
};

}  // namespace midlink::graph
