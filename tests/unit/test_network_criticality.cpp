// Network-wide closure impact against a brute force: Boost.Graph Dijkstra on a copy of the
// graph without the closed road, summed over the demand by hand.
#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <random>

#include "midlink/analysis/link_criticality.hpp"
#include "midlink/analysis/network_criticality.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::analysis;

namespace {
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                         boost::property<boost::edge_weight_t, double>>;

/// Costs from `source` with every edge of `closed_road` left out (closed_road = -1: none).
std::vector<double> boost_costs(const graph::RoadGraph& g, const PhysicalRoads& roads, NodeId source,
                                std::int64_t closed_road) {
    BoostGraph b(g.node_count());
    for (NodeId u = 0; u < g.node_count(); ++u)
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e)
            if (std::int64_t(roads.of_edge[e]) != closed_road) boost::add_edge(u, g.head[e], double(g.time_weight[e]), b);
    std::vector<double> dist(g.node_count());
    boost::dijkstra_shortest_paths(b, source, boost::distance_map(dist.data()));
    return dist;
}

graph::RoadGraph random_road_graph(std::uint64_t seed) {
    auto g = test::random_graph(60, 3.0, 50, seed);
    g.time_unit_s = 1.0;
    // Each edge its own physical link, so each is its own road.
    for (EdgeId e = 0; e < g.edge_count(); ++e) g.edge_link[e] = e;
    g.links = g.edge_count();
    g.link_geom_first.assign(g.links + 1, 0);
    return g;
}
}  // namespace

TEST(NetworkCriticality, MatchesBruteForceOnRandomGraphs) {
    for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
        const auto g = random_road_graph(test::test_seed(seed));
        const auto roads = physical_roads(g);
        std::mt19937_64 rng(seed);
        std::uniform_int_distribution<NodeId> node(0, g.node_count() - 1);
        std::uniform_real_distribution<double> weight(0.5, 3.0);
        std::vector<OdPairWeight> demand;
        for (int i = 0; i < 80; ++i) demand.push_back({node(rng), node(rng), weight(rng)});
        std::vector<EdgeId> candidates;
        for (EdgeId e = 0; e < g.edge_count(); e += 7) candidates.push_back(e);

        const auto got = network_criticality(g, graph::Metric::Time, demand, candidates);
        ASSERT_EQ(got.size(), candidates.size());
        const double inf = std::numeric_limits<double>::max();
        for (std::size_t c = 0; c < candidates.size(); ++c) {
            double increase = 0, cut = 0, base_total = 0;
            std::uint64_t affected = 0;
            for (const auto& d : demand) {
                if (d.origin == d.destination) continue;
                const double before = boost_costs(g, roads, d.origin, -1)[d.destination];
                if (before == inf) continue;
                base_total += d.weight * before;
                const double after = boost_costs(g, roads, d.origin, roads.of_edge[candidates[c]])[d.destination];
                if (after == inf) {
                    cut += d.weight;
                    ++affected;
                } else if (after > before) {
                    increase += d.weight * (after - before);
                    ++affected;
                }
            }
            EXPECT_NEAR(got[c].weighted_increase, increase, 1e-6 * (1 + increase)) << "seed " << seed << " edge " << candidates[c];
            EXPECT_NEAR(got[c].disconnected_demand, cut, 1e-9) << "seed " << seed;
            EXPECT_EQ(got[c].pairs_affected, affected) << "seed " << seed;
            EXPECT_NEAR(got[c].base_weighted_cost, base_total, 1e-6 * base_total);
        }
    }
}

TEST(NetworkCriticality, ABridgeDisconnectsAndAnUnusedRoadCostsNothing) {
    // 0 -> 1 -> 2, plus a slow 0 -> 2 bypass; 2 -> 3 is the only way to 3.
    graph::RoadGraph g;
    g.time_unit_s = 1.0;
    g.first_out = {0, 2, 3, 4, 4};
    g.head = {1, 2, 2, 3};
    g.time_weight = {1, 10, 1, 5};
    g.length_dm = {1, 1, 1, 1};
    g.edge_class.assign(4, RoadClass::Unknown);
    g.edge_flags.assign(4, 0);
    g.edge_link = {0, 1, 2, 3};
    g.links = 4;
    g.link_geom_first.assign(5, 0);
    g.node_key = {0, 1, 2, 3};
    const std::vector<OdPairWeight> demand{{0, 2, 2.0}, {0, 3, 1.0}};
    const std::vector<EdgeId> candidates{0, 1, 3};
    const auto got = network_criticality(g, graph::Metric::Time, demand, candidates);
    // Closing 0->1: both trips take the bypass, 8 s longer each: 2*8 + 1*8.
    EXPECT_DOUBLE_EQ(got[0].weighted_increase, 24.0);
    EXPECT_EQ(got[0].pairs_affected, 2u);
    // The bypass is on no chosen path: nothing searched, nothing lost.
    EXPECT_DOUBLE_EQ(got[1].weighted_increase, 0.0);
    EXPECT_EQ(got[1].origins_searched, 0u);
    // 2->3 is a bridge for the trip to 3.
    EXPECT_DOUBLE_EQ(got[2].disconnected_demand, 1.0);
    EXPECT_DOUBLE_EQ(got[2].weighted_increase, 0.0);
    EXPECT_DOUBLE_EQ(got[0].base_weighted_cost, 2.0 * 2 + 1.0 * 7);
}
