// The bundled real study (geodata/study/project.yaml, what the README's first command runs):
// `midlink run` runs every stage, leaves every output, and its figures agree with facts
// known without midlink: the 65 Midlands LADs, the Census 2021 Midlands population, and
// Ofcom's own gigabit count for Rutland.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.hpp"

using namespace midlink::test;
namespace fs = std::filesystem;

namespace {
const std::string kStudy = std::string(MIDLINK_SOURCE_DIR) + "/geodata/study/";

/// The cells of one CSV row by header, for the row whose first cell is `key`.
std::map<std::string, std::string> csv_row(const std::string& path, const std::string& key) {
    std::ifstream in(path);
    const auto split = [](const std::string& line) {
        std::vector<std::string> cells;
        std::string cell;
        bool quoted = false;
        for (char c : line) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) cells.push_back(std::move(cell)), cell.clear();
            else if (c != '\r') cell += c;
        }
        cells.push_back(cell);
        return cells;
    };
    std::string line;
    std::getline(in, line);
    const auto header = split(line);
    while (std::getline(in, line)) {
        const auto cells = split(line);
        if (!cells.empty() && cells[0] == key) {
            std::map<std::string, std::string> row;
            for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
            return row;
        }
    }
    return {};
}

GDALDatasetUniquePtr open_gpkg(const std::string& path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
}
}  // namespace

TEST(CliStudy, BundledMidlandsStudyRunsEveryStage) {
    const auto out = scratch().file("study");
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run_midlink("run " + kStudy + "project.yaml -o " + out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_LT(seconds, 120.0) << "CI runs this study: keep it quick";

    std::ifstream in(out + "/manifest.json");
    std::stringstream text;
    text << in.rdbuf();
    const auto manifest = nlohmann::json::parse(text.str());
    std::vector<std::string> stages;
    for (const auto& s : manifest.at("stages")) {
        stages.push_back(s.at("stage"));
        EXPECT_EQ(s.at("status"), "ran") << s.dump(2);
        EXPECT_FALSE(s.at("command").empty()) << s.dump(2);
    }
    EXPECT_EQ(stages, (std::vector<std::string>{"graph", "hgv_graph", "access", "walk_graph", "access_walk", "cycle_graph",
                                                "access_cycle", "corridors", "coverage", "gaps", "fibre_graph",
                                                "fibre_cost", "scenarios", "report"}));
    for (const char* f : {"graph.mlg", "graph-hgv.mlg", "access.gpkg", "graph-walk.mlg", "access_walk.gpkg",
                          "graph-cycle.mlg", "access_cycle.gpkg", "corridors.gpkg", "coverage.gpkg", "gaps.gpkg",
                          "fibre-graph.mlg", "fibre_cost.gpkg", "ranking.gpkg", "report.html", "manifest.json"})
        EXPECT_TRUE(fs::exists(fs::path(out) / f)) << f;

    // Access: every Midlands LSOA21, all 10,830,797 residents of Census 2021 (the LSOA
    // totals summed, PROVENANCE §4), rolled up to the 65 Midlands LADs of 2024.
    {
        const auto ds = open_gpkg(out + "/access.gpkg");
        ASSERT_TRUE(ds);
        auto* areas = ds->GetLayerByName("areas");
        auto* lad = ds->GetLayerByName("lad");
        ASSERT_TRUE(areas && lad);
        EXPECT_EQ(areas->GetFeatureCount(), 6421);
        EXPECT_EQ(lad->GetFeatureCount(), 65);
        double population = 0.0;
        for (const auto& f : *lad) population += f->GetFieldAsDouble("population");
        EXPECT_DOUBLE_EQ(population, 10830797.0);
        lad->ResetReading();
        std::map<std::string, std::string> names;
        for (const auto& f : *lad) names[f->GetFieldAsString("id")] = f->GetFieldAsString("areanm");
        EXPECT_EQ(names["E06000017"], "Rutland");  // the LAD names are kept
        EXPECT_EQ(names["E08000025"], "Birmingham");
        areas->ResetReading();
        for (const auto& f : *areas) {  // and the LSOA names
            if (std::string(f->GetFieldAsString("id")) == "E01013453") {
                EXPECT_STREQ(f->GetFieldAsString("LSOA21NM"), "Derby 013A");
            }
        }
        lad->ResetReading();
        for (const auto& f : *lad) {
            const double minutes = f->GetFieldAsDouble("hospitals_nearest_min");
            EXPECT_GE(minutes, 0.0) << f->GetFieldAsString("id");
            EXPECT_LT(minutes, 120.0) << f->GetFieldAsString("id");
        }
    }
    // On foot and by bicycle: Rutland's 26 LSOAs (counted here with OGR SQL), each reaching a
    // school on Rutland's OSM paths and roads; JTS speeds make a walk slower than a ride
    // whenever the ride is less than 16/4.8 = 3.3 times as long, which every one is here.
    {
        const auto lsoas = open_gpkg(kStudy + "lsoa21-midlands.gpkg");
        ASSERT_TRUE(lsoas);
        auto* count = lsoas->ExecuteSQL(
            "SELECT COUNT(*) FROM lsoa21 WHERE LADCD_ACTIVE = 'E06000017'", nullptr, nullptr);
        ASSERT_TRUE(count);
        const auto rutland_lsoas = count->GetNextFeature()->GetFieldAsInteger64(0);
        lsoas->ReleaseResultSet(count);
        EXPECT_EQ(rutland_lsoas, 26);
        std::map<std::string, double> walk_min, cycle_min;
        for (const auto& [file, minutes] : {std::pair{"access_walk.gpkg", &walk_min}, {"access_cycle.gpkg", &cycle_min}}) {
            const auto ds = open_gpkg(out + "/" + file);
            ASSERT_TRUE(ds) << file;
            auto* areas = ds->GetLayerByName("areas");
            ASSERT_TRUE(areas) << file;
            EXPECT_EQ(areas->GetFeatureCount(), rutland_lsoas) << file;
            for (const auto& f : *areas) {
                if (f->IsFieldSetAndNotNull(f->GetFieldIndex("schools_nearest_min")))
                    (*minutes)[f->GetFieldAsString("id")] = f->GetFieldAsDouble("schools_nearest_min");
            }
        }
        EXPECT_GE(walk_min.size(), 24u);  // a school within reach of nearly every LSOA
        for (const auto& [id, w] : walk_min) {
            ASSERT_TRUE(cycle_min.count(id)) << id;
            EXPECT_GT(w, cycle_min[id]) << id;
        }
    }
    // Coverage: Rutland's gigabit share in Ofcom's 2021 table is its gigabit count over its
    // premises, read here straight from the table.
    {
        const auto row = csv_row(kStudy + "ofcom/2021_data.csv", "E06000017");
        ASSERT_FALSE(row.empty());
        const double expected =
            100.0 * std::stod(row.at("Number of premises with Gigabit availability")) / std::stod(row.at("All Premises"));
        EXPECT_NEAR(expected, std::stod(row.at("Gigabit availability (% premises)")), 0.05);
        const auto ds = open_gpkg(out + "/coverage.gpkg");
        ASSERT_TRUE(ds);
        auto* cov = ds->GetLayerByName("coverage");
        ASSERT_TRUE(cov);
        std::set<std::string> lads;
        bool found = false;
        for (const auto& f : *cov) {
            lads.insert(f->GetFieldAsString("area_code"));
            if (std::string(f->GetFieldAsString("area_code")) == "E06000017" &&
                std::string(f->GetFieldAsString("release")) == "2021") {
                found = true;
                EXPECT_NEAR(f->GetFieldAsDouble("gigabit_pct"), expected, 1e-9);
            }
        }
        EXPECT_TRUE(found);
        EXPECT_EQ(lads.size(), 65u);
        EXPECT_GT(ds->GetLayerByName("trend")->GetFeatureCount(), 0);
    }
    // Corridors: the seven named ones and discovered east-west pairs, each with an HGV route.
    {
        const auto ds = open_gpkg(out + "/corridors.gpkg");
        ASSERT_TRUE(ds);
        auto* corridors = ds->GetLayerByName("corridors");
        ASSERT_TRUE(corridors);
        int named = 0, discovered = 0;
        for (const auto& f : *corridors) {
            (std::string(f->GetFieldAsString("source")) == "discovered" ? discovered : named)++;
        }
        EXPECT_EQ(named, 7);
        EXPECT_GT(discovered, 0);
        EXPECT_TRUE(ds->GetLayerByName("discovered_pairs"));
        EXPECT_TRUE(ds->GetLayerByName("hgv_restrictions"));
        EXPECT_GT(ds->GetLayerByName("critical_links")->GetFeatureCount(), 0);
    }
    // Gaps along the corridors, the Rutland fibre case and the three options ranked.
    {
        const auto gaps = open_gpkg(out + "/gaps.gpkg");
        ASSERT_TRUE(gaps);
        EXPECT_GT(gaps->GetLayerByName("segments")->GetFeatureCount(), 0);
        const auto fibre = open_gpkg(out + "/fibre_cost.gpkg");
        ASSERT_TRUE(fibre);
        EXPECT_EQ(fibre->GetLayerByName("served")->GetFeatureCount(), 2);  // Oakham and Uppingham
        EXPECT_GT(fibre->GetLayerByName("build_network")->GetFeatureCount(), 0);
        const auto ranking = open_gpkg(out + "/ranking.gpkg");
        ASSERT_TRUE(ranking);
        EXPECT_EQ(ranking->GetLayerByName("ranking")->GetFeatureCount(), 3);
    }
}

// The manifest's command lines, run one after another into another folder, give the same
// layers as the in-process run, value for value: for the new stages too (HGV graph,
// discovery, coverage from the Ofcom tables, the fibre graph and case, scenarios with
// --hgv-graph and --coverage).
TEST(CliStudy, ManifestCommandLinesReproduceTheStudy) {
    const auto out = scratch().file("study_inproc"), again = scratch().file("study_commands");
    auto r = run_midlink("run " + kStudy + "project.yaml -q -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    fs::create_directories(again);
    std::ifstream in(out + "/manifest.json");
    std::stringstream text;
    text << in.rdbuf();
    const auto manifest = nlohmann::json::parse(text.str());  // held: a range-for over a temporary's member dangles
    std::size_t ran = 0;
    for (const auto& s : manifest.at("stages")) {
        ++ran;
        std::string line = "-q";
        for (const auto& a : s.at("command")) {
            std::string arg = a;
            if (arg == out || arg.starts_with(out + "/")) arg = again + arg.substr(out.size());
            // Single-quoted for the shell; a quote inside (--origin-where's SQL) as '\''.
            for (auto at = arg.find('\''); at != std::string::npos; at = arg.find('\'', at + 4)) arg.replace(at, 1, "'\\''");
            line += " '" + arg + "'";
        }
        r = run_midlink(line);
        ASSERT_EQ(r.exit_code, 0) << line << "\n" << r.output;
    }
    EXPECT_EQ(ran, 14u);
    GDALAllRegister();
    for (const char* f : {"access.gpkg", "access_walk.gpkg", "access_cycle.gpkg", "corridors.gpkg", "coverage.gpkg",
                          "gaps.gpkg", "fibre_cost.gpkg", "ranking.gpkg"}) {
        const auto dump = [](const std::string& path) {
            GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
            std::ostringstream o;
            if (!ds) return std::string("cannot open ") + path;
            for (auto* layer : ds->GetLayers()) {
                o << "layer " << layer->GetName() << "\n";
                for (auto& feature : *layer) {
                    for (int i = 0; i < feature->GetFieldCount(); ++i)
                        o << (feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "NULL") << ";";
                    if (const auto* g = feature->GetGeometryRef()) o << g->exportToWkt();
                    o << "\n";
                }
            }
            return o.str();
        };
        // gap_method names the coverage file it read: the folders' own names may differ.
        auto by_commands = dump(again + "/" + f);
        for (auto at = by_commands.find(again); at != std::string::npos; at = by_commands.find(again, at))
            by_commands.replace(at, again.size(), out);
        EXPECT_EQ(dump(out + "/" + f), by_commands) << f;
    }
}
