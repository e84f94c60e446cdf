// Mehlhorn's Steiner tree approximation against hand-drawn optima and a brute-force exact
// solver on tiny random graphs.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>

#include "midlink/analysis/steiner_tree.hpp"
#include "random_graph.hpp"

using namespace midlink::analysis;

namespace {

struct UnionFind {
    std::vector<std::uint32_t> parent;
    explicit UnionFind(std::uint32_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t find(std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    bool join(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return false;
        parent[a] = b;
        return true;
    }
};

// Roots are one vertex: unite them before anything else.
UnionFind merged_roots(const SteinerInput& in) {
    UnionFind uf(in.node_count);
    for (auto r : in.roots) uf.join(r, in.roots.front());
    return uf;
}

// The result is a forest hanging off the roots: no cycle once roots are merged, every
// connected terminal joined to a root, every leaf a terminal or a root, weight consistent.
void expect_valid_tree(const SteinerInput& in, const SteinerResult& r) {
    UnionFind uf = merged_roots(in);
    std::vector<std::uint32_t> degree(in.node_count, 0);
    std::uint64_t weight = 0;
    for (auto e : r.edges) {
        ASSERT_LT(e, in.edges.size());
        EXPECT_TRUE(uf.join(in.edges[e].u, in.edges[e].v)) << "edge " << e << " closes a cycle";
        ++degree[in.edges[e].u];
        ++degree[in.edges[e].v];
        weight += in.edges[e].weight;
    }
    EXPECT_EQ(weight, r.weight);
    ASSERT_EQ(r.connected.size(), in.terminals.size());
    for (std::size_t t = 0; t < in.terminals.size(); ++t) {
        if (r.connected[t]) {
            EXPECT_EQ(uf.find(in.terminals[t]), uf.find(in.roots.front())) << "terminal " << t;
        }
    }
    const std::set<std::uint32_t> keep(in.terminals.begin(), in.terminals.end());
    const std::set<std::uint32_t> roots(in.roots.begin(), in.roots.end());
    for (std::uint32_t v = 0; v < in.node_count; ++v) {
        if (degree[v] == 1) {
            EXPECT_TRUE(keep.count(v) || roots.count(v)) << "non-terminal leaf " << v;
        }
    }
}

// Exact optimum: the best tree spans roots + terminals + some set S of other nodes, and is
// then a minimum spanning tree of that node set (with roots merged). Try every S.
std::uint64_t brute_force_optimum(const SteinerInput& in) {
    std::vector<std::uint8_t> fixed(in.node_count, 0);
    for (auto v : in.roots) fixed[v] = 1;
    for (auto v : in.terminals) fixed[v] = 1;
    std::vector<std::uint32_t> optional;
    for (std::uint32_t v = 0; v < in.node_count; ++v) {
        if (!fixed[v]) optional.push_back(v);
    }
    std::vector<std::uint32_t> order(in.edges.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](auto a, auto b) { return in.edges[a].weight < in.edges[b].weight; });
    std::uint64_t best = kNoDistance;
    for (std::uint32_t mask = 0; mask < (1u << optional.size()); ++mask) {
        std::vector<std::uint8_t> in_set(fixed);
        for (std::size_t k = 0; k < optional.size(); ++k) {
            if (mask & (1u << k)) in_set[optional[k]] = 1;
        }
        UnionFind uf = merged_roots(in);
        std::uint64_t w = 0;
        for (auto e : order) {
            const auto& ed = in.edges[e];
            if (in_set[ed.u] && in_set[ed.v] && uf.join(ed.u, ed.v)) w += ed.weight;
        }
        bool spanning = true;
        for (std::uint32_t v = 0; v < in.node_count; ++v) {
            if (in_set[v] && uf.find(v) != uf.find(in.roots.front())) spanning = false;
        }
        if (spanning) best = std::min(best, w);
    }
    return best;
}

std::size_t distinct_terminals(const SteinerInput& in) {
    std::set<std::uint32_t> roots(in.roots.begin(), in.roots.end());
    std::set<std::uint32_t> t;
    for (auto v : in.terminals) {
        if (!roots.count(v)) t.insert(v);
    }
    return t.size();
}

}  // namespace

TEST(SteinerTree, PathKeepsOnlyTheWayToTheFarthestTerminal) {
    // 0 - 1 - 2 - 3 - 4, root 0, terminals 1 and 3: the tail 3-4 is pruned.
    SteinerInput in{5, {{0, 1, 4}, {1, 2, 5}, {2, 3, 6}, {3, 4, 7}}, {0}, {3, 1}};
    const auto r = steiner_tree_mehlhorn(in);
    expect_valid_tree(in, r);
    EXPECT_EQ(r.weight, 15u);
    EXPECT_EQ(r.edges, (std::vector<std::uint32_t>{0, 1, 2}));
    EXPECT_EQ(r.connected, (std::vector<std::uint8_t>{1, 1}));
}

TEST(SteinerTree, CentreNodeOfAStarIsUsedWhenItIsCheaper) {
    // Root 0 and terminals 1, 2 around centre 3 (spokes 10); direct rims cost 25 each.
    // Optimum: the three spokes (30); the terminal-graph MST alone would cost 40 or 50.
    SteinerInput in{
        4, {{0, 1, 25}, {1, 2, 25}, {0, 2, 25}, {0, 3, 10}, {1, 3, 10}, {2, 3, 10}}, {0}, {1, 2}};
    const auto r = steiner_tree_mehlhorn(in);
    expect_valid_tree(in, r);
    EXPECT_EQ(r.weight, 30u);
    EXPECT_EQ(brute_force_optimum(in), 30u);
}

TEST(SteinerTree, TightStarApproachesButRespectsTheBound) {
    // The classic worst case: l = 5 terminals (root 0, terminals 1..4) on spokes of 10 to
    // centre 5, every pair of terminals joined directly by 19. Optimum 50 (the star);
    // Mehlhorn picks four rims (76 <= 2 (1 - 1/5) 50 = 80).
    SteinerInput in{6, {}, {0}, {1, 2, 3, 4}};
    for (std::uint32_t a = 0; a < 5; ++a) {
        in.edges.push_back({a, 5, 10});
        for (std::uint32_t b = a + 1; b < 5; ++b) in.edges.push_back({a, b, 19});
    }
    const auto r = steiner_tree_mehlhorn(in);
    expect_valid_tree(in, r);
    EXPECT_EQ(brute_force_optimum(in), 50u);
    EXPECT_EQ(r.weight, 76u);
    EXPECT_LE(r.weight * 5, 2u * 4u * 50u);
}

TEST(SteinerTree, EachTerminalMayAttachToAnyRoot) {
    // R1=0 - 1 - 2 - 3 - R2=4 (each 10) and terminals 1 and 3: one spoke each (20), never
    // the long way between them.
    SteinerInput in{5, {{0, 1, 10}, {1, 2, 10}, {2, 3, 10}, {3, 4, 10}}, {0, 4}, {1, 3}};
    const auto r = steiner_tree_mehlhorn(in);
    expect_valid_tree(in, r);
    EXPECT_EQ(r.weight, 20u);
    EXPECT_EQ(r.edges, (std::vector<std::uint32_t>{0, 3}));
}

TEST(SteinerTree, TerminalsWithoutARootAreNotConnectedAndCostNothing) {
    // Component {0,1,2} holds the root; {3,4} holds two terminals joined to each other only.
    SteinerInput in{5, {{0, 1, 3}, {1, 2, 4}, {3, 4, 5}}, {0}, {2, 3, 4}};
    const auto r = steiner_tree_mehlhorn(in);
    expect_valid_tree(in, r);
    EXPECT_EQ(r.connected, (std::vector<std::uint8_t>{1, 0, 0}));
    EXPECT_EQ(r.weight, 7u);
    EXPECT_EQ(r.edges, (std::vector<std::uint32_t>{0, 1}));
}

TEST(SteinerTree, TerminalOnARootZeroEdgesAndNoRoots) {
    SteinerInput in{3, {{0, 1, 0}, {1, 2, 0}}, {0}, {0, 2, 2}};
    const auto r = steiner_tree_mehlhorn(in);
    expect_valid_tree(in, r);
    EXPECT_EQ(r.weight, 0u);
    EXPECT_EQ(r.edges.size(), 2u);
    EXPECT_EQ(r.connected, (std::vector<std::uint8_t>{1, 1, 1}));

    in.roots.clear();
    const auto none = steiner_tree_mehlhorn(in);
    EXPECT_TRUE(none.edges.empty());
    EXPECT_EQ(none.connected, (std::vector<std::uint8_t>{0, 0, 0}));

    SteinerInput bad{2, {{0, 5, 1}}, {0}, {1}};
    EXPECT_THROW(steiner_tree_mehlhorn(bad), std::invalid_argument);
}

TEST(SteinerTree, DistancesFromTheNearestRoot) {
    SteinerInput in{5, {{0, 1, 4}, {1, 2, 5}, {2, 3, 6}, {3, 4, 7}}, {0, 4}, {}};
    EXPECT_EQ(distances_from_roots(in), (std::vector<std::uint64_t>{0, 4, 9, 7, 0}));
    in.edges.pop_back();
    in.roots = {0};
    EXPECT_EQ(distances_from_roots(in)[4], kNoDistance);
}

TEST(SteinerTree, WithinTwiceTheBruteForceOptimumOnRandomGraphs) {
    std::mt19937_64 rng(midlink::test::test_seed(20261128));
    int equal = 0;
    const int trials = 300;
    for (int trial = 0; trial < trials; ++trial) {
        std::uniform_int_distribution<std::uint32_t> size(4, 11);
        const std::uint32_t n = size(rng);
        std::uniform_int_distribution<std::uint32_t> node(0, n - 1);
        std::uniform_int_distribution<std::uint64_t> weight(0, 20);
        SteinerInput in;
        in.node_count = n;
        // A random spanning tree keeps everything reachable; extra edges (parallel ones
        // and zero weights included) give the Steiner nodes something to do.
        for (std::uint32_t v = 1; v < n; ++v) {
            in.edges.push_back(
                {std::uniform_int_distribution<std::uint32_t>(0, v - 1)(rng), v, weight(rng)});
        }
        const auto extra = std::uniform_int_distribution<std::uint32_t>(0, 2 * n)(rng);
        for (std::uint32_t k = 0; k < extra; ++k)
            in.edges.push_back({node(rng), node(rng), weight(rng)});
        const auto roots = std::uniform_int_distribution<std::uint32_t>(1, 2)(rng);
        for (std::uint32_t k = 0; k < roots; ++k) in.roots.push_back(node(rng));
        const auto terms = std::uniform_int_distribution<std::uint32_t>(1, 5)(rng);
        for (std::uint32_t k = 0; k < terms; ++k) in.terminals.push_back(node(rng));

        const auto r = steiner_tree_mehlhorn(in);
        SCOPED_TRACE("trial " + std::to_string(trial) + ", n " + std::to_string(n));
        expect_valid_tree(in, r);
        for (auto c : r.connected) EXPECT_EQ(c, 1);
        const std::uint64_t opt = brute_force_optimum(in);
        const std::size_t l = distinct_terminals(in) + 1;  // the roots count as one terminal
        EXPECT_GE(r.weight, opt);
        // weight <= 2 (1 - 1/l) opt, in integers.
        EXPECT_LE(r.weight * l, 2 * (l - 1) * opt);
        equal += r.weight == opt;
    }
    // Most tiny instances come out exactly optimal; a broken tree search would not.
    EXPECT_GT(equal, trials / 2);
}
