// Snapping on link-table models (TNTP, GMNS, junction CSV), where each direction of a
// road is its own directed link: node coincidence, reverse twins and zone connectors.
#include <gtest/gtest.h>

#include <cmath>

#include "midlink/analysis/isochrone.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::graph;
using midlink::test::car_all;
using midlink::test::node_of;
using midlink::test::TinyNetwork;

namespace {
//   D (0,1000)
//   ||
//   A (0,0) ==== B (1000,0)        every || and == is two one-way links, one per direction,
//   ¦                              drawn straight, as a TNTP file gives them
//   Z (500,-300) zone centroid, joined to A by connectors ¦ (both ways)
RoadGraph link_table_graph() {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(4, 0, 1000).node(9, 500, -300);
    net.link(1, 2, RoadClass::Primary, Oneway::Forward);  // link 0: A -> B
    net.link(2, 1, RoadClass::Primary, Oneway::Forward);  // link 1: B -> A
    net.link(1, 4, RoadClass::Primary, Oneway::Forward);
    net.link(4, 1, RoadClass::Primary, Oneway::Forward);
    net.link(9, 1, RoadClass::Connector, Oneway::Forward);
    net.link(1, 9, RoadClass::Connector, Oneway::Forward);
    return build_graph(net.table(), car_all()).graph;
}

Route route_xy(const RoadGraph& g, Point from, Point to, SnapOptions options = {}) {
    const Snapper snapper(g, options);
    ShortestPathSearch search(g, Metric::Distance);
    return route_between(search, snapper.snap(from, 100), snapper.snap(to, 100));
}
}  // namespace

TEST(SnapLinkTable, PointOnATailNodeIsThatNodeAndLeavesEveryWay) {
    const auto g = link_table_graph();
    const Snapper snapper(g);
    const auto s = snapper.snap({0.0, 0.3}, 100);
    ASSERT_TRUE(s.ok);
    EXPECT_EQ(s.node, node_of(g, 1));
    EXPECT_NEAR(s.distance_m, 0.3, 1e-9);
    const auto out = origin_anchors(g, Metric::Distance, s);
    ASSERT_EQ(out.count, 1);
    EXPECT_EQ(out.anchors[0].node, node_of(g, 1));
    EXPECT_EQ(out.anchors[0].cost, 0);
    // Old rule: the point at A sat on A -> B only and went A-B-A-D (3 km).
    const auto r = route_xy(g, {0, 0}, {0, 1000});
    ASSERT_EQ(r.status, RouteStatus::Ok);
    EXPECT_NEAR(r.distance_m, 1000.0, 0.01);
    ASSERT_GE(r.geometry.size(), 2u);
    EXPECT_NEAR(r.geometry.front().y, 0.0, 1e-9);
    EXPECT_NEAR(r.geometry.back().y, 1000.0, 1e-9);
    // Arriving at a node works the same way: B to A is the direct link.
    EXPECT_NEAR(route_xy(g, {1000, 0}, {0, 0}).distance_m, 1000.0, 0.01);
}

TEST(SnapLinkTable, NodeToleranceIsHalfAMetre) {
    const auto g = link_table_graph();
    const Snapper snapper(g);
    EXPECT_EQ(snapper.snap({1000.0, 0.49}, 100).node, node_of(g, 2));
    const auto off = snapper.snap({999.0, 0.6}, 100);  // 1.2 m from B: a point on A-B
    EXPECT_EQ(off.node, kInvalidNode);
    EXPECT_NE(off.along, kInvalidEdge);
    const Snapper wide(g, SnapOptions{.node_tolerance_m = 2.0});
    EXPECT_EQ(wide.snap({999.0, 0.6}, 100).node, node_of(g, 2));
}

TEST(SnapLinkTable, MidLinkPointOnOppositeDirectedLinksGoesBothWays) {
    const auto g = link_table_graph();
    const Snapper snapper(g);
    const auto s = snapper.snap({500, 10}, 100);
    ASSERT_TRUE(s.ok);
    ASSERT_NE(s.along, kInvalidEdge);
    ASSERT_NE(s.against, kInvalidEdge);  // the B -> A link, the same road
    EXPECT_EQ(g.head[s.against], node_of(g, 1));
    EXPECT_EQ(origin_anchors(g, Metric::Distance, s).count, 2);
    EXPECT_EQ(destination_anchors(g, Metric::Distance, s).count, 2);
    // Old rule: on to B, back to A, up to D (2.5 km).
    EXPECT_NEAR(route_xy(g, {500, 10}, {0, 1000}).distance_m, 1500.0, 0.01);
    // Backwards along the same road, directly on the twin (old: 300 + 1000 + 300 m).
    const auto back = route_xy(g, {700, 10}, {300, -10});
    ASSERT_EQ(back.status, RouteStatus::Ok);
    EXPECT_NEAR(back.distance_m, 400.0, 0.01);
    ASSERT_EQ(back.edges.size(), 1u);
    EXPECT_EQ(back.edges[0], s.against);
    EXPECT_NEAR(back.geometry.front().x, 700.0, 1e-6);
    EXPECT_NEAR(back.geometry.back().x, 300.0, 1e-6);
    // Ending mid-link through the twin: from D down to A, then 300 m along B -> A reversed.
    EXPECT_NEAR(route_xy(g, {0, 1000}, {300, 5}).distance_m, 1300.0, 0.01);
}

TEST(SnapLinkTable, ZoneConnectorsAreNoSnapTargetUnlessAsked) {
    const auto g = link_table_graph();
    const Point near_zone{480, -290};  // 22 m from the centroid, 290 m from A-B
    const auto road = Snapper(g).snap(near_zone, 1000);
    ASSERT_TRUE(road.ok);
    EXPECT_NE(g.edge_class[road.along], RoadClass::Connector);
    EXPECT_NEAR(road.distance_m, 290.0, 1e-6);
    const auto at_centroid = Snapper(g).snap({500, -300}, 1000);
    EXPECT_EQ(at_centroid.node, kInvalidNode);  // the centroid has connectors only
    const Snapper with(g, SnapOptions{.connectors = true});
    const auto conn = with.snap(near_zone, 1000);
    ASSERT_TRUE(conn.ok);
    EXPECT_EQ(g.edge_class[conn.along != kInvalidEdge ? conn.along : conn.against], RoadClass::Connector);
    EXPECT_EQ(with.snap({500, -300}, 1000).node, node_of(g, 9));
}

TEST(SnapLinkTable, TwoWayLinksKeepTheirOwnTwoEdges) {
    // An OSM/OGR road is one link with both directions: no twin search, no double anchors.
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0);
    net.link(1, 2);
    const auto g = build_graph(net.table(), car_all()).graph;
    const auto s = Snapper(g).snap({400, 5}, 100);
    ASSERT_NE(s.along, kInvalidEdge);
    ASSERT_NE(s.against, kInvalidEdge);
    EXPECT_EQ(g.edge_link[s.along], s.link);
    EXPECT_EQ(g.edge_link[s.against], s.link);
    EXPECT_EQ(origin_anchors(g, Metric::Distance, s).count, 2);
}

TEST(SnapLinkTable, OneWayRoadWithADifferentReturnRouteHasNoTwin) {
    // A -> B straight, B -> A by a detour: different roads, the point may only go on.
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0);
    net.link(1, 2, RoadClass::Primary, Oneway::Forward);
    auto& back = net.link(2, 1, RoadClass::Primary, Oneway::Forward);
    back.geometry = {{1000, 0}, {500, 400}, {0, 0}};
    const auto g = build_graph(net.table(), car_all()).graph;
    const auto s = Snapper(g).snap({500, 5}, 100);
    EXPECT_NE(s.along, kInvalidEdge);
    EXPECT_EQ(s.against, kInvalidEdge);
}

TEST(SnapLinkTable, IsochroneLeavesAMidLinkPointBothWaysAndCountsEachLinkOnce) {
    const auto g = link_table_graph();
    const auto s = Snapper(g).snap({500, 10}, 100);
    ASSERT_NE(s.against, kInvalidEdge);
    ShortestPathSearch search(g, Metric::Time);
    const std::vector<double> bands{20.0, 3600.0};
    const auto pieces = analysis::reachable_edges(search, s, bands);
    // B -> A is driven from the point itself (old rule: only after going round by B).
    bool from_point = false;
    for (const auto& p : pieces) {
        if (p.edge == s.against && p.from_s == 0.0) {
            from_point = true;
            EXPECT_NEAR(p.start_fraction, 0.5, 1e-9);
        }
    }
    EXPECT_TRUE(from_point);
    // Within the hour every directed link is reached, each counted once: 4 road links of
    // 1 km and 2 connectors of 583 m.
    const auto length = analysis::reachable_length_m(g, pieces, bands.size());
    EXPECT_NEAR(length.back(), 4000.0 + 2.0 * std::hypot(500.0, 300.0), 0.5);
    // Within 20 s only the point's own road is reached, both ways from it.
    EXPECT_GT(length.front(), 0.0);
    EXPECT_LT(length.front(), 1000.0);
}
