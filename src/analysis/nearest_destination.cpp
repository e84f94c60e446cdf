#include "midlink/analysis/nearest_destination.hpp"

#include <algorithm>
#include <cstdint>

#include "midlink/graph/reverse_graph.hpp"
#include "midlink/graph/shortest_path.hpp"

namespace midlink::analysis {

NearestDestinationField::NearestDestinationField(const graph::RoadGraph& g,
                                                 std::span<const graph::SnapAnchors> destinations, Weight cutoff)
    : m_graph(g), m_cutoff(cutoff), m_node_cost(g.node_count(), kUnreachable) {
    std::vector<graph::SearchSource> sources;
    for (const auto& d : destinations) {
        if (!d.ok()) continue;
        ++m_used;
        for (std::uint8_t k = 0; k < d.count; ++k) sources.push_back({d.anchors[k].node, d.anchors[k].cost});
        // A node-given destination has no link of its own to share with a point.
        if (d.along != kInvalidEdge || d.against != kInvalidEdge) m_by_link.emplace_back(d.link, d);
    }
    std::stable_sort(m_by_link.begin(), m_by_link.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (sources.empty()) return;

    // Reversed edges: a node settled at cost c can reach some destination's entry node
    // (and then the destination) in c.
    const graph::ReverseIndex reverse(g);
    const graph::RoadGraph backwards = graph::transposed_graph(g, reverse);
    graph::ShortestPathSearch search(backwards, graph::Metric::Time);
    search.run(sources, cutoff);
    for (NodeId v : search.settled()) m_node_cost[v] = search.distance(v);
    m_reached = search.settled().size();
}

Weight NearestDestinationField::cost_from(const graph::SnapAnchors& from) const {
    if (!from.ok()) return kUnreachable;
    std::uint64_t best = kUnreachable;
    for (std::uint8_t k = 0; k < from.count; ++k) {
        const Weight node = m_node_cost[from.anchors[k].node];
        if (node != kUnreachable) best = std::min(best, std::uint64_t{from.anchors[k].cost} + node);
    }
    // Destinations on the point's own link may be reached without passing a node.
    auto it = std::lower_bound(m_by_link.begin(), m_by_link.end(), from.link,
                               [](const auto& entry, LinkId l) { return entry.first < l; });
    for (; it != m_by_link.end() && it->first == from.link; ++it) {
        best = std::min<std::uint64_t>(best, graph::direct_cost(m_graph, graph::Metric::Time, from, it->second));
    }
    if (best > m_cutoff || best >= kUnreachable) return kUnreachable;
    return static_cast<Weight>(best);
}

}  // namespace midlink::analysis
