// `midlink isochrone` on the Rutland OSM extract: layers, CRS, growing bands, holes kept.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <map>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

struct BandRow {
    std::string origin;
    double band_min = 0, area_km2 = 0, reachable_km = 0, geom_area_m2 = 0;
    std::string status;
};

std::vector<BandRow> read_bands(const std::string& gpkg) {
    GDALAllRegister();
    std::vector<BandRow> rows;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!ds) return rows;
    OGRLayer* layer = ds->GetLayerByName("bands");
    if (!layer) return rows;
    for (const auto& f : *layer) {
        BandRow r{f->GetFieldAsString("origin_id"), f->GetFieldAsDouble("band_min"), f->GetFieldAsDouble("area_km2"),
                  f->GetFieldAsDouble("reachable_km"), 0.0, f->GetFieldAsString("status")};
        if (const OGRGeometry* g = f->GetGeometryRef()) r.geom_area_m2 = g->toMultiPolygon()->get_Area();
        rows.push_back(r);
    }
    return rows;
}

}  // namespace

TEST(CliIsochrone, RutlandFromOakhamWritesGrowingBandsInBritishNationalGrid) {
    const auto out = scratch().file("oakham_iso.gpkg");
    const auto r = run_midlink("isochrone " + rutland_graph() + " --from 485980,308700 --bands 5,10,15 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;

    const auto info = run_midlink("info " + out + " --format json");
    ASSERT_EQ(info.exit_code, 0) << info.output;
    EXPECT_NE(info.output.find("\"name\":\"edges\""), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("\"name\":\"bands\""), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("EPSG:27700"), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("MultiPolygon"), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("\"invalid_geometries\":0"), std::string::npos) << info.output;

    const auto bands = read_bands(out);
    ASSERT_EQ(bands.size(), 3u);
    for (std::size_t i = 0; i < bands.size(); ++i) {
        EXPECT_EQ(bands[i].origin, "1");
        EXPECT_EQ(bands[i].status, "ok");
        EXPECT_NEAR(bands[i].area_km2 * 1e6, bands[i].geom_area_m2, 1.0);
        EXPECT_GT(bands[i].area_km2, 1.0);  // a market town has more than 1 km2 within 5 min
        if (i > 0) {
            EXPECT_GT(bands[i].area_km2, bands[i - 1].area_km2);
            EXPECT_GT(bands[i].reachable_km, bands[i - 1].reachable_km);
        }
    }
    // Buffered road, not a hull: far less than a 15-minute disc at 50 km/h (≈ 490 km2).
    EXPECT_LT(bands[2].area_km2, 200.0);
}

TEST(CliIsochrone, PointsFileGivesOneSetPerOriginWhateverTheThreadCount) {
    const auto pts = scratch().file("iso_points.csv");
    std::ofstream(pts) << "id,x,y\noakham,485980,308700\nnowhere,400000,200000\nuppingham,486600,299900\n";
    const auto one = scratch().file("iso_t1.gpkg"), two = scratch().file("iso_t2.gpkg");
    const auto r1 = run_midlink("isochrone " + rutland_graph() + " --points " + pts + " --bands 5,10 -o " + one +
                                " --threads 1 --quiet");
    const auto r2 = run_midlink("isochrone " + rutland_graph() + " --points " + pts + " --bands 5,10 -o " + two +
                                " --threads 2 --quiet");
    ASSERT_EQ(r1.exit_code, 0) << r1.output;
    ASSERT_EQ(r2.exit_code, 0) << r2.output;
    const auto a = read_bands(one), b = read_bands(two);
    ASSERT_EQ(a.size(), 6u);
    ASSERT_EQ(b.size(), 6u);
    const std::vector<std::string> order{"oakham", "oakham", "nowhere", "nowhere", "uppingham", "uppingham"};
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].origin, order[i]);
        EXPECT_EQ(b[i].origin, order[i]);
        EXPECT_EQ(a[i].area_km2, b[i].area_km2);
        EXPECT_EQ(a[i].reachable_km, b[i].reachable_km);
    }
    EXPECT_EQ(a[2].status, "unsnapped");
    EXPECT_EQ(a[2].area_km2, 0.0);
}

TEST(CliIsochrone, BadBandsAreAConfigurationError) {
    const auto out = scratch().file("bad_iso.gpkg");
    EXPECT_EQ(run_midlink("isochrone " + rutland_graph() + " --from 485980,308700 --bands 10,5 -o " + out).exit_code, 2);
    EXPECT_EQ(run_midlink("isochrone " + rutland_graph() + " --bands 5 -o " + out).exit_code, 2);
    EXPECT_EQ(run_midlink("isochrone " + rutland_graph() + " --points /nonexistent.csv -o " + out).exit_code, 3);
}
