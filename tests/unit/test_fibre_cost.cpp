// The rural last-mile case on hand-drawn roads: links cut at snapped points, attribution of
// segment costs to downstream premises, unreachable and unsnapped premises kept apart.
#include <gtest/gtest.h>

#include <cmath>

#include "midlink/analysis/fibre_cost.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/snapper.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::analysis;
using midlink::test::TinyNetwork;

namespace {

// 1 ---- 2 ---- 3 ---- 4 along the x axis, 1 km each; 2-3 one-way against the served side.
// A separate road 10 -- 11 far away (kept: components all).
graph::RoadGraph roads() {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0);
    net.node(10, 0, 50000).node(11, 1000, 50000);
    net.link(1, 2);
    net.link(3, 2, RoadClass::Primary, Oneway::Forward);
    net.link(3, 4);
    net.link(10, 11);
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return graph::build_graph(net.table(), p).graph;
}

std::vector<graph::Snap> snaps(const graph::RoadGraph& g, const std::vector<Point>& points,
                               double max_m = 500) {
    const graph::Snapper snapper(g);
    std::vector<graph::Snap> out;
    for (const auto& p : points) out.push_back(snapper.snap(p, max_m));
    return out;
}

FibreCostParams cheap() {
    FibreCostParams p;
    p.route_cost_per_km_gbp = 2000;
    p.drop_cost_per_km_gbp = 1000;
    p.connection_cost_gbp = 500;
    p.uso_cap_gbp = 3400;
    return p;
}

double sum_attached(const FibreCase& fc) {
    double s = 0;
    for (const auto& p : fc.premises) {
        if (p.connected()) s += p.attached_cost_gbp;
    }
    return s;
}

}  // namespace

TEST(FibreCost, SharedRoadIsBuiltOnceAndItsCostSplitDownstream) {
    const auto g = roads();
    const auto served = snaps(g, {{0, 0}});
    const auto premises = snaps(g, {{1500, 30}, {2500, -40}});
    const auto fc = fibre_cost(g, served, premises, cheap());

    EXPECT_EQ(fc.served_on_network, 1u);
    EXPECT_EQ(fc.connected, 2u);
    EXPECT_EQ(fc.unsnapped + fc.unreachable, 0u);
    // Route to the farther premises only (2.5 km); the rest of link 3-4 is pruned.
    EXPECT_NEAR(fc.route_m, 2500.0, 0.1);
    ASSERT_EQ(fc.segments.size(), 4u);
    double seg_total = 0;
    for (const auto& s : fc.segments) seg_total += s.length_m;
    EXPECT_NEAR(seg_total, fc.route_m, 1e-9);
    // 1-2 and the first half of 2-3 carry both premises; the rest carry one.
    std::vector<std::uint32_t> downstream;
    for (const auto& s : fc.segments) downstream.push_back(s.premises_downstream);
    std::sort(downstream.begin(), downstream.end());
    EXPECT_EQ(downstream, (std::vector<std::uint32_t>{1, 1, 2, 2}));

    // Shares: first premises (1500 m of shared road)/2 = 1500; second 1500 + 1000 m alone.
    EXPECT_NEAR(fc.premises[0].route_share_gbp, 1500.0, 0.01);
    EXPECT_NEAR(fc.premises[1].route_share_gbp, 1500.0 + 2000.0, 0.01);
    EXPECT_NEAR(fc.premises[0].drop_m, 30.0, 1e-6);
    EXPECT_NEAR(fc.premises[0].drop_gbp, 30.0, 1e-6);
    EXPECT_NEAR(fc.premises[0].attached_cost_gbp, 1500 + 30 + 500, 0.01);
    EXPECT_NEAR(fc.premises[1].attached_cost_gbp, 3500 + 40 + 500, 0.01);
    EXPECT_NEAR(fc.premises[0].path_to_served_m, 1500.0, 0.1);
    EXPECT_NEAR(fc.premises[1].path_to_served_m, 2500.0, 0.1);

    EXPECT_NEAR(fc.route_cost_gbp, 5000.0, 0.01);
    EXPECT_NEAR(fc.drop_cost_gbp, 70.0, 1e-6);
    EXPECT_NEAR(fc.connection_cost_gbp, 1000.0, 1e-9);
    EXPECT_NEAR(fc.capital_gbp, 6070.0, 0.01);
    EXPECT_NEAR(sum_attached(fc), fc.capital_gbp, 1e-6);
    EXPECT_NEAR(fc.cost_per_premises_gbp, 3035.0, 0.01);
    EXPECT_EQ(fc.under_uso_cap, 1u);
    EXPECT_DOUBLE_EQ(fc.share_under_uso_cap, 0.5);
}

TEST(FibreCost, SegmentsCarryLinkFractionsInDrawingOrder) {
    const auto g = roads();
    const auto fc = fibre_cost(g, snaps(g, {{0, 0}}), snaps(g, {{1500, 30}}), cheap());
    // Link 3->2 is drawn from x=2000 to x=1000: the built part runs from its middle to its end.
    bool found = false;
    for (const auto& s : fc.segments) {
        if (s.length_m == 500.0) {
            found = true;
            EXPECT_NEAR(s.from_fraction, 0.5, 1e-9);
            EXPECT_NEAR(s.to_fraction, 1.0, 1e-9);
        }
    }
    EXPECT_TRUE(found);
}

TEST(FibreCost, PremisesAtTheSamePointShareEqually) {
    const auto g = roads();
    const auto fc =
        fibre_cost(g, snaps(g, {{0, 0}}), snaps(g, {{800, 10}, {800, 10}, {800, -10}}), cheap());
    EXPECT_NEAR(fc.route_m, 800.0, 0.1);
    for (const auto& p : fc.premises) EXPECT_NEAR(p.route_share_gbp, 1600.0 / 3.0, 1e-6);
    EXPECT_NEAR(sum_attached(fc), fc.capital_gbp, 1e-6);
}

TEST(FibreCost, ServedAndPremisesOnOneLinkAndTheNearerOfTwoServedPoints) {
    const auto g = roads();
    // Served at x=200 and x=3000; premises at 700 (to the first) and 2600 (to the second).
    const auto fc =
        fibre_cost(g, snaps(g, {{200, 0}, {3000, 5}}), snaps(g, {{700, 0}, {2600, 0}}), cheap());
    EXPECT_EQ(fc.connected, 2u);
    EXPECT_NEAR(fc.route_m, 500.0 + 400.0, 0.1);
    EXPECT_NEAR(fc.premises[0].path_to_served_m, 500.0, 0.1);
    EXPECT_NEAR(fc.premises[1].path_to_served_m, 400.0, 0.1);
    EXPECT_EQ(fc.premises[0].served_index, 0);
    EXPECT_EQ(fc.premises[1].served_index, 1);
}

TEST(FibreCost, UnreachableAndUnsnappedPremisesAreCountedNotCosted) {
    const auto g = roads();
    // Second on the far road (no served point there), third 5 km from any road.
    const auto fc = fibre_cost(g, snaps(g, {{0, 0}}),
                               snaps(g, {{500, 0}, {500, 50010}, {5000, 5000}}), cheap());
    EXPECT_EQ(fc.connected, 1u);
    EXPECT_EQ(fc.unreachable, 1u);
    EXPECT_EQ(fc.unsnapped, 1u);
    EXPECT_EQ(fc.premises[1].status, PremisesStatus::Unreachable);
    EXPECT_EQ(fc.premises[2].status, PremisesStatus::Unsnapped);
    EXPECT_GT(fc.premises[2].drop_m, 500.0);  // the distance found is still reported
    for (int i : {1, 2}) {
        EXPECT_TRUE(std::isnan(fc.premises[i].attached_cost_gbp));
        EXPECT_TRUE(std::isnan(fc.premises[i].route_share_gbp));
        EXPECT_TRUE(std::isnan(fc.premises[i].path_to_served_m));
        EXPECT_EQ(fc.premises[i].served_index, -1);
    }
    EXPECT_NEAR(fc.route_m, 500.0, 0.1);
    EXPECT_NEAR(fc.capital_gbp, 1000 + 500, 0.01);
    EXPECT_NEAR(fc.cost_per_premises_gbp, 1500, 0.01);
}

TEST(FibreCost, NothingConnectedGivesNullRatiosAndNoServedPointThrows) {
    const auto g = roads();
    const auto fc = fibre_cost(g, snaps(g, {{0, 0}}), snaps(g, {{9000, 9000}}), cheap());
    EXPECT_EQ(fc.connected, 0u);
    EXPECT_TRUE(std::isnan(fc.cost_per_premises_gbp));
    EXPECT_TRUE(std::isnan(fc.share_under_uso_cap));
    EXPECT_EQ(fc.route_m, 0.0);
    EXPECT_THROW(fibre_cost(g, snaps(g, {{9000, 9000}}), snaps(g, {{500, 0}}), cheap()),
                 InputError);
}
