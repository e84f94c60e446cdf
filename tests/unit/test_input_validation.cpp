// Issue 11: values that contradict themselves, and text files cut short. Each case is
// the smallest input that showed the old behaviour (a silent wrong number).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>

#include "midlink/analysis/access_engine.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/tntp_assignment.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::analysis;
using midlink::test::node_of;
using midlink::test::at_node;
using midlink::test::TinyNetwork;
namespace fs = std::filesystem;

namespace {

/// A file (or folder of files) in the temp folder, removed at the end of the test.
class Scratch {
public:
    explicit Scratch(const std::string& name)
        : m_path(fs::temp_directory_path() / ("midlink_iv_" + std::to_string(::getpid()) + "_" + name)) {}
    ~Scratch() { fs::remove_all(m_path); }
    std::string write(const std::string& text) const {
        std::ofstream(m_path, std::ios::binary) << text;
        return m_path.string();
    }
    std::string write_in(const std::string& file, const std::string& text) const {
        fs::create_directories(m_path);
        std::ofstream(m_path / file, std::ios::binary) << text;
        return (m_path / file).string();
    }
    std::string path() const { return m_path.string(); }

private:
    fs::path m_path;
};

std::string input_error(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected InputError";
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ---- access: negative population and supply ----------------------------------------

// A(0) --1km-- B(1000) --1km-- C(2000); 60 km/h: one minute per kilometre.
graph::RoadGraph three_areas_graph() {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0);
    net.link(1, 2);
    net.link(2, 3);
    Profile p = default_car_profile();
    p.class_speed_kmh[static_cast<int>(RoadClass::Primary)] = 60.0;
    p.nsl_single_kmh = 100;
    p.components = ComponentPolicy::All;
    return graph::build_graph(net.table(), p).graph;
}


AccessResult three_areas(const graph::RoadGraph& g, double population_c, const std::string& measures,
                         std::vector<double> supplies = {1.0}) {
    AccessInputs in;
    in.graph = &g;
    in.services = {"gp"};
    in.origins = {{at_node(node_of(g, 1)), 100.0}, {at_node(node_of(g, 2)), 200.0},
                  {at_node(node_of(g, 3)), population_c}};
    for (double s : supplies) in.destinations.push_back({at_node(node_of(g, 2)), s, 0});
    in.measures = parse_measures(measures);
    return run_access(in);
}

}  // namespace

// The case: populations 100, 200 and -300, one GP of supply 1 within reach of
// all three. By hand: R = 1 / (100 + 200), so A and B get 1/300 = 0.0033 (not 0).
TEST(NegativePopulation, NeverMovesAnotherAreasTwoStepValue) {
    const auto g = three_areas_graph();
    const auto r = three_areas(g, -300.0, "2sfca:bin:5");
    EXPECT_NEAR(r.value(0, 0), 0.0033, 5e-5);
    EXPECT_NEAR(r.value(0, 0), 1.0 / 300.0, 1e-12);
    EXPECT_NEAR(r.value(1, 0), 1.0 / 300.0, 1e-12);
    EXPECT_NEAR(r.destination_values[0], 1.0 / 300.0, 1e-12);
}

TEST(NegativePopulation, BalancedFcaOfOthersIsAsIfItWereUnknown) {
    const auto g = three_areas_graph();
    for (const char* spec : {"bfca:bin:5", "bfca_supply:bin:5", "hansen_passive:bin:5"}) {
        const auto bad = three_areas(g, -300.0, spec);
        const auto unknown = three_areas(g, 0.0, spec);
        ASSERT_EQ(bad.columns.size(), unknown.columns.size());
        for (std::size_t i = 0; i < 2; ++i) {
            for (std::size_t c = 0; c < bad.columns.size(); ++c) EXPECT_DOUBLE_EQ(bad.value(i, c), unknown.value(i, c)) << spec;
        }
        ASSERT_EQ(bad.destination_values.size(), 1u) << spec;
        EXPECT_DOUBLE_EQ(bad.destination_values[0], unknown.destination_values[0]) << spec;
    }
    const auto nan_pop = three_areas(g, std::nan(""), "2sfca:bin:5");
    EXPECT_NEAR(nan_pop.value(0, 0), 1.0 / 300.0, 1e-12);
}

// A destination with negative or NaN supply is left out: it neither lowers another
// destination's ratio nor any origin's cumulative or Hansen sum.
TEST(NegativeSupply, DestinationIsLeftOutAndItsRatioIsNull) {
    const auto g = three_areas_graph();
    for (double bad : {-5.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
        const auto r = three_areas(g, 300.0, "2sfca:bin:5,cumulative:5,hansen:bin:5", {1.0, bad});
        const auto ref = three_areas(g, 300.0, "2sfca:bin:5,cumulative:5,hansen:bin:5", {1.0});
        for (std::size_t i = 0; i < 3; ++i) {
            for (std::size_t c = 0; c < r.columns.size(); ++c) EXPECT_DOUBLE_EQ(r.value(i, c), ref.value(i, c)) << bad;
        }
        EXPECT_TRUE(std::isnan(r.destination_values[1])) << bad;
    }
}

TEST(NegativePopulation, ValueTableLeavesTheWholeKeyOut) {
    const Scratch csv("pop.csv");
    const auto path = csv.write("code,pop\nA,100\nB,200\nC,-300\nC,50\nD,70\n");
    Diagnostics diag;
    io::ValueTableOptions vo{path, "code", "pop", true};
    const auto table = io::read_value_table(vo, diag);
    EXPECT_EQ(table.count("C"), 0u);
    EXPECT_EQ(table.at("B"), 200.0);
    EXPECT_EQ(table.at("D"), 70.0);
    ASSERT_EQ(diag.count("negative_value"), 1u);
    EXPECT_TRUE(contains(diag.items().back().where, "row 3")) << diag.items().back().where;
}

// ---- TNTP: truncation and one rule for both readers ----------------------------------

namespace {
std::string tntp(const std::string& declared_links, const std::string& rows) {
    return "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> " + declared_links +
           "\n<END OF METADATA>\n\n~ init term cap len fft b power speed toll type ;\n" + rows;
}
const std::string kRow12 = "\t1\t2\t2000\t1.0\t0.01\t0.15\t4\t100\t0\t1\t;\n";
const std::string kRow23 = "\t2\t3\t2000\t1.0\t0.01\t0.15\t4\t100\t0\t1\t;\n";
}  // namespace

TEST(TntpTruncation, GraphBuildReaderRefusesAShortFileLikeAssign) {
    const Scratch f("Cut_net.tntp");
    const auto path = f.write(tntp("3", kRow12 + kRow23));
    const auto build = input_error([&] { io::read_tntp(path, {}); });
    EXPECT_TRUE(contains(build, path)) << build;
    EXPECT_TRUE(contains(build, "<NUMBER OF LINKS> is 3, found 2")) << build;
    const auto assign = input_error([&] { io::read_tntp_assignment_net(path); });
    EXPECT_TRUE(contains(assign, "<NUMBER OF LINKS> is 3, found 2")) << assign;
}

TEST(TntpValues, NegativeValuesAreRefusedByBothReadersNamingLineAndColumn) {
    const Scratch f("Neg_net.tntp");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"\t2\t3\t2000\t-1.0\t0.01\t0.15\t4\t100\t0\t1\t;\n", "column length: -1 is negative"},
        {"\t2\t3\t2000\t1.0\t-0.01\t0.15\t4\t100\t0\t1\t;\n", "column free_flow_time: -0.01 is negative"},
        {"\t2\t3\t2000\t1.0\t0.01\t0.15\t4\t-100\t0\t1\t;\n", "column speed: -100 is negative"},
        {"\t2\t3\t-5\t1.0\t0.01\t0.15\t4\t100\t0\t1\t;\n", "column capacity: -5 is negative"},
        {"\t2\t3\t0\t1.0\t0.01\t0.15\t4\t100\t0\t1\t;\n", "column capacity: 0 is not a usable value"}};
    for (const auto& [row, message] : cases) {
        const auto path = f.write(tntp("2", kRow12 + row));
        const auto build = input_error([&] { io::read_tntp(path, {}); });
        const auto assign = input_error([&] { io::read_tntp_assignment_net(path); });
        EXPECT_TRUE(contains(build, path + ", line 9: " + message)) << build;
        EXPECT_EQ(build, assign);
    }
}

// PRISM has 24 links of zero length and time, and published equilibria use them: kept at
// zero cost by both readers, reported once per file.
TEST(TntpValues, ZeroLengthAndTimeAreKeptWithOneDiagnostic) {
    const Scratch f("Zero_net.tntp");
    const auto path = f.write(tntp("2", kRow12 + "\t2\t3\t99999\t0.0\t0.0\t0.15\t4\t70\t0\t77\t;\n"));
    const auto t = io::read_tntp(path, {});
    ASSERT_EQ(t.links.size(), 2u);
    EXPECT_EQ(t.links[1].length_m, 0.0);
    EXPECT_EQ(t.links[1].free_flow_time_s, 0.0);
    EXPECT_EQ(t.diagnostics.count("zero_cost_links"), 1u);
    const auto n = io::read_tntp_assignment_net(path);
    EXPECT_EQ(n.links[1].free_flow_time, 0.0);
}

TEST(TntpTrips, OriginBeyondTheDeclaredZonesNamesTheLine) {
    const Scratch f("z_trips.tntp");
    const auto path = f.write("<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 2 : 1.0;\nOrigin 7\n 1 : 1.0;\n");
    const auto msg = input_error([&] { io::read_tntp_trips(path); });
    EXPECT_TRUE(contains(msg, path + ", line 5: origin 7 is outside 1..2")) << msg;
}

// ---- GMNS -----------------------------------------------------------------------------

namespace {
std::string gmns(const Scratch& dir, const std::string& links) {
    dir.write_in("node.csv", "node_id,x_coord,y_coord\n1,485000,308000\n2,486000,308000\n3,487000,308000\n");
    dir.write_in("link.csv", "link_id,from_node_id,to_node_id,directed,length,free_speed,capacity,lanes\n" + links);
    return dir.path();
}
}  // namespace

TEST(GmnsValues, DuplicateLinkIdIsRefusedNamingBothRows) {
    const Scratch dir("gmns_dup");
    const auto path = gmns(dir, "1,1,2,1,1000,50,900,1\n2,2,3,1,1000,50,900,1\n1,3,1,1,2000,50,900,1\n");
    const auto msg = input_error([&] { io::read_gmns(path, {}); });
    EXPECT_TRUE(contains(msg, "link.csv, row 3 (line 4)")) << msg;
    EXPECT_TRUE(contains(msg, "link_id 1 repeats row 1")) << msg;
}

TEST(GmnsValues, NegativeValuesAreRefusedAndZeroLengthKept) {
    const Scratch dir("gmns_neg");
    for (const auto& [row, message] : std::vector<std::pair<std::string, std::string>>{
             {"2,2,3,1,-1000,50,900,1\n", "column length: -1000 is negative"},
             {"2,2,3,1,1000,-50,900,1\n", "column free_speed: -50 is negative"},
             {"2,2,3,1,1000,50,0,1\n", "column capacity: 0 is not a usable value"}}) {
        const auto path = gmns(dir, "1,1,2,1,1000,50,900,1\n" + row);
        const auto msg = input_error([&] { io::read_gmns(path, {}); });
        EXPECT_TRUE(contains(msg, "link.csv, row 2 (line 3): column " + message.substr(7))) << msg;
    }
    const auto t = io::read_gmns(gmns(dir, "1,1,2,1,1000,50,900,1\n2,2,3,1,0,50,900,1\n"), {});
    EXPECT_EQ(t.links[1].length_m, 0.0);
    EXPECT_EQ(t.diagnostics.count("zero_cost_links"), 1u);
}

// ---- DIMACS, CSV ----------------------------------------------------------------------

TEST(DimacsValues, WeightPastTwoToTheThirtyTwoIsRefusedWithItsLine) {
    const Scratch f("big.gr");
    const auto path = f.write("c big\np sp 3 2\na 1 2 5\na 2 3 4294967296\n");
    const auto msg = input_error([&] { io::read_dimacs(path, {}); });
    EXPECT_TRUE(contains(msg, path + ", line 4: arc weight 4294967296 exceeds 4294967294")) << msg;
    const auto ok = io::read_dimacs(f.write("p sp 3 2\na 1 2 5\na 2 3 4294967294\n"), {});
    EXPECT_EQ(ok.links[1].free_flow_time_s, 4294967294.0);
}

TEST(CsvTruncation, EmptyLastFieldWithoutLineEndIsRefused) {
    const Scratch f("junctions.csv");
    const std::string head = "StartCluster,EndCluster,StartX,StartY,EndX,EndY,dist\n1,2,485000,308000,486000,308000,1.0\n";
    const auto path = f.write(head + "2,1,486000,308000,485000,308000,");
    const auto msg = input_error([&] { io::read_junction_csv(path, {}); });
    EXPECT_TRUE(contains(msg, path + ", line 3: row 2: column 'dist' is empty")) << msg;
    EXPECT_TRUE(contains(msg, "truncated")) << msg;
    // The same row ended by a line break is a row with an empty field, as before.
    const auto t = io::read_junction_csv(f.write(head + "2,1,486000,308000,485000,308000,\n"), {});
    EXPECT_EQ(t.links.size(), 2u);
}

// Found by fuzz_junction_csv: a cluster id of 1.5e68 was converted to an integer node key
// (undefined behaviour; in practice a garbage junction). Ids must be whole numbers that fit.
TEST(JunctionCsvIds, HugeOrFractionalJunctionIdsSkipTheRowWithADiagnostic) {
    const Scratch f("junction_ids.csv");
    const auto path = f.write(
        "StartCluster,EndCluster,StartX,StartY,EndX,EndY,dist\n"
        "1,2,485000,308000,486000,308000,1.0\n"
        "155555555555555555555555555555555555555555555555555555555555555555550,1,486000,308000,485000,308000,1.0\n"
        "2,1.5,486000,308000,485000,308000,1.0\n"
        "2,1,486000,308000,485000,308000,1.0\n");
    const auto t = io::read_junction_csv(path, {});
    ASSERT_EQ(t.links.size(), 2u);
    EXPECT_EQ(t.links[1].from, 2);
    EXPECT_EQ(t.links[1].to, 1);
    EXPECT_EQ(t.diagnostics.counts().at("bad_node_id"), 2u);
}
