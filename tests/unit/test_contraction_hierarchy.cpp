#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <random>

#include "midlink/graph/contraction_hierarchy.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::graph;

namespace {
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                         boost::property<boost::edge_weight_t, std::uint64_t>>;
constexpr auto kInf = std::numeric_limits<std::uint64_t>::max();

// Multi-source with initial costs = one virtual source with an arc of that cost to each.
std::vector<std::uint64_t> boost_distances(const RoadGraph& g, Metric m, std::span<const SearchSource> sources) {
    const NodeId n = g.node_count();
    BoostGraph b(n + 1);
    const auto& w = g.weights(m);
    for (NodeId u = 0; u < n; ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) boost::add_edge(u, g.head[e], w[e], b);
    }
    for (const auto& s : sources) boost::add_edge(n, s.node, s.initial, b);
    std::vector<std::uint64_t> d(n + 1);
    boost::dijkstra_shortest_paths(b, n, boost::distance_map(d.data()).distance_inf(kInf).distance_zero(0));
    d.pop_back();
    return d;
}
}  // namespace

// PHAST through the hierarchy must give Boost.Graph Dijkstra's distance to every node, on
// random graphs with zero weights, parallel arcs and unreachable parts, for single and
// double (snapped) sources, and for a search object reused across sources.
TEST(ContractionHierarchyDifferential, PhastAgreesWithBoostDijkstra) {
    const auto seed = test::test_seed(20261129);
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 8; ++round) {
        const auto n = static_cast<std::uint32_t>(50 + round * 120);
        const auto g = test::random_graph(n, 1.2 + round * 0.25, round % 2 ? 5000 : 15, rng());
        for (Metric metric : {Metric::Time, Metric::Distance}) {
            ContractionOptions opt;
            opt.witness_settle_limit = round < 2 ? 3 : 500;  // a tiny limit: more shortcuts, same answers
            const auto ch = build_contraction_hierarchy(g, metric, opt);
            ASSERT_EQ(ch.node_count(), n);
            PhastSearch phast(ch);
            for (int k = 0; k < 10; ++k) {
                std::vector<SearchSource> sources{{static_cast<NodeId>(rng() % n), static_cast<Weight>(rng() % 50)}};
                if (k % 2) sources.push_back({static_cast<NodeId>(rng() % n), static_cast<Weight>(rng() % 50)});
                const auto expected = boost_distances(g, metric, sources);
                phast.run(sources);
                for (NodeId v = 0; v < n; ++v) {
                    const Weight want = expected[v] == kInf ? kUnreachable : static_cast<Weight>(expected[v]);
                    ASSERT_EQ(phast.distance(v), want) << "seed " << seed << " round " << round << " node " << v;
                }
            }
        }
    }
}

TEST(ContractionHierarchy, LayoutIsAPermutationAndArcsPointUpTheHierarchy) {
    const auto g = test::random_graph(300, 2.5, 100, test::test_seed(5));
    const auto ch = build_contraction_hierarchy(g, Metric::Time);
    std::vector<int> seen(300, 0);
    for (std::uint32_t p = 0; p < 300; ++p) {
        ASSERT_EQ(ch.position_of[ch.node_at[p]], p);
        ++seen[ch.node_at[p]];
        for (auto e = ch.up_first[p]; e < ch.up_first[p + 1]; ++e) EXPECT_LT(ch.up_head[e], p);
        for (auto e = ch.down_first[p]; e < ch.down_first[p + 1]; ++e) EXPECT_LT(ch.down_tail[e], p);
    }
    for (int s : seen) EXPECT_EQ(s, 1);
    // Deterministic: building again gives the same hierarchy.
    const auto again = build_contraction_hierarchy(g, Metric::Time);
    EXPECT_EQ(again.node_at, ch.node_at);
    EXPECT_EQ(again.down_tail, ch.down_tail);
    EXPECT_EQ(again.down_weight, ch.down_weight);
}

// Parts of the builder run in parallel (priorities, witness searches); the hierarchy must be
// the same for any number of threads.
TEST(ContractionHierarchy, SameHierarchyForAnyThreadCount) {
    // Big enough that the late, dense contractions take the parallel paths (12+ neighbours,
    // 6+ incoming arcs), small enough for the sanitizer build.
    const auto g = test::random_graph(1500, 3.0, 1000, test::test_seed(14));
    auto build = [&](int threads) {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
        tbb::task_arena arena(threads);
        return arena.execute([&] { return build_contraction_hierarchy(g, Metric::Time); });
    };
    const auto one = build(1);
    EXPECT_GT(one.shortcuts, 0U);
    for (int threads : {2, 4}) {
        const auto many = build(threads);
        EXPECT_EQ(many.node_at, one.node_at) << threads << " threads";
        EXPECT_EQ(many.up_first, one.up_first) << threads << " threads";
        EXPECT_EQ(many.up_head, one.up_head) << threads << " threads";
        EXPECT_EQ(many.up_weight, one.up_weight) << threads << " threads";
        EXPECT_EQ(many.up_middle, one.up_middle) << threads << " threads";
        EXPECT_EQ(many.down_first, one.down_first) << threads << " threads";
        EXPECT_EQ(many.down_tail, one.down_tail) << threads << " threads";
        EXPECT_EQ(many.down_weight, one.down_weight) << threads << " threads";
        EXPECT_EQ(many.down_middle, one.down_middle) << threads << " threads";
        EXPECT_EQ(many.shortcuts, one.shortcuts) << threads << " threads";
    }
}
