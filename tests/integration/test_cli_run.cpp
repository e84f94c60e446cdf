// `midlink run` on the bundled demo project: every configured stage runs and leaves its
// output, the manifest records inputs with checksums and the commands, a second run reuses
// the graph, --from/--to run part of the pipeline, and bad projects fail up front.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.hpp"

using namespace midlink::test;
namespace fs = std::filesystem;

namespace {
const std::string kDemo = std::string(MIDLINK_SOURCE_DIR) + "/geodata/demo/project.yaml";

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST(CliRun, DemoProjectEndToEndWithManifestAndReuse) {
    const auto out = scratch().file("demo");
    auto r = run_midlink("run " + kDemo + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const char* f : {"graph.mlg", "access.gpkg", "corridors.gpkg", "ranking.gpkg", "manifest.json", "report.html"})
        EXPECT_TRUE(fs::exists(fs::path(out) / f)) << f;
    EXPECT_FALSE(fs::exists(fs::path(out) / "gaps.gpkg"));  // the demo has no coverage
    const auto manifest = slurp(out + "/manifest.json");
    EXPECT_NE(manifest.find("\"stage\": \"graph\", \"status\": \"ran\""), std::string::npos) << manifest;
    EXPECT_NE(manifest.find("\"stage\": \"gaps\", \"status\": \"skipped"), std::string::npos) << manifest;
    EXPECT_NE(manifest.find("\"key\": \"access.destinations\""), std::string::npos);
    EXPECT_NE(manifest.find("\"fnv1a64\": \""), std::string::npos);

    GDALAllRegister();
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open((out + "/ranking.gpkg").c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        EXPECT_EQ(ds->GetLayerByName("ranking")->GetFeatureCount(), 4);  // three scenarios and a package
    }

    // Again: the graph is up to date and reused; the rest runs.
    r = run_midlink("run " + kDemo + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("stage graph: up to date, reused"), std::string::npos) << r.output;
    EXPECT_NE(slurp(out + "/manifest.json").find("\"stage\": \"graph\", \"status\": \"reused\""), std::string::npos);

    // Only the corridors stage.
    r = run_midlink("run " + kDemo + " -o " + out + " --from corridors --to corridors");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto m = slurp(out + "/manifest.json");
    EXPECT_NE(m.find("\"stage\": \"corridors\", \"status\": \"ran\""), std::string::npos) << m;
    EXPECT_NE(m.find("\"stage\": \"scenarios\", \"status\": \"not run"), std::string::npos) << m;
    // The report shows the study: maps and the scenario ranking.
    const auto html = slurp(out + "/report.html");
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("A50 upgrade Stoke-Derby"), std::string::npos);
}

TEST(CliRun, BadProjectsFailBeforeAnyStage) {
    const auto out = scratch().file("bad");
    // A stage that has not run cannot be started from.
    auto r = run_midlink("run " + kDemo + " -o " + out + " --from scenarios");
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("graph.mlg is missing"), std::string::npos) << r.output;
    r = run_midlink("run " + kDemo + " -o " + out + " --from report2");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    // A project naming an input that does not exist.
    const auto p = scratch().file("missing.yaml");
    std::ofstream(p) << "network: /nonexistent/net\n";
    r = run_midlink("run " + p + " -o " + out);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("'network' names /nonexistent/net"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(fs::path(out) / "manifest.json"));
}

// access.engine reaches `midlink access`, and an unknown engine is refused up front.
TEST(CliRun, AccessEngineFromTheProject) {
    const std::string demo = std::string(MIDLINK_SOURCE_DIR) + "/geodata/demo/";
    auto project = slurp(kDemo);
    for (const std::string key : {"network: .", "origins: towns.csv", "population: ../corridors/midlands-places.csv",
                                  "path: hospitals.csv", "corridors: ../corridors/midlands.yaml", "scenarios: scenarios.yaml"}) {
        const auto colon = key.find(": ");
        const auto at = project.find(key);
        ASSERT_NE(at, std::string::npos) << key;
        project.replace(at, key.size(), key.substr(0, colon + 2) + demo + key.substr(colon + 2));
    }
    const auto measures = project.find("  measures: nearest");
    ASSERT_NE(measures, std::string::npos);
    const auto with = [&](const std::string& engine) {
        std::string text = project;
        text.insert(measures, "  engine: " + engine + "\n");
        const auto path = scratch().file("engine_" + engine + ".yaml");
        std::ofstream(path) << text;
        return path;
    };
    auto r = run_midlink("run " + with("phast") + " -o " + scratch().file("engine_phast") + " --to access");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(", phast (hierarchy built in"), std::string::npos) << r.output;
    r = run_midlink("run " + with("fast") + " -o " + scratch().file("engine_fast"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("'access.engine' must be auto, dijkstra or phast"), std::string::npos) << r.output;
}
