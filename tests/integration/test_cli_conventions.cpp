// One name per concept (docs/cli/conventions.md): each renamed option's new name is in
// --help and its old name is not, both names give the same answer, and both at once are
// refused. Old names are a promise to existing scripts.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

struct Renamed {
    std::string command;  // as typed after `midlink`
    std::string now;
    std::string old;
};

const std::vector<Renamed> kRenamed = {
    {"assign", "--max-snap", "--snap-distance"},    {"fibre-cost", "--max-snap", "--max-snap-m"},
    {"flows", "--max-snap", "--tolerance-m"},       {"assign", "--assume-crs", "--zones-crs"},
    {"flows", "--assume-crs", "--counts-crs"},      {"route", "--assume-crs", "--coords-crs"},
    {"isochrone", "--assume-crs", "--coords-crs"},  {"centrality", "--assume-crs", "--coords-crs"},
    {"centrality", "--places", "--od"},             {"graph build", "--input-format", "--format"},
};

bool names_option(const std::string& help, const std::string& flag) {
    // The flag as a whole word: --max-snap must not match inside --max-snap-m.
    return std::regex_search(help, std::regex("(^|[\\s,\\[])" + flag + "([\\s,=\\]]|$)"));
}

}  // namespace

TEST(CliConventions, HelpShowsTheNewNameOnly) {
    for (const auto& r : kRenamed) {
        const auto help = run_midlink(r.command + " --help");
        ASSERT_EQ(help.exit_code, 0) << r.command;
        EXPECT_TRUE(names_option(help.output, r.now)) << r.command << " --help lacks " << r.now;
        EXPECT_FALSE(names_option(help.output, r.old)) << r.command << " --help still shows " << r.old;
    }
}

TEST(CliConventions, OldAndNewNamesGiveTheSameRoute) {
    const auto g = rutland_graph();
    const std::string trip = "route " + g + " --from=-0.7262,52.6708 --to=-0.5468,52.6292 --format json ";
    const auto now = run_midlink(trip + "--assume-crs EPSG:4326");
    const auto old = run_midlink(trip + "--coords-crs EPSG:4326");
    ASSERT_EQ(now.exit_code, 0) << now.output;
    ASSERT_EQ(old.exit_code, 0) << old.output;
    EXPECT_EQ(now.output, old.output);
    EXPECT_NE(now.output.find("\"time_s\""), std::string::npos) << now.output;
    // Both names at once: a usage error (exit 2) naming them, not a silent choice.
    const auto both = run_midlink(trip + "--assume-crs EPSG:4326 --coords-crs EPSG:27700");
    EXPECT_EQ(both.exit_code, 2) << both.output;
    EXPECT_NE(both.output.find("--coords-crs"), std::string::npos) << both.output;
}

TEST(CliConventions, OldAndNewNamesGiveTheSameFlows) {
    const auto g = built_graph("soton", "--network " + geodata("nismod-transport/network.shp") +
                                            " --ref-field RoadNumber --class-from-ref");
    const auto counts = geodata("nismod-transport/AADFdirected.shp");
    const auto now = run_midlink("flows " + g + " --counts " + counts + " --max-snap 400 -o " +
                                 scratch().file("conv_flows_now.gpkg"));
    const auto old = run_midlink("flows " + g + " --counts " + counts + " --tolerance-m 400 -o " +
                                 scratch().file("conv_flows_old.gpkg"));
    ASSERT_EQ(now.exit_code, 0) << now.output;
    ASSERT_EQ(old.exit_code, 0) << old.output;
    // The summary line: counts read and matched within the distance.
    const std::regex summary("counts: [0-9]+, matched[^\n]*");
    std::smatch a, b;
    ASSERT_TRUE(std::regex_search(now.output, a, summary)) << now.output;
    ASSERT_TRUE(std::regex_search(old.output, b, summary)) << old.output;
    EXPECT_EQ(a.str(), b.str());
    // A distance that matches fewer counts gives another line: the option is not ignored.
    const auto near = run_midlink("flows " + g + " --counts " + counts + " --max-snap 5 -o " +
                                  scratch().file("conv_flows_near.gpkg"));
    std::smatch c;
    ASSERT_TRUE(std::regex_search(near.output, c, summary)) << near.output;
    EXPECT_NE(c.str(), a.str());
    // The old name keeps the new name's check.
    const auto bad = run_midlink("flows " + g + " --counts " + counts + " --tolerance-m -5 -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

// An extension midlink cannot write is refused before any work, not written as a
// GeoPackage under that name.
TEST(CliConventions, UnsupportedOutputExtensionIsRefusedUpFront) {
    const auto g = rutland_graph();
    for (const auto& cmd : {"centrality " + g, "isochrone " + g + " --from 486000,308800"}) {
        const auto out = scratch().file("refused.parquet");
        const auto r = run_midlink(cmd + " -o " + out);
        EXPECT_EQ(r.exit_code, 2) << cmd << "\n" << r.output;
        EXPECT_NE(r.output.find("cannot write '.parquet' files"), std::string::npos) << r.output;
        EXPECT_FALSE(std::filesystem::exists(out)) << cmd;
    }
}

// --format json: one JSON object on stdout describing what was written, read back from the
// files (a script need not parse the console).
TEST(CliConventions, JsonSummaryDescribesTheWrittenLayers) {
    const auto out = scratch().file("summary_centrality.gpkg");
    const auto r = run_midlink("centrality " + rutland_graph() + " -o " + out + " --format json -q", "2>/dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);  // stdout is nothing but the summary
    EXPECT_EQ(j.at("command"), "centrality");
    EXPECT_EQ(j.at("exit_code"), 0);
    EXPECT_EQ(j.at("output"), out);
    std::map<std::string, std::int64_t> features;
    for (const auto& l : j.at("layers")) features[l.at("layer")] = l.at("features");
    ASSERT_TRUE(features.count("edges")) << r.output;
    EXPECT_GT(features["edges"], 1000);
    // Independent of the summary: OGR's own count of the same layer.
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    EXPECT_EQ(features["edges"], ds->GetLayerByName("edges")->GetFeatureCount());
    // The text form stays the default.
    const auto help = run_midlink("centrality --help");
    EXPECT_TRUE(names_option(help.output, "--format"));
}

// A multi-layer output to a single-layer format: a file per layer, named for the layer, and
// the JSON summary finds them.
TEST(CliConventions, MultiLayerOutputToFlatGeobufWritesAFilePerLayer) {
    const auto out = scratch().file("export_split.fgb");
    const auto r = run_midlink("graph export " + rutland_graph() + " -o " + out + " --format json -q", "2>/dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
    const auto edges = scratch().file("export_split_edges.fgb");
    const auto nodes = scratch().file("export_split_nodes.fgb");
    GDALAllRegister();
    GDALDatasetUniquePtr e(GDALDataset::Open(edges.c_str(), GDAL_OF_VECTOR));
    GDALDatasetUniquePtr n(GDALDataset::Open(nodes.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(e && n) << r.output;
    EXPECT_GT(e->GetLayer(0)->GetFeatureCount(), 1000);
    EXPECT_GT(n->GetLayer(0)->GetFeatureCount(), 1000);
    const auto j = nlohmann::json::parse(r.output);
    std::map<std::string, std::int64_t> features;
    for (const auto& l : j.at("layers")) features[l.at("file")] = l.at("features");
    EXPECT_EQ(features[edges], e->GetLayer(0)->GetFeatureCount());
    EXPECT_EQ(features[nodes], n->GetLayer(0)->GetFeatureCount());
}
