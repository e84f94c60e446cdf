// Corridor analysis (refs to follow, unbiased times, non-negative closure costs) and
// east-west discovery (angle and distance filters, gravity ranking) on hand-drawn graphs.
#include <gtest/gtest.h>

#include <cmath>

#include "midlink/analysis/corridor_analysis.hpp"
#include "midlink/analysis/east_west_discovery.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::analysis;
using midlink::test::TinyNetwork;

namespace {
//             3 (2000,1500)            roads 1-3-2 carry ref M9 (5 km),
//            /  \                      roads 1-4-2 carry ref A1 (4 km), all one class,
//  0 ---- 1 --4-- 2 ---- 5             so A1 is the faster way from 1 to 2; the end
// (-1000,0) (0,0)  (4000,0) (5000,0)   roads 0-1 and 2-5 carry ref X.
graph::RoadGraph two_routes() {
    TinyNetwork net;
    net.node(0, -1000, 0).node(1, 0, 0).node(2, 4000, 0).node(3, 2000, 1500).node(4, 2000, 0).node(5, 5000, 0);
    net.link(0, 1).ref = std::string{"X"};
    net.link(2, 5).ref = std::string{"X"};
    net.link(1, 4).ref = std::string{"A1"};
    net.link(4, 2).ref = std::string{"A1"};
    net.link(1, 3).ref = std::string{"M9"};
    net.link(3, 2).ref = std::string{"M9"};
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return graph::build_graph(net.table(), p).graph;
}

NodeId node_at(const graph::RoadGraph& g, Point p) {
    for (NodeId v = 0; v < g.node_count(); ++v)
        if (g.node_xy[v] == p) return v;
    return kInvalidNode;
}

double node_time_s(const graph::RoadGraph& g, Point a, Point b) {
    graph::ShortestPathSearch s(g, graph::Metric::Time);
    s.run(node_at(g, a), kUnreachable, node_at(g, b));
    return g.cost_value(graph::Metric::Time, s.distance(node_at(g, b)));
}

// Waypoints half-way along the end roads, so the route passes junctions 1 and 2.
const std::vector<CorridorWaypoint> kEnds{{"W", {-500, 0}}, {"E", {4500, 0}}};
}  // namespace

TEST(CorridorAnalysis, FastestRouteWithoutRefs) {
    const auto g = two_routes();
    CorridorAnalyser analyser(g);
    const auto r = analyser.analyse(kEnds, {});
    ASSERT_TRUE(r.ok()) << r.status;
    EXPECT_NEAR(r.route.distance_m, 5000.0, 1e-6);
    EXPECT_NEAR(r.route.time_s, node_time_s(g, {0, 0}, {4000, 0}) * 5.0 / 4.0, 1e-2);
    EXPECT_NEAR(r.circuity(), 1.0, 1e-9);
    EXPECT_LT(r.ref_share, 0.0);  // no refs followed
    ASSERT_FALSE(r.yen.empty());
    ASSERT_TRUE(r.disjoint.redundancy);
    EXPECT_NEAR(*r.disjoint.redundancy, 5000.0 / 4000.0, 1e-3);  // same speed everywhere
}

TEST(CorridorAnalysis, FollowingRefsTakesTheSlowerRoadAndReportsItsRealTime) {
    const auto g = two_routes();
    CorridorAnalyser analyser(g);
    CorridorOptions options;
    options.refs = {"M9"};
    options.ref_bias = 3.0;
    const auto r = analyser.analyse(kEnds, options);
    ASSERT_TRUE(r.ok()) << r.status;
    EXPECT_NEAR(r.route.distance_m, 6000.0, 1e-6);
    // Unbiased: the real time of 0.5 + 5 + 0.5 km, not the biased one.
    EXPECT_NEAR(r.route.time_s, node_time_s(g, {0, 0}, {4000, 0}) * 6.0 / 4.0, 1e-2);
    EXPECT_NEAR(r.ref_share, 5.0 / 6.0, 1e-9);
    // Closing a link of the followed road costs nothing: the fastest path does not use it.
    ASSERT_FALSE(r.critical.empty());
    for (const auto& c : r.critical) {
        EXPECT_FALSE(c.disconnects);
        EXPECT_EQ(c.increase, 0);
    }
    // A bias of 1 is the fastest route again.
    options.ref_bias = 1.0;
    EXPECT_NEAR(analyser.analyse(kEnds, options).route.distance_m, 5000.0, 1e-6);
}

TEST(CorridorAnalysis, UnsnappedWaypointIsNamed) {
    const auto g = two_routes();
    CorridorAnalyser analyser(g);
    const std::vector<CorridorWaypoint> wps{{"W", {-500, 0}}, {"Far", {90000, 0}}};
    const auto r = analyser.analyse(wps, {});
    EXPECT_EQ(r.status, "unsnapped");
    EXPECT_EQ(r.failed_waypoint, "Far");
}

TEST(EastWestDiscovery, FiltersByAngleAndDistanceAndRanksByGravity) {
    const auto g = two_routes();
    graph::Snapper snapper(g);
    // 0-1 lies due east-west (4 km); 0-2 and 2-1 lie 37 degrees off it.
    const std::vector<Place> places{{"W", {0, 0}, 100}, {"E", {4000, 0}, 200}, {"N", {2000, 1500}, 5000}};
    DiscoveryOptions options;
    options.min_km = 3.0;
    options.max_angle_deg = 30.0;
    auto r = discover_east_west(g, snapper, places, options);
    ASSERT_EQ(r.pairs.size(), 1u);
    EXPECT_EQ(r.pairs[0].west, 0u);
    EXPECT_EQ(r.pairs[0].east, 1u);
    EXPECT_NEAR(r.pairs[0].bearing_deg, 90.0, 1e-9);
    EXPECT_NEAR(r.pairs[0].straight_km, 4.0, 1e-9);
    const double minutes = node_time_s(g, {0, 0}, {4000, 0}) / 60.0;
    EXPECT_NEAR(r.pairs[0].time_min, minutes, 1e-4);
    EXPECT_NEAR(r.pairs[0].gravity, 100.0 * 200.0 / std::max(1.0, minutes), 1e-6);

    // Wider angle: all three pairs, ordered by gravity (N has the largest population).
    options.max_angle_deg = 40.0;
    options.min_km = 2.0;
    r = discover_east_west(g, snapper, places, options);
    ASSERT_EQ(r.pairs.size(), 3u);
    for (std::size_t i = 1; i < r.pairs.size(); ++i) EXPECT_GE(r.pairs[i - 1].gravity, r.pairs[i].gravity);
    EXPECT_EQ(r.pairs.back().west, 0u);  // W-E has the smallest population product
    EXPECT_EQ(r.pairs.back().east, 1u);

    options.min_km = 4.5;  // longer than every pair
    EXPECT_TRUE(discover_east_west(g, snapper, places, options).pairs.empty());
}

TEST(EastWestDiscovery, CompassBearing) {
    EXPECT_NEAR(compass_bearing_deg({0, 0}, {0, 10}), 0.0, 1e-9);
    EXPECT_NEAR(compass_bearing_deg({0, 0}, {10, 0}), 90.0, 1e-9);
    EXPECT_NEAR(compass_bearing_deg({0, 0}, {0, -10}), 180.0, 1e-9);
    EXPECT_NEAR(compass_bearing_deg({0, 0}, {-10, 0}), 270.0, 1e-9);
}

TEST(CorridorAnalysis, DisconnectedEndsAreUnreachableNotAnError) {
    // Two separate roads: nothing joins (0,0)-(1000,0) to (5000,0)-(6000,0).
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 5000, 0).node(4, 6000, 0);
    net.link(1, 2);
    net.link(3, 4);
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    const auto g = graph::build_graph(net.table(), p).graph;
    CorridorAnalyser analyser(g);
    const std::vector<CorridorWaypoint> wps{{"A", {500, 0}}, {"B", {5500, 0}}};
    const auto r = analyser.analyse(wps, {});
    EXPECT_EQ(r.status, "unreachable");
    EXPECT_EQ(r.failed_waypoint, "B");
    EXPECT_TRUE(r.route.edges.empty());
    // The analyser is still usable for the next corridor.
    const std::vector<CorridorWaypoint> ok{{"A", {200, 0}}, {"B", {800, 0}}};
    EXPECT_TRUE(analyser.analyse(ok, {}).ok());
}
