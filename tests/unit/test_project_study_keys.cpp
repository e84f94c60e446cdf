// The project keys `midlink run`'s study stages read: hgv_profile, access roll-ups,
// corridors as a mapping, coverage computed from tables, and fibre_cost. Each is read
// into the Project, and each misuse is refused up front, naming the key.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "midlink/core/error.hpp"
#include "midlink/io/project_reader.hpp"

namespace {
namespace fs = std::filesystem;
using midlink::io::Project;

// A folder with the files the project names (the reader only checks that they exist).
struct ProjectFolder {
    fs::path dir = fs::temp_directory_path() / ("midlink_project_study_" + std::to_string(::getpid()));
    ProjectFolder() {
        fs::create_directories(dir);
        for (const char* name : {"srn.csv", "lsoa.gpkg", "schools.csv", "lad.geojson", "c.yaml", "places.csv",
                                 "2020.csv", "2021.csv", "rutland.pbf", "premises.csv", "served.csv", "cov.gpkg"})
            std::ofstream(dir / name) << "x\n";
    }
    ~ProjectFolder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    [[nodiscard]] Project parse(const std::string& yaml) const {
        return midlink::io::parse_project_yaml("network: srn.csv\n" + yaml, "study.yaml", dir.string());
    }
    /// The ConfigError message of a project that must be refused ("" when it was accepted).
    [[nodiscard]] std::string refusal(const std::string& yaml) const {
        try {
            (void)parse(yaml);
        } catch (const midlink::ConfigError& e) {
            EXPECT_EQ(e.exit_code(), 2);
            return e.what();
        }
        return "";
    }
};

const std::string kAccess =
    "access:\n  origins: lsoa.gpkg\n  origin_id: LSOA21CD\n  destinations: [{path: schools.csv, name: schools}]\n";

TEST(ProjectStudyKeys, ReadsEveryStudyKey) {
    const ProjectFolder folder;
    const auto p = folder.parse(
        "hgv_profile: hgv\n" + kAccess +
        "  origin_name: LSOA21NM\n"
        "  aggregate_to: [{path: lad.geojson, id: areacd, by: LADCD_ACTIVE, name: lad, name_field: areanm}]\n"
        "  aggregate_code: [RGNCD, CAUTHCD]\n"
        "corridors: {file: c.yaml, places: places.csv, discover: 5, min_km: 25}\n"
        "coverage: {areas: lad.geojson, area_id: areacd, area_name: areanm, tables: [2020.csv, 2021.csv],"
        " releases: [a, b], release: b}\n"
        "fibre_cost: {network: rutland.pbf, premises: premises.csv, premises_id: id, served: served.csv,"
        " cost_per_km: 50000, uso_cap: 3400}\n");
    EXPECT_EQ(p.hgv_profile, "hgv");
    ASSERT_EQ(p.access.aggregate_to.size(), 1u);
    EXPECT_EQ(p.access.aggregate_to[0].id, "areacd");
    EXPECT_EQ(p.access.aggregate_to[0].by, "LADCD_ACTIVE");
    EXPECT_EQ(p.access.aggregate_to[0].name, "lad");
    EXPECT_EQ(p.access.aggregate_to[0].name_field, "areanm");
    EXPECT_EQ(p.access.origin_name, "LSOA21NM");
    EXPECT_EQ(p.access.aggregate_code, (std::vector<std::string>{"RGNCD", "CAUTHCD"}));
    EXPECT_TRUE(p.corridors.ends_with("c.yaml"));
    EXPECT_TRUE(p.corridor_options.places.ends_with("places.csv"));
    EXPECT_EQ(p.corridor_options.discover, 5);
    EXPECT_EQ(p.corridor_options.min_km, 25.0);
    EXPECT_TRUE(p.coverage.present);
    EXPECT_TRUE(p.coverage.computed());
    EXPECT_TRUE(p.coverage.path.empty());
    EXPECT_EQ(p.coverage.tables.size(), 2u);
    EXPECT_EQ(p.coverage.releases, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(p.coverage.release, "b");
    EXPECT_TRUE(p.fibre_cost.present);
    EXPECT_TRUE(p.fibre_cost.network.ends_with("rutland.pbf"));
    EXPECT_EQ(p.fibre_cost.profile, "car");
    EXPECT_EQ(p.fibre_cost.cost_per_km, 50000.0);
}

TEST(ProjectStudyKeys, CorridorsAsAFileStillReads) {
    const ProjectFolder folder;
    const auto p = folder.parse("corridors: c.yaml\n");
    EXPECT_TRUE(p.corridors.ends_with("c.yaml"));
    EXPECT_TRUE(p.corridor_options.places.empty());
}

TEST(ProjectStudyKeys, RefusesMisuseNamingTheKey) {
    const ProjectFolder folder;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"hgv_profile: hgv\nhgv_graph: srn.csv\n", "'hgv_profile'"},
        {kAccess + "  aggregate_to: [{path: lad.geojson}]\n", "access.aggregate_to[0].id"},
        {kAccess + "  aggregate_to: [{path: lad.geojson, id: a, level: 2}]\n", "level"},
        {"corridors: {places_id: name}\n", "'corridors' needs"},
        {"corridors: {file: c.yaml, discover: 0}\n", "'corridors.discover'"},
        {"corridors: {file: c.yaml, via: x}\n", "via"},
        {"coverage: {path: cov.gpkg, tables: [2021.csv], areas: lad.geojson, area_id: a}\n", "'tables'"},
        {"coverage: {tables: [2021.csv], area_id: a}\n", "'coverage.areas'"},
        {"coverage: {areas: lad.geojson, area_id: a, tables: [2020.csv, 2021.csv], releases: [x]}\n", "'coverage.releases'"},
        {"coverage: {path: cov.gpkg, areas: lad.geojson}\n", "'coverage.areas' goes with"},
        {"fibre_cost: {premises: premises.csv, served: served.csv}\n", "'fibre_cost' needs 'graph'"},
        {"fibre_cost: {network: rutland.pbf, premises: premises.csv}\n", "'served', 'spine'"},
        {"fibre_cost: {network: rutland.pbf, premises: premises.csv, served: served.csv, uso_cap: -1}\n", "'fibre_cost.uso_cap'"},
        {"fibre_cost: {network: rutland.pbf, premises: premises.csv, served: served.csv, drop: 1}\n", "drop"},
    };
    for (const auto& [yaml, expected] : cases) {
        const auto msg = folder.refusal(yaml);
        EXPECT_NE(msg.find(expected), std::string::npos) << yaml << "\n -> " << msg;
        EXPECT_NE(msg.find("study.yaml"), std::string::npos) << msg;
    }
}

TEST(ProjectStudyKeys, MissingStudyInputsAreInputErrors) {
    const ProjectFolder folder;
    for (const std::string& yaml :
         {std::string("coverage: {areas: lad.geojson, area_id: a, tables: [2019.csv]}\n"),
          std::string("fibre_cost: {network: rutland.pbf, premises: nowhere.csv, served: served.csv}\n"),
          std::string("corridors: {places: nowhere.csv}\n"),
          kAccess + "  aggregate_to: [{path: nowhere.geojson, id: a}]\n"}) {
        try {
            (void)folder.parse(yaml);
            ADD_FAILURE() << "accepted: " << yaml;
        } catch (const midlink::InputError& e) {
            EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
        }
    }
}

}  // namespace

// access_modes repeats the access study on foot and by bicycle; report holds the report
// stage's classification.
TEST(ProjectStudyKeys, AccessModesAndReportOptions) {
    const ProjectFolder folder;
    const auto p = folder.parse(kAccess + "  measures: nearest\n  max_snap_m: 20000\n" +
                                "access_modes: {network: rutland.pbf, origin_where: \"LAD = 'E1'\", max_snap_m: 500}\n"
                                "report: {breaks: [5, 10, 20], min_reached_share: 0.25, columns: [schools_nearest_min]}\n");
    EXPECT_TRUE(p.access_modes.present);
    EXPECT_EQ(p.access_modes.modes, (std::vector<std::string>{"walk", "cycle"}));
    EXPECT_EQ(p.access_modes.origin_where, "LAD = 'E1'");
    EXPECT_EQ(p.access_modes.measures, "nearest");  // from access
    EXPECT_EQ(p.access_modes.max_snap_m, 500.0);    // its own
    EXPECT_EQ(fs::path(p.access_modes.network).filename(), "rutland.pbf");
    EXPECT_EQ(p.report.classification, "fixed");    // breaks imply it
    EXPECT_EQ(p.report.breaks, (std::vector<double>{5, 10, 20}));
    EXPECT_EQ(p.report.min_reached_share, 0.25);
    EXPECT_EQ(p.report.columns, (std::vector<std::string>{"schools_nearest_min"}));

    EXPECT_NE(folder.refusal("access_modes: {network: rutland.pbf}\n").find("'access' is not given"), std::string::npos);
    EXPECT_NE(folder.refusal(kAccess + "access_modes: {network: rutland.pbf, modes: [walk, horse]}\n").find("horse"),
              std::string::npos);
    EXPECT_NE(folder.refusal(kAccess + "access_modes: {network: rutland.pbf, speed: 5}\n").find("unknown key 'speed'"),
              std::string::npos);
    EXPECT_NE(folder.refusal("report: {classification: fixed}\n").find("needs 'report.breaks'"), std::string::npos);
    EXPECT_NE(folder.refusal("report: {breaks: [10, 5]}\n").find("rise strictly"), std::string::npos);
    EXPECT_NE(folder.refusal("report: {classification: pretty}\n").find("quantile, equal, jenks or fixed"),
              std::string::npos);
    EXPECT_NE(folder.refusal("report: {min_reached_share: 2}\n").find("from 0 to 1"), std::string::npos);
}
