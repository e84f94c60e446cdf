// Feature readers on the real inputs of the accessibility work: GIAS schools, NHS hospitals,
// Midlands LSOA21 polygons (a directory of GeoJSON), the 65 Midlands LADs and Census 2021
// population. Expected counts come from the files (see geodata PROVENANCE.md).
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "midlink/io/feature_readers.hpp"

namespace midlink::io {
namespace {

std::string geodata(const std::string& rel) { return std::string(MIDLINK_GEODATA) + "/" + rel; }

const std::string kLsoaDir = "drkane-geo-lookups/lsoa21";
const std::string kLads = "ons-uk-topojson/derived-ltla-2024-midlands.geojson";
const std::string kCensus = "hack25usefuldata/derived-census21_pop_lsoa21.csv";

/// The Midlands in BNG metres, generously: E 300-560 km, N 190-420 km.
bool in_midlands(const Point& p) {
    return p.x > 300e3 && p.x < 560e3 && p.y > 190e3 && p.y < 420e3;
}

/// Great Britain in BNG metres (schools include Cornwall, Northumberland and Wales).
bool in_great_britain(const Point& p) { return p.x > 0 && p.x < 700e3 && p.y > 0 && p.y < 1300e3; }

const std::vector<AreaFeature>& lsoas() {
    static const std::vector<AreaFeature> areas = [] {
        Diagnostics diag;
        AreaLayerOptions opt;
        opt.path = geodata(kLsoaDir);
        opt.id_field = "LSOA21CD";
        opt.keep_fields = {"LADCD_ACTIVE", "RGNCD"};
        return read_areas(opt, diag);
    }();
    return areas;
}

const std::vector<AreaFeature>& lads() {
    static const std::vector<AreaFeature> areas = [] {
        Diagnostics diag;
        AreaLayerOptions opt;
        opt.path = geodata(kLads);
        opt.id_field = "areacd";
        opt.keep_fields = {"areanm", "rgncd"};
        return read_areas(opt, diag);
    }();
    return areas;
}

TEST(FeatureReadersRealData, GiasSchoolsUseEastingNorthing) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv");
    opt.id_field = "urn";
    opt.category_field = "education_phase";
    const auto schools = read_points(opt, diag);
    // 27,153 rows: 531 without coordinates, 88 offshore establishments at the (0, 0) placeholder.
    EXPECT_EQ(schools.size(), 27153u - 531u - 88u);
    EXPECT_EQ(diag.count("missing_coordinates"), 531u + 88u);
    EXPECT_EQ(diag.count("assumed_crs"), 0u);
    // The Aldgate School (URN 100000) is at E 533498, N 181201 exactly: no lon/lat round trip.
    ASSERT_FALSE(schools.empty());
    EXPECT_EQ(schools.front().id, "100000");
    EXPECT_EQ(schools.front().xy, (Point{533498, 181201}));
    std::size_t outside = 0;
    for (const auto& s : schools) outside += in_great_britain(s.xy) ? 0 : 1;
    EXPECT_EQ(outside, 0u);
}

TEST(FeatureReadersRealData, GiasSchoolsPupilWeightsSkipRowsWithoutANumber) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv");
    opt.id_field = "urn";
    opt.weight_field = "number_of_pupils";
    const auto schools = read_points(opt, diag);
    EXPECT_GT(diag.count("bad_weight"), 0u);
    EXPECT_EQ(schools.size() + diag.count("bad_weight"), 27153u - 531u - 88u);
}

TEST(FeatureReadersRealData, HospitalsCsvLatitudeLongitude) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = geodata("nhs-choices-hospitals-2018/derived-hospitals_20180130.csv");
    opt.id_field = "OrganisationCode";
    opt.category_field = "Sector";
    const auto hospitals = read_points(opt, diag);
    EXPECT_EQ(hospitals.size(), 1233u);  // 1,234 rows, Noble's Hospital has no coordinates
    EXPECT_EQ(diag.count("missing_coordinates"), 1u);
    // Milford Specialist Rehabilitation Hospital, Godalming: lon -0.62539, lat 51.16790,
    // which gdaltransform (EPSG:4326 -> 27700) puts at E 496205.0, N 141859.2.
    ASSERT_FALSE(hospitals.empty());
    EXPECT_EQ(hospitals.front().id, "NDA26");
    EXPECT_EQ(hospitals.front().category, "Independent Sector");
    EXPECT_NEAR(hospitals.front().xy.x, 496205.0, 1.0);
    EXPECT_NEAR(hospitals.front().xy.y, 141859.2, 1.0);
    for (const auto& h : hospitals) ASSERT_TRUE(in_great_britain(h.xy)) << h.id;
}

TEST(FeatureReadersRealData, HospitalsGeoJson2014) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = geodata("nhs-choices-2014/Hospital.geojson");
    opt.id_field = "OrganisationCode";
    const auto hospitals = read_points(opt, diag);
    EXPECT_EQ(hospitals.size(), 2917u);
    for (const auto& h : hospitals) ASSERT_TRUE(in_great_britain(h.xy)) << h.id;
}

TEST(FeatureReadersRealData, Lsoa21DirectoryHas6421AreasInsideTheMidlands) {
    const auto& areas = lsoas();
    ASSERT_EQ(areas.size(), 6421u);
    std::size_t outside = 0;
    std::size_t not_on_surface = 0;
    for (const auto& a : areas) {
        outside += in_midlands(a.representative) ? 0 : 1;
        OGRGeometry* g = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkb(a.wkb.data(), nullptr, &g, a.wkb.size()),
                  OGRERR_NONE);
        const OGRPoint p(a.representative.x, a.representative.y);
        not_on_surface += g->Intersects(&p) ? 0 : 1;
        OGRGeometryFactory::destroyGeometry(g);
    }
    EXPECT_EQ(outside, 0u);
    EXPECT_EQ(not_on_surface, 0u);
    EXPECT_EQ(areas.front().id.substr(0, 3), "E01");
    ASSERT_NE(areas.front().attribute("LADCD_ACTIVE"), nullptr);
}

TEST(FeatureReadersRealData, MidlandsLads) {
    const auto& areas = lads();
    ASSERT_EQ(areas.size(), 65u);
    std::map<std::string, int> regions;
    for (const auto& a : areas) {
        EXPECT_TRUE(in_midlands(a.representative)) << a.id;
        ++regions[*a.attribute("rgncd")];
    }
    EXPECT_EQ(regions.size(), 2u);  // East and West Midlands
}

TEST(FeatureReadersRealData, CensusPopulationSumsAgeBands) {
    Diagnostics diag;
    const auto population =
        read_value_table({geodata(kCensus), "lsoa21_code", "usual_residents"}, diag);
    EXPECT_EQ(population.size(), 35672u);
    EXPECT_EQ(diag.count("summed_duplicate_keys"), 1u);
    EXPECT_EQ(diag.total(), 1u);

    std::vector<std::string> codes;
    double rutland = 0.0;
    for (const auto& a : lsoas()) {
        codes.push_back(a.id);
        if (*a.attribute("LADCD_ACTIVE") == "E06000017") rutland += population.at(a.id);
    }
    EXPECT_EQ(rutland, 41043.0);  // Census 2021 usual residents of Rutland
    const ValueMatch m = match_codes(codes, population);
    EXPECT_EQ(m.matched, 6421u);
    EXPECT_TRUE(m.unmatched_wanted.empty());
    EXPECT_EQ(m.unmatched_table.size(), 35672u - 6421u);  // the rest of England and Wales
    double total = 0.0;
    for (double v : m.values) total += v;
    EXPECT_EQ(total, 10830797.0);  // matches derived-census21_pop_midlands_lad.csv
}

TEST(FeatureReadersRealData, AreaIndexPlacesLsoasInTheirLad) {
    const auto& lad_areas = lads();
    const AreaIndex index(lad_areas);
    std::size_t matched = 0;
    std::size_t unplaced = 0;
    for (const auto& lsoa : lsoas()) {
        const std::int64_t i = index.locate(lsoa.representative);
        if (i < 0) {
            ++unplaced;
            continue;
        }
        if (lad_areas[static_cast<std::size_t>(i)].id == *lsoa.attribute("LADCD_ACTIVE")) ++matched;
    }
    const double rate = static_cast<double>(matched) / static_cast<double>(lsoas().size());
    RecordProperty("lad_match_rate", std::to_string(rate));
    RecordProperty("unplaced", std::to_string(unplaced));
    EXPECT_GE(rate, 0.99) << matched << " of " << lsoas().size() << " matched, " << unplaced
                          << " unplaced";
}

TEST(FeatureReadersRealData, AreaIndexAgreesWithBruteForceScan) {
    // Oracle: GDAL Intersects against every LAD in order, the first hit wins.
    const auto& lad_areas = lads();
    std::vector<std::unique_ptr<OGRGeometry>> polygons;
    for (const auto& a : lad_areas) {
        OGRGeometry* g = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkb(a.wkb.data(), nullptr, &g, a.wkb.size()),
                  OGRERR_NONE);
        polygons.emplace_back(g);
    }
    const AreaIndex index(lad_areas);
    const auto& areas = lsoas();
    for (std::size_t k = 0; k < areas.size(); k += 11) {
        const Point p = areas[k].representative;
        const OGRPoint point(p.x, p.y);
        std::int64_t expected = -1;
        for (std::size_t i = 0; i < polygons.size() && expected < 0; ++i) {
            if (polygons[i]->Intersects(&point)) expected = static_cast<std::int64_t>(i);
        }
        ASSERT_EQ(index.locate(p), expected) << areas[k].id;
    }
}

}  // namespace
}  // namespace midlink::io
