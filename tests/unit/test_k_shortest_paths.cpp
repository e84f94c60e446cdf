// Yen's k shortest paths, disjoint alternatives, link removal and bridges on hand-drawn
// graphs, and Yen against brute-force enumeration of all simple paths on random graphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <random>
#include <set>

#include "midlink/analysis/k_shortest_paths.hpp"
#include "midlink/analysis/link_criticality.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::analysis;
using graph::Metric;
using graph::RoadGraph;

namespace {

struct Arc {
    NodeId from, to;
    Weight w;
    LinkId link;
};

/// Arcs must be listed grouped by tail in ascending order: edge ids are then list positions.
RoadGraph make_graph(NodeId n, const std::vector<Arc>& arcs) {
    RoadGraph g;
    g.first_out.assign(n + 1, 0);
    LinkId links = 0;
    for (std::size_t i = 0; i < arcs.size(); ++i) {
        const Arc& a = arcs[i];
        if (i > 0) {
            EXPECT_LE(arcs[i - 1].from, a.from) << "arcs must be grouped by tail";
        }
        ++g.first_out[a.from + 1];
        g.head.push_back(a.to);
        g.time_weight.push_back(a.w);
        g.length_dm.push_back(a.w);
        g.edge_class.push_back(RoadClass::Unknown);
        g.edge_flags.push_back(0);
        g.edge_link.push_back(a.link);
        links = std::max(links, a.link + 1);
    }
    for (NodeId v = 0; v < n; ++v) g.first_out[v + 1] += g.first_out[v];
    for (NodeId v = 0; v < n; ++v) g.node_key.push_back(v);
    g.links = links;
    g.strings = {""};
    return g;
}

/// Two-way arcs in both directions, one link per pair: {u, v, w} -> u->v and v->u.
RoadGraph make_undirected(NodeId n, const std::vector<std::array<std::uint32_t, 3>>& roads) {
    std::vector<Arc> arcs;
    for (std::size_t i = 0; i < roads.size(); ++i) {
        arcs.push_back({roads[i][0], roads[i][1], roads[i][2], static_cast<LinkId>(i)});
        arcs.push_back({roads[i][1], roads[i][0], roads[i][2], static_cast<LinkId>(i)});
    }
    std::stable_sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) { return a.from < b.from; });
    return make_graph(n, arcs);
}

void expect_valid(const RoadGraph& g, Metric m, NodeId s, NodeId t, const std::vector<CostedPath>& paths) {
    std::set<std::vector<EdgeId>> distinct;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const auto& p = paths[i];
        std::set<NodeId> seen{s};
        NodeId at = s;
        std::uint64_t cost = 0;
        for (EdgeId e : p.edges) {
            EXPECT_EQ(g.tail(e), at);
            at = g.head[e];
            EXPECT_TRUE(seen.insert(at).second) << "path " << i << " revisits node " << at;
            cost += g.weights(m)[e];
        }
        EXPECT_EQ(at, t);
        EXPECT_EQ(cost, p.cost);
        EXPECT_TRUE(distinct.insert(p.edges).second) << "path " << i << " is a duplicate";
        if (i > 0) {
            EXPECT_FALSE(p < paths[i - 1]) << "path " << i << " out of order";
        }
    }
}

/// Every simple path from s to t, sorted by (cost, edge sequence).
std::vector<CostedPath> all_simple_paths(const RoadGraph& g, Metric m, NodeId s, NodeId t) {
    std::vector<CostedPath> out;
    std::vector<char> on(g.node_count(), 0);
    CostedPath cur;
    std::function<void(NodeId)> dfs = [&](NodeId v) {
        if (v == t) {
            out.push_back(cur);
            return;
        }
        on[v] = 1;
        for (EdgeId e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
            const NodeId w = g.head[e];
            if (on[w]) continue;
            cur.edges.push_back(e);
            cur.cost += g.weights(m)[e];
            dfs(w);
            cur.cost -= g.weights(m)[e];
            cur.edges.pop_back();
        }
        on[v] = 0;
    };
    dfs(s);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

// 0 =a=> 1 -> 3 with two parallel arcs 0->1 (weights 2 and 2), 0->2->3 tying at 4, a
// detour 1->2, and a back arc 2->0 that a buggy spur search would loop through.
//   e0: 0->1 w2   e1: 0->1 w2 (parallel)   e2: 0->2 w1
//   e3: 1->3 w2   e4: 1->2 w1
//   e5: 2->3 w3   e6: 2->0 w0   e7: 2->1 w1
TEST(KShortestPaths, ParallelEdgesAndTiesGiveTheExactOrderedList) {
    const auto g = make_graph(4, {{0, 1, 2, 0}, {0, 1, 2, 1}, {0, 2, 1, 2}, {1, 3, 2, 3}, {1, 2, 1, 4},
                                  {2, 3, 3, 5}, {2, 0, 0, 6}, {2, 1, 1, 7}});
    const auto paths = k_shortest_paths(g, Metric::Time, 0, 3, 10);
    const std::vector<CostedPath> expected{
        {{0, 3}, 4},     // 0-1-3 by the first parallel arc
        {{1, 3}, 4},     // ... and by the second: a distinct path
        {{2, 5}, 4},     // 0-2-3 ties at 4, ordered after by its first edge id
        {{2, 7, 3}, 4},  // 0-2-1-3 ties too
        {{0, 4, 5}, 6},  // 0-1-2-3
        {{1, 4, 5}, 6},
    };
    EXPECT_EQ(paths, expected);
    expect_valid(g, Metric::Time, 0, 3, paths);
    EXPECT_EQ(paths, all_simple_paths(g, Metric::Time, 0, 3));
    // k smaller than the tie group still takes the first ties in order.
    const auto two = k_shortest_paths(g, Metric::Time, 0, 3, 2);
    EXPECT_EQ(two, std::vector<CostedPath>(expected.begin(), expected.begin() + 2));
}

TEST(KShortestPaths, EdgeCases) {
    const auto g = make_graph(3, {{0, 1, 5, 0}, {1, 0, 5, 0}});
    EXPECT_TRUE(k_shortest_paths(g, Metric::Time, 0, 2, 3).empty());  // unreachable
    EXPECT_TRUE(k_shortest_paths(g, Metric::Time, 0, 1, 0).empty());
    const auto self = k_shortest_paths(g, Metric::Time, 1, 1, 3);
    ASSERT_EQ(self.size(), 1u);
    EXPECT_TRUE(self[0].edges.empty());
    EXPECT_EQ(k_shortest_paths(g, Metric::Time, 0, 1, 5).size(), 1u);
}

// Zero-weight cycles must not produce loops or make the lexicographic walk fail.
TEST(KShortestPaths, ZeroWeightCycleStaysLoopless) {
    //   e0: 0->1 w0   e1: 0->3 w1   e2: 1->0 w0   e3: 1->2 w0   e4: 2->1 w0   e5: 2->3 w1
    const auto g = make_graph(4, {{0, 1, 0, 0}, {0, 3, 1, 1}, {1, 0, 0, 0}, {1, 2, 0, 2}, {2, 1, 0, 2}, {2, 3, 1, 3}});
    const auto paths = k_shortest_paths(g, Metric::Time, 0, 3, 5);
    const std::vector<CostedPath> expected{{{0, 3, 5}, 1}, {{1}, 1}};
    EXPECT_EQ(paths, expected);
}

// Yen's output is exactly the first k simple paths in (cost, edge sequence) order.
TEST(KShortestPathsDifferential, MatchesBruteForceOnRandomGraphs) {
    const auto seed = test::test_seed(4242);
    std::mt19937_64 rng(seed);
    int compared = 0;
    for (int round = 0; round < 60; ++round) {
        // Small weights make ties common; parallel arcs and zero weights come from random_graph.
        const auto g = test::random_graph(8, 2.0 + (round % 3), round % 2 ? 3 : 20, rng());
        for (Metric m : {Metric::Time, Metric::Distance}) {
            const NodeId s = static_cast<NodeId>(rng() % 8), t = static_cast<NodeId>(rng() % 8);
            if (s == t) continue;
            const auto all = all_simple_paths(g, m, s, t);
            for (std::uint32_t k : {1u, 3u, 7u, 50u}) {
                const auto yen = k_shortest_paths(g, m, s, t, k);
                const std::vector<CostedPath> want(all.begin(), all.begin() + std::min<std::size_t>(k, all.size()));
                ASSERT_EQ(yen, want) << "seed " << seed << " round " << round << " k " << k;
                expect_valid(g, m, s, t, yen);
                ++compared;
            }
        }
    }
    EXPECT_GT(compared, 200);
}

//      1 ---- 2
//     /        \          5 -- 6   (a separate bridge)
//    0          3 --- 4
//     \        /
//      `------'   (0-3 direct, slower)
// Links: 0:(0-1,w1) 1:(1-2,w1) 2:(2-3,w1) 3:(0-3,w10) 4:(3-4,w2) 5:(5-6,w1) 6,7: two parallel 4-7 roads
TEST(LinkCriticality, BridgesRemovalDeltasAndDisjointAlternative) {
    const auto g = make_undirected(8, {{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {0, 3, 10}, {3, 4, 2}, {5, 6, 1},
                                       {4, 7, 3}, {4, 7, 4}});
    const auto bridges = bridge_edges(g);
    ASSERT_EQ(bridges.size(), g.edge_count());
    const std::vector<std::uint8_t> bridge_links{0, 0, 0, 0, 1, 1, 0, 0};  // parallel roads back each other up
    for (EdgeId e = 0; e < g.edge_count(); ++e) EXPECT_EQ(bridges[e], bridge_links[g.edge_link[e]]) << "edge " << e;
    const auto roads = physical_roads(g);
    EXPECT_EQ(roads.count, 8u);  // one road per two-way link

    const auto best = k_shortest_paths(g, Metric::Time, 0, 4, 1);
    ASSERT_EQ(best.size(), 1u);
    EXPECT_EQ(best[0].cost, 5u);  // 0-1-2-3-4
    const auto& route = best[0].edges;
    ASSERT_EQ(route.size(), 4u);

    const auto rows = removal_deltas(g, Metric::Time, 0, 4, route);
    ASSERT_EQ(rows.size(), 4u);
    for (int i = 0; i < 3; ++i) {  // any of the first three forces 0-3 direct: 10 + 2
        EXPECT_FALSE(rows[i].disconnects);
        EXPECT_EQ(rows[i].cost_without, 12u);
        EXPECT_EQ(rows[i].increase, 7);
        EXPECT_EQ(rows[i].road, roads.of_edge[route[i]]);
    }
    EXPECT_TRUE(rows[3].disconnects);  // 3-4 is a bridge
    EXPECT_EQ(g.edge_link[route[3]], 4u);
    const auto on_route = route_bridges(bridges, route);
    ASSERT_EQ(on_route.size(), 1u);
    EXPECT_EQ(on_route[0], route[3]);

    // Disjoint alternative: none to 4 (the bridge is unavoidable); to 3 it is the direct road.
    EXPECT_FALSE(disjoint_alternative(g, Metric::Time, 0, 4, route).path.has_value());
    const auto to3 = k_shortest_paths(g, Metric::Time, 0, 3, 1)[0];
    const auto alt = disjoint_alternative(g, Metric::Time, 0, 3, to3.edges);
    ASSERT_TRUE(alt.path.has_value());
    EXPECT_EQ(alt.path->cost, 10u);
    EXPECT_EQ(alt.route_cost, 3u);
    ASSERT_TRUE(alt.redundancy.has_value());
    EXPECT_DOUBLE_EQ(*alt.redundancy, 10.0 / 3.0);
    // Across the parallel pair: the other road is the alternative, removal costs +1.
    const auto to7 = k_shortest_paths(g, Metric::Time, 4, 7, 1)[0];
    const auto alt7 = disjoint_alternative(g, Metric::Time, 4, 7, to7.edges);
    ASSERT_TRUE(alt7.path.has_value());
    EXPECT_DOUBLE_EQ(*alt7.redundancy, 4.0 / 3.0);
    const auto rows7 = removal_deltas(g, Metric::Time, 4, 7, to7.edges);
    ASSERT_EQ(rows7.size(), 1u);
    EXPECT_EQ(rows7[0].increase, 1);
}

// Link tables such as TNTP give each direction its own row: the two rows are one road,
// so a chain of them has bridges and closing one closes both directions.
//   0 <-> 1 <-> 2, 2 <-> 3, 3 <-> 1 (a triangle 1-2-3 hanging off 0-1), each direction its own link,
//   plus a one-way 3 -> 4 and a two-row 4 <-> 5 with a third, parallel 4 -> 5 row.
TEST(LinkCriticality, OneRowPerDirectionIsOneRoad) {
    const auto g = make_graph(6, {{0, 1, 1, 0}, {1, 0, 1, 1}, {1, 2, 1, 2}, {1, 3, 1, 7}, {2, 1, 1, 3}, {2, 3, 1, 4},
                                  {3, 2, 1, 5}, {3, 1, 1, 6}, {3, 4, 1, 8}, {4, 5, 1, 9}, {4, 5, 2, 11}, {5, 4, 1, 10}});
    const auto roads = physical_roads(g);
    EXPECT_EQ(roads.of_edge[0], roads.of_edge[1]);  // 0->1 and 1->0
    EXPECT_EQ(roads.of_edge[2], roads.of_edge[4]);  // 1->2 and 2->1
    EXPECT_EQ(roads.of_edge[9], roads.of_edge[11]); // the first 4->5 row pairs with 5->4
    EXPECT_NE(roads.of_edge[10], roads.of_edge[9]); // the parallel row stays its own road
    EXPECT_EQ(roads.count, 7u);  // 0-1, 1-2, 2-3, 1-3, 3->4, 4-5, the parallel 4->5
    const auto bridges = bridge_edges(g);
    const std::vector<std::uint8_t> want{1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
    EXPECT_EQ(bridges, want);
    // Closing 0-1 disconnects 0 from 2 whichever direction the route used.
    const auto route = k_shortest_paths(g, Metric::Time, 0, 2, 1)[0].edges;
    const auto rows = removal_deltas(g, Metric::Time, 0, 2, route);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_TRUE(rows[0].disconnects);
    EXPECT_FALSE(rows[1].disconnects);
    EXPECT_EQ(rows[1].increase, 1);  // 1-3-2 instead of 1-2
}

// Bridges agree with the definition (removal splits a component) on random multigraphs.
TEST(LinkCriticality, BridgesMatchRemovalOnRandomGraphs) {
    const auto seed = test::test_seed(77);
    for (int round = 0; round < 20; ++round) {
        auto g = test::random_graph(30, 0.8 + 0.1 * (round % 5), 5, seed + round);
        for (EdgeId e = 0; e < g.edge_count(); ++e) g.edge_link[e] = e;  // each arc its own row
        g.links = g.edge_count();
        const auto bridges = bridge_edges(g);
        const auto roads = physical_roads(g);
        auto components = [&](std::uint32_t closed_road) {
            std::vector<NodeId> parent(g.node_count());
            std::iota(parent.begin(), parent.end(), 0u);
            std::function<NodeId(NodeId)> find = [&](NodeId x) { return parent[x] == x ? x : parent[x] = find(parent[x]); };
            std::size_t count = g.node_count();
            for (EdgeId e = 0; e < g.edge_count(); ++e) {
                if (roads.of_edge[e] == closed_road) continue;
                const NodeId a = find(g.tail(e)), b = find(g.head[e]);
                if (a != b) {
                    parent[a] = b;
                    --count;
                }
            }
            return count;
        };
        const auto base = components(0xFFFFFFFFu);
        for (EdgeId e = 0; e < g.edge_count(); ++e) {
            EXPECT_EQ(bridges[e] != 0, components(roads.of_edge[e]) > base) << "seed " << seed + round << " edge " << e;
        }
    }
}
