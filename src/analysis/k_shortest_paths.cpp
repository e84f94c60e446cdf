// Yen's algorithm. Candidates sit in an ordered set keyed by (cost, edge sequence): the
// set removes duplicates (the same path found from two spur nodes) and its first element
// is the next path in the documented total order. Because every spur search returns the
// smallest path of its class in that same order, the i-th accepted path is the i-th
// simple path in the order, ties included.
#include "midlink/analysis/k_shortest_paths.hpp"

#include <algorithm>
#include <set>

#include "restricted_search.hpp"

namespace midlink::analysis {

std::vector<CostedPath> k_shortest_paths(const graph::RoadGraph& g, graph::Metric metric, NodeId from, NodeId to,
                                         std::uint32_t k) {
    std::vector<CostedPath> accepted;
    if (k == 0 || from >= g.node_count() || to >= g.node_count()) return accepted;
    if (from == to) {
        accepted.push_back({});
        return accepted;
    }
    const detail::ReverseIndex reverse(g);
    detail::RestrictedSearch search(g, metric, reverse);
    detail::BanMask bans(g.node_count(), g.edge_count());
    auto first = search.shortest(from, to, bans);
    if (!first) return accepted;
    accepted.push_back(std::move(*first));

    const auto& weight = g.weights(metric);
    std::set<CostedPath> candidates;
    std::vector<NodeId> nodes;
    while (accepted.size() < k) {
        const CostedPath& last = accepted.back();
        nodes.assign(1, from);
        for (EdgeId e : last.edges) nodes.push_back(g.head[e]);
        std::uint64_t root_cost = 0;
        for (std::size_t i = 0; i < last.edges.size(); ++i) {
            bans.clear();
            // Paths already taken that share this root leave the spur node by their own
            // next edge; banning those edges forces a new deviation.
            for (const CostedPath& p : accepted) {
                if (p.edges.size() > i && std::equal(last.edges.begin(), last.edges.begin() + static_cast<long>(i),
                                                     p.edges.begin())) {
                    bans.ban_edge(p.edges[i]);
                }
            }
            for (std::size_t j = 0; j < i; ++j) bans.ban_node(nodes[j]);  // keeps the result loopless
            if (auto spur = search.shortest(nodes[i], to, bans)) {
                CostedPath candidate;
                candidate.edges.assign(last.edges.begin(), last.edges.begin() + static_cast<long>(i));
                candidate.edges.insert(candidate.edges.end(), spur->edges.begin(), spur->edges.end());
                candidate.cost = root_cost + spur->cost;
                candidates.insert(std::move(candidate));
                // Only the cheapest k - |accepted| candidates can still be chosen.
                while (candidates.size() > k - accepted.size()) candidates.erase(std::prev(candidates.end()));
            }
            root_cost += weight[last.edges[i]];
        }
        if (candidates.empty()) break;
        accepted.push_back(std::move(candidates.extract(candidates.begin()).value()));
    }
    return accepted;
}

}  // namespace midlink::analysis
