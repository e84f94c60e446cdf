// `midlink gaps` end to end on a hand-made coverage layer (two releases) and a corridor
// line: the segments, the gap run where gigabit coverage falls below the threshold, the
// score ranking, and bad input (no such measure, no such release).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli_runner.hpp"
#include "midlink/io/layer_writer.hpp"

using namespace midlink;
using namespace midlink::test;

namespace {
// Areas A, B, C: 10 x 4 km each along y = 0. In 2021 B is the poorly served one.
std::string coverage_gpkg() {
    static const std::string path = [] {
        const auto p = scratch().file("coverage.gpkg");
        using io::FieldType;
        io::DatasetWriter w(p, "EPSG:27700");
        w.begin_layer({"coverage", io::GeometryKind::MultiPolygon,
                       {{"area_code", FieldType::String}, {"area_name", FieldType::String}, {"release", FieldType::String},
                        {"premises", FieldType::Real}, {"gigabit_premises", FieldType::Real},
                        {"gigabit_pct", FieldType::Real}, {"below_uso_pct", FieldType::Real}}});
        struct Row {
            const char* code;
            double x0;
            double gig21, gig19, uso;
        };
        for (const Row& r : {Row{"A", 0, 900, 500, 1}, Row{"B", 10000, 40, 20, 12}, Row{"C", 20000, 480, 100, 3}}) {
            const double premises = r.code[0] == 'A' ? 1000 : r.code[0] == 'B' ? 400 : 600;
            const LineString ring{{r.x0, -2000}, {r.x0 + 10000, -2000}, {r.x0 + 10000, 2000}, {r.x0, 2000}, {r.x0, -2000}};
            // WKB MultiPolygon by hand: one polygon, one ring.
            std::vector<std::uint8_t> wkb{1, 6, 0, 0, 0, 1, 0, 0, 0, 1, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0};
            for (const auto& pt : ring) {
                for (double d : {pt.x, pt.y}) {
                    std::uint8_t b[8];
                    std::memcpy(b, &d, 8);
                    wkb.insert(wkb.end(), b, b + 8);
                }
            }
            for (const auto& [release, gig] : {std::pair{"2019", r.gig19}, std::pair{"2021", r.gig21}}) {
                w.add_wkb(wkb, {std::string(r.code), std::string("Area ") + r.code, std::string(release), premises, gig,
                                100.0 * gig / premises, r.uso});
            }
        }
        w.commit();
        return p;
    }();
    return path;
}

std::string corridor_gpkg() {
    static const std::string path = [] {
        const auto p = scratch().file("line.gpkg");
        io::DatasetWriter w(p, "EPSG:27700");
        w.begin_layer({"corridors", io::GeometryKind::LineString, {{"name", io::FieldType::String}}});
        w.add(LineString{{0, 0}, {30000, 0}}, {std::string("West-East")});
        w.commit();
        return p;
    }();
    return path;
}
}  // namespace

TEST(CliGaps, SegmentsGapRunAndScores) {
    const auto out = scratch().file("gaps.gpkg");
    const auto r = run_midlink("gaps --corridors " + corridor_gpkg() + " --coverage " + coverage_gpkg() +
                               " --segment-km 1 --buffer-km 2 --threshold 50 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* segments = ds->GetLayerByName("segments");
    ASSERT_NE(segments, nullptr);
    EXPECT_EQ(segments->GetFeatureCount(), 30);
    double premises = 0;
    for (const auto& f : *segments) premises += f->GetFieldAsDouble("premises");
    EXPECT_NEAR(premises, 2000.0, 1e-6);  // the 2021 release (the latest) and all premises

    OGRLayer* gaps = ds->GetLayerByName("gaps");
    ASSERT_NE(gaps, nullptr);
    ASSERT_EQ(gaps->GetFeatureCount(), 1);
    for (const auto& f : *gaps) {
        EXPECT_NEAR(f->GetFieldAsDouble("from_km"), 10.0, 1e-9);
        EXPECT_NEAR(f->GetFieldAsDouble("length_km"), 10.0, 1e-9);
        EXPECT_NEAR(f->GetFieldAsDouble("share_pct"), 10.0, 1e-6);
        EXPECT_STREQ(f->GetFieldAsString("areas"), "B");
    }
    OGRLayer* scores = ds->GetLayerByName("gap_scores");
    ASSERT_NE(scores, nullptr);
    ASSERT_EQ(scores->GetFeatureCount(), 3);
    std::vector<std::string> order;
    for (const auto& f : *scores) {
        order.emplace_back(f->GetFieldAsString("area_code"));
        EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("transport_gap")));  // no --access given
        EXPECT_NEAR(f->GetFieldAsDouble("corridor_exposure"), 1.0, 1e-6);  // every area wholly in the catchment
    }
    EXPECT_EQ(order.front(), "B");  // least gigabit, most below USO
    ASSERT_NE(ds->GetLayerByName("gap_method"), nullptr);
}

TEST(CliGaps, OlderReleaseAndTransportGapFromAnAccessTable) {
    const auto access = scratch().file("access_lad.csv");
    std::ofstream(access) << "id,schools_nearest_min\nA,5\nB,25\nC,12\n";
    const auto out = scratch().file("gaps2019.gpkg");
    const auto r = run_midlink("gaps --corridors " + corridor_gpkg() + " --coverage " + coverage_gpkg() +
                               " --release 2019 --access " + access + " --access-field schools_nearest_min -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    // 2019: A has 50 % gigabit, so its segments are not in a gap, but C's 17 % are.
    int gap_runs = 0;
    for (const auto& f : *ds->GetLayerByName("gaps")) {
        ++gap_runs;
        EXPECT_NEAR(f->GetFieldAsDouble("from_km"), 10.0, 1e-9);
        EXPECT_NEAR(f->GetFieldAsDouble("to_km"), 30.0, 1e-9);
    }
    EXPECT_EQ(gap_runs, 1);
    std::map<std::string, double> transport;
    for (const auto& f : *ds->GetLayerByName("gap_scores")) {
        transport[f->GetFieldAsString("area_code")] = f->GetFieldAsDouble("transport_gap");
        EXPECT_STREQ(f->GetFieldAsString("release"), "2019");
    }
    EXPECT_DOUBLE_EQ(transport["A"], 0.0);  // percentile rank of the nearest-school time
    EXPECT_NEAR(transport["C"], 1.0 / 3, 1e-12);
    EXPECT_NEAR(transport["B"], 2.0 / 3, 1e-12);
}

TEST(CliGaps, BadInputNamesTheProblem) {
    auto r = run_midlink("gaps --corridors " + corridor_gpkg() + " --coverage " + coverage_gpkg() +
                         " --measure full_fibre -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("full_fibre_premises"), std::string::npos) << r.output;
    r = run_midlink("gaps --corridors " + corridor_gpkg() + " --coverage " + coverage_gpkg() + " --release 1999 -o " +
                    scratch().file("x.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("1999"), std::string::npos) << r.output;
    r = run_midlink("gaps --corridors /nonexistent.gpkg --coverage " + coverage_gpkg() + " -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_FALSE(std::filesystem::exists(scratch().file("x.gpkg")));
}

// Real data: Ofcom's May 2021 local-authority coverage for the 65 Midlands LADs and the
// Midlands corridors routed on the strategic road network. Every corridor is cut into
// segments; each gap run's share is below the threshold; and a corridor's segment premises
// add up to the premises of the LADs weighted by their share inside its catchment.
TEST(CliGaps, MidlandsCorridorsOnTheSrnAgainstOfcomCoverage) {
    const auto cov = scratch().file("ofcom2021.gpkg");
    ASSERT_EQ(run_midlink("coverage --areas " + geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson") +
                          " --area-id areacd --area-name areanm --coverage " +
                          geodata("ofcom-cn-laua-2016-2021/202105_fixed_laua_coverage_r01.csv") + " -o " + cov + " -q")
                  .exit_code,
              0);
    const auto srn = scratch().file("srn.mlg"), corr = scratch().file("srn_corridors.gpkg");
    ASSERT_EQ(run_midlink("graph build --network " + geodata("srn-network-graph/SRN_region_graph.csv") + " -o " + srn + " -q")
                  .exit_code,
              0);
    ASSERT_EQ(run_midlink("corridors " + srn + " --corridors " + std::string(MIDLINK_SOURCE_DIR) +
                          "/geodata/corridors/midlands.yaml --max-snap 12000 -q -o " + corr)
                  .exit_code,
              0);
    const auto out = scratch().file("gaps_real.gpkg");
    const auto r = run_midlink("gaps --corridors " + corr + " --coverage " + cov + " --threshold 40 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    GDALDatasetUniquePtr cds(GDALDataset::Open(cov.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds && cds);
    std::map<std::string, double> lad_premises;
    for (const auto& f : *cds->GetLayerByName("coverage")) lad_premises[f->GetFieldAsString("area_code")] = f->GetFieldAsDouble("premises");
    ASSERT_EQ(lad_premises.size(), 65u);
    std::map<std::string, double> seg_premises, weighted;
    for (const auto& f : *ds->GetLayerByName("segments")) seg_premises[f->GetFieldAsString("corridor")] += f->GetFieldAsDouble("premises");
    for (const auto& f : *ds->GetLayerByName("gap_scores")) {
        const double e = f->GetFieldAsDouble("corridor_exposure");
        EXPECT_GT(e, 0.0);
        EXPECT_LE(e, 1.0 + 1e-9);
        ASSERT_TRUE(lad_premises.count(f->GetFieldAsString("area_code")));
        weighted[f->GetFieldAsString("corridor")] += e * lad_premises[f->GetFieldAsString("area_code")];
    }
    EXPECT_EQ(seg_premises.size(), 7u);
    for (const auto& [corridor, p] : seg_premises) {
        EXPECT_GT(p, 10000.0) << corridor;  // a 2 km band through the Midlands holds many premises
        EXPECT_NEAR(p, weighted[corridor], 1e-6 * p) << corridor;
    }
    int runs = 0;
    for (const auto& f : *ds->GetLayerByName("gaps")) {
        ++runs;
        EXPECT_LT(f->GetFieldAsDouble("share_pct"), 40.0);
    }
    EXPECT_GT(runs, 0);
}

// Premises points, when given, are counted in each catchment piece directly: every premises
// inside the corridor buffer counts once, those outside or with an unknown speed do not.
TEST(CliGaps, PremisesPointsAreCountedDirectly) {
    const auto premises = scratch().file("gaps_input_premises.csv");  // not CliFibreCost's premises.csv
    {
        std::ofstream f(premises);
        f << "id,x,y,down\n";
        for (int i = 0; i < 10; ++i) f << "a" << i << "," << 500 + 1000 * i << ",100,1000\n";    // A: gigabit
        for (int i = 0; i < 10; ++i) f << "b" << i << "," << 10500 + 1000 * i << ",-100,20\n";  // B: 20 Mbit/s
        for (int i = 0; i < 10; ++i) f << "c" << i << "," << 20500 + 1000 * i << ",0,500\n";    // C: not gigabit
        f << "far,15000,5000,1000\n";   // outside the 2 km buffer
        f << "unknown,5000,0,\n";       // no speed: in neither count
    }
    const auto out = scratch().file("gaps_premises.gpkg");
    const auto r = run_midlink("gaps --corridors " + corridor_gpkg() + " --coverage " + coverage_gpkg() + " --premises " +
                               premises + " --premises-down down -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    double premises_total = 0, covered_total = 0;
    for (const auto& f : *ds->GetLayerByName("segments")) {
        premises_total += f->GetFieldAsDouble("premises");
        covered_total += f->GetFieldAsDouble("covered");
    }
    EXPECT_DOUBLE_EQ(premises_total, 30.0);
    EXPECT_DOUBLE_EQ(covered_total, 10.0);
    int runs = 0;
    for (const auto& f : *ds->GetLayerByName("gaps")) {
        ++runs;
        EXPECT_NEAR(f->GetFieldAsDouble("from_km"), 10.0, 1e-9);
        EXPECT_NEAR(f->GetFieldAsDouble("to_km"), 30.0, 1e-9);
        EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("share_pct"), 0.0);
    }
    EXPECT_EQ(runs, 1);
}
