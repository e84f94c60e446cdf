// `--method bush` (Algorithm B) against the published TNTP equilibria at 0.1%, and the
// generalised cost (toll and distance factors) through the `midlink assign` command.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include "cli_runner.hpp"
#include "midlink/analysis/assignment.hpp"
#include "midlink/analysis/tntp_network.hpp"
#include "midlink/io/tntp_assignment.hpp"

using namespace midlink;
using namespace midlink::analysis;
using test::geodata;

namespace {

// The rule: every link whose published volume is at least 1 vehicle must be within 0.1%
// of it. Below one vehicle a relative difference means nothing (Anaheim's published file
// carries volumes like 1e-12 on links unused at equilibrium); those must be within 0.01
// vehicles instead.
constexpr double kRelative = 1e-3;
constexpr double kMeaningfulVolume = 1.0;
constexpr double kSmallAbsolute = 1e-2;

void expect_bush_matches_published(const std::string& name) {
    const std::string dir = geodata("tntp-assignment/" + name + "/" + name);
    const auto net = io::read_tntp_assignment_net(dir + "_net.tntp");
    const auto trips = io::read_tntp_trips(dir + "_trips.tntp");
    const auto published = io::read_tntp_flows(dir + "_flow.tntp");
    const auto a = assignment_network_from_tntp(net, cost_factors_from_tntp(net));
    const auto od = od_matrix_from_tntp(trips, net);
    ASSERT_EQ(published.size(), a.link_count());
    AssignmentOptions o;
    o.method = AssignmentMethod::Bush;
    o.target_gap = 1e-10;
    o.max_iterations = 1000;
    const auto r = assign_traffic(a, od, o);
    EXPECT_TRUE(r.converged) << name << ": gap " << r.relative_gap << " after " << r.iterations;
    EXPECT_LE(r.relative_gap, 1e-10);
    EXPECT_EQ(r.unassigned_demand, 0.0);
    int compared = 0, bad = 0;
    std::string msg;
    for (std::size_t i = 0; i < published.size(); ++i) {
        const auto& f = published[i];
        ASSERT_EQ(f.from, a.from[i]) << "flow file in link order";
        ASSERT_EQ(f.to, a.to[i]);
        const bool meaningful = f.volume >= kMeaningfulVolume;
        compared += meaningful;
        const double allowed = meaningful ? kRelative * f.volume : kSmallAbsolute;
        if (std::abs(r.volume[i] - f.volume) > allowed && ++bad <= 5) {
            msg += " " + std::to_string(f.from) + "->" + std::to_string(f.to) + ": " +
                   std::to_string(r.volume[i]) + " vs " + std::to_string(f.volume) + ";";
        }
    }
    EXPECT_EQ(bad, 0) << name << ":" << msg;
    EXPECT_GT(compared, static_cast<int>(published.size() / 2)) << name;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(BushAssignmentRealData, SiouxFallsMatchesThePublishedFlowsToATenthOfAPercent) {
    expect_bush_matches_published("SiouxFalls");
}

TEST(BushAssignmentRealData, AnaheimMatchesThePublishedFlowsToATenthOfAPercent) {
    expect_bush_matches_published("Anaheim");
}

TEST(BushAssignmentRealData, CliRunsBushToATightGapOnAnaheim) {
    const std::string g = geodata("tntp-assignment/Anaheim/Anaheim");
    const auto out = test::scratch().file("anaheim_bush.csv");
    const auto r = test::run_midlink("--quiet assign --network " + g + "_net.tntp --trips " + g +
                                     "_trips.tntp --method bush --gap 1e-10 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("(bush, "), std::string::npos) << r.output;
    const auto summary = slurp(out + ".summary.json");
    EXPECT_LE(test::json_number(summary, "relative_gap"), 1e-10) << summary;
    EXPECT_NE(summary.find("\"method\":\"bush\""), std::string::npos) << summary;
    const auto rows = test::read_csv(out);
    ASSERT_EQ(rows.size(), 914u);
    // No factors on Anaheim: generalised cost is the BPR time.
    EXPECT_EQ(rows[0].at("cost"), rows[0].at("time"));
}

namespace {
// The two-route network of the unit tests as a TNTP file: A (1 -> 2) t = 10 + 0.1 x,
// toll 5, length 5; B (1 -> 3 -> 2, the second link free) t = 20 + 0.2 y, no toll,
// length 1. 300 trips from zone 1 to zone 2.
std::string write_two_routes(const std::string& name, const std::string& metadata) {
    const auto net = test::scratch().file(name + "_net.tntp");
    std::ofstream(net) << "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 3\n"
                          "<NUMBER OF LINKS> 3\n"
                       << metadata
                       << "<END OF METADATA>\n\n~ init term cap len fft b power speed toll type ;\n"
                          "1 2 100 5 10 1 1 0 5 1 ;\n1 3 100 1 20 1 1 0 0 1 ;\n"
                          "3 2 1000 0 0 0.15 4 0 0 1 ;\n";
    std::ofstream(test::scratch().file(name + "_trips.tntp"))
        << "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 300\n<END OF METADATA>\n\nOrigin 1\n 2 : 300;\n";
    return test::scratch().file(name);
}

std::vector<std::map<std::string, std::string>> assign_rows(const std::string& base,
                                                            const std::string& extra) {
    const auto out = base + std::to_string(extra.size()) + "_flows.csv";
    const auto r =
        test::run_midlink("--quiet assign --network " + base + "_net.tntp --trips " + base +
                          "_trips.tntp --method bush --gap 1e-12 " + extra + " -o " + out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return test::read_csv(out);
}
}  // namespace

TEST(BushAssignmentRealData, CliTakesTollFactorFromTheFileAndFlagsOverrideIt) {
    const auto base = write_two_routes("tolled", "<TOLL FACTOR> 2\n");
    // File's factor 2: A costs 20 + 0.1 x = 20 + 0.2 (300 - x) -> x = 200, cost 40, time 30.
    const auto rows = assign_rows(base, "");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_NEAR(std::stod(rows[0].at("volume")), 200.0, 1e-4);
    EXPECT_NEAR(std::stod(rows[0].at("cost")), 40.0, 1e-4);
    EXPECT_NEAR(std::stod(rows[0].at("time")), 30.0, 1e-4);
    EXPECT_NEAR(std::stod(rows[1].at("cost")), 40.0, 1e-4);
    // --toll-factor 0 overrides the file: the time-only equilibrium, x = 700/3.
    const auto plain = assign_rows(base, "--toll-factor 0");
    EXPECT_NEAR(std::stod(plain[0].at("volume")), 700.0 / 3.0, 1e-4);
    EXPECT_EQ(plain[0].at("cost"), plain[0].at("time"));
    // --distance-factor 1 on top of the file's toll factor: 25 + 0.1 x = 21 + 0.2 (300 - x)
    // -> x = 560/3.
    const auto both = assign_rows(base, "--distance-factor 1");
    EXPECT_NEAR(std::stod(both[0].at("volume")), 560.0 / 3.0, 1e-4);
}

TEST(BushAssignmentRealData, CliRefusesBadMethodsAndFactors) {
    const auto base = write_two_routes("refused", "");
    const auto out = test::scratch().file("refused_flows.csv");
    const std::string files = " --network " + base + "_net.tntp --trips " + base + "_trips.tntp";
    const auto r1 = test::run_midlink("assign" + files + " --method tapas -o " + out);
    EXPECT_EQ(r1.exit_code, 2) << r1.output;
    EXPECT_NE(r1.output.find("--method"), std::string::npos) << r1.output;
    // One parse for every caller: the names are listed, never a silent default.
    EXPECT_NE(r1.output.find("'tapas' is not one of: aon, fw, cfw, bfw, bush"), std::string::npos) << r1.output;
    const auto r2 = test::run_midlink("assign" + files + " --toll-factor -1 -o " + out);
    EXPECT_EQ(r2.exit_code, 2) << r2.output;
    EXPECT_NE(r2.output.find("--toll-factor"), std::string::npos) << r2.output;
    // A negative toll that a factor would turn into a negative cost: the file and link named.
    const auto neg = test::scratch().file("negtoll_net.tntp");
    std::ofstream(neg) << "<NUMBER OF NODES> 3\n<FIRST THRU NODE> 1\n<TOLL FACTOR> 1\n"
                          "1 2 100 5 10 1 1 0 -25 1 ;\n1 3 100 1 20 1 1 0 0 1 ;\n"
                          "3 2 1000 0 0 0.15 4 0 0 1 ;\n";
    const auto r3 =
        test::run_midlink("assign --network " + neg + " --trips " + base + "_trips.tntp -o " + out);
    EXPECT_EQ(r3.exit_code, 3) << r3.output;
    EXPECT_NE(r3.output.find(neg), std::string::npos) << r3.output;
    EXPECT_NE(r3.output.find("1 -> 2"), std::string::npos) << r3.output;
}

TEST(BushAssignmentRealData, GraphFormRunsBushToATightGapAndRefusesFactors) {
    const std::string fixture = std::string(MIDLINK_TEST_DATA) + "/assign/";
    const std::string args = "assign " + test::prism_graph() + " --zones " + fixture +
                             "prism_zones.csv --od " + fixture + "prism_od.csv";
    const auto out = test::scratch().file("prism_bush.csv");
    const auto r = test::run_midlink("--quiet " + args + " --method bush --gap 1e-10 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto summary = slurp(out + ".summary.json");
    EXPECT_LE(test::json_number(summary, "relative_gap"), 1e-10) << summary;
    EXPECT_NE(summary.find("\"method\":\"bush\""), std::string::npos) << summary;
    // The graph form has no tolls or TNTP lengths to weight.
    const auto refused = test::run_midlink(args + " --toll-factor 1 -o " + out);
    EXPECT_EQ(refused.exit_code, 2) << refused.output;
    EXPECT_NE(refused.output.find("--toll-factor"), std::string::npos) << refused.output;
}
