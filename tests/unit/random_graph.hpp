#pragma once
// Seeded random road-like graphs for differential tests. MIDLINK_TEST_SEED overrides the seed.
#include <cstdlib>
#include <random>

#include "midlink/graph/road_graph.hpp"

namespace midlink::test {

inline std::uint64_t test_seed(std::uint64_t fallback) {
    const char* env = std::getenv("MIDLINK_TEST_SEED");
    return env ? std::strtoull(env, nullptr, 10) : fallback;
}

/// n nodes, about n*degree arcs with weights in [0, max_weight]; zero weights and
/// parallel arcs included on purpose.
inline graph::RoadGraph random_graph(std::uint32_t n, double degree, Weight max_weight, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<NodeId> node(0, n - 1);
    std::uniform_int_distribution<Weight> weight(0, max_weight);
    const auto m = static_cast<std::size_t>(n * degree);
    std::vector<std::vector<std::pair<NodeId, Weight>>> adj(n);
    for (std::size_t i = 0; i < m; ++i) {
        const NodeId u = node(rng), v = node(rng);
        if (u != v) adj[u].push_back({v, weight(rng)});
    }
    graph::RoadGraph g;
    g.first_out.push_back(0);
    for (NodeId u = 0; u < n; ++u) {
        for (auto [v, w] : adj[u]) {
            g.head.push_back(v);
            g.time_weight.push_back(w);
            g.length_dm.push_back(w * 3 + 1);
            g.edge_class.push_back(RoadClass::Unknown);
            g.edge_flags.push_back(0);
            g.edge_link.push_back(0);
        }
        g.first_out.push_back(static_cast<EdgeId>(g.head.size()));
        g.node_key.push_back(u);
    }
    g.link_geom_first = {0, 0};
    g.links = 1;
    g.strings = {""};
    return g;
}

}  // namespace midlink::test
