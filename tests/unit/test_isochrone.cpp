// Isochrone pieces on hand-drawn networks: band cuts mid-edge, one-way streets, starts
// part-way along an edge, and a ring where the start edge's back part is reached by going
// round the block.
#include <gtest/gtest.h>

#include <algorithm>

#include "midlink/analysis/isochrone.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::graph;
using midlink::analysis::ReachableEdge;
using midlink::test::TinyNetwork;
using midlink::test::car_all;
using midlink::test::node_of;

namespace {

RoadGraph build(const TinyNetwork& net) {
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return build_graph(net.table(), p).graph;
}

// 1 ---- 2 ---- 3 ---- 4   (1 km each along the x axis; 2-3 drawn with a bend)
RoadGraph line_graph(Oneway first = Oneway::No) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0);
    net.link(1, 2, RoadClass::Primary, first);
    net.link(2, 3).geometry = {{1000, 0}, {1500, 0}, {2000, 0}};
    net.link(3, 4);
    return build(net);
}

EdgeId edge_of(const RoadGraph& g, NodeKey from, NodeKey to) {
    const NodeId a = node_of(g, from), b = node_of(g, to);
    for (EdgeId e = g.first_out[a]; e < g.first_out[a + 1]; ++e) {
        if (g.head[e] == b) return e;
    }
    return kInvalidEdge;
}

std::vector<ReachableEdge> pieces_on(const std::vector<ReachableEdge>& all, EdgeId e) {
    std::vector<ReachableEdge> out;
    for (const auto& p : all) {
        if (p.edge == e) out.push_back(p);
    }
    return out;
}

constexpr double kTimeTol = 2e-3;  // search costs are whole milliseconds
constexpr double kFracTol = 1e-4;

}  // namespace

TEST(Isochrone, BandCutsFallMidEdgeAtTheRightFraction) {
    const auto g = line_graph();
    const Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    const EdgeId e12 = edge_of(g, 1, 2), e23 = edge_of(g, 2, 3);
    const double t = g.time_s(e12);  // one kilometre of primary road
    const std::vector<double> limits{0.75 * t, 1.5 * t};
    const auto pieces = analysis::reachable_edges(search, snapper.snap({0, 0}, 10), limits);

    const auto on12 = pieces_on(pieces, e12);
    ASSERT_EQ(on12.size(), 2u);
    EXPECT_NEAR(on12[0].start_fraction, 0.0, kFracTol);
    EXPECT_NEAR(on12[0].end_fraction, 0.75, kFracTol);
    EXPECT_NEAR(on12[0].from_s, 0.0, kTimeTol);
    EXPECT_NEAR(on12[0].to_s, 0.75 * t, kTimeTol);
    EXPECT_EQ(on12[0].band, 0u);
    EXPECT_NEAR(on12[1].start_fraction, 0.75, kFracTol);
    EXPECT_NEAR(on12[1].end_fraction, 1.0, kFracTol);
    EXPECT_EQ(on12[1].band, 1u);

    const auto on23 = pieces_on(pieces, e23);
    ASSERT_EQ(on23.size(), 1u);
    EXPECT_NEAR(on23[0].start_fraction, 0.0, kFracTol);
    EXPECT_NEAR(on23[0].end_fraction, 0.5, kFracTol);
    EXPECT_NEAR(on23[0].from_s, t, kTimeTol);
    EXPECT_NEAR(on23[0].to_s, 1.5 * t, kTimeTol);
    EXPECT_EQ(on23[0].band, 1u);
    // Nothing else: 3-4 is beyond the last band, and no road is claimed twice.
    EXPECT_EQ(pieces.size(), 3u);

    const auto km = analysis::reachable_length_m(g, pieces, limits.size());
    EXPECT_NEAR(km[0], 750.0, 0.5);
    EXPECT_NEAR(km[1], 1500.0, 0.5);
    const auto cut = analysis::piece_geometry(g, on23[0]);
    ASSERT_GE(cut.size(), 2u);
    EXPECT_NEAR(cut.front().x, 1000.0, 1e-6);
    EXPECT_NEAR(cut.back().x, 1500.0, 0.1);
}

TEST(Isochrone, OneWayStreetIsReachableOnlyInItsDirection) {
    const auto g = line_graph(Oneway::Forward);  // 1 -> 2 only
    const Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    const std::vector<double> limits{3600.0};
    ASSERT_EQ(edge_of(g, 2, 1), kInvalidEdge);
    const EdgeId e12 = edge_of(g, 1, 2);

    // From the far end, the whole line but the one-way street is reachable.
    const auto from_far = analysis::reachable_edges(search, snapper.snap({3000, 0}, 10), limits);
    EXPECT_TRUE(pieces_on(from_far, e12).empty());
    EXPECT_NEAR(analysis::reachable_length_m(g, from_far, 1)[0], 2000.0, 0.5);

    // From its start, the one-way street is driven in full, and everything beyond it.
    const auto from_start = analysis::reachable_edges(search, snapper.snap({0, 0}, 10), limits);
    const auto on12 = pieces_on(from_start, e12);
    ASSERT_EQ(on12.size(), 1u);
    EXPECT_NEAR(on12[0].start_fraction, 0.0, kFracTol);
    EXPECT_NEAR(on12[0].end_fraction, 1.0, kFracTol);
    EXPECT_NEAR(analysis::reachable_length_m(g, from_start, 1)[0], 3000.0, 0.5);
}

TEST(Isochrone, StartMidEdgeIncludesBothWaysAlongTheStartEdge) {
    const auto g = line_graph();
    const Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    const EdgeId e23 = edge_of(g, 2, 3), e32 = edge_of(g, 3, 2), e21 = edge_of(g, 2, 1);
    const double t = g.time_s(e23);
    const std::vector<double> limits{0.5 * t};
    const auto snap = snapper.snap({1250, 20}, 100);  // a quarter of the way from 2 to 3
    ASSERT_TRUE(snap.ok);
    const auto pieces = analysis::reachable_edges(search, snap, limits);

    const auto fwd = pieces_on(pieces, e23);
    ASSERT_EQ(fwd.size(), 1u);
    EXPECT_NEAR(fwd[0].start_fraction, 0.25, kFracTol);
    EXPECT_NEAR(fwd[0].end_fraction, 0.75, kFracTol);
    EXPECT_NEAR(fwd[0].from_s, 0.0, kTimeTol);
    EXPECT_NEAR(fwd[0].to_s, 0.5 * t, kTimeTol);
    const auto fwd_line = analysis::piece_geometry(g, fwd[0]);
    EXPECT_NEAR(fwd_line.front().x, 1250.0, 0.1);
    EXPECT_NEAR(fwd_line.back().x, 1750.0, 0.1);

    // Backwards along the start edge (3 -> 2 in travel order covers 0.75..1) ...
    const auto back = pieces_on(pieces, e32);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_NEAR(back[0].start_fraction, 0.75, kFracTol);
    EXPECT_NEAR(back[0].end_fraction, 1.0, kFracTol);
    EXPECT_NEAR(back[0].to_s, 0.25 * t, kTimeTol);
    // ... and on through node 2 for the remaining quarter.
    const auto beyond = pieces_on(pieces, e21);
    ASSERT_EQ(beyond.size(), 1u);
    EXPECT_NEAR(beyond[0].start_fraction, 0.0, kFracTol);
    EXPECT_NEAR(beyond[0].end_fraction, 0.25, kFracTol);
    EXPECT_NEAR(beyond[0].from_s, 0.25 * t, kTimeTol);
    EXPECT_NEAR(beyond[0].to_s, 0.5 * t, kTimeTol);
    EXPECT_EQ(pieces.size(), 3u);
    EXPECT_NEAR(analysis::reachable_length_m(g, pieces, 1)[0], 1000.0, 0.5);
}

TEST(Isochrone, OneWayStartEdgeBackPartIsReachedRoundTheBlock) {
    // 4 ---- 3
    // |      |     a 1 km square; 1 -> 2 is one-way, the rest two-way
    // 1 -->- 2
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 1000, 1000).node(4, 0, 1000);
    net.link(1, 2, RoadClass::Primary, Oneway::Forward);
    net.link(2, 3);
    net.link(3, 4);
    net.link(4, 1);
    const auto g = build(net);
    const Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    const EdgeId e12 = edge_of(g, 1, 2);
    const double t = g.time_s(e12);
    const auto pieces = analysis::reachable_edges(search, snapper.snap({250, 0}, 10), std::vector<double>{3600.0});

    const auto on12 = pieces_on(pieces, e12);
    ASSERT_EQ(on12.size(), 2u);
    // The quarter behind the start: round 2-3-4-1 and in from node 1.
    EXPECT_NEAR(on12[0].start_fraction, 0.0, kFracTol);
    EXPECT_NEAR(on12[0].end_fraction, 0.25, kFracTol);
    EXPECT_NEAR(on12[0].from_s, 3.75 * t, 4 * kTimeTol);
    EXPECT_NEAR(on12[0].to_s, 4.0 * t, 4 * kTimeTol);
    // Ahead of the start, directly.
    EXPECT_NEAR(on12[1].start_fraction, 0.25, kFracTol);
    EXPECT_NEAR(on12[1].end_fraction, 1.0, kFracTol);
    EXPECT_NEAR(on12[1].from_s, 0.0, kTimeTol);
    // Every road exactly once: 4 km.
    EXPECT_NEAR(analysis::reachable_length_m(g, pieces, 1)[0], 4000.0, 0.5);
}

TEST(Isochrone, TwoWayRoadIsSplitWhereBothEndsMeet) {
    // 1 ---- 2 ---- 3 ---- 4 plus a fast bypass 1 => 4: link 3-4 is reached from both ends.
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0);
    net.link(1, 2);
    net.link(2, 3);
    net.link(3, 4);
    net.link(1, 4, RoadClass::Motorway).geometry = {{0, 0}, {1500, 300}, {3000, 0}};
    const auto g = build(net);
    const Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    const auto pieces = analysis::reachable_edges(search, snapper.snap({0, 0}, 1), std::vector<double>{3600.0});
    const EdgeId e34 = edge_of(g, 3, 4), e43 = edge_of(g, 4, 3);
    const auto a = pieces_on(pieces, e34), b = pieces_on(pieces, e43);
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    // They meet at one point, at one time, and cover the link exactly once.
    EXPECT_NEAR(a[0].end_fraction + b[0].end_fraction, 1.0, kFracTol);
    EXPECT_NEAR(a[0].to_s, b[0].to_s, kTimeTol);
    EXPECT_NEAR(a[0].start_fraction, 0.0, kFracTol);
    EXPECT_NEAR(b[0].start_fraction, 0.0, kFracTol);
    const double bypass_m = 2 * std::hypot(1500.0, 300.0);
    EXPECT_NEAR(analysis::reachable_length_m(g, pieces, 1)[0], 3000.0 + bypass_m, 0.5);
}

TEST(Isochrone, UnsnappedOriginReachesNothing) {
    const auto g = line_graph();
    const Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    EXPECT_TRUE(analysis::reachable_edges(search, snapper.snap({0, 5000}, 10), std::vector<double>{600.0}).empty());
}

TEST(Isochrone, EveryRoadOfAConnectedGridIsCoveredExactlyOnce) {
    // A 6 x 6 grid of 300 m blocks; every third street one-way (alternating directions),
    // so no link can be claimed twice and none may be lost, whatever the start.
    TinyNetwork net;
    const int n = 6;
    auto key = [&](int i, int j) { return static_cast<NodeKey>(i * n + j + 1); };
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) net.node(key(i, j), 300.0 * i, 300.0 * j);
    }
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j + 1 < n; ++j) {
            const Oneway ow = (i % 3 == 1) ? (i % 2 ? Oneway::Forward : Oneway::Backward) : Oneway::No;
            net.link(key(i, j), key(i, j + 1), RoadClass::Residential, ow);
            net.link(key(j, i), key(j + 1, i), (i + j) % 2 ? RoadClass::Primary : RoadClass::Secondary);
        }
    }
    const auto g = build(net);
    const Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    for (const Point start : {Point{450, 620}, Point{10, 0}, Point{1500, 1370}}) {
        const auto pieces = analysis::reachable_edges(search, snapper.snap(start, 100), std::vector<double>{7200.0});
        std::vector<double> covered(g.link_count(), 0.0);
        for (const auto& p : pieces) {
            EXPECT_LT(p.start_fraction, p.end_fraction);
            EXPECT_LE(p.from_s, p.to_s);
            covered[g.edge_link[p.edge]] += p.end_fraction - p.start_fraction;
        }
        for (LinkId l = 0; l < g.link_count(); ++l) EXPECT_NEAR(covered[l], 1.0, 1e-9) << "link " << l;
        double grid_m = 0.0;
        for (LinkId l = 0; l < g.link_count(); ++l) grid_m += 300.0;
        EXPECT_NEAR(analysis::reachable_length_m(g, pieces, 1)[0], grid_m, 0.5);
    }
}
