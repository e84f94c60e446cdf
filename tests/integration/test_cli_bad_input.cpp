// Bad input: one clear message naming the file, and a documented exit code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {
std::string write(const std::string& name, const std::string& text) {
    const auto path = scratch().file(name);
    std::ofstream(path) << text;
    return path;
}
void expect_error(const CliResult& r, int code, const std::string& must_contain) {
    EXPECT_EQ(r.exit_code, code) << r.output;
    EXPECT_NE(r.output.find(must_contain), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("midlink: error:"), std::string::npos) << r.output;
}
}  // namespace

TEST(CliBadInput, MissingFile) {
    const auto r = run_midlink("graph build --network /nonexistent/roads.gpkg -o " + scratch().file("x.mlg"));
    expect_error(r, 3, "/nonexistent/roads.gpkg");
    EXPECT_FALSE(std::filesystem::exists(scratch().file("x.mlg")));
}

TEST(CliBadInput, TruncatedPbf) {
    const auto path = scratch().file("truncated.osm.pbf");
    {
        std::ifstream in(geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"), std::ios::binary);
        std::string head(20000, '\0');
        in.read(head.data(), head.size());
        std::ofstream(path, std::ios::binary) << head;
    }
    expect_error(run_midlink("graph build --network " + path + " -o " + scratch().file("t.mlg")), 3, "truncated.osm.pbf");
}

TEST(CliBadInput, EmptyLayer) {
    const auto path = write("empty.geojson", R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[]})");
    expect_error(run_midlink("graph build --network " + path + " -o " + scratch().file("e.mlg")), 3, "empty.geojson");
}

TEST(CliBadInput, NoCrsIsRefusedUnlessAssumed) {
    const auto path = write("nocrs.csv",
                            "WKT,fclass,oneway\n\"LINESTRING (485000 308000,486000 308000)\",primary,B\n"
                            "\"LINESTRING (486000 308000,487000 308500)\",primary,B\n");
    const auto r = run_midlink("graph build --network " + path + " -o " + scratch().file("n.mlg"));
    expect_error(r, 3, "CRS");
    EXPECT_NE(r.output.find("--assume-crs"), std::string::npos) << r.output;
    const auto ok = run_midlink("graph build --network " + path + " --assume-crs EPSG:27700 -o " + scratch().file("n.mlg") + " --quiet");
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

TEST(CliBadInput, NanCoordinatesAreReportedPerFeatureNotPassedOn) {
    const auto path = write("nan.geojson", R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
{"type":"Feature","id":1,"properties":{"fclass":"primary","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[485000,308000],[486000,308000]]}},
{"type":"Feature","id":2,"properties":{"fclass":"primary","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[486000,308000],[1e400,308000]]}},
{"type":"Feature","id":3,"properties":{"fclass":"primary","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[486000,308000],[487000,309000]]}}]})");
    const auto out = scratch().file("nan.mlg");
    const auto r = run_midlink("graph build --network " + path + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream diag(out + ".diagnostics.csv");
    std::stringstream ss;
    ss << diag.rdbuf();
    EXPECT_NE(ss.str().find("invalid_coordinate"), std::string::npos) << ss.str();
    const auto info = run_midlink("graph info " + out + " --format json");
    EXPECT_EQ(json_number(info.output, "links"), 2) << info.output;
    // --strict turns the diagnostic into a failure.
    const auto strict = run_midlink("graph build --network " + path + " --strict -o " + scratch().file("nan2.mlg"));
    EXPECT_EQ(strict.exit_code, 3) << strict.output;
}

TEST(CliBadInput, ProfileWithUnknownKey) {
    const auto profile = write("bad_profile.yaml", "vehicle: car\nspeeds_mph: {motorway: 70}\nmax_sped_mph: 50\n");
    const auto r = run_midlink("graph build --network " + geodata("dimacs9-rome99/rome99.gr") + " --profile " + profile + " -o " + scratch().file("p.mlg"));
    expect_error(r, 2, "max_sped_mph");
    EXPECT_NE(r.output.find("bad_profile.yaml"), std::string::npos);
}

TEST(CliBadInput, GraphFileOfAnotherVersion) {
    const auto g = scratch().file("rome.mlg");
    ASSERT_EQ(run_midlink("graph build --network " + geodata("dimacs9-rome99/rome99.gr") + " -o " + g + " --quiet").exit_code, 0);
    {
        std::fstream f(g, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(8);
        const std::uint32_t other = 999;
        f.write(reinterpret_cast<const char*>(&other), sizeof(other));
    }
    expect_error(run_midlink("graph info " + g), 4, "version 999");
}

TEST(CliBadInput, BrokenPairsCsvNamesRow) {
    const auto g = scratch().file("rome2.mlg");
    ASSERT_EQ(run_midlink("graph build --network " + geodata("dimacs9-rome99/rome99.gr") + " -o " + g + " --quiet").exit_code, 0);
    const auto pairs = write("pairs.csv", "id,from_x,from_y,to_x,to_y\n1,1,2,3,4\n2,1,abc,3,4\n");
    expect_error(run_midlink("route " + g + " --pairs " + pairs), 3, "row 3");
}

TEST(CliBadInput, UnknownOptionIsAUsageError) {
    const auto r = run_midlink("graph build --network x --frobnicate -o y");
    EXPECT_EQ(r.exit_code, 2) << r.output;
}
