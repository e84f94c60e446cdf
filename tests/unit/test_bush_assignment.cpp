// Algorithm B (`--method bush`) on hand-drawn networks: analytic equilibria, zones, and
// agreement with bi-conjugate Frank-Wolfe.
#include <gtest/gtest.h>

#include <cmath>

#include "midlink/analysis/assignment.hpp"

using namespace midlink;
using namespace midlink::analysis;

namespace {

AssignmentOptions bush(double gap = 1e-12, int max_iter = 200) {
    AssignmentOptions o;
    o.method = AssignmentMethod::Bush;
    o.target_gap = gap;
    o.max_iterations = max_iter;
    return o;
}

struct Builder {
    AssignmentNetwork net;
    explicit Builder(std::uint32_t nodes, std::uint32_t first_thru = 0) {
        net.node_count = nodes;
        net.first_thru_node = first_thru;
    }
    void link(std::uint32_t u, std::uint32_t v, double t0, double cap, double alpha = 0.15,
              double power = 4.0) {
        net.from.push_back(u);
        net.to.push_back(v);
        net.free_flow_time.push_back(t0);
        net.capacity.push_back(cap);
        net.alpha.push_back(alpha);
        net.power.push_back(power);
    }
    void both_ways(std::uint32_t u, std::uint32_t v, double t0, double cap) {
        link(u, v, t0, cap);
        link(v, u, t0, cap);
    }
};

// A 3 x 3 grid, both directions, BPR power 4, demand across it in several directions.
//  1 - 2 - 3
//  |   |   |
//  4 - 5 - 6
//  |   |   |
//  7 - 8 - 9
AssignmentNetwork grid() {
    Builder b(10);
    b.both_ways(1, 2, 4, 300);
    b.both_ways(2, 3, 5, 200);
    b.both_ways(4, 5, 3, 250);
    b.both_ways(5, 6, 6, 400);
    b.both_ways(7, 8, 2, 150);
    b.both_ways(8, 9, 4, 300);
    b.both_ways(1, 4, 5, 200);
    b.both_ways(4, 7, 3, 350);
    b.both_ways(2, 5, 4, 150);
    b.both_ways(5, 8, 5, 300);
    b.both_ways(3, 6, 3, 250);
    b.both_ways(6, 9, 6, 200);
    return b.net;
}
const OdMatrix kGridOd = {
    {1, {{9, 900.0}, {6, 300.0}}}, {3, {{7, 700.0}}}, {8, {{2, 500.0}, {1, 200.0}}}};

}  // namespace

TEST(BushAssignment, TwoParallelLinearLinksMatchTheAnalyticEquilibrium) {
    // t = 10 + 0.1 x and 20 + 0.2 y, 300 trips: x = 700/3, y = 200/3, both cost 100/3.
    Builder b(3);
    b.link(1, 2, 10, 100, 1, 1);
    b.link(1, 2, 20, 100, 1, 1);
    const auto r = assign_traffic(b.net, {{1, {{2, 300.0}}}}, bush());
    EXPECT_TRUE(r.converged) << r.relative_gap;
    EXPECT_NEAR(r.volume[0], 700.0 / 3.0, 1e-9);
    EXPECT_NEAR(r.volume[1], 200.0 / 3.0, 1e-9);
    EXPECT_NEAR(r.cost[1], r.cost[0], 1e-9);
    EXPECT_LT(r.iterations, 5);  // Newton steps on linear costs: exact in one
}

TEST(BushAssignment, QuarticLinkAgainstAnUncongestedOne) {
    // A: t = 1 + (x/100)^4, B: t = 2 (never congests). 150 trips: x = 100, y = 50.
    Builder b(3);
    b.link(1, 2, 1, 100, 1, 4);
    b.link(1, 2, 2, 0, 1, 4);
    const auto r = assign_traffic(b.net, {{1, {{2, 150.0}}}}, bush());
    EXPECT_TRUE(r.converged) << r.relative_gap;
    EXPECT_NEAR(r.volume[0], 100.0, 1e-6);
    EXPECT_NEAR(r.volume[1], 50.0, 1e-6);
}

TEST(BushAssignment, ZonesAreNotPassedThroughEvenWhenCongestionWouldFavourIt) {
    // Zones 1, 2, 3 (first thru node 4). 1 -> 2 -> 3 is short but passes through zone 2;
    // 1 -> 4 -> 3 and 1 -> 5 -> 3 are the legal routes, and congestion splits the trips
    // between them. With the zones open, the short cut takes trips.
    Builder z(6, 4);
    z.link(1, 2, 1, 0);
    z.link(2, 3, 1, 0);
    z.link(1, 4, 5, 50);
    z.link(4, 3, 5, 50);
    z.link(1, 5, 6, 50);
    z.link(5, 3, 6, 50);
    const OdMatrix od = {{1, {{3, 100.0}, {2, 4.0}}}};
    const auto zoned = assign_traffic(z.net, od, bush());
    EXPECT_TRUE(zoned.converged) << zoned.relative_gap;
    EXPECT_EQ(zoned.volume[0], 4.0);  // 1 -> 2 serves zone 2 itself only
    EXPECT_EQ(zoned.volume[1], 0.0);
    EXPECT_NEAR(zoned.volume[2] + zoned.volume[4], 100.0, 1e-9);
    EXPECT_GT(zoned.volume[4], 1.0);
    EXPECT_NEAR(zoned.cost[2] + zoned.cost[3], zoned.cost[4] + zoned.cost[5], 1e-8);
    AssignmentNetwork open = z.net;
    open.first_thru_node = 0;
    EXPECT_EQ(assign_traffic(open, od, bush()).volume[1], 100.0);
}

TEST(BushAssignment, UnreachableAndIntrazonalDemandIsReportedNotAssigned) {
    Builder b(4);
    b.link(1, 2, 1, 10);
    const auto r = assign_traffic(b.net, {{1, {{2, 5.0}, {3, 7.0}, {1, 2.0}}}}, bush());
    EXPECT_EQ(r.volume[0], 5.0);
    EXPECT_EQ(r.unassigned_demand, 9.0);
    EXPECT_TRUE(r.converged);
}

TEST(BushAssignment, AgreesWithBiconjugateFrankWolfeOnAGrid) {
    const auto net = grid();
    const auto b = assign_traffic(net, kGridOd, bush(1e-12, 1000));
    ASSERT_TRUE(b.converged) << b.relative_gap << " after " << b.iterations;
    EXPECT_LE(b.relative_gap, 1e-12);
    AssignmentOptions o;
    o.method = AssignmentMethod::BiconjugateFrankWolfe;
    o.target_gap = 1e-7;
    o.max_iterations = 100000;
    const auto f = assign_traffic(net, kGridOd, o);
    ASSERT_TRUE(f.converged) << f.relative_gap;
    for (std::size_t a = 0; a < net.link_count(); ++a)
        EXPECT_NEAR(b.volume[a], f.volume[a], 0.5) << "link " << a;
    EXPECT_NEAR(b.total_travel_time, f.total_travel_time, 1e-6 * f.total_travel_time);
    // Wardrop at the tight gap: each OD pair's cheapest cost equals the cost of every
    // route it uses, so the total equals demand times cheapest cost (gap ~ 0).
    EXPECT_LT(b.iterations, 100);
}

TEST(BushAssignment, IsDeterministic) {
    const auto net = grid();
    const auto a = assign_traffic(net, kGridOd, bush(1e-10));
    const auto b = assign_traffic(net, kGridOd, bush(1e-10));
    EXPECT_EQ(a.volume, b.volume);
    EXPECT_EQ(a.iterations, b.iterations);
}

TEST(BushAssignment, MethodNameParses) {
    AssignmentMethod m = AssignmentMethod::AllOrNothing;
    ASSERT_TRUE(parse_assignment_method("bush", m));
    EXPECT_EQ(m, AssignmentMethod::Bush);
    EXPECT_EQ(assignment_method_name(m), "bush");
    m = AssignmentMethod::AllOrNothing;
    EXPECT_FALSE(parse_assignment_method("tapas", m));
    EXPECT_EQ(m, AssignmentMethod::AllOrNothing);
}
