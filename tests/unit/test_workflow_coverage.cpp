// compute_coverage on two squares and a handful of premises written to a temp folder:
// tables() carries the numbers counted by hand, with the writer's layers and columns.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "midlink/core/error.hpp"
#include "midlink/workflow/coverage.hpp"

namespace {
namespace fs = std::filesystem;
using namespace midlink;

struct Folder {
    fs::path dir = fs::temp_directory_path() / ("midlink_wf_coverage_" + std::to_string(::getpid()));
    Folder() { fs::create_directories(dir); }
    ~Folder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string file(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
};

// Two 100 m squares side by side: A (0-100) and B (100-200), in EPSG:27700.
const char* kSquares =
    R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},)"
    R"("features":[)"
    R"({"type":"Feature","properties":{"code":"A","region":"R1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[100,0],[100,100],[0,100],[0,0]]]}},)"
    R"({"type":"Feature","properties":{"code":"B","region":"R1"},"geometry":{"type":"Polygon","coordinates":[[[100,0],[200,0],[200,100],[100,100],[100,0]]]}})"
    R"(]})";

// A: 1000, 35 and 8 Mbit/s; B: 350 Mbit/s and one premises of unknown speed; one outside.
const char* kPremises =
    "id,easting,northing,down_mbps\n"
    "1,20,20,1000\n"
    "2,50,50,35\n"
    "3,80,80,8\n"
    "4,150,50,350\n"
    "5,170,30,\n"
    "6,900,900,50\n";

const LayerData& layer(const std::vector<LayerData>& tables, const std::string& name) {
    for (const auto& t : tables) {
        if (t.name == name) return t;
    }
    throw std::runtime_error("no layer " + name);
}

double real(const LayerData& t, std::size_t row, const std::string& column) {
    const int c = t.column(column);
    EXPECT_GE(c, 0) << column;
    if (c < 0) return std::nan("");
    const auto& v = t.rows[row][static_cast<std::size_t>(c)];
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::nan("");
}

std::string text(const LayerData& t, std::size_t row, const std::string& column) {
    const int c = t.column(column);
    if (c < 0) return "?";
    const auto* s = std::get_if<std::string>(&t.rows[row][static_cast<std::size_t>(c)]);
    return s ? *s : "";
}

workflow::Context quiet() {
    workflow::Context ctx;
    ctx.quiet = true;
    return ctx;
}

TEST(WorkflowCoverage, PremisesCountedIntoAreasAndRolledUp) {
    const Folder f;
    workflow::CoverageConfig cfg;
    cfg.areas = f.file("squares.geojson", kSquares);
    cfg.area_id = "code";
    cfg.premises = f.file("premises.csv", kPremises);
    cfg.premises_down = "down_mbps";
    cfg.aggregate_code = {"region"};
    cfg.lookup = "none";  // the default for laua is the built-in LAD lookup, from ctx.lookups_dir
    const auto ctx = quiet();
    const workflow::CoverageStudy study = workflow::compute_coverage(cfg, ctx);
    EXPECT_EQ(study.diagnostics.counts().at("premises_outside_areas"), 1u);

    const auto tables = study.tables();
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.name);
    EXPECT_EQ(names, (std::vector<std::string>{"coverage", "coverage_region", "unmatched", "coverage_columns"}));

    const auto& cov = layer(tables, "coverage");
    ASSERT_EQ(cov.rows.size(), 2u);  // two areas, one release
    EXPECT_EQ(cov.geometry_type, "MultiPolygon");
    ASSERT_EQ(cov.shapes.size(), 2u);
    ASSERT_EQ(cov.shapes[0].kind, Shape::Kind::Polygon);
    ASSERT_EQ(cov.shapes[0].parts.size(), 1u);
    EXPECT_EQ(cov.shapes[0].parts[0].size(), 5u);  // the closed square
    EXPECT_EQ(cov.columns[0].name, "area_code");
    EXPECT_EQ(text(cov, 0, "area_code"), "A");
    EXPECT_EQ(text(cov, 0, "release"), "premises");
    // A: three premises, two at >= 30 Mbit/s, one gigabit, one below the USO.
    EXPECT_EQ(real(cov, 0, "premises"), 3.0);
    EXPECT_EQ(real(cov, 0, "superfast_premises"), 2.0);
    EXPECT_NEAR(real(cov, 0, "superfast_pct"), 200.0 / 3.0, 1e-9);
    EXPECT_EQ(real(cov, 0, "gigabit_premises"), 1.0);
    EXPECT_EQ(real(cov, 0, "below_uso_premises"), 1.0);
    // B: two premises, one of unknown speed left out of the share's denominator.
    EXPECT_EQ(real(cov, 1, "premises"), 2.0);
    EXPECT_EQ(real(cov, 1, "superfast_premises"), 1.0);
    EXPECT_DOUBLE_EQ(real(cov, 1, "superfast_pct"), 100.0);
    EXPECT_EQ(real(cov, 1, "unknown_speed"), 1.0);
    EXPECT_EQ(real(cov, 1, "superfast_mbps"), 30.0);

    // The region: counts summed, the share recomputed from them (3 of 4 known), not averaged.
    const auto& region = layer(tables, "coverage_region");
    ASSERT_EQ(region.rows.size(), 1u);
    EXPECT_EQ(region.geometry_type, "None");
    EXPECT_TRUE(region.shapes.empty());
    EXPECT_EQ(real(region, 0, "premises"), 5.0);
    EXPECT_EQ(real(region, 0, "superfast_premises"), 3.0);
    EXPECT_DOUBLE_EQ(real(region, 0, "superfast_pct"), 75.0);
}

TEST(WorkflowCoverage, RefusesUnknownNamesListingTheValidOnes) {
    workflow::CoverageConfig cfg;
    cfg.areas = "unused.geojson";
    cfg.area_id = "code";
    cfg.premises = "unused.csv";
    cfg.level = "county";
    try {
        workflow::check_coverage_config(cfg);
        FAIL() << "an unknown level was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("laua, la, lad, oa, postcode, pc"), std::string::npos) << e.what();
    }
    cfg.level = "laua";
    cfg.polygons = "footprint.geojson";
    cfg.polygons_id = "OBJECTID";
    cfg.polygons_tier = "hyperfast";
    try {
        workflow::check_coverage_config(cfg);
        FAIL() << "an unknown tier was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("'hyperfast' is not one of: superfast, ultrafast300"), std::string::npos)
            << e.what();
    }
}

}  // namespace
