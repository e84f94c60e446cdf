// Issue 11: no silent wrong numbers on damaged input, and errors in midlink's own words.
// Every bad-input case checks the exit code and that the message names what is wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {
std::string write(const std::string& name, const std::string& text) {
    const auto path = scratch().file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}
bool has(const CliResult& r, const std::string& part) { return r.output.find(part) != std::string::npos; }
void expect_error(const CliResult& r, int code, const std::string& must_contain) {
    EXPECT_EQ(r.exit_code, code) << r.output;
    EXPECT_TRUE(has(r, must_contain)) << r.output;
    EXPECT_TRUE(has(r, "midlink: error:")) << r.output;
}
}  // namespace

// §3: PRISM's network cut at a line end after 19,991 of its 33,937 links.
TEST(CliInputValidation, TruncatedTntpNetworkIsExitThree) {
    const std::string dir = scratch().file("cut_prism");
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(geodata("tntp-birmingham-prism/Birmingham_Nodes.tntp"), dir + "/Cut_Nodes.tntp",
                               std::filesystem::copy_options::overwrite_existing);
    std::ifstream in(geodata("tntp-birmingham-prism/Birmingham_Net.tntp"));
    std::ofstream out(dir + "/Cut_Net.tntp");
    std::string line;
    std::size_t rows = 0;
    while (rows < 19991 && std::getline(in, line)) {
        out << line << '\n';
        if (line.find_first_of("<~") == std::string::npos && line.find_first_not_of(" \t\r") != std::string::npos) ++rows;
    }
    out.close();
    ASSERT_EQ(rows, 19991u);
    const auto net = dir + "/Cut_Net.tntp";
    const auto r = run_midlink("graph build --network " + net + " -o " + scratch().file("cut.mlg"));
    expect_error(r, 3, net + ": <NUMBER OF LINKS> is 33937, found 19991 links");
    EXPECT_FALSE(std::filesystem::exists(scratch().file("cut.mlg")));
}

// §4: the real networks pass the shared rule for zero and negative values.
TEST(CliInputValidation, PublishedTntpNetworksStillBuild) {
    const auto out = scratch().file("prism_rule.mlg");
    const auto r = run_midlink("graph build --network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp") +
                               " -o " + out + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream diag(out + ".diagnostics.csv");
    std::stringstream ss;
    ss << diag.rdbuf();
    EXPECT_TRUE(ss.str().find("24 links have zero length or free-flow time") != std::string::npos) << ss.str();
}

TEST(CliInputValidation, NegativeTntpValueIsRefusedByGraphBuildAndAssignAlike) {
    const auto net = write("Neg_net.tntp",
                           "<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 2\n<END OF METADATA>\n"
                           "1 2 2000 1.0 0.01 0.15 4 100 0 1 ;\n2 3 2000 -1.0 0.01 0.15 4 100 0 1 ;\n");
    const auto trips = write("Neg_trips.tntp", "<NUMBER OF ZONES> 1\n<END OF METADATA>\nOrigin 1\n 1 : 0.0;\n");
    const std::string message = net + ", line 5: column length: -1 is negative";
    expect_error(run_midlink("graph build --network " + net + " -o " + scratch().file("neg.mlg")), 3, message);
    expect_error(run_midlink("assign --network " + net + " --trips " + trips + " -o " + scratch().file("neg.csv")), 3,
                 message);
}

// §5: a node with no edges leaving it is a fine destination for node:ID.
TEST(CliInputValidation, RouteToADeadEndNodeById) {
    const auto gr = write("dead_end.gr", "p sp 3 2\na 1 2 5\na 2 3 7\n");
    const auto g = scratch().file("dead_end.mlg");
    ASSERT_EQ(run_midlink("graph build --network " + gr + " --components all -o " + g + " --quiet").exit_code, 0);
    const auto r = run_midlink("route " + g + " --from node:1 --to node:3 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(has(r, "mixing")) << r.output;
    EXPECT_EQ(json_number(r.output, "time_s"), 12.0) << r.output;
    // From the dead end nothing is reachable: a result, not an error.
    const auto back = run_midlink("route " + g + " --from node:3 --to node:1 --format json");
    EXPECT_EQ(back.exit_code, 0) << back.output;
    EXPECT_TRUE(has(back, "unreachable")) << back.output;
}

// §4/§5: --max-snap negative, NaN or infinite is a usage error in every command that has it.
TEST(CliInputValidation, MaxSnapMustBeAFiniteNonNegativeDistance) {
    const std::string g = scratch().file("none.mlg");
    const std::vector<std::pair<std::string, std::string>> commands = {
        {"access " + g + " --origins o.csv --destinations d.csv --measures nearest -o x.gpkg", "--max-snap"},
        {"route " + g + " --from 1,2 --to 3,4", "--max-snap"},
        {"isochrone " + g + " -o x.gpkg", "--max-snap"},
        {"centrality " + g + " -o x.gpkg", "--max-snap"},
        {"corridors " + g + " -o x.gpkg", "--max-snap"},
        {"raster " + g + " --destinations d.csv --cell 100 -o x.tif", "--max-snap"},
        {"raster " + g + " --destinations d.csv --cell 100 -o x.tif", "--dest-max-snap"},
        {"fibre-cost " + g + " --premises p.csv -o x.gpkg", "--max-snap-m"},
        {"assign " + g + " -o x.csv", "--snap-distance"}};
    for (const auto& [command, flag] : commands) {
        for (const std::string value : {"-5", "nan", "inf"}) {
            const auto r = run_midlink(command + " " + flag + "=" + value);
            expect_error(r, 2, flag + ": '" + value + "' is not a distance in metres");
            EXPECT_FALSE(has(r, "179769313")) << r.output;
        }
    }
}

// §5: CLI11's own texts go out as one midlink line, without a 309-digit range bound.
TEST(CliInputValidation, UsageErrorsAreOneMidlinkLine) {
    const auto threads = run_midlink("--threads -1 graph info x.mlg");
    expect_error(threads, 2, "--threads: '-1' is not a finite number >= 0");
    EXPECT_FALSE(has(threads, "179769313")) << threads.output;
    const auto unknown = run_midlink("graph build --network x --frobnicate -o y");
    expect_error(unknown, 2, "--frobnicate");
    EXPECT_EQ(unknown.output.rfind("midlink: error:", 0), 0u) << unknown.output;
    const auto help = run_midlink("route --help");
    EXPECT_EQ(help.exit_code, 0) << help.output;
    EXPECT_FALSE(has(help, "midlink: error:")) << help.output;
}

// §5: PROJ's logger stays quiet; the error line names the CRS.
TEST(CliInputValidation, UnknownCrsIsOneMidlinkLineWithoutProjText) {
    const auto r = run_midlink("graph build --network " + std::string(MIDLINK_TEST_DATA) +
                               "/tntp/tiny/Tiny_net.tntp --assume-crs EPSG:99999 -o " + scratch().file("crs.mlg"));
    expect_error(r, 2, "'EPSG:99999' is not a CRS PROJ knows");
    EXPECT_FALSE(has(r, "proj_create")) << r.output;
}

// §3: DIMACS weights that do not fit the graph's 32-bit edge weights.
TEST(CliInputValidation, DimacsWeightPastTwoToTheThirtyTwo) {
    const auto gr = write("huge.gr", "p sp 2 1\na 1 2 5000000000\n");
    expect_error(run_midlink("graph build --network " + gr + " -o " + scratch().file("huge.mlg")), 3,
                 gr + ", line 2: arc weight 5000000000 exceeds 4294967294");
}

// §4: duplicate pair ids would give two answers under one id.
TEST(CliInputValidation, DuplicatePairIdIsRefusedNamingBothRows) {
    const auto g = scratch().file("pairs_rome.mlg");
    ASSERT_EQ(run_midlink("graph build --network " + geodata("dimacs9-rome99/rome99.gr") + " -o " + g + " --quiet").exit_code, 0);
    const auto pairs = write("dup_pairs.csv", "id,from_x,from_y,to_x,to_y\na,1,2,3,4\nb,1,2,3,4\na,5,6,7,8\n");
    expect_error(run_midlink("route " + g + " --pairs " + pairs), 3, pairs + ", row 4, column 'id': 'a' repeats row 2");
}

// §5: a std::filesystem error reaches the user as one midlink line, path first.
TEST(CliInputValidation, FilesystemErrorIsOneMidlinkLine) {
    const auto file = write("not_a_folder", "x");
    const auto r = run_midlink("run " + std::string(MIDLINK_SOURCE_DIR) + "/geodata/demo/project.yaml -o " + file +
                               "/out");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_TRUE(has(r, "midlink: error: " + file + "/out: cannot create directories")) << r.output;
    EXPECT_FALSE(has(r, "filesystem error")) << r.output;
}

// §4, end to end: the issue's three areas (population 100, 200, -300) around one GP of
// supply 1. A and B get 1/300 = 0.0033 (they got 0); C's population is NULL and said so.
TEST(CliInputValidation, NegativeAreaPopulationIsNullAndMovesNoOtherArea) {
    const auto g = rutland_graph();
    const auto square = [](const char* code, int people, int x0) {
        const std::string a = std::to_string(x0), b = std::to_string(x0 + 1000);
        return std::string(R"({"type":"Feature","properties":{"code":")") + code + R"(","people":)" +
               std::to_string(people) + R"(},"geometry":{"type":"Polygon","coordinates":[[[)" + a + ",308000],[" + b +
               ",308000],[" + b + ",309000],[" + a + ",309000],[" + a + ",308000]]]}}";
    };
    const auto areas = write("three_areas.geojson",
                             R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[)" +
                                 square("A", 100, 485000) + "," + square("B", 200, 486000) + "," +
                                 square("C", -300, 487000) + "]}");
    const auto gp = write("one_gp.csv", "id,easting,northing,supply\nG1,486500,308500,1\n");
    const auto out = scratch().file("three.gpkg");
    const auto r = run_midlink("access " + g + " --origins " + areas + " --origin-id code --population-field people" +
                               " --destinations " + gp + " --dest-name gp --dest-weight supply --max-snap 5000" +
                               " --measures 2sfca:bin:120 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(has(r, "bad_population")) << r.output;
    const auto rows = read_csv(scratch().file("three_areas.csv"));
    ASSERT_EQ(rows.size(), 3u);
    std::string column;
    for (const auto& [name, value] : rows[0]) {
        if (name.find("2sfca") != std::string::npos) column = name;
    }
    ASSERT_FALSE(column.empty());
    for (const auto& row : rows) {
        if (row.at("id") == "C") {
            EXPECT_EQ(row.at("population_missing"), "1") << "C's population is NULL";
            EXPECT_EQ(row.at(column), "") << "and so is its population-weighted value";
        } else {
            EXPECT_NEAR(std::stod(row.at(column)), 1.0 / 300.0, 1e-9) << row.at("id");
            EXPECT_EQ(row.at("population_missing"), "0") << row.at("id");
        }
    }
}

// A project file's access.max_snap_m follows the same rule as --max-snap.
TEST(CliInputValidation, ProjectMaxSnapMustBeAFiniteNonNegativeDistance) {
    const std::string demo = std::string(MIDLINK_SOURCE_DIR) + "/geodata/demo";
    for (const std::string& value : {std::string("-5"), std::string(".nan"), std::string(".inf")}) {
        const auto project = write("snap_project.yaml",
                                   "name: snap\nnetwork: " + demo + "\nprofile: car\naccess:\n  origins: " + demo +
                                       "/towns.csv\n  origin_id: name\n  destinations: [{path: " + demo +
                                       "/hospitals.csv, name: hospitals}]\n  measures: nearest\n  max_snap_m: " +
                                       value + "\n");
        const auto r = run_midlink("run " + project + " -o " + scratch().file("snap_out"));
        // A negative distance is no distance; .nan and .inf are refused as numbers first.
        expect_error(r, 2,
                     project + (value == "-5" ? ": 'access.max_snap_m' must be a distance in metres"
                                              : ": 'access.max_snap_m' must be a finite number"));
    }
}
