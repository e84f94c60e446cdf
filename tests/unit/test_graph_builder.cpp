#include <gtest/gtest.h>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::graph;
using midlink::test::TinyNetwork;
using midlink::test::car_all;
using midlink::test::node_of;

namespace {
Weight dist(const RoadGraph& g, NodeKey a, NodeKey b, Metric m = Metric::Distance) {
    ShortestPathSearch s(g, m);
    s.run(node_of(g, a));
    return s.distance(node_of(g, b));
}
}  // namespace

//  1 ---> 2      a one-way street: 2 -> 1 must go round via 3 (1 km detour)
//   \    /
//    \  /
//     3
TEST(GraphBuilder, OnewayIsRespected) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 500, -1000);
    net.link(1, 2, RoadClass::Primary, Oneway::Forward);
    net.link(2, 3);
    net.link(3, 1);
    const auto r = build_graph(net.table(), car_all());
    EXPECT_EQ(r.graph.edge_count(), 5u);
    EXPECT_EQ(dist(r.graph, 1, 2), 10000u);  // decimetres
    const double detour_dm = 2 * std::hypot(500.0, 1000.0) * 10;
    EXPECT_NEAR(dist(r.graph, 2, 1), detour_dm, 2.0);
}

TEST(GraphBuilder, BackwardOnewayRunsAgainstDrawing) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 100, 0);
    net.link(1, 2, RoadClass::Primary, Oneway::Backward);
    const auto r = build_graph(net.table(), car_all());
    ASSERT_EQ(r.graph.edge_count(), 1u);
    EXPECT_EQ(dist(r.graph, 2, 1), 1000u);
    EXPECT_EQ(dist(r.graph, 1, 2), kUnreachable);
}

// A roundabout drawn clockwise 1->2->3->4->1 with one-way links, and an approach road.
TEST(GraphBuilder, RoundaboutIsOneWayAroundTheRing) {
    TinyNetwork net;
    net.node(1, 0, 10).node(2, 10, 0).node(3, 0, -10).node(4, -10, 0).node(5, 0, 100);
    for (auto [a, b] : {std::pair{1, 2}, {2, 3}, {3, 4}, {4, 1}}) {
        auto& l = net.link(a, b, RoadClass::Primary, Oneway::Forward);
        l.roundabout = true;
    }
    net.link(5, 1);
    const auto r = build_graph(net.table(), car_all());
    // 1 -> 4 must go the long way round (three arcs), not straight back.
    const double arc = std::hypot(10.0, 10.0) * 10;
    EXPECT_NEAR(dist(r.graph, 1, 4), 3 * arc, 3.0);
    EXPECT_NEAR(dist(r.graph, 4, 1), arc, 1.0);
    int roundabout_edges = 0;
    for (auto f : r.graph.edge_flags) roundabout_edges += (f & kRoundabout) ? 1 : 0;
    EXPECT_EQ(roundabout_edges, 4);
}

TEST(GraphBuilder, IslandsAreDroppedAndReported) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 100, 0).node(3, 200, 0).node(8, 5000, 0).node(9, 5100, 0);
    net.link(1, 2);
    net.link(2, 3);
    net.link(8, 9);  // an island
    Profile p = default_car_profile();
    const auto r = build_graph(net.table(), p);
    EXPECT_EQ(r.graph.node_count(), 3u);
    EXPECT_EQ(r.islands_dropped, 1u);
    EXPECT_EQ(r.island_nodes_dropped, 2u);
    EXPECT_EQ(r.diagnostics.count("islands_dropped"), 1u);
    EXPECT_EQ(r.graph.meta.components_total, 2u);
    p.components = ComponentPolicy::All;
    const auto all = build_graph(net.table(), p);
    EXPECT_EQ(all.graph.node_count(), 5u);
    EXPECT_EQ(all.graph.component(node_of(all.graph, 8)), 1u);
    EXPECT_EQ(dist(all.graph, 1, 9), kUnreachable);
}

TEST(GraphBuilder, ParallelEdgesKeepBothAndSearchTakesTheShorter) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0);
    auto& slow = net.link(1, 2, RoadClass::Residential);
    slow.length_m = 1500;  // a longer, slower road between the same nodes
    net.link(1, 2, RoadClass::Motorway);
    const auto r = build_graph(net.table(), car_all());
    EXPECT_EQ(r.graph.edge_count(), 4u);
    ShortestPathSearch s(r.graph, Metric::Time);
    s.run(node_of(r.graph, 1));
    const auto path = s.path_edges(node_of(r.graph, 2));
    ASSERT_EQ(path.size(), 1u);
    EXPECT_EQ(r.graph.edge_class[path[0]], RoadClass::Motorway);
}

TEST(GraphBuilder, SelfLoopsAreDroppedWithDiagnostic) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 100, 0);
    net.link(1, 2);
    net.link(2, 2);
    const auto r = build_graph(net.table(), car_all());
    EXPECT_EQ(r.graph.edge_count(), 2u);
    EXPECT_EQ(r.diagnostics.count("self_loop"), 1u);
}

TEST(GraphBuilder, ZeroLengthEdgesCostNothing) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 0, 0).node(3, 100, 0);
    net.link(1, 2);
    net.link(2, 3);
    const auto r = build_graph(net.table(), car_all());
    EXPECT_EQ(dist(r.graph, 1, 2, Metric::Time), 0u);
    EXPECT_EQ(dist(r.graph, 1, 3), 1000u);
    EXPECT_EQ(r.diagnostics.count("zero_length"), 1u);
}

TEST(GraphBuilder, HgvHardLimitsAreNeverRelaxedAndLegalOnesFollowPolicy) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 100, 0).node(3, 200, 0).node(4, 300, 0);
    net.link(1, 2).maxheight_m = 3.5;  // low bridge
    net.link(2, 3).hgv_access = Access::No;
    net.link(3, 4).hgv_access = Access::Destination;
    Profile hgv = default_hgv_profile();
    hgv.components = ComponentPolicy::All;
    hgv.height_m = 4.0;
    hgv.hgv_no_policy = RestrictionPolicy::Ignore;  // even so, height excludes 1-2
    auto r = build_graph(net.table(), hgv);
    EXPECT_EQ(r.links_excluded, 1u);
    EXPECT_EQ(r.graph.edge_count(), 4u);
    int penalised = 0;
    for (auto f : r.graph.edge_flags) penalised += (f & kPenalised) ? 1 : 0;
    EXPECT_EQ(penalised, 2);  // hgv=destination both ways
    hgv.hgv_no_policy = RestrictionPolicy::Exclude;
    r = build_graph(net.table(), hgv);
    EXPECT_EQ(r.links_excluded, 2u);
    const auto car = build_graph(net.table(), car_all());
    EXPECT_EQ(car.links_excluded, 0u);
}

TEST(LinkSpeed, MaxspeedLowersButNeverRaisesClassSpeed) {
    Profile car = default_car_profile();
    Link l;
    l.road_class = RoadClass::Residential;  // 20 mph class speed
    l.maxspeed = {SpeedLimit::Kind::Numeric, 48.28};
    EXPECT_NEAR(link_speed_kmh(l, car), 20 * 1.609344, 1e-6);
    l.maxspeed = {SpeedLimit::Kind::Numeric, 16.09};
    EXPECT_NEAR(link_speed_kmh(l, car), 16.09, 1e-6);
}

TEST(LinkSpeed, HgvLimitsByCarriageway) {
    const Profile hgv = default_hgv_profile();
    const double mph = 1.609344;
    Link l;
    l.road_class = RoadClass::Motorway;
    l.speed_kmh = 120;
    EXPECT_NEAR(link_speed_kmh(l, hgv), 60 * mph, 1e-6);
    l.road_class = RoadClass::Trunk;
    l.carriageway = Carriageway::Dual;
    l.maxspeed = {SpeedLimit::Kind::NationalDual, kUnknown};
    EXPECT_NEAR(link_speed_kmh(l, hgv), 60 * mph, 1e-6);
    l.carriageway = Carriageway::Single;
    l.maxspeed = {SpeedLimit::Kind::NationalSingle, kUnknown};
    EXPECT_NEAR(link_speed_kmh(l, hgv), 50 * mph, 1e-6);
    const Profile car = default_car_profile();
    l.speed_kmh = kUnknown;
    EXPECT_NEAR(link_speed_kmh(l, car), 55 * mph, 1e-6);  // trunk class speed under 60 NSL
}

TEST(GraphBuilder, NoRoutableLinkIsAnError) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 100, 0);
    net.link(1, 2, RoadClass::Track);
    EXPECT_THROW(build_graph(net.table(), car_all()), InputError);
}

TEST(GraphBuilder, NodeOrdersGiveTheSameDistances) {
    TinyNetwork net;
    for (int i = 0; i < 10; ++i) {
        for (int j = 0; j < 10; ++j) net.node(i * 10 + j, i * 100.0, j * 100.0);
    }
    for (int i = 0; i < 10; ++i) {
        for (int j = 0; j < 10; ++j) {
            if (i + 1 < 10) net.link(i * 10 + j, (i + 1) * 10 + j);
            if (j + 1 < 10) net.link(i * 10 + j, i * 10 + j + 1, RoadClass::Residential, (i % 2) ? Oneway::Forward : Oneway::No);
        }
    }
    for (NodeOrder order : {NodeOrder::Input, NodeOrder::Spatial, NodeOrder::BreadthFirst}) {
        BuildOptions o;
        o.order = order;
        const auto r = build_graph(net.table(), car_all(), o);
        EXPECT_EQ(dist(r.graph, 0, 99, Metric::Time), dist(build_graph(net.table(), car_all()).graph, 0, 99, Metric::Time));
        EXPECT_EQ(dist(r.graph, 99, 0), 18000u);
    }
}

namespace {
Profile all_components(Profile p) {
    p.components = ComponentPolicy::All;
    return p;
}
}  // namespace

// JTS walking: 4.8 km/h on any class but motorways, both ways along one-way streets, and
// foot= decides access, not the motor tags.
//   1 --primary, one-way--> 2 --footway-- 3 --motorway-- 4 ; 3 --residential, motor_vehicle=no-- 5
//   2 --footway, foot=no-- 6
TEST(GraphBuilder, WalkProfile) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 480, 0).node(3, 960, 0).node(4, 1440, 0).node(5, 960, 480).node(6, 480, 480);
    net.link(1, 2, RoadClass::Primary, Oneway::Forward).maxspeed = {SpeedLimit::Kind::Numeric, 3.0};
    net.link(2, 3, RoadClass::Footway);
    net.link(3, 4, RoadClass::Motorway);
    net.link(3, 5, RoadClass::Residential).motor_access = Access::No;
    net.link(2, 6, RoadClass::Footway).foot_access = Access::No;
    const auto r = build_graph(net.table(), all_components(default_walk_profile()));
    // 480 m at 4.8 km/h is 360 s; the posted 3 km/h (a motor limit) does not slow walkers.
    EXPECT_EQ(dist(r.graph, 2, 1, Metric::Time), 360000u);  // ms, against the one-way
    EXPECT_EQ(dist(r.graph, 1, 3, Metric::Time), 720000u);
    EXPECT_EQ(dist(r.graph, 5, 1, Metric::Time), 1080000u);  // the road closed to motors is open on foot
    EXPECT_EQ(r.graph.node_count(), 4u);                     // no motorway, no foot=no footway
    const auto car = build_graph(net.table(), car_all());
    EXPECT_EQ(dist(car.graph, 2, 1), kUnreachable);  // the car keeps the one-way
}

// JTS cycling: 16 km/h; footways only where tagged for bicycles; one-way unless contraflow.
//   1 --residential, one-way--> 2 --footway-- 3 ; 2 --footway, bicycle=designated-- 4
//   1 --residential, one-way, oneway:bicycle=no--> 5
TEST(GraphBuilder, CycleProfile) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1600, 0).node(3, 3200, 0).node(4, 1600, 1600).node(5, 0, 1600);
    net.link(1, 2, RoadClass::Residential, Oneway::Forward);
    net.link(2, 3, RoadClass::Footway);
    net.link(2, 4, RoadClass::Footway).bicycle_access = Access::Yes;
    net.link(1, 5, RoadClass::Residential, Oneway::Forward).bicycle_contraflow = true;
    const auto r = build_graph(net.table(), all_components(default_cycle_profile()));
    EXPECT_EQ(dist(r.graph, 1, 2, Metric::Time), 360000u);  // 1.6 km at 16 km/h: 6 minutes
    EXPECT_EQ(dist(r.graph, 2, 1, Metric::Time), kUnreachable);
    EXPECT_EQ(dist(r.graph, 5, 1, Metric::Time), 360000u);  // contraflow
    EXPECT_EQ(dist(r.graph, 1, 4, Metric::Time), 720000u);  // the designated footway
    EXPECT_EQ(r.graph.node_count(), 4u);                    // node 3 only by a plain footway
    const auto walk = build_graph(net.table(), all_components(default_walk_profile()));
    EXPECT_EQ(walk.graph.node_count(), 5u);
}
