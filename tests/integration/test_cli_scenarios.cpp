// `midlink scenarios` on the Rutland OSM graph with Rutland LSOAs and schools: a closure on
// the Oakham-Uppingham corridor lengthens it, an upgrade shortens it and changes
// accessibility only where paths change, a broadband rollout lowers the digital gap of
// exactly the areas it names, the ranking orders them, and the incremental recomputation
// equals the full one (--check-full). Bad scenario and project files fail before any
// long computation.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <filesystem>
#include <limits>
#include <map>

#include "cli_runner.hpp"
#include "rutland_study.hpp"

using namespace midlink;
using namespace midlink::test;

namespace {
std::string coverage_gpkg() {
    static const std::string path = [] {
        const auto p = write_midlands_coverage("coverage.gpkg");
        EXPECT_FALSE(p.empty());
        return p;
    }();
    return path;
}

std::string project(const std::string& extra = "") { return write_rutland_project("", coverage_gpkg(), extra); }

const std::string kScenarios = std::string("scenarios:\n") + kRutlandScenarioItems +
                               "packages:\n  - {name: Upgrade and gigabit, scenarios: [A6003 upgrade, Rutland gigabit]}\n";

GDALDatasetUniquePtr open(const std::string& path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
}
}  // namespace

TEST(CliScenarios, RutlandClosureUpgradeBroadbandAndRanking) {
    const auto scen = scratch().file("scenarios.yaml");
    std::ofstream(scen) << kScenarios;
    const auto out = scratch().file("ranking.gpkg");
    const auto r = run_midlink("scenarios " + project() + " --scenarios " + scen + " --check-full -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto ds = open(out);
    ASSERT_TRUE(ds);

    std::map<std::string, double> corridor_change;
    for (const auto& f : *ds->GetLayerByName("corridor_changes"))
        corridor_change[f->GetFieldAsString("scenario")] = f->GetFieldAsDouble("change_min");
    EXPECT_GT(corridor_change["Close the A6003"], 0.5);  // the detour is longer
    EXPECT_LT(corridor_change["A6003 upgrade"], -0.5);    // a faster A6003 shortens the corridor
    EXPECT_DOUBLE_EQ(corridor_change["Rutland gigabit"], 0.0);

    // Ranked by benefit-cost ratio, best first; the upgrade recomputed only some origins.
    int rank = 0;
    double last_bcr = std::numeric_limits<double>::infinity();
    for (const auto& f : *ds->GetLayerByName("ranking")) {
        EXPECT_EQ(f->GetFieldAsInteger("rank"), ++rank);
        const double bcr = f->GetFieldAsDouble("bcr");
        EXPECT_LE(bcr, last_bcr + 1e-12);
        last_bcr = bcr;
        const std::string name = f->GetFieldAsString("scenario");
        if (name == "A6003 upgrade") {
            EXPECT_GT(f->GetFieldAsInteger("origins_recomputed"), 0);
            EXPECT_LT(f->GetFieldAsInteger("origins_recomputed"), f->GetFieldAsInteger("origins_total"));
            EXPECT_GT(bcr, 0.0);
        }
        if (name == "Rutland gigabit") {
            // Rutland's premises without gigabit in May 2021: thousands, fewer than all ~19,000.
            EXPECT_GT(f->GetFieldAsDouble("premises_upgraded"), 1000.0);
            EXPECT_LT(f->GetFieldAsDouble("premises_upgraded"), 25000.0);
        }
        if (name == "Upgrade and gigabit") {
            EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("cost_gbp"), 28000000.0);
        }
    }
    EXPECT_EQ(rank, 4);

    // The upgrade improves nearest-school times only where paths change, never worsens them.
    int changed = 0, unchanged = 0;
    for (const auto& f : *ds->GetLayerByName("difference_2_a6003_upgrade")) {
        const double d = f->GetFieldAsDouble("schools_nearest_min_change");
        EXPECT_LE(d, 1e-9);
        (d < 0 ? changed : unchanged)++;
    }
    EXPECT_GT(changed, 0);
    EXPECT_GT(unchanged, 0);

    // The rollout lowers the digital gap of exactly the area it names.
    int areas = 0;
    for (const auto& f : *ds->GetLayerByName("digital_changes")) {
        if (std::string(f->GetFieldAsString("scenario")) != "Rutland gigabit") continue;
        ++areas;
        const double before = f->GetFieldAsDouble("digital_gap_base"), after = f->GetFieldAsDouble("digital_gap_scenario");
        if (std::string(f->GetFieldAsString("area_code")) == "E06000017")
            EXPECT_LT(after, before);
        else
            EXPECT_DOUBLE_EQ(after, before);
    }
    EXPECT_EQ(areas, 65);
}

TEST(CliScenarios, BadInputFailsBeforeTheLongWork) {
    const auto out = scratch().file("bad.gpkg");
    const auto scen = scratch().file("bad_ref.yaml");
    std::ofstream(scen) << "scenarios:\n  - name: Phantom\n    cost_gbp: 1\n    interventions:\n"
                           "      - {type: upgrade, refs: [M999], speed_kmh: 100}\n";
    auto r = run_midlink("scenarios " + project() + " --scenarios " + scen + " -o " + out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("M999"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("baseline accessibility"), std::string::npos) << "failed only after the baseline";

    std::ofstream(scen) << "scenarios:\n  - name: To sea\n    cost_gbp: 1\n    interventions:\n"
                           "      - {type: new_link, from: {x: 486100, y: 308900}, to: {x: 100000, y: 100000}, speed_kmh: 50}\n";
    r = run_midlink("scenarios " + project() + " --scenarios " + scen + " -o " + out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("'to' is more than"), std::string::npos) << r.output;

    std::ofstream(scen) << kScenarios;
    r = run_midlink("scenarios " + project("outputs: here\n") + " --scenarios " + scen + " -o " + out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("unknown key 'outputs'"), std::string::npos) << r.output;

    const auto missing = scratch().file("missing.yaml");
    std::ofstream(missing) << "graph: /nonexistent/graph.mlg\n";
    r = run_midlink("scenarios " + missing + " --scenarios " + scen + " -o " + out);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("/nonexistent/graph.mlg"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CliScenarios, HgvCorridorTimesWhenTheProjectNamesAnHgvGraph) {
    const auto hgv = scratch().file("rutland_hgv.mlg");
    ASSERT_EQ(run_midlink("graph build --network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf") +
                          " --profile hgv -o " + hgv + " --quiet")
                  .exit_code,
              0);
    const auto scen = scratch().file("scenarios_hgv.yaml");
    std::ofstream(scen) << kScenarios;
    const auto out = scratch().file("ranking_hgv.gpkg");
    const auto r = run_midlink("scenarios " + project("hgv_graph: " + hgv + "\n") + " --scenarios " + scen + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto ds = open(out);
    ASSERT_TRUE(ds);
    std::map<std::string, double> car, lorry;
    for (const auto& f : *ds->GetLayerByName("corridor_changes")) {
        ASSERT_FALSE(f->IsFieldNull(f->GetFieldIndex("hgv_base_min")));
        car[f->GetFieldAsString("scenario")] = f->GetFieldAsDouble("change_min");
        lorry[f->GetFieldAsString("scenario")] = f->GetFieldAsDouble("hgv_change_min");
        // The lorry is never quicker than the car on the baseline.
        EXPECT_GE(f->GetFieldAsDouble("hgv_base_min"), f->GetFieldAsDouble("base_min") - 1e-9);
    }
    EXPECT_GT(lorry["Close the A6003"], 0.0);  // the closure hurts lorries too
    EXPECT_LT(lorry["A6003 upgrade"], 0.0);
    EXPECT_DOUBLE_EQ(lorry["Rutland gigabit"], 0.0);
}

TEST(CliScenarios, FlowsAndVolumeCapacityBeforeAndAfter) {
    const std::string d = std::string(MIDLINK_TEST_DATA) + "/assign/";
    const auto scen = scratch().file("scenarios_flows.yaml");
    // Also a capacity-only upgrade and a new link (capacity unknown: it never congests).
    std::ofstream(scen) << kScenarios;
    const auto scen2 = scratch().file("scenarios_flows2.yaml");
    std::ofstream(scen2) << "scenarios:\n  - name: A6003 widening\n    cost_gbp: 5000000\n    interventions:\n"
                            "      - {type: upgrade, refs: [A6003], capacity_factor: 2}\n"
                            "  - name: Oakham bypass link\n    cost_gbp: 9000000\n    interventions:\n"
                            "      - {type: new_link, from: {x: 486100, y: 308900}, to: {x: 495200, y: 308600}, speed_kmh: 90}\n"
                            // Re-assigned on an edited graph that equals the baseline: the
                            // zones, moved onto it, must load it exactly as before.
                            "  - name: A6003 unchanged\n    cost_gbp: 1\n    interventions:\n"
                            "      - {type: upgrade, refs: [A6003], capacity_factor: 1}\n";
    const auto out = scratch().file("ranking_flows.gpkg");
    const auto r = run_midlink("scenarios " +
                               project("assignment: {zones: " + d + "rutland_zones.csv, od: " + d +
                                       "rutland_od.csv, method: bfw, gap: 0.0001}\n") +
                               " --scenarios " + scen + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto ds = open(out);
    ASSERT_TRUE(ds);
    std::map<std::string, std::pair<double, double>> vh;
    for (const auto& f : *ds->GetLayerByName("flow_changes")) {
        vh[f->GetFieldAsString("scenario")] = {f->GetFieldAsDouble("vehicle_hours_base"),
                                               f->GetFieldAsDouble("vehicle_hours_scenario")};
        EXPECT_LE(f->GetFieldAsDouble("relative_gap"), 1e-4);
    }
    ASSERT_EQ(vh.size(), 4u);
    EXPECT_GT(vh["Close the A6003"].second, vh["Close the A6003"].first);  // the detour costs vehicle-hours
    EXPECT_LT(vh["A6003 upgrade"].second, vh["A6003 upgrade"].first);
    EXPECT_DOUBLE_EQ(vh["Rutland gigabit"].second, vh["Rutland gigabit"].first);
    for (const auto& f : *ds->GetLayerByName("ranking"))
        EXPECT_FALSE(f->IsFieldNull(f->GetFieldIndex("vehicle_hours_change")));

    const auto out2 = scratch().file("ranking_flows2.gpkg");
    const auto r2 = run_midlink("scenarios " +
                                project("assignment: {zones: " + d + "rutland_zones.csv, od: " + d +
                                        "rutland_od.csv, method: bfw, gap: 0.0001}\n") +
                                " --scenarios " + scen2 + " -o " + out2);
    ASSERT_EQ(r2.exit_code, 0) << r2.output;
    auto ds2 = open(out2);
    ASSERT_TRUE(ds2);
    for (const auto& f : *ds2->GetLayerByName("flow_changes")) {
        const std::string name = f->GetFieldAsString("scenario");
        EXPECT_LE(f->GetFieldAsDouble("relative_gap"), 1e-4) << name;
        // Doubling the A6003's capacity lowers its congestion, so the total cannot rise.
        if (name == "A6003 widening") {
            EXPECT_LE(f->GetFieldAsDouble("vehicle_hours_scenario"), f->GetFieldAsDouble("vehicle_hours_base") + 1e-6);
        }
        if (name == "A6003 unchanged") {
            EXPECT_GT(f->GetFieldAsDouble("vehicle_hours_base"), 0.0);
            EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("vehicle_hours_scenario"), f->GetFieldAsDouble("vehicle_hours_base"));
        }
    }
    for (const auto& f : *ds2->GetLayerByName("ranking")) {
        if (std::string(f->GetFieldAsString("scenario")) == "A6003 widening") {
            EXPECT_EQ(f->GetFieldAsInteger("origins_recomputed"), 0);  // capacity does not change free-flow access
        }
    }
}
