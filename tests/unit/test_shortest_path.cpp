#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/strong_components.hpp>
#include <random>

#include "midlink/graph/components.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::graph;

namespace {
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                         boost::property<boost::edge_weight_t, std::uint64_t>>;

BoostGraph to_boost(const RoadGraph& g, Metric m) {
    BoostGraph b(g.node_count());
    const auto& w = g.weights(m);
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) boost::add_edge(u, g.head[e], w[e], b);
    }
    return b;
}

std::vector<std::uint64_t> boost_distances(const BoostGraph& b, NodeId s) {
    std::vector<std::uint64_t> d(boost::num_vertices(b));
    boost::dijkstra_shortest_paths(b, s,
                                   boost::distance_map(d.data())
                                       .distance_inf(std::numeric_limits<std::uint64_t>::max())
                                       .distance_zero(0));
    return d;
}
}  // namespace

// The fast search must agree with Boost.Graph's Dijkstra on every node of random graphs.
TEST(ShortestPathDifferential, AgreesWithBoostDijkstra) {
    const auto seed = test::test_seed(20261128);
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 6; ++round) {
        const auto n = static_cast<std::uint32_t>(200 + round * 300);
        const auto g = test::random_graph(n, 1.5 + round * 0.5, round % 2 ? 1000 : 20, rng());
        for (Metric metric : {Metric::Time, Metric::Distance}) {
            const auto b = to_boost(g, metric);
            ShortestPathSearch search(g, metric);  // reused across sources on purpose
            for (int k = 0; k < 8; ++k) {
                const NodeId s = static_cast<NodeId>(rng() % n);
                const auto expected = boost_distances(b, s);
                search.run(s);
                for (NodeId v = 0; v < n; ++v) {
                    const bool reachable = expected[v] != std::numeric_limits<std::uint64_t>::max();
                    ASSERT_EQ(search.distance(v) != kUnreachable, reachable) << "seed " << seed << " node " << v;
                    if (reachable) {
                        ASSERT_EQ(search.distance(v), expected[v]) << "seed " << seed << " node " << v;
                    }
                }
                // The path's edges add up to the distance.
                const NodeId t = static_cast<NodeId>(rng() % n);
                if (search.distance(t) != kUnreachable) {
                    std::uint64_t sum = 0;
                    NodeId at = s;
                    for (EdgeId e : search.path_edges(t)) {
                        ASSERT_EQ(g.tail(e), at);
                        sum += g.weights(metric)[e];
                        at = g.head[e];
                    }
                    EXPECT_EQ(at, t);
                    EXPECT_EQ(sum, search.distance(t));
                }
            }
        }
    }
}

TEST(ShortestPath, CutoffStopsTheSearchAndLeavesFartherNodesUnreached) {
    const auto g = test::random_graph(500, 3, 100, 7);
    ShortestPathSearch full(g, Metric::Time), cut(g, Metric::Time);
    full.run(0);
    cut.run(0, 150);
    for (NodeId v = 0; v < g.node_count(); ++v) {
        if (full.distance(v) <= 150) {
            EXPECT_EQ(cut.distance(v), full.distance(v));
        } else {
            EXPECT_EQ(cut.distance(v), kUnreachable);
        }
    }
}

// Two equal-cost paths 0->1->3 and 0->2->3: the one through the smaller node id wins,
// whatever order the edges were inserted in.
TEST(ShortestPath, TiesAreResolvedDeterministically) {
    for (bool swap : {false, true}) {
        RoadGraph g;
        g.first_out = {0, 2, 3, 4, 4};
        g.head = swap ? std::vector<NodeId>{2, 1, 3, 3} : std::vector<NodeId>{1, 2, 3, 3};
        g.time_weight = {5, 5, 5, 5};
        g.length_dm = g.time_weight;
        g.edge_class.assign(4, RoadClass::Unknown);
        g.edge_flags.assign(4, 0);
        g.edge_link.assign(4, 0);
        ShortestPathSearch s(g, Metric::Time);
        s.run(0);
        const auto path = s.path_edges(3);
        ASSERT_EQ(path.size(), 2u);
        EXPECT_EQ(g.tail(path[1]), 1u);
    }
}

TEST(ShortestPath, MultiSourceWithInitialCostsAndTargetStop) {
    const auto g = test::random_graph(300, 3, 50, 11);
    ShortestPathSearch multi(g, Metric::Time), a(g, Metric::Time), b(g, Metric::Time);
    const std::vector<SearchSource> sources = {{3, 40}, {17, 0}};
    multi.run(sources);
    a.run(3);
    b.run(17);
    for (NodeId v = 0; v < g.node_count(); ++v) {
        const std::uint64_t da = a.distance(v) == kUnreachable ? UINT64_MAX : a.distance(v) + 40ull;
        const std::uint64_t db = b.distance(v) == kUnreachable ? UINT64_MAX : b.distance(v);
        const std::uint64_t best = std::min(da, db);
        if (best == UINT64_MAX) {
            EXPECT_EQ(multi.distance(v), kUnreachable);
        } else {
            EXPECT_EQ(multi.distance(v), best);
        }
    }
    const NodeId target = 123;
    ShortestPathSearch stop(g, Metric::Time);
    stop.run(17, kUnreachable, target);
    EXPECT_EQ(stop.distance(target), b.distance(target));
    EXPECT_LE(stop.settled().size(), b.settled().size());
}

TEST(Components, AgreeWithBoostStrongComponents) {
    const auto seed = test::test_seed(99);
    for (int round = 0; round < 5; ++round) {
        const auto g = test::random_graph(400, 1.0 + 0.3 * round, 10, seed + round);
        const auto ours = strongly_connected_components(g.first_out, g.head);
        BoostGraph b = to_boost(g, Metric::Time);
        std::vector<int> theirs(g.node_count());
        const int count = boost::strong_components(b, theirs.data());
        ASSERT_EQ(static_cast<int>(ours.size.size()), count);
        // Same partition: nodes share a component in ours iff they do in Boost's.
        std::map<int, std::uint32_t> mapping;
        for (NodeId v = 0; v < g.node_count(); ++v) {
            auto [it, inserted] = mapping.emplace(theirs[v], ours.component[v]);
            EXPECT_EQ(it->second, ours.component[v]);
        }
        for (std::size_t i = 1; i < ours.size.size(); ++i) EXPECT_GE(ours.size[i - 1], ours.size[i]);
    }
}

#include <queue>

#include "midlink/graph/radix_heap.hpp"

// The radix heap pops keys in the same non-decreasing sequence as a binary heap under
// Dijkstra-like use (pushes never below the last popped key).
TEST(RadixHeap, PopsTheSameKeysAsAPriorityQueue) {
    std::mt19937_64 rng(test::test_seed(5));
    RadixHeap<std::uint32_t> radix;
    std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> reference;
    std::uint32_t last = 0;
    for (int step = 0; step < 200000; ++step) {
        if (reference.empty() || rng() % 3 != 0) {
            const std::uint32_t key = last + static_cast<std::uint32_t>(rng() % (rng() % 2 ? 10 : 1000000));
            radix.push(key, key);
            reference.push(key);
        } else {
            std::uint32_t key = 0;
            // peek() names an entry of least key and leaves the heap as it was.
            ASSERT_EQ(radix.peek(), reference.top());
            const auto value = radix.pop(key);
            ASSERT_EQ(key, reference.top());
            ASSERT_EQ(value, key);
            reference.pop();
            last = key;
        }
        ASSERT_EQ(radix.size(), reference.size());
        ASSERT_EQ(radix.empty(), reference.empty());
    }
    // clear() leaves nothing behind, whichever buckets were filled.
    radix.clear();
    EXPECT_TRUE(radix.empty());
    radix.push(7, 7);
    std::uint32_t key = 0;
    EXPECT_EQ(radix.pop(key), 7u);
    EXPECT_TRUE(radix.empty());
}
