// `midlink run` on the bundled demo project: every configured stage runs and leaves its
// output, the manifest records inputs with checksums and the commands, a second run reuses
// the graph, --from/--to run part of the pipeline, and bad projects fail up front.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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

nlohmann::json manifest_of(const std::string& out) {
    return nlohmann::json::parse(slurp(out + "/manifest.json"));
}

std::string status_of(const nlohmann::json& m, const std::string& stage) {
    for (const auto& s : m.at("stages"))
        if (s.at("stage") == stage) return s.at("status");
    return "(no such stage)";
}

/// Every layer of a GeoPackage as text: names, fields, values and geometry, in order.
std::string dump_gpkg(const std::string& path) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    if (!ds) return "cannot open " + path;
    std::ostringstream o;
    for (auto* layer : ds->GetLayers()) {
        o << "layer " << layer->GetName() << "\n";
        layer->ResetReading();
        for (auto& f : *layer) {
            for (int i = 0; i < f->GetFieldCount(); ++i)
                o << f->GetFieldDefnRef(i)->GetNameRef() << "="
                  << (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL") << ";";
            if (const auto* g = f->GetGeometryRef()) {
                char* wkt = nullptr;
                g->exportToWkt(&wkt);
                o << wkt;
                CPLFree(wkt);
            }
            o << "\n";
        }
    }
    return o.str();
}

/// The demo project with absolute paths and `access.engine` set, written to the scratch folder.
std::string demo_with_engine(const std::string& engine) {
    const std::string demo = std::string(MIDLINK_SOURCE_DIR) + "/geodata/demo/";
    auto project = slurp(kDemo);
    for (const std::string key :
         {"network: .", "origins: towns.csv", "population: ../corridors/midlands-places.csv",
          "path: hospitals.csv", "corridors: ../corridors/midlands.yaml",
          "scenarios: scenarios.yaml"}) {
        const auto colon = key.find(": ");
        const auto at = project.find(key);
        if (at == std::string::npos)
            throw std::runtime_error("the demo project no longer has '" + key + "'");
        project.replace(at, key.size(), key.substr(0, colon + 2) + demo + key.substr(colon + 2));
    }
    const auto measures = project.find("  measures: nearest");
    if (measures == std::string::npos)
        throw std::runtime_error("the demo project no longer has '  measures: nearest'");
    project.insert(measures, "  engine: " + engine + "\n");
    const auto path = scratch().file("engine_" + engine + ".yaml");
    std::ofstream(path) << project;
    return path;
}

std::string shell_quoted(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}
}  // namespace

TEST(CliRun, DemoProjectEndToEndWithManifestAndReuse) {
    const auto out = scratch().file("demo");
    auto r = run_midlink("run " + kDemo + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    for (const char* f : {"graph.mlg", "access.gpkg", "corridors.gpkg", "ranking.gpkg",
                          "manifest.json", "report.html"})
        EXPECT_TRUE(fs::exists(fs::path(out) / f)) << f;
    EXPECT_FALSE(fs::exists(fs::path(out) / "gaps.gpkg"));  // the demo has no coverage
    const auto manifest = manifest_of(out);
    EXPECT_EQ(status_of(manifest, "graph"), "ran") << manifest.dump(2);
    EXPECT_TRUE(status_of(manifest, "gaps").starts_with("skipped")) << manifest.dump(2);
    bool destinations = false;
    for (const auto& i : manifest.at("inputs")) {
        destinations = destinations || i.at("key") == "access.destinations";
        EXPECT_EQ(i.at("fnv1a64").get<std::string>().size(), 16u) << i.dump();
    }
    EXPECT_TRUE(destinations) << manifest.dump(2);

    GDALAllRegister();
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open((out + "/ranking.gpkg").c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds);
        EXPECT_EQ(ds->GetLayerByName("ranking")->GetFeatureCount(),
                  4);  // three scenarios and a package
    }

    // Again: the graph is up to date and reused; the rest runs.
    r = run_midlink("run " + kDemo + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("stage graph: up to date, reused"), std::string::npos) << r.output;
    EXPECT_EQ(status_of(manifest_of(out), "graph"), "reused");

    // Only the corridors stage.
    r = run_midlink("run " + kDemo + " -o " + out + " --from corridors --to corridors");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto m = manifest_of(out);
    EXPECT_EQ(status_of(m, "corridors"), "ran") << m.dump(2);
    EXPECT_TRUE(status_of(m, "scenarios").starts_with("not run")) << m.dump(2);
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
    auto r = run_midlink("run " + demo_with_engine("phast") + " -o " +
                         scratch().file("engine_phast") + " --to access");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(", phast (hierarchy built in"), std::string::npos) << r.output;
    r = run_midlink("run " + demo_with_engine("fast") + " -o " + scratch().file("engine_fast"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("'access.engine' must be auto, dijkstra or phast"), std::string::npos)
        << r.output;
}

// `run` works in one process (graph read once, the access baseline reused by scenarios),
// and its manifest records an equivalent command line per stage. Running those command
// lines one by one must give the same layers, value for value: this checks both the
// commands and that reusing the baseline changes nothing.
// With PHAST the baseline comes from another engine than the scenarios' Dijkstra; reusing
// it must still match a by-hand scenarios run (integer weights: the same times exactly).
TEST(CliRun, ManifestCommandLinesReproduceTheInProcessRun) {
    for (const std::string engine : {"auto", "phast"}) {
        SCOPED_TRACE("engine " + engine);
        const auto one = scratch().file("run_inprocess_" + engine);
        const auto two = scratch().file("run_by_hand_" + engine);
        auto r = run_midlink("run " + demo_with_engine(engine) + " -o " + one);
        ASSERT_EQ(r.exit_code, 0) << r.output;
        fs::create_directories(two);
        std::size_t ran = 0;
        const auto manifest =
            manifest_of(one);  // held: a range-for over a temporary's member dangles
        for (const auto& stage : manifest.at("stages")) {
            if (stage.at("status") != "ran" || stage.at("stage") == "report") continue;
            std::string line;
            for (const auto& a : stage.at("command")) {
                std::string arg = a.get<std::string>();
                if (arg.starts_with(one)) arg = two + arg.substr(one.size());
                line += " " + shell_quoted(arg);
            }
            r = run_midlink(line + " --quiet");
            ASSERT_EQ(r.exit_code, 0) << line << "\n" << r.output;
            ++ran;
        }
        EXPECT_EQ(ran, 4u);  // graph, access, corridors, scenarios
        GDALAllRegister();
        for (const char* f : {"access.gpkg", "corridors.gpkg", "ranking.gpkg"}) {
            const auto a = dump_gpkg(one + "/" + f), b = dump_gpkg(two + "/" + f);
            EXPECT_GT(a.size(), 100u) << f;
            if (a != b) {  // the first differing line, not two whole dumps
                std::istringstream sa(a), sb(b);
                std::string la, lb;
                while (std::getline(sa, la) && std::getline(sb, lb) && la == lb) {
                }
                ADD_FAILURE() << f << " differs:\n  run:     " << la << "\n  by hand: " << lb;
            }
        }
    }
}
