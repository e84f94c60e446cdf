// Traffic assignment on hand-drawn networks whose equilibrium is solvable by hand, and
// the TNTP assignment readers on small inline files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include "midlink/analysis/assignment.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/tntp_assignment.hpp"

using namespace midlink;
using namespace midlink::analysis;

namespace {

struct LinkSpec {
    std::uint32_t from, to;
    double t0, capacity, alpha, power;
};

AssignmentNetwork make_network(std::uint32_t nodes, std::uint32_t first_thru,
                               std::initializer_list<LinkSpec> links) {
    AssignmentNetwork n;
    n.node_count = nodes;
    n.first_thru_node = first_thru;
    for (const auto& l : links) {
        n.from.push_back(l.from);
        n.to.push_back(l.to);
        n.free_flow_time.push_back(l.t0);
        n.capacity.push_back(l.capacity);
        n.alpha.push_back(l.alpha);
        n.power.push_back(l.power);
    }
    return n;
}

AssignmentOptions tight(AssignmentMethod m) {
    AssignmentOptions o;
    o.method = m;
    o.target_gap = 1e-12;
    o.max_iterations = 200;
    return o;
}

//   A: t = 10 + 0.1 x          UE with 300 trips: 10 + 0.1 x = 20 + 0.2 (300 - x)
// 1 ====> 2                    -> x = 700/3, y = 200/3, both cost 100/3.
//   B: t = 20 + 0.2 y
const AssignmentNetwork kLinear =
    make_network(3, 0, {{1, 2, 10, 100, 1, 1}, {1, 2, 20, 100, 1, 1}});
const OdMatrix kOneToTwo300 = {{1, {{2, 300.0}}}};

}  // namespace

TEST(Assignment, TwoParallelLinearLinksMatchTheAnalyticEquilibrium) {
    for (auto m : {AssignmentMethod::FrankWolfe, AssignmentMethod::ConjugateFrankWolfe,
                   AssignmentMethod::BiconjugateFrankWolfe}) {
        const auto r = assign_traffic(kLinear, kOneToTwo300, tight(m));
        EXPECT_NEAR(r.volume[0], 700.0 / 3.0, 1e-6);
        EXPECT_NEAR(r.volume[1], 200.0 / 3.0, 1e-6);
        EXPECT_NEAR(r.cost[0], 100.0 / 3.0, 1e-6);
        EXPECT_NEAR(r.cost[1], r.cost[0], 1e-6);  // Wardrop: used routes cost the same
        EXPECT_NEAR(r.total_travel_time, 300.0 * 100.0 / 3.0, 1e-4);
        EXPECT_TRUE(r.converged);
    }
}

TEST(Assignment, QuarticLinkAgainstAConstantOneSettlesWhereTheCostsMeet) {
    // A: t = 1 + (x/100)^4, B: t = 2 (no capacity: never congests). 150 trips:
    // 1 + (x/100)^4 = 2 -> x = 100, y = 50.
    const auto net = make_network(3, 0, {{1, 2, 1, 100, 1, 4}, {1, 2, 2, 0, 1, 4}});
    const OdMatrix od = {{1, {{2, 150.0}}}};
    for (auto m : {AssignmentMethod::FrankWolfe, AssignmentMethod::ConjugateFrankWolfe,
                   AssignmentMethod::BiconjugateFrankWolfe}) {
        const auto r = assign_traffic(net, od, tight(m));
        EXPECT_NEAR(r.volume[0], 100.0, 1e-6);
        EXPECT_NEAR(r.volume[1], 50.0, 1e-6);
        EXPECT_NEAR(r.cost[0], 2.0, 1e-9);
    }
}

TEST(Assignment, AllOrNothingLoadsEverythingOnTheFreeFlowShortestPath) {
    AssignmentOptions o;
    o.method = AssignmentMethod::AllOrNothing;
    const auto r = assign_traffic(kLinear, kOneToTwo300, o);
    EXPECT_EQ(r.volume[0], 300.0);
    EXPECT_EQ(r.volume[1], 0.0);
    EXPECT_DOUBLE_EQ(r.cost[0], 40.0);  // congested cost at the loaded volume
    EXPECT_EQ(r.iterations, 0);
    EXPECT_NEAR(r.relative_gap, (300.0 * 40.0 - 300.0 * 20.0) / (300.0 * 40.0), 1e-12);
}

TEST(Assignment, ZonesAreNotPassedThrough) {
    // Zones 1, 2, 3 (first thru node 4). 1 -> 2 -> 3 costs 2 but passes through zone 2;
    // the only legal path is 1 -> 4 -> 3 at cost 10.
    const std::initializer_list<LinkSpec> links = {
        {1, 2, 1, 0, 0.15, 4}, {2, 3, 1, 0, 0.15, 4}, {1, 4, 5, 0, 0.15, 4}, {4, 3, 5, 0, 0.15, 4}};
    const OdMatrix od = {{1, {{3, 10.0}, {2, 4.0}}}};
    AssignmentOptions o;
    o.method = AssignmentMethod::AllOrNothing;
    const auto zoned = assign_traffic(make_network(5, 4, links), od, o);
    EXPECT_EQ(zoned.volume[0], 4.0);  // 1 -> 2 still serves zone 2 itself
    EXPECT_EQ(zoned.volume[1], 0.0);
    EXPECT_EQ(zoned.volume[2], 10.0);
    EXPECT_EQ(zoned.volume[3], 10.0);
    const auto open = assign_traffic(make_network(5, 1, links), od, o);
    EXPECT_EQ(open.volume[0], 14.0);
    EXPECT_EQ(open.volume[1], 10.0);
    EXPECT_EQ(open.volume[2], 0.0);
}

TEST(Assignment, UnreachableAndIntrazonalDemandIsReportedNotAssigned) {
    const auto net = make_network(4, 0, {{1, 2, 1, 10, 0.15, 4}});
    const OdMatrix od = {{1, {{2, 5.0}, {3, 7.0}, {1, 2.0}}}};
    const auto r = assign_traffic(net, od, tight(AssignmentMethod::ConjugateFrankWolfe));
    EXPECT_EQ(r.volume[0], 5.0);
    EXPECT_EQ(r.unassigned_demand, 9.0);
}

TEST(Assignment, FrankWolfeAndConjugateMethodsReachTheSameFlows) {
    // A 3 x 3 grid, both directions, BPR power 4, four OD pairs across it.
    //  1 - 2 - 3
    //  |   |   |
    //  4 - 5 - 6
    //  |   |   |
    //  7 - 8 - 9
    AssignmentNetwork net;
    net.node_count = 10;
    const auto add = [&](std::uint32_t a, std::uint32_t b, double t0, double cap) {
        for (auto [u, v] : {std::pair{a, b}, std::pair{b, a}}) {
            net.from.push_back(u);
            net.to.push_back(v);
            net.free_flow_time.push_back(t0);
            net.capacity.push_back(cap);
            net.alpha.push_back(0.15);
            net.power.push_back(4.0);
        }
    };
    add(1, 2, 4, 300);
    add(2, 3, 5, 200);
    add(4, 5, 3, 250);
    add(5, 6, 6, 400);
    add(7, 8, 2, 150);
    add(8, 9, 4, 300);
    add(1, 4, 5, 200);
    add(4, 7, 3, 350);
    add(2, 5, 4, 150);
    add(5, 8, 5, 300);
    add(3, 6, 3, 250);
    add(6, 9, 6, 200);
    const OdMatrix od = {
        {1, {{9, 900.0}, {6, 300.0}}}, {3, {{7, 700.0}}}, {8, {{2, 500.0}, {1, 200.0}}}};
    // FW's tail is slow (sublinear); CFW gets an order of magnitude further in fewer
    // iterations. Equilibrium link flows are unique here (strictly increasing costs),
    // so both approach the same flows as their gaps shrink.
    AssignmentOptions o;
    o.max_iterations = 100000;
    o.target_gap = 1e-4;
    o.method = AssignmentMethod::FrankWolfe;
    const auto fw = assign_traffic(net, od, o);
    o.target_gap = 1e-5;
    o.method = AssignmentMethod::ConjugateFrankWolfe;
    const auto cfw = assign_traffic(net, od, o);
    o.method = AssignmentMethod::BiconjugateFrankWolfe;
    const auto bfw = assign_traffic(net, od, o);
    ASSERT_TRUE(fw.converged);
    ASSERT_TRUE(cfw.converged);
    ASSERT_TRUE(bfw.converged);
    EXPECT_LT(cfw.iterations, 10000);
    EXPECT_LT(bfw.iterations, 10000);
    for (std::size_t a = 0; a < net.link_count(); ++a) {
        EXPECT_NEAR(fw.volume[a], cfw.volume[a], 5.0) << "link " << a;
        EXPECT_NEAR(bfw.volume[a], cfw.volume[a], 1.0) << "link " << a;
    }
    EXPECT_NEAR(fw.total_travel_time, cfw.total_travel_time, 1e-3 * cfw.total_travel_time);
    // The point of the conjugate methods: after the same 1000 iterations, a smaller gap.
    o.max_iterations = 1000;
    o.method = AssignmentMethod::FrankWolfe;
    const double fw_gap = assign_traffic(net, od, o).relative_gap;
    o.method = AssignmentMethod::ConjugateFrankWolfe;
    EXPECT_LT(assign_traffic(net, od, o).relative_gap, fw_gap);
}

TEST(Assignment, BprTimeFollowsTheFormula) {
    EXPECT_DOUBLE_EQ(bpr_time(10.0, 100.0, 0.15, 4.0, 0.0), 10.0);
    EXPECT_DOUBLE_EQ(bpr_time(10.0, 100.0, 0.15, 4.0, 100.0), 11.5);
    EXPECT_DOUBLE_EQ(bpr_time(10.0, 100.0, 0.15, 4.0, 200.0), 10.0 * (1.0 + 0.15 * 16.0));
    EXPECT_NEAR(bpr_time(10.0, 100.0, 0.5, 2.5, 150.0), 10.0 * (1.0 + 0.5 * std::pow(1.5, 2.5)),
                1e-12);
}

namespace {
class TempFile {
  public:
    TempFile(const std::string& name, const std::string& text)
        : m_path(std::filesystem::temp_directory_path() /
                 (std::to_string(::getpid()) + "_" + name)) {
        std::ofstream(m_path) << text;
    }
    ~TempFile() { std::filesystem::remove(m_path); }
    std::string path() const { return m_path.string(); }

  private:
    std::filesystem::path m_path;
};

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST(TntpAssignmentReader, ReadsNetTripsAndFlowsAsGiven) {
    const TempFile net(
        "a_net.tntp",
        "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 3\n<NUMBER OF LINKS> 2\n"
        "<END OF METADATA>\n\n~ init term cap len fft b power speed toll type ;\n"
        "\t1\t3\t900\t5280\t1.5\t0.15\t4\t4842\t0\t1\t;\n3 2 1800.5 10 2.25 0.3 2 60 1 2 ;\n");
    const auto n = io::read_tntp_assignment_net(net.path());
    ASSERT_EQ(n.links.size(), 2u);
    EXPECT_EQ(n.first_thru_node, 3);
    EXPECT_EQ(n.nodes, 3);
    EXPECT_EQ(n.links[0].length, 5280.0);  // feet stay feet
    EXPECT_EQ(n.links[1].capacity, 1800.5);
    EXPECT_EQ(n.links[1].b, 0.3);
    EXPECT_EQ(n.links[1].power, 2.0);
    EXPECT_EQ(n.links[1].toll, 1.0);
    EXPECT_EQ(n.links[1].link_type, 2);

    const TempFile trips(
        "a_trips.tntp",
        "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 12.5\n<END OF METADATA>\n\nOrigin \t1\n"
        "    1 :      0.0;     2 :    10.0;\nOrigin 2\n1:2.5;\n");
    const auto t = io::read_tntp_trips(trips.path());
    ASSERT_EQ(t.origins.size(), 2u);
    EXPECT_EQ(t.origins[0].demands.size(), 2u);
    EXPECT_EQ(t.origins[0].demands[1].destination, 2);
    EXPECT_EQ(t.origins[1].demands[0].flow, 2.5);
    EXPECT_EQ(t.total_od_flow, 12.5);

    const TempFile flows("a_flow.tntp",
                         "From \tTo \tVolume \tCost \n1 \t3 \t7.5 \t1.25 \n3 2 0 2\n");
    const auto f = io::read_tntp_flows(flows.path());
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].volume, 7.5);
    EXPECT_EQ(f[1].cost, 2.0);
}

TEST(TntpAssignmentReader, ErrorsNameTheFileAndLine) {
    const TempFile short_row("b_net.tntp",
                             "<NUMBER OF NODES> 3\n<END OF METADATA>\n1 2 900 1 1 0.15 4 0 0 ;\n");
    const auto e1 = error_of([&] { io::read_tntp_assignment_net(short_row.path()); });
    EXPECT_NE(e1.find(short_row.path() + ", line 3"), std::string::npos) << e1;
    const TempFile bad_node(
        "c_net.tntp",
        "<NUMBER OF NODES> 3\n1 2 900 1 1 0.15 4 0 0 1 ;\n1 7 900 1 1 0.15 4 0 0 1 ;\n");
    const auto e2 = error_of([&] { io::read_tntp_assignment_net(bad_node.path()); });
    EXPECT_NE(e2.find("line 3"), std::string::npos) << e2;
    const TempFile bad_total("d_trips.tntp",
                             "<TOTAL OD FLOW> 20\n<END OF METADATA>\nOrigin 1\n 2 : 10.0;\n");
    const auto e3 = error_of([&] { io::read_tntp_trips(bad_total.path()); });
    EXPECT_NE(e3.find("TOTAL OD FLOW"), std::string::npos) << e3;
    const TempFile bad_entry("e_trips.tntp", "<END OF METADATA>\nOrigin 1\n 2 : 10.0; 3 = 4;\n");
    const auto e4 = error_of([&] { io::read_tntp_trips(bad_entry.path()); });
    EXPECT_NE(e4.find(bad_entry.path() + ", line 3"), std::string::npos) << e4;
}
