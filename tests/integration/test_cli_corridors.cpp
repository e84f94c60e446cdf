// `midlink corridors` on the PRISM Birmingham network with the Midlands corridor file:
// sensible times and circuity, alternatives in cost order, critical links ranked, and a
// corridor file with an unknown key refused.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

const std::string kMidlands = std::string(MIDLINK_SOURCE_DIR) + "/geodata/corridors/midlands.yaml";
const std::string kPlaces = std::string(MIDLINK_SOURCE_DIR) + "/geodata/corridors/midlands-places.csv";

std::string srn_graph() {
    static const std::string path = [] {
        const auto p = scratch().file("corr_srn.mlg");
        const auto r = run_midlink("graph build --network " + geodata("srn-network-graph/SRN_region_graph.csv") +
                                   " -o " + p + " --quiet");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return p;
    }();
    return path;
}

struct CorridorRow {
    std::string status;
    double time_min = 0, distance_km = 0, ref_share = -1;
    std::string missing_refs;
};

std::map<std::string, CorridorRow> corridor_rows(GDALDataset& ds) {
    std::map<std::string, CorridorRow> rows;
    for (const auto& f : *ds.GetLayerByName("corridors")) {
        CorridorRow row{f->GetFieldAsString("status"), f->GetFieldAsDouble("time_min"),
                        f->GetFieldAsDouble("distance_km"),
                        f->IsFieldSetAndNotNull(f->GetFieldIndex("ref_share")) ? f->GetFieldAsDouble("ref_share") : -1.0,
                        f->GetFieldAsString("missing_refs")};
        rows.emplace(std::string(f->GetFieldAsString("name")) + "/" + f->GetFieldAsString("source"), row);
    }
    return rows;
}

}  // namespace

TEST(CliCorridors, MidlandsCorridorsOnPrism) {
    const auto out = scratch().file("corridors.gpkg");
    const auto r = run_midlink("corridors " + prism_graph() + " --corridors " + kMidlands +
                               " --k 3 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);

    OGRLayer* corridors = ds->GetLayerByName("corridors");
    ASSERT_NE(corridors, nullptr);
    EXPECT_EQ(corridors->GetFeatureCount(), 7);
    bool found = false;
    for (const auto& f : *corridors) {
        EXPECT_STREQ(f->GetFieldAsString("status"), "ok") << f->GetFieldAsString("name");
        EXPECT_GE(f->GetFieldAsDouble("circuity"), 1.0) << f->GetFieldAsString("name");
        if (std::string(f->GetFieldAsString("name")) != "Birmingham-Coventry") continue;
        found = true;
        EXPECT_GT(f->GetFieldAsDouble("time_min"), 20.0);
        EXPECT_LT(f->GetFieldAsDouble("time_min"), 60.0);
        EXPECT_GE(f->GetFieldAsDouble("circuity"), 1.0);
        EXPECT_LE(f->GetFieldAsDouble("circuity"), 2.0);
        EXPECT_EQ(f->GetFieldAsInteger("alternatives"), 3);
        ASSERT_NE(f->GetGeometryRef(), nullptr);
    }
    EXPECT_TRUE(found);

    OGRLayer* alternatives = ds->GetLayerByName("alternatives");
    ASSERT_NE(alternatives, nullptr);
    std::map<std::string, std::vector<std::pair<int, double>>> yen;
    for (const auto& f : *alternatives) {
        if (std::string(f->GetFieldAsString("kind")) == "yen") {
            yen[f->GetFieldAsString("corridor")].emplace_back(f->GetFieldAsInteger("rank"),
                                                              f->GetFieldAsDouble("time_min"));
        }
    }
    EXPECT_EQ(yen.size(), 7u);
    for (auto& [name, rows] : yen) {
        std::sort(rows.begin(), rows.end());
        for (std::size_t i = 1; i < rows.size(); ++i)
            EXPECT_LE(rows[i - 1].second, rows[i].second) << name;
    }

    OGRLayer* critical = ds->GetLayerByName("critical_links");
    ASSERT_NE(critical, nullptr);
    // Disconnecting links (time_increase_min NULL) first, then by decreasing increase.
    std::map<std::string, std::vector<std::pair<int, double>>> increases;
    for (const auto& f : *critical) {
        const double inc =
            f->GetFieldAsInteger("disconnects") ? 1e300 : f->GetFieldAsDouble("time_increase_min");
        if (!f->GetFieldAsInteger("disconnects")) {
            EXPECT_GE(inc, 0.0);
        }
        increases[f->GetFieldAsString("corridor")].emplace_back(f->GetFieldAsInteger("rank"), inc);
    }
    EXPECT_FALSE(increases.empty());
    for (auto& [name, rows] : increases) {
        EXPECT_LE(rows.size(), 10u);
        std::sort(rows.begin(), rows.end());
        for (std::size_t i = 1; i < rows.size(); ++i)
            EXPECT_GE(rows[i - 1].second, rows[i].second) << name;
    }
}

TEST(CliCorridors, UnsnappedWaypointIsAStatusNotACrash) {
    const auto yaml = scratch().file("far.yaml");
    std::ofstream(yaml) << "corridors:\n  - name: Sea\n    mode: car\n    waypoints:\n"
                           "      - {name: Birmingham, x: 406700, y: 286900}\n      - {name: Sea, "
                           "x: 100000, y: 100000}\n";
    const auto out = scratch().file("far.gpkg");
    const auto r =
        run_midlink("corridors " + prism_graph() + " --corridors " + yaml + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* corridors = ds->GetLayerByName("corridors");
    ASSERT_NE(corridors, nullptr);
    int rows = 0;
    for (const auto& f : *corridors) {
        ++rows;
        EXPECT_STREQ(f->GetFieldAsString("status"), "unsnapped");
    }
    EXPECT_EQ(rows, 1);
}

TEST(CliCorridors, UnknownKeyIsRefusedWithExitTwo) {
    const auto yaml = scratch().file("bad.yaml");
    std::ofstream(yaml)
        << "corridors:\n  - name: A\n    mode: car\n    via_roads: [M6]\n    waypoints:\n"
           "      - {name: a, x: 406700, y: 286900}\n      - {name: b, x: 433400, y: 279000}\n";
    const auto r = run_midlink("corridors " + prism_graph() + " --corridors " + yaml + " -o " +
                               scratch().file("bad.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("via_roads"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("bad.yaml"), std::string::npos) << r.output;
}

// The strategic road network (National Highways junction graph): the named Midlands
// corridors, two ways from Birmingham to Nottingham by the roads they follow, and
// east-west discovery among Midlands places.
TEST(CliCorridors, NamedCorridorsAndDiscoveryOnTheStrategicRoadNetwork) {
    const auto out = scratch().file("srn_corridors.gpkg");
    // Town centres lie off the SRN: allow 12 km to the nearest SRN link.
    const auto r = run_midlink("corridors " + srn_graph() + " --corridors " + kMidlands + " --places " + kPlaces +
                               " --max-snap 12000 --discover 5 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    const auto rows = corridor_rows(*ds);
    for (const char* name : {"Birmingham-Coventry", "Birmingham-Nottingham", "Derby-Nottingham", "Stoke-on-Trent-Derby",
                             "Leicester-Coventry", "Birmingham-Nottingham via M42/M1",
                             "Birmingham-Nottingham via A38/A50"}) {
        const auto it = rows.find(std::string(name) + "/file");
        ASSERT_NE(it, rows.end()) << name;
        EXPECT_EQ(it->second.status, "ok") << name;
        // SRN links are straight lines between junctions, so times are lower bounds: between
        // 10 minutes and 2 hours for these 25-80 km trips.
        EXPECT_GT(it->second.time_min, 10.0) << name;
        EXPECT_LT(it->second.time_min, 120.0) << name;
        EXPECT_TRUE(it->second.missing_refs.empty()) << name << ": " << it->second.missing_refs;
    }
    const auto& fastest = rows.at("Birmingham-Nottingham/file");
    const auto& via_m1 = rows.at("Birmingham-Nottingham via M42/M1/file");
    const auto& via_a38 = rows.at("Birmingham-Nottingham via A38/A50/file");
    EXPECT_LT(fastest.ref_share, 0.0);  // follows nothing
    EXPECT_GT(via_m1.ref_share, 0.3);
    EXPECT_GT(via_a38.ref_share, 0.5);
    // Following roads can only cost time against the fastest route.
    EXPECT_GE(via_m1.time_min, fastest.time_min - 1e-9);
    EXPECT_GE(via_a38.time_min, fastest.time_min - 1e-9);
    EXPECT_GT(via_a38.time_min, via_m1.time_min);  // the A38/A50 is the slower way round

    // Discovery: every listed pair within 30 degrees of east-west, at least 20 km, ranked by
    // gravity; the 5 best analysed as corridors.
    OGRLayer* pairs = ds->GetLayerByName("discovered_pairs");
    ASSERT_NE(pairs, nullptr);
    EXPECT_GT(pairs->GetFeatureCount(), 5);
    double last_gravity = std::numeric_limits<double>::infinity();
    int analysed = 0;
    for (const auto& f : *pairs) {
        EXPECT_LE(f->GetFieldAsDouble("angle_from_east_west_deg"), 30.0);
        EXPECT_GE(f->GetFieldAsDouble("straight_km"), 20.0);
        EXPECT_LE(f->GetFieldAsDouble("gravity"), last_gravity);
        last_gravity = f->GetFieldAsDouble("gravity");
        if (f->GetFieldAsInteger("analysed")) {
            ++analysed;
            const std::string name = std::string(f->GetFieldAsString("west")) + "-" + f->GetFieldAsString("east");
            ASSERT_TRUE(rows.count(name + "/discovered")) << name;
            EXPECT_EQ(rows.at(name + "/discovered").status, "ok") << name;
        }
    }
    EXPECT_EQ(analysed, 5);
}

TEST(CliCorridors, RefsMissingFromTheGraphAreWarnedAbout) {
    // PRISM carries no road refs: following M42/M1 there falls back to the fastest route,
    // says so on stderr and in missing_refs.
    const auto out = scratch().file("prism_refs.gpkg");
    const auto r = run_midlink("corridors " + prism_graph() + " --corridors " + kMidlands + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("no link of the graph carries ref 'M42'"), std::string::npos) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    const auto rows = corridor_rows(*ds);
    EXPECT_EQ(rows.at("Birmingham-Nottingham via M42/M1/file").missing_refs, "M42;M1");
}

TEST(CliCorridors, NeitherCorridorsNorPlacesIsAConfigError) {
    const auto r = run_midlink("corridors " + prism_graph() + " -o " + scratch().file("none.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("--places"), std::string::npos) << r.output;
}

// Car against HGV on Rutland OSM: a street in Oakham with a weight limit (way 3700898,
// maxweight below 44 t) is the car's way and not the lorry's; the HGV's detour is longer
// and the restriction is named from the OSM tags.
TEST(CliCorridors, HgvRouteAvoidsAWeightLimitAndSaysSo) {
    const auto car = scratch().file("rut_car.mlg"), hgv = scratch().file("rut_hgv.mlg");
    const std::string pbf = geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf");
    ASSERT_EQ(run_midlink("graph build --network " + pbf + " -o " + car + " --quiet").exit_code, 0);
    ASSERT_EQ(run_midlink("graph build --network " + pbf + " --profile hgv -o " + hgv + " --quiet").exit_code, 0);
    const auto yaml = scratch().file("hgv.yaml");
    std::ofstream(yaml) << "corridors:\n  - name: Oakham street\n    waypoints:\n"
                           "      - {name: S, x: 485431, y: 308630}\n      - {name: N, x: 485443, y: 308895}\n"
                           "  - name: Oakham-Uppingham\n    mode: hgv\n    waypoints:\n"
                           "      - {name: Oakham, x: 486100, y: 308900}\n      - {name: Uppingham, x: 486600, y: 299800}\n";
    const auto out = scratch().file("hgv.gpkg");
    const auto r = run_midlink("corridors " + car + " --hgv-graph " + hgv + " --corridors " + yaml + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    int seen = 0;
    for (const auto& f : *ds->GetLayerByName("corridors")) {
        ++seen;
        EXPECT_STREQ(f->GetFieldAsString("hgv_status"), "ok");
        // The HGV is never faster than the car (lower limits, fewer roads).
        EXPECT_GE(f->GetFieldAsDouble("hgv_extra_min"), -1e-9) << f->GetFieldAsString("name");
        if (std::string(f->GetFieldAsString("name")) == "Oakham street") {
            EXPECT_GT(f->GetFieldAsDouble("hgv_extra_km"), 0.1);
            EXPECT_NE(std::string(f->GetFieldAsString("hgv_restrictions")).find("maxweight"), std::string::npos);
        }
    }
    EXPECT_EQ(seen, 2);
    bool found = false;
    for (const auto& f : *ds->GetLayerByName("hgv_restrictions")) {
        if (f->GetFieldAsInteger64("source_id") != 3700898) continue;
        found = true;
        EXPECT_STREQ(f->GetFieldAsString("restriction"), "maxweight");
        EXPECT_EQ(f->GetFieldAsInteger("excluded"), 1);
        EXPECT_GT(f->GetFieldAsDouble("length_m"), 200.0);
    }
    EXPECT_TRUE(found);
}
