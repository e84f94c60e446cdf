// Point-to-point queries on a contraction hierarchy against Dijkstra (route_between on a
// ShortestPathSearch), and the stored hierarchy file: round trip, stale, damaged.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

#include <unistd.h>

#include "midlink/core/error.hpp"
#include "midlink/graph/ch_file.hpp"
#include "midlink/graph/ch_query.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/route.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::graph;

namespace {
// A random road-like graph of links: each link is one edge (one-way) or two twin edges, so
// snapped points have one or two anchors. Zero weights and parallel links included.
struct LinkedGraph {
    RoadGraph g;
    std::vector<EdgeId> along, against;  // per link
};

LinkedGraph random_linked_graph(std::uint32_t n, std::uint32_t links, Weight max_weight, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    struct Arc {
        NodeId tail, head;
        Weight w;
        LinkId link;
        bool along;
    };
    std::vector<Arc> arcs;
    for (LinkId l = 0; l < links; ++l) {
        const auto u = static_cast<NodeId>(rng() % n), v = static_cast<NodeId>(rng() % n);
        if (u == v) continue;
        arcs.push_back({u, v, static_cast<Weight>(rng() % (max_weight + 1)), l, true});
        if (rng() % 10 < 7) arcs.push_back({v, u, static_cast<Weight>(rng() % (max_weight + 1)), l, false});
    }
    std::stable_sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) { return a.tail < b.tail; });
    LinkedGraph out;
    RoadGraph& g = out.g;
    out.along.assign(links, kInvalidEdge);
    out.against.assign(links, kInvalidEdge);
    g.first_out.assign(n + 1, 0);
    for (const Arc& a : arcs) ++g.first_out[a.tail + 1];
    std::partial_sum(g.first_out.begin(), g.first_out.end(), g.first_out.begin());
    for (const Arc& a : arcs) {
        const auto e = static_cast<EdgeId>(g.head.size());
        g.head.push_back(a.head);
        g.time_weight.push_back(a.w);
        g.length_dm.push_back(a.w * 7 % 31 + 1);  // unrelated to time: ties differ in length
        g.edge_class.push_back(RoadClass::Unknown);
        g.edge_flags.push_back(a.along ? 0 : kReversed);
        g.edge_link.push_back(a.link);
        (a.along ? out.along : out.against)[a.link] = e;
    }
    for (NodeId v = 0; v < n; ++v) {
        g.node_key.push_back(v);
        g.node_xy.push_back({static_cast<double>(rng() % 10000), static_cast<double>(rng() % 10000)});
    }
    g.links = links;
    g.link_geom_first.assign(links + 1, 0);
    g.strings = {""};
    return out;
}

Snap random_snap(const LinkedGraph& lg, std::mt19937_64& rng, bool node_only) {
    Snap s;
    s.ok = true;
    if (node_only || rng() % 5 == 0) {
        s.node = static_cast<NodeId>(rng() % lg.g.node_count());
        return s;
    }
    for (;;) {
        const auto l = static_cast<LinkId>(rng() % lg.g.links);
        if (lg.along[l] == kInvalidEdge) continue;
        s.link = l;
        s.along = lg.along[l];
        s.against = lg.against[l];
        s.fraction = static_cast<double>(rng() % 1001) / 1000.0;
        return s;
    }
}

// The route's cost in weight units, as both engines compare candidates.
Weight route_weight(const RoadGraph& g, Metric m, const Route& r) {
    const auto& w = g.weights(m);
    std::uint64_t sum = 0;
    for (std::size_t k = 0; k < r.edges.size(); ++k) {
        sum += r.edge_share[k] == 1.0 ? w[r.edges[k]] : static_cast<std::uint64_t>(std::llround(r.edge_share[k] * w[r.edges[k]]));
    }
    return static_cast<Weight>(sum);
}
}  // namespace

// For every pair of random snapped points (node points, one or two anchors at each end,
// points on one link for direct runs), the hierarchy's route costs what Dijkstra's costs,
// to the bit, on random graphs with zero weights, parallel links, unreachable parts and
// tiny witness limits (many shortcuts); its edges join up, and its weight, time and length
// are the sums over its own edges.
TEST(ChQueryDifferential, RoutesCostWhatDijkstraRoutesCost) {
    const auto seed = test::test_seed(20261207);
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 8; ++round) {
        const auto n = static_cast<std::uint32_t>(30 + round * 60);
        const auto lg = random_linked_graph(n, static_cast<std::uint32_t>(n * (0.8 + 0.2 * round)), round % 2 ? 2000 : 9, rng());
        const RoadGraph& g = lg.g;
        for (Metric metric : {Metric::Time, Metric::Distance}) {
            ContractionOptions opt;
            opt.witness_settle_limit = round < 3 ? 1 + round : 300;
            const auto ch = build_contraction_hierarchy(g, metric, opt);
            ASSERT_EQ(ch.up_middle.size(), ch.up_head.size());
            ASSERT_EQ(ch.down_middle.size(), ch.down_tail.size());
            ShortestPathSearch dijkstra(g, metric);
            const ChSearchIndex index(g, metric, ch);
            ChQuery query(index);
            query.set_stalling(round % 3 != 2);
            Route reused;  // route_between into one Route for every pair: the same answers
            for (int k = 0; k < 300; ++k) {
                const Snap from = random_snap(lg, rng, false);
                Snap to = random_snap(lg, rng, false);
                if (k % 7 == 0 && from.node == kInvalidNode) {  // same link: direct runs either way
                    to = from;
                    to.fraction = static_cast<double>(rng() % 1001) / 1000.0;
                }
                const Route want = route_between(dijkstra, from, to);
                const Route got = route_between(query, from, to);
                const std::string where = "seed " + std::to_string(seed) + " round " + std::to_string(round) + " pair " +
                                          std::to_string(k);
                route_between(query, from, to, reused);
                ASSERT_EQ(reused.status, got.status) << where;
                ASSERT_EQ(reused.time_s, got.time_s) << where;
                ASSERT_EQ(reused.distance_m, got.distance_m) << where;
                ASSERT_EQ(reused.edges, got.edges) << where;
                ASSERT_EQ(reused.edge_share, got.edge_share) << where;
                ASSERT_EQ(reused.geometry, got.geometry) << where;
                ASSERT_EQ(got.status, want.status) << where;
                if (want.status != RouteStatus::Ok) continue;
                ASSERT_EQ(route_weight(g, metric, got), route_weight(g, metric, want)) << where;
                // The path is connected, from an edge leaving the start to one reaching the end.
                for (std::size_t i = 0; i + 1 < got.edges.size(); ++i) {
                    ASSERT_EQ(g.head[got.edges[i]], g.tail(got.edges[i + 1])) << where;
                }
                double time_s = 0.0, length_m = 0.0;
                for (std::size_t i = 0; i < got.edges.size(); ++i) {
                    time_s += got.edge_share[i] * g.time_s(got.edges[i]);
                    length_m += got.edge_share[i] * g.length_m(got.edges[i]);
                }
                EXPECT_EQ(got.time_s, time_s) << where;
                EXPECT_EQ(got.distance_m, length_m) << where;
                if (got.edges == want.edges) {
                    EXPECT_EQ(got.time_s, want.time_s) << where;
                }
            }
        }
    }
}

// Node to node with one or two sources and targets with initial costs: ChQuery::run's cost
// equals the best over Dijkstra's distances, for all pairs of a small graph.
TEST(ChQueryDifferential, AllPairsWithAnchorCosts) {
    const auto seed = test::test_seed(7);
    std::mt19937_64 rng(seed);
    const auto g = test::random_graph(120, 2.0, 30, rng());
    for (std::size_t limit : {std::size_t{1}, std::size_t{500}}) {
        ContractionOptions opt;
        opt.witness_settle_limit = limit;
        const auto ch = build_contraction_hierarchy(g, Metric::Time, opt);
        const ChSearchIndex index(g, Metric::Time, ch);
        ChQuery query(index);
        ShortestPathSearch dijkstra(g, Metric::Time);
        for (NodeId s = 0; s < g.node_count(); ++s) {
            std::vector<SearchSource> sources{{s, static_cast<Weight>(rng() % 20)}};
            if (s % 2) sources.push_back({static_cast<NodeId>(rng() % g.node_count()), static_cast<Weight>(rng() % 20)});
            dijkstra.run(sources);
            for (NodeId t = 0; t < g.node_count(); ++t) {
                std::vector<SearchSource> targets{{t, static_cast<Weight>(rng() % 20)}};
                if (t % 3 == 0) targets.push_back({static_cast<NodeId>(rng() % g.node_count()), static_cast<Weight>(rng() % 20)});
                std::uint64_t want = UINT64_MAX;
                for (const auto& x : targets) {
                    if (dijkstra.distance(x.node) != kUnreachable) want = std::min<std::uint64_t>(want, std::uint64_t{dijkstra.distance(x.node)} + x.initial);
                }
                const Weight got = query.run(sources, targets);
                ASSERT_EQ(got, want == UINT64_MAX ? kUnreachable : static_cast<Weight>(want))
                    << "seed " << seed << " limit " << limit << " " << s << "->" << t;
                if (got == kUnreachable) continue;
                // The unpacked path runs from the chosen source to the chosen target and costs
                // what is left after their initial costs.
                const auto path = query.path_edges();
                const auto view = query.path_edges_view();  // the same edges, in the query's buffer
                ASSERT_EQ(std::vector<EdgeId>(view.begin(), view.end()), path);
                std::uint64_t sum = 0;
                NodeId at = sources[query.best_source()].node;
                for (EdgeId e : path) {
                    ASSERT_NE(e, kInvalidEdge);
                    ASSERT_EQ(g.tail(e), at);
                    at = g.head[e];
                    sum += g.time_weight[e];
                }
                ASSERT_EQ(at, targets[query.best_target()].node);
                ASSERT_EQ(sum + sources[query.best_source()].initial + targets[query.best_target()].initial, got);
            }
        }
    }
}

// Stall-on-demand prunes the searches but never changes an answer.
TEST(ChQuery, StallingSettlesFewerNodes) {
    const auto g = test::random_graph(1000, 2.5, 1000, test::test_seed(11));
    const auto ch = build_contraction_hierarchy(g, Metric::Time);
    const ChSearchIndex index(g, Metric::Time, ch);
    ChQuery with(index), without(index);
    without.set_stalling(false);
    std::size_t settled_with = 0, settled_without = 0;
    std::mt19937_64 rng(3);
    for (int k = 0; k < 200; ++k) {
        const SearchSource s{static_cast<NodeId>(rng() % 1000), 0}, t{static_cast<NodeId>(rng() % 1000), 0};
        ASSERT_EQ(with.run({&s, 1}, {&t, 1}), without.run({&s, 1}, {&t, 1}));
        settled_with += with.settled();
        settled_without += without.settled();
    }
    EXPECT_LT(settled_with, settled_without);
}

class ChFile : public ::testing::Test {
protected:
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() / ("midlink_ch_file_" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        graph_path = (dir / "g.mlg").string();
        g = random_linked_graph(400, 700, 500, 99).g;
        g.time_unit_s = 0.1;
        write_graph_file(g, graph_path);
        g = read_graph_file(graph_path);
        ch = build_contraction_hierarchy(g, Metric::Time);
        ch_path = default_hierarchy_path(graph_path, Metric::Time);
        write_hierarchy_file(ch, Metric::Time, graph_fingerprint(graph_path, g), ch_path);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    std::filesystem::path dir;
    std::string graph_path, ch_path;
    RoadGraph g;
    ContractionHierarchy ch;
};

TEST_F(ChFile, RoundTripGivesTheSameHierarchy) {
    EXPECT_EQ(ch_path, graph_path + ".ch");
    const auto back = read_hierarchy_file(ch_path, Metric::Time, graph_fingerprint(graph_path, g));
    EXPECT_EQ(back.node_at, ch.node_at);
    EXPECT_EQ(back.position_of, ch.position_of);
    EXPECT_EQ(back.up_first, ch.up_first);
    EXPECT_EQ(back.up_head, ch.up_head);
    EXPECT_EQ(back.up_weight, ch.up_weight);
    EXPECT_EQ(back.up_middle, ch.up_middle);
    EXPECT_EQ(back.down_first, ch.down_first);
    EXPECT_EQ(back.down_tail, ch.down_tail);
    EXPECT_EQ(back.down_weight, ch.down_weight);
    EXPECT_EQ(back.down_middle, ch.down_middle);
    EXPECT_EQ(back.shortcuts, ch.shortcuts);
}

TEST_F(ChFile, StaleHierarchyIsRefused) {
    // The graph rebuilt with one weight changed: another CRC, same counts.
    RoadGraph changed = g;
    changed.time_weight[0] += 1;
    write_graph_file(changed, graph_path);
    const auto reread = read_graph_file(graph_path);
    try {
        read_hierarchy_file(ch_path, Metric::Time, graph_fingerprint(graph_path, reread));
        FAIL() << "a stale hierarchy was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("stale"), std::string::npos) << e.what();
    }
    // Another metric is refused as well.
    EXPECT_THROW(read_hierarchy_file(ch_path, Metric::Distance, graph_fingerprint(graph_path, reread)), InputError);
}

TEST_F(ChFile, CorruptedByteIsRefused) {
    const auto size = std::filesystem::file_size(ch_path);
    const auto fingerprint = graph_fingerprint(graph_path, g);
    // One flipped byte in the arrays, then one in the header after the fingerprint.
    for (const std::uint64_t at : {size / 2, std::uint64_t{8 + 4 + 4 + 4 + 4 + 8 + 8 + 2}}) {
        write_hierarchy_file(ch, Metric::Time, fingerprint, ch_path);
        {
            std::fstream f(ch_path, std::ios::in | std::ios::out | std::ios::binary);
            f.seekg(static_cast<std::streamoff>(at));
            char c = 0;
            f.read(&c, 1);
            c = static_cast<char>(c ^ 0x10);
            f.seekp(static_cast<std::streamoff>(at));
            f.write(&c, 1);
        }
        try {
            read_hierarchy_file(ch_path, Metric::Time, fingerprint);
            FAIL() << "a damaged hierarchy was accepted (byte " << at << ")";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
        }
    }
    // Truncated.
    write_hierarchy_file(ch, Metric::Time, fingerprint, ch_path);
    std::filesystem::resize_file(ch_path, size - 20);
    EXPECT_THROW(read_hierarchy_file(ch_path, Metric::Time, fingerprint), InputError);
}
