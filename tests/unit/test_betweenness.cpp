// Brandes betweenness against Boost.Graph's brandes_betweenness_centrality (directed,
// weighted, unnormalised), sampling, OD weighting and thread-count independence.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <random>

#include "midlink/analysis/betweenness.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::analysis;
using graph::Metric;
using graph::RoadGraph;

namespace {

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                         boost::property<boost::edge_weight_t, double,
                                                         boost::property<boost::edge_index_t, std::size_t>>>;

/// Positive weights: Boost's Brandes counts equal-distance predecessors in relaxation
/// order, which is only well defined when every edge costs something.
RoadGraph positive_random_graph(std::uint32_t n, double degree, Weight max_weight, std::uint64_t seed) {
    auto g = test::random_graph(n, degree, max_weight, seed);
    for (auto& w : g.time_weight) w += 1;
    return g;
}

struct BoostResult {
    std::vector<double> node, edge;
};

BoostResult boost_betweenness(const RoadGraph& g, Metric m) {
    BoostGraph b(g.node_count());
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            boost::add_edge(u, g.head[e], BoostGraph::edge_property_type(g.weights(m)[e], e), b);
        }
    }
    BoostResult r{std::vector<double>(g.node_count(), 0.0), std::vector<double>(g.edge_count(), 0.0)};
    boost::brandes_betweenness_centrality(
        b, boost::centrality_map(boost::make_iterator_property_map(r.node.begin(), boost::get(boost::vertex_index, b)))
               .edge_centrality_map(boost::make_iterator_property_map(r.edge.begin(), boost::get(boost::edge_index, b)))
               .weight_map(boost::get(boost::edge_weight, b)));
    return r;
}

void expect_near_all(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_NEAR(a[i], b[i], 1e-9 * std::max(1.0, std::abs(b[i]))) << what << " " << i;
    }
}

}  // namespace

TEST(BetweennessDifferential, EqualsBoostBrandesOnRandomGraphs) {
    const auto seed = test::test_seed(31337);
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 8; ++round) {
        // Small weight ranges give many equal-cost paths (sigma > 1); parallel arcs included.
        const auto g = positive_random_graph(40 + 30 * round, 1.5 + 0.5 * (round % 4), round % 2 ? 4 : 1000, rng());
        for (Metric m : {Metric::Time, Metric::Distance}) {
            const auto ours = betweenness(g, {m, 0, 1});
            const auto theirs = boost_betweenness(g, m);
            EXPECT_FALSE(ours.sampled);
            EXPECT_EQ(ours.sources, g.node_count());
            expect_near_all(ours.node, theirs.node, "node (seed " + std::to_string(seed) + ")");
            expect_near_all(ours.edge, theirs.edge, "edge (seed " + std::to_string(seed) + ")");
        }
    }
}

TEST(Betweenness, SampledWithAllNodesEqualsExactAndIsScaledOtherwise) {
    const auto g = positive_random_graph(300, 3, 50, test::test_seed(5));
    const auto exact = betweenness(g, {Metric::Time, 0, 1});
    const auto all = betweenness(g, {Metric::Time, g.node_count(), 9});
    EXPECT_EQ(all.node, exact.node);
    EXPECT_EQ(all.edge, exact.edge);

    const auto sampled = betweenness(g, {Metric::Time, 60, 9});
    EXPECT_TRUE(sampled.sampled);
    EXPECT_EQ(sampled.sources, 60u);
    EXPECT_EQ(sampled.seed, 9u);
    EXPECT_DOUBLE_EQ(sampled.scale, 5.0);
    // The sample is reproducible, distinct and sorted; another seed gives another one.
    const auto s1 = sample_sources(300, 60, 9), s2 = sample_sources(300, 60, 9), s3 = sample_sources(300, 60, 10);
    EXPECT_EQ(s1, s2);
    EXPECT_NE(s1, s3);
    EXPECT_TRUE(std::adjacent_find(s1.begin(), s1.end(), std::greater_equal<>()) == s1.end());
    // Scaled sample of a single-source run: the unit sums times n / k.
    double total_exact = 0, total_sampled = 0;
    for (double x : exact.edge) total_exact += x;
    for (double x : sampled.edge) total_sampled += x;
    EXPECT_GT(total_sampled, 0.5 * total_exact);  // an estimate of the same magnitude
    EXPECT_LT(total_sampled, 2.0 * total_exact);
}

TEST(Betweenness, IdenticalForOneAndTwoThreads) {
    const auto g = positive_random_graph(500, 3, 8, test::test_seed(12));
    BetweennessResult one, two, od_one, od_two;
    std::vector<OdPairWeight> od;
    for (NodeId o = 0; o < 500; o += 7) {
        for (NodeId d = 3; d < 500; d += 11) od.push_back({o, d, 0.5 + (o * 31 + d) % 13});
    }
    tbb::task_arena(1).execute([&] {
        one = betweenness(g, {Metric::Time, 0, 1});
        od_one = od_betweenness(g, Metric::Time, od);
    });
    tbb::task_arena(2).execute([&] {
        two = betweenness(g, {Metric::Time, 0, 1});
        od_two = od_betweenness(g, Metric::Time, od);
    });
    EXPECT_EQ(one.node, two.node);  // bit-identical, not just close
    EXPECT_EQ(one.edge, two.edge);
    EXPECT_EQ(od_one.edge, od_two.edge);
    EXPECT_EQ(od_one.node, od_two.node);
}

// OD weighting: unit demand between every ordered pair is exact betweenness; a single
// pair's weight is split equally over its equal-cost paths.
TEST(Betweenness, OdWeightedSplitsDemandLikeSigma) {
    const auto g = positive_random_graph(120, 3, 3, test::test_seed(8));
    std::vector<OdPairWeight> all_pairs;
    for (NodeId o = 0; o < g.node_count(); ++o) {
        for (NodeId d = 0; d < g.node_count(); ++d) all_pairs.push_back({o, d, 1.0});
    }
    const auto od = od_betweenness(g, Metric::Time, all_pairs);
    const auto exact = betweenness(g, {Metric::Time, 0, 1});
    expect_near_all(od.edge, exact.edge, "edge");
    expect_near_all(od.node, exact.node, "node");

    // Diamond with a parallel arc: 0->1 (e0, w1), 0->1 (e1, w1), 0->2 (e2, w1), 1->3 (e3, w1),
    // 2->3 (e4, w1): three shortest paths 0-3; 0->3 demand 6 puts 2 on each.
    RoadGraph d;
    d.first_out = {0, 3, 4, 5, 5};
    d.head = {1, 1, 2, 3, 3};
    d.time_weight = {1, 1, 1, 1, 1};
    d.length_dm = d.time_weight;
    d.edge_class.assign(5, RoadClass::Unknown);
    d.edge_flags.assign(5, 0);
    d.edge_link = {0, 1, 2, 3, 4};
    const std::vector<OdPairWeight> one{{0, 3, 6.0}, {3, 0, 5.0}};
    const auto r = od_betweenness(d, Metric::Time, one);
    EXPECT_EQ(r.edge, (std::vector<double>{2, 2, 2, 4, 2}));
    EXPECT_EQ(r.node, (std::vector<double>{0, 4, 2, 0}));
    EXPECT_EQ(r.unreachable_pairs, 1u);
    EXPECT_EQ(r.unreachable_weight, 5.0);
    EXPECT_EQ(r.sources, 2u);
}

// Zero-weight edges (allowed in road graphs) give finite, conserved flows.
TEST(Betweenness, ZeroWeightEdgesStayFinite) {
    const auto g = test::random_graph(200, 3, 3, test::test_seed(21));  // many zero weights
    const auto r = betweenness(g, {Metric::Time, 0, 1});
    for (double x : r.edge) ASSERT_TRUE(std::isfinite(x) && x >= 0);
    for (double x : r.node) ASSERT_TRUE(std::isfinite(x) && x >= 0);
}
