// Scenario evaluation: graph edits keep ids and close or add edges as asked, and the
// incremental recomputation (only affected origins searched again on the edited graph,
// spliced into the baseline) equals a full recomputation bit for bit on random graphs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "midlink/analysis/access_engine.hpp"
#include "midlink/analysis/measure_spec.hpp"
#include "midlink/analysis/scenario_eval.hpp"
#include "midlink/graph/graph_edit.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::analysis;

namespace {
graph::SnapAnchors at_node(NodeId v) {
    graph::SnapAnchors a;
    a.anchors[0] = {v, 0};
    a.count = 1;
    a.link = std::numeric_limits<LinkId>::max();
    return a;
}

graph::RoadGraph test_graph(std::uint64_t seed) {
    // Weights in ms: up to 2 minutes an edge, so a 10-minute limit leaves most origins alone.
    auto g = test::random_graph(300, 2.5, 120000, seed);
    g.time_unit_s = 0.001;
    for (EdgeId e = 0; e < g.edge_count(); ++e) g.edge_link[e] = e;
    g.links = g.edge_count();
    g.link_geom_first.assign(g.links + 1, 0);
    return g;
}
}  // namespace

TEST(GraphEdit, ClosesRetimesAndAddsWithStableIds) {
    const auto g = test_graph(3);
    graph::GraphEdits edits;
    edits.close = {5};
    edits.set_time_s = {{7, 1.5}};
    edits.add = {{0, 299, 42.0, 500.0, RoadClass::Primary, true, "NEW"}};
    const auto r = graph::apply_edits(g, edits);
    EXPECT_EQ(r.graph.node_count(), g.node_count());
    EXPECT_EQ(r.graph.edge_count(), g.edge_count() + 2);
    EXPECT_EQ(r.graph.time_weight[r.new_edge_id[5]], kUnreachable);
    EXPECT_EQ(r.graph.time_weight[r.new_edge_id[7]], 1500u);
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        EXPECT_EQ(r.graph.head[r.new_edge_id[e]], g.head[e]);
        EXPECT_EQ(r.graph.tail(r.new_edge_id[e]), g.tail(e));
    }
    EXPECT_EQ(r.changed.size(), 4u);  // the closure, the retime and both directions of the new link
    graph::ShortestPathSearch s(r.graph, graph::Metric::Time);
    s.run(0, kUnreachable, 299);
    EXPECT_LE(s.distance(299), 42000u);  // the new link is usable
}

TEST(GraphEdit, SnappedPointsMoveToTheNewIdsAndTimes) {
    const auto g = test_graph(3);
    // An edge whose id shifts: the new link leaves node 0, so it goes before every edge of
    // a later tail.
    EdgeId e = g.first_out[10];
    ASSERT_LT(e, g.first_out[11]);
    graph::GraphEdits edits;
    edits.set_time_s = {{e, 2.0 * g.time_s(e)}};
    edits.add = {{0, 299, 42.0, 500.0, RoadClass::Primary, false, "NEW"}};
    const auto r = graph::apply_edits(g, edits);
    ASSERT_NE(r.new_edge_id[e], e);

    graph::Snap snap;
    snap.ok = true;
    snap.link = g.edge_link[e];
    snap.fraction = 0.5;
    snap.along = e;
    const auto moved = graph::moved_snap(snap, r);
    EXPECT_EQ(moved.along, r.new_edge_id[e]);
    EXPECT_EQ(moved.against, kInvalidEdge);

    const auto before = graph::origin_anchors(g, graph::Metric::Time, snap);
    const auto after = graph::moved_anchors(before, r, true);
    ASSERT_EQ(after.count, 1);
    EXPECT_EQ(after.anchors[0].node, before.anchors[0].node);
    EXPECT_EQ(after.along, r.new_edge_id[e]);
    // Half of an edge that now takes twice as long (weights in ms, rounded once).
    EXPECT_NEAR(static_cast<double>(after.anchors[0].cost), 2.0 * before.anchors[0].cost, 2.0);
}

TEST(GraphEdit, CapacityArraysFollowNewLinksAndCapacityEdits) {
    auto g = test_graph(5);
    g.link_capacity_vph.assign(g.links, 1800.0f);
    g.link_capacity_source = {static_cast<std::uint8_t>(graph::CapacitySource::Profile)};  // one entry for all
    graph::GraphEdits edits;
    edits.add = {{0, 1, 10.0, 100.0, RoadClass::Primary, true, "NEW"}};
    edits.set_capacity_vph = {{3, 3600.0}};
    const auto r = graph::apply_edits(g, edits);
    ASSERT_EQ(r.graph.link_capacity_vph.size(), r.graph.links);
    EXPECT_TRUE(std::isnan(r.graph.link_capacity(r.graph.links - 1)));  // the new link: unknown
    EXPECT_EQ(r.graph.capacity_source(r.graph.links - 1), graph::CapacitySource::None);
    EXPECT_DOUBLE_EQ(r.graph.link_capacity(g.edge_link[3]), 3600.0);
    EXPECT_EQ(r.graph.capacity_source(g.edge_link[3]), graph::CapacitySource::Input);
    EXPECT_DOUBLE_EQ(r.graph.link_capacity(g.edge_link[4]), 1800.0);
    EXPECT_EQ(r.graph.capacity_source(g.edge_link[4]), graph::CapacitySource::Profile);
}

TEST(ScenarioEval, IncrementalEqualsFullRecomputation) {
    for (std::uint64_t seed : {11u, 12u, 13u, 14u, 15u}) {
        const auto g = test_graph(test::test_seed(seed));
        std::mt19937_64 rng(seed);
        std::uniform_int_distribution<NodeId> node(0, g.node_count() - 1);
        std::uniform_int_distribution<EdgeId> edge(0, g.edge_count() - 1);
        AccessInputs in;
        in.graph = &g;
        in.services = {"a"};
        for (NodeId v = 0; v < g.node_count(); v += 2) in.origins.push_back({at_node(v), 10.0 + v});
        for (int j = 0; j < 25; ++j) in.destinations.push_back({at_node(node(rng)), 1.0 + j % 3, 0});
        in.measures = parse_measures("nearest,nth:3,cumulative:5|10,hansen:exp:0.3:max=10,jts:5|10");
        in.unbounded_limit_min = 10.0;
        ASSERT_TRUE(measures_are_per_origin(in.measures));
        const auto base = run_access(in);

        graph::GraphEdits edits;
        for (int k = 0; k < 3; ++k) edits.close.push_back(edge(rng));
        for (int k = 0; k < 3; ++k) {
            const EdgeId e = edge(rng);
            edits.set_time_s.push_back({e, g.time_s(e) * (k % 2 ? 0.3 : 2.0)});
        }
        edits.add.push_back({node(rng), node(rng), 20.0, 300.0, RoadClass::Trunk, true, "link"});
        const auto edited = graph::apply_edits(g, edits);

        // Changed edges in baseline ids (the new link's tails are baseline nodes too).
        std::vector<EdgeId> changed_base;
        for (EdgeId e : edits.close) changed_base.push_back(e);
        for (const auto& [e, t] : edits.set_time_s) changed_base.push_back(e);
        std::vector<NodeId> new_tails;
        for (const auto& l : edits.add) new_tails.insert(new_tails.end(), {l.from, l.to});  // two-way
        const auto affected = affected_origins(g, changed_base, new_tails, in.origins, base.origin_cutoff);
        AccessInputs full_in = in;
        full_in.graph = &edited.graph;
        const auto full = run_access(full_in);

        AccessInputs part_in = full_in;
        part_in.origins.clear();
        std::vector<std::size_t> idx;
        for (std::size_t i = 0; i < in.origins.size(); ++i) {
            if (!affected[i]) continue;
            idx.push_back(i);
            part_in.origins.push_back(in.origins[i]);
        }
        EXPECT_LT(idx.size(), in.origins.size()) << "seed " << seed << ": the test needs unaffected origins";
        EXPECT_GT(idx.size(), 0u) << "seed " << seed;
        const auto part = run_access(part_in);
        const auto spliced = splice_origins(base, part, idx);
        ASSERT_EQ(spliced.values.size(), full.values.size());
        for (std::size_t k = 0; k < full.values.size(); ++k) {
            const double a = spliced.values[k], b = full.values[k];
            EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0)
                << "seed " << seed << " origin " << k / full.columns.size() << " column "
                << full.columns[k % full.columns.size()].name << ": " << a << " vs " << b;
        }
        EXPECT_EQ(spliced.status, full.status) << "seed " << seed;
    }
}

TEST(ScenarioEval, CrossOriginMeasuresAreNotSpliced) {
    EXPECT_FALSE(measures_are_per_origin(parse_measures("nearest,2sfca:30")));
    EXPECT_FALSE(measures_are_per_origin(parse_measures("bfca:exp:0.1")));
    EXPECT_TRUE(measures_are_per_origin(parse_measures("nearest,cumulative:30")));
}
