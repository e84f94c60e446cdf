#pragma once
// A plain Dijkstra for the alternative-route analyses (Yen's k shortest paths, disjoint
// alternatives, link removal). It differs from graph::ShortestPathSearch in two ways that
// those analyses need and the accessibility hot loop must not pay for:
//  - it honours a ban mask on nodes and edges, changed between runs;
//  - among equal-cost paths it returns the lexicographically smallest edge sequence, so
//    Yen's candidates, and therefore its output, have one defined order.
// It searches backwards from the target (giving every node its cost to the target), then
// walks forwards from the source taking the smallest edge id that stays on a shortest path.
#include <cstdint>
#include <optional>
#include <queue>
#include <vector>

#include "midlink/analysis/k_shortest_paths.hpp"
#include "midlink/graph/reverse_graph.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::analysis::detail {

/// Incoming edges per node; shared with the graph layer's transposed graph.
using ReverseIndex = graph::ReverseIndex;

/// Banned nodes and edges, cleared in O(1) by advancing a stamp.
class BanMask {
public:
    BanMask(std::uint32_t nodes, std::uint32_t edges) : m_node(nodes, 0), m_edge(edges, 0) {}
    void clear();
    void ban_node(NodeId v) { m_node[v] = m_round; }
    void ban_edge(EdgeId e) { m_edge[e] = m_round; }
    [[nodiscard]] bool node_banned(NodeId v) const { return m_node[v] == m_round; }
    [[nodiscard]] bool edge_banned(EdgeId e) const { return m_edge[e] == m_round; }

private:
    std::vector<std::uint32_t> m_node;
    std::vector<std::uint32_t> m_edge;
    std::uint32_t m_round = 1;
};

class RestrictedSearch {
public:
    RestrictedSearch(const graph::RoadGraph& g, graph::Metric metric, const ReverseIndex& reverse);

    /// The cheapest path from `source` to `target` avoiding banned nodes and edges, the
    /// lexicographically smallest edge sequence among equal costs; nullopt if none.
    /// `source` == `target` gives the empty path.
    std::optional<CostedPath> shortest(NodeId source, NodeId target, const BanMask& bans);

private:
    bool settled(NodeId v) const { return m_stamp[v] == m_round + 1; }
    /// From w (reached by a zero-cost edge), can a shortest path reach the target without
    /// revisiting a node of the walk? Only the zero-cost plateau around w needs checking:
    /// any positive edge leads to a strictly lower cost-to-target than every walked node.
    bool plateau_escapes(NodeId w, NodeId target, const BanMask& bans);

    const graph::RoadGraph& m_graph;
    const std::vector<Weight>& m_weight;
    const ReverseIndex& m_reverse;
    std::vector<std::uint64_t> m_to_target;
    std::vector<std::uint32_t> m_stamp;    // m_round: queued, m_round + 1: settled
    std::vector<std::uint32_t> m_walked;   // == m_round: on the forward walk
    std::vector<std::uint32_t> m_probe;    // plateau search marks
    std::uint32_t m_probe_round = 0;
    std::uint32_t m_round = 0;
    using Entry = std::pair<std::uint64_t, NodeId>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_heap;
    std::vector<NodeId> m_stack;
};

}  // namespace midlink::analysis::detail
