// `midlink corridors` on the PRISM Birmingham network with the Midlands corridor file:
// sensible times and circuity, alternatives in cost order, critical links ranked, and a
// corridor file with an unknown key refused.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

const ScratchDir& scratch() {
    static ScratchDir dir;
    return dir;
}

std::string prism_graph() {
    static const std::string path = [] {
        const auto p = scratch().file("corr_prism.mlg");
        const auto r = run_midlink(
            "graph build --network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp") +
            " --profile " + MIDLINK_PROFILES_DIR + "/car-no-connectors.yaml -o " + p + " --quiet");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return p;
    }();
    return path;
}

const std::string kMidlands = std::string(MIDLINK_SOURCE_DIR) + "/geodata/corridors/midlands.yaml";

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
    EXPECT_EQ(corridors->GetFeatureCount(), 4);
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
    EXPECT_EQ(yen.size(), 4u);
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
