// Generalised cost in assignment: BPR time plus toll and distance weighted into time, on a
// hand-drawn pair of routes whose equilibrium moves with the weights; and the TNTP
// metadata that states the weights.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "midlink/analysis/assignment.hpp"
#include "midlink/analysis/tntp_network.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/tntp_assignment.hpp"

using namespace midlink;
using namespace midlink::analysis;

namespace {

//   A: t = 10 + 0.1 x, toll 5, length 5
// 1 ====> 2     300 trips
//   B: t = 20 + 0.2 y, toll 0, length 1
AssignmentNetwork two_routes(double toll_factor, double distance_factor) {
    AssignmentNetwork n;
    n.node_count = 3;
    n.from = {1, 1};
    n.to = {2, 2};
    n.free_flow_time = {10, 20};
    n.capacity = {100, 100};
    n.alpha = {1, 1};
    n.power = {1, 1};
    n.fixed_cost = {toll_factor * 5 + distance_factor * 5, toll_factor * 0 + distance_factor * 1};
    return n;
}
const OdMatrix kOneToTwo300 = {{1, {{2, 300.0}}}};

AssignmentOptions tight(AssignmentMethod m) {
    AssignmentOptions o;
    o.method = m;
    o.target_gap = 1e-12;
    o.max_iterations = 200;
    return o;
}

constexpr AssignmentMethod kEquilibriumMethods[] = {
    AssignmentMethod::FrankWolfe, AssignmentMethod::ConjugateFrankWolfe,
    AssignmentMethod::BiconjugateFrankWolfe, AssignmentMethod::Bush};

class TempFile {
  public:
    TempFile(const std::string& name, const std::string& text)
        : m_path(std::filesystem::temp_directory_path() /
                 (std::to_string(::getpid()) + "_gc_" + name)) {
        std::ofstream(m_path) << text;
    }
    ~TempFile() { std::filesystem::remove(m_path); }
    std::string path() const { return m_path.string(); }

  private:
    std::filesystem::path m_path;
};

}  // namespace

TEST(GeneralisedCost, TollFactorMovesTheEquilibrium) {
    // Toll factor 2: A costs 20 + 0.1 x against 20 + 0.2 (300 - x): x = 200, both cost 40.
    // BPR times stay apart (A 30, B 40). Without the toll x would be 700/3.
    for (const auto m : kEquilibriumMethods) {
        SCOPED_TRACE(std::string(assignment_method_name(m)));
        const auto r = assign_traffic(two_routes(2, 0), kOneToTwo300, tight(m));
        EXPECT_TRUE(r.converged) << r.relative_gap;
        EXPECT_NEAR(r.volume[0], 200.0, 1e-6);
        EXPECT_NEAR(r.volume[1], 100.0, 1e-6);
        EXPECT_NEAR(r.cost[0], 40.0, 1e-6);
        EXPECT_NEAR(r.cost[1], 40.0, 1e-6);
        EXPECT_NEAR(r.time[0], 30.0, 1e-6);
        EXPECT_NEAR(r.time[1], 40.0, 1e-6);
        EXPECT_NEAR(r.total_cost, 300.0 * 40.0, 1e-4);
        EXPECT_NEAR(r.total_travel_time, 200.0 * 30.0 + 100.0 * 40.0, 1e-4);
    }
}

TEST(GeneralisedCost, DistanceFactorMovesTheEquilibrium) {
    // Distance factor 1: 15 + 0.1 x = 21 + 0.2 (300 - x): x = 220, y = 80, both cost 37.
    for (const auto m : kEquilibriumMethods) {
        SCOPED_TRACE(std::string(assignment_method_name(m)));
        const auto r = assign_traffic(two_routes(0, 1), kOneToTwo300, tight(m));
        EXPECT_NEAR(r.volume[0], 220.0, 1e-6);
        EXPECT_NEAR(r.volume[1], 80.0, 1e-6);
        EXPECT_NEAR(r.cost[0], 37.0, 1e-6);
        EXPECT_NEAR(r.time[0], 32.0, 1e-6);
        EXPECT_NEAR(r.time[1], 36.0, 1e-6);
    }
}

TEST(GeneralisedCost, AllOrNothingAndTheGapUseGeneralisedCost) {
    // Toll factor 3: at free flow A costs 10 + 15 = 25, B 20, so all 300 trips take B,
    // whose cost is then 20 + 60 = 80 while A still costs 25. On time alone A (10) would
    // be taken, and the gap would be (24000 - 3000) / 24000 instead.
    AssignmentOptions o;
    o.method = AssignmentMethod::AllOrNothing;
    const auto r = assign_traffic(two_routes(3, 0), kOneToTwo300, o);
    EXPECT_EQ(r.volume[0], 0.0);
    EXPECT_EQ(r.volume[1], 300.0);
    EXPECT_NEAR(r.relative_gap, (300.0 * 80 - 300.0 * 25) / (300.0 * 80), 1e-12);
}

TEST(GeneralisedCost, TntpMetadataStatesTheFactors) {
    const TempFile net(
        "f_net.tntp",
        "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 2\n"
        "<TOLL FACTOR> 2\n<DISTANCE FACTOR>\t0.5\t\n<END OF METADATA>\n"
        "1 2 100 5 10 1 1 0 5 1 ;\n1 2 100 1 20 1 1 0 0 1 ;\n");
    const auto n = io::read_tntp_assignment_net(net.path());
    ASSERT_TRUE(n.toll_factor.has_value());
    ASSERT_TRUE(n.distance_factor.has_value());
    EXPECT_EQ(*n.toll_factor, 2.0);
    EXPECT_EQ(*n.distance_factor, 0.5);
    const auto f = cost_factors_from_tntp(n);
    const auto a = assignment_network_from_tntp(n, f);
    ASSERT_EQ(a.fixed_cost.size(), 2u);
    EXPECT_DOUBLE_EQ(a.fixed_cost[0], 2.0 * 5 + 0.5 * 5);
    EXPECT_DOUBLE_EQ(a.fixed_cost[1], 0.5 * 1);
    // Absent metadata: no fixed cost at all, as before.
    const TempFile plain("g_net.tntp", "<NUMBER OF NODES> 2\n1 2 100 5 10 1 1 0 5 1 ;\n");
    const auto p = io::read_tntp_assignment_net(plain.path());
    EXPECT_FALSE(p.toll_factor.has_value());
    EXPECT_TRUE(assignment_network_from_tntp(p, cost_factors_from_tntp(p)).fixed_cost.empty());
}

TEST(GeneralisedCost, NegativeGeneralisedCostIsRefusedNamingTheLink) {
    const TempFile net("h_net.tntp",
                       "<NUMBER OF NODES> 3\n<TOLL FACTOR> 1\n1 2 100 5 10 1 1 0 0 1 ;\n"
                       "2 3 100 5 10 1 1 0 -20 1 ;\n");
    const auto n = io::read_tntp_assignment_net(net.path());
    try {
        assignment_network_from_tntp(n, cost_factors_from_tntp(n));
        FAIL() << "no error";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(net.path()), std::string::npos) << msg;
        EXPECT_NE(msg.find("2 -> 3"), std::string::npos) << msg;
        EXPECT_EQ(e.exit_code(), 3);
    }
    const TempFile bad("i_net.tntp",
                       "<NUMBER OF NODES> 2\n<TOLL FACTOR> high\n1 2 100 5 10 1 1 0 0 1 ;\n");
    try {
        io::read_tntp_assignment_net(bad.path());
        FAIL() << "no error";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find(bad.path() + ", line 2"), std::string::npos) << msg;
        EXPECT_NE(msg.find("TOLL FACTOR"), std::string::npos) << msg;
    }
}
