// Points, areas, value tables, AreaIndex and polygon output on hand-written fixtures in
// tests/data/features (coordinates in BNG metres unless the file says lon/lat).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "midlink/core/error.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;

std::string data(const std::string& name) {
    return std::string(MIDLINK_TEST_DATA) + "/features/" + name;
}

bool has_diagnostic(const Diagnostics& d, const std::string& code, const std::string& where_part) {
    for (const auto& item : d.items()) {
        if (item.code == code && item.where.find(where_part) != std::string::npos) return true;
    }
    return false;
}

/// WKB of a WKT polygon, for areas drawn inline.
std::vector<std::uint8_t> wkb_of(const char* wkt) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(g->WkbSize()));
    g->exportToWkb(wkbNDR, out.data(), wkbVariantIso);
    OGRGeometryFactory::destroyGeometry(g);
    return out;
}

AreaFeature area_of(const std::string& id, const char* wkt) {
    AreaFeature a;
    a.id = id;
    a.wkb = wkb_of(wkt);
    return a;
}

/// Whether `p` lies inside the area's WKB polygon (GDAL, independent of the code under test).
bool contains(const AreaFeature& area, const Point& p) {
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkb(area.wkb.data(), nullptr, &g, area.wkb.size());
    OGRPoint point(p.x, p.y);
    const bool inside = g->Contains(&point);
    OGRGeometryFactory::destroyGeometry(g);
    return inside;
}

// --- points -------------------------------------------------------------------------

TEST(FeatureReadersPoints, CsvPrefersEastingNorthingAndSkipsMissingAndPlaceholder) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("schools_bng.csv");
    opt.id_field = "urn";
    opt.category_field = "phase";
    const auto points = read_points(opt, diag);
    ASSERT_EQ(points.size(), 3u);  // rows 1, 2, 5; row 3 is (0, 0), row 4 empty
    EXPECT_EQ(points[0].id, "1");
    EXPECT_EQ(points[0].xy, (Point{485900, 308800}));  // BNG taken as is, no lon/lat round trip
    EXPECT_EQ(points[0].category, "Primary");
    EXPECT_EQ(points[0].weight, 1.0);
    EXPECT_EQ(points[0].row, 1);
    EXPECT_EQ(diag.count("missing_coordinates"), 2u);
    EXPECT_TRUE(has_diagnostic(diag, "missing_coordinates", "schools_bng.csv, row 3"));
    EXPECT_TRUE(has_diagnostic(diag, "missing_coordinates", "schools_bng.csv, row 4"));
}

// access --dest-id defaults to a field named id: a default id field is used when the
// source has it (any case), the row number when it has not, and an explicit id field wins.
TEST(FeatureReadersPoints, DefaultIdFieldWhenPresent) {
    const auto path = (std::filesystem::temp_directory_path() /
                       ("midlink_default_id_" + std::to_string(::getpid()) + ".csv")).string();
    std::ofstream(path) << "ID,name,easting,northing\nA7,first,485900,308800\nB9,second,486600,299700\n";
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = path;
    EXPECT_EQ(read_points(opt, diag)[1].id, "2");  // no id field asked for: the row number
    opt.default_id_field = "id";
    EXPECT_EQ(read_points(opt, diag)[1].id, "B9");
    opt.default_id_field = "code";  // absent: the row number, without complaint
    EXPECT_EQ(read_points(opt, diag)[1].id, "2");
    opt.default_id_field = "id";
    opt.id_field = "name";  // an explicit id field wins
    EXPECT_EQ(read_points(opt, diag)[1].id, "second");
    EXPECT_TRUE(diag.empty());
    std::filesystem::remove(path);
}

TEST(FeatureReadersPoints, NonNumericWeightSkipsTheRow) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("schools_bng.csv");
    opt.id_field = "urn";
    opt.weight_field = "pupils";
    const auto points = read_points(opt, diag);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[1].weight, 800.0);
    EXPECT_EQ(diag.count("bad_weight"), 1u);
    EXPECT_TRUE(has_diagnostic(diag, "bad_weight", "row 5"));
}

TEST(FeatureReadersPoints, CsvLatitudeLongitudeColumnsAreTransformedToBng) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("hospitals_latlon.csv");  // Latitude before Longitude, capitalised
    opt.id_field = "Code";
    const auto points = read_points(opt, diag);
    ASSERT_EQ(points.size(), 1u);
    EXPECT_EQ(points[0].id, "H1");
    // Oakham, Rutland: about E 485,700, N 308,600.
    EXPECT_NEAR(points[0].xy.x, 485700, 1500);
    EXPECT_NEAR(points[0].xy.y, 308600, 1500);
    EXPECT_EQ(diag.count("missing_coordinates"), 2u);  // empty and "fifty-two"
}

TEST(FeatureReadersPoints, CsvXyIsAssumedBngUnlessTold) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("grid_xy.csv");
    opt.id_field = "id";
    auto points = read_points(opt, diag);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[1].xy, (Point{500100, 300050}));
    EXPECT_EQ(diag.count("assumed_crs"), 1u);

    Diagnostics diag2;
    opt.assume_crs = "EPSG:27700";
    points = read_points(opt, diag2);
    EXPECT_EQ(diag2.count("assumed_crs"), 0u);
}

TEST(FeatureReadersPoints, ExplicitCoordinateFieldsWin) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("schools_bng.csv");
    opt.x_field = "longitude";
    opt.y_field = "latitude";
    const auto points = read_points(opt, diag);
    ASSERT_EQ(points.size(), 4u);  // lon/lat of the offshore school is not (0, 0)
    EXPECT_NEAR(points[0].xy.x, 485900, 1500);
    EXPECT_EQ(points[0].id, "1");  // no id field: the data row
}

TEST(FeatureReadersPoints, UnknownFieldIsAConfigErrorListingFields) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("schools_bng.csv");
    opt.weight_field = "capacity";
    try {
        read_points(opt, diag);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("capacity"), std::string::npos) << msg;
        EXPECT_NE(msg.find("schools_bng.csv"), std::string::npos) << msg;
        EXPECT_NE(msg.find("pupils"), std::string::npos) << msg;
    }
}

TEST(FeatureReadersPoints, CsvWithoutCoordinateColumnsIsAnInputErrorListingColumns) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("no_coordinates.csv");
    try {
        read_points(opt, diag);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("postcode"), std::string::npos) << e.what();
    }
}

TEST(FeatureReadersPoints, EveryRowWithoutCoordinatesIsAnInputError) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("all_missing.csv");
    EXPECT_THROW(read_points(opt, diag), InputError);
    EXPECT_EQ(diag.count("missing_coordinates"), 3u);
}

TEST(FeatureReadersPoints, GeoJsonLayerTakesFirstPointOfMultiPointAndSkipsNullGeometry) {
    Diagnostics diag;
    PointLayerOptions opt;
    opt.path = data("points_lonlat.geojson");
    opt.id_field = "code";
    opt.category_field = "kind";
    const auto points = read_points(opt, diag);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[1].id, "P2");
    EXPECT_NEAR(points[1].xy.y, 299700, 1500);  // the first point: Uppingham
    EXPECT_EQ(diag.count("multipoint_first_point"), 1u);
    EXPECT_EQ(diag.count("missing_coordinates"), 1u);
    EXPECT_TRUE(has_diagnostic(diag, "missing_coordinates", "points_lonlat.geojson, layer"));
}

// --- areas --------------------------------------------------------------------------

TEST(FeatureReadersAreas, PointOnSurfaceDuplicatesBowTieAndKeptFields) {
    Diagnostics diag;
    AreaLayerOptions opt;
    opt.path = data("areas_bng.geojson");
    opt.id_field = "code";
    opt.keep_fields = {"lad"};
    const auto areas = read_areas(opt, diag);
    ASSERT_EQ(areas.size(), 4u);  // U1, S1 (first), B1, M1
    EXPECT_EQ(areas[0].id, "U1");
    EXPECT_EQ(areas[1].id, "S1");
    EXPECT_EQ(areas[2].id, "B1");
    EXPECT_EQ(areas[3].id, "M1");

    // The U's centroid (150, 135.7) lies in the notch; the representative must not.
    const AreaFeature& u = areas[0];
    EXPECT_EQ(u.representative_kind, RepresentativePoint::PointOnSurface);
    EXPECT_TRUE(contains(u, u.representative)) << u.representative.x << " " << u.representative.y;
    EXPECT_FALSE(contains(u, Point{150, 135.7}));
    EXPECT_EQ(u.bbox.min_x, 0);
    EXPECT_EQ(u.bbox.max_y, 300);
    ASSERT_NE(u.attribute("lad"), nullptr);
    EXPECT_EQ(*u.attribute("lad"), "L1");
    for (const auto& a : areas) EXPECT_TRUE(contains(a, a.representative)) << a.id;

    // Duplicate: the first S1 (south square) is kept, both rows named.
    EXPECT_EQ(diag.count("duplicate_area_code"), 1u);
    EXPECT_EQ(areas[1].bbox.min_y, 0);
    for (const auto& item : diag.items()) {
        if (item.code == "duplicate_area_code") {
            EXPECT_NE(item.where.find("feature 2"), std::string::npos) << item.where;
            EXPECT_NE(item.message.find("feature 1"), std::string::npos) << item.message;
        }
    }
    // Bow tie: repaired into its two triangles, area 2 x 2,500.
    EXPECT_EQ(diag.count("invalid_geometry_repaired"), 1u);
    EXPECT_TRUE(has_diagnostic(diag, "invalid_geometry_repaired", "feature 3"));
    OGRGeometry* bow = nullptr;
    OGRGeometryFactory::createFromWkb(areas[2].wkb.data(), nullptr, &bow, areas[2].wkb.size());
    ASSERT_NE(bow, nullptr);
    EXPECT_EQ(wkbFlatten(bow->getGeometryType()), wkbMultiPolygon);
    EXPECT_TRUE(bow->IsValid());
    EXPECT_NEAR(bow->toMultiPolygon()->get_Area(), 5000.0, 1e-6);
    OGRGeometryFactory::destroyGeometry(bow);
    EXPECT_EQ(diag.count("missing_area_code"), 1u);
}

TEST(FeatureReadersAreas, EveryAreaIsStoredAsIsoMultiPolygonWkb) {
    Diagnostics diag;
    AreaLayerOptions opt;
    opt.path = data("areas_bng.geojson");
    opt.id_field = "code";
    for (const auto& a : read_areas(opt, diag)) {
        ASSERT_GE(a.wkb.size(), 5u);
        EXPECT_EQ(a.wkb[0], 1);  // little-endian
        EXPECT_EQ(a.wkb[1], 6);  // ISO type 6 = MultiPolygon, 2D
        EXPECT_EQ(a.wkb[2] | a.wkb[3] | a.wkb[4], 0);
    }
}

TEST(FeatureReadersAreas, DirectoryOfFilesIsReadInNameOrder) {
    Diagnostics diag;
    AreaLayerOptions opt;
    opt.path = data("areas_dir");
    opt.id_field = "code";
    const auto areas = read_areas(opt, diag);
    ASSERT_EQ(areas.size(), 3u);
    EXPECT_EQ(areas[0].id, "W1");  // a_west.geojson before b_east.geojson
    EXPECT_EQ(areas[1].id, "W2");
    EXPECT_EQ(areas[2].id, "E1");
    EXPECT_TRUE(diag.empty());
}

TEST(FeatureReadersAreas, MissingIdOrKeepFieldIsAConfigErrorListingFields) {
    Diagnostics diag;
    AreaLayerOptions opt;
    opt.path = data("areas_bng.geojson");
    opt.id_field = "LSOA21CD";
    try {
        read_areas(opt, diag);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("LSOA21CD"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("code, name, lad"), std::string::npos) << e.what();
    }
    opt.id_field = "code";
    opt.keep_fields = {"lad", "rgn"};
    EXPECT_THROW(read_areas(opt, diag), ConfigError);
}

TEST(FeatureReadersAreas, SuppliedPointsReplaceRepresentativesAndUnmatchedAreReported) {
    Diagnostics diag;
    AreaLayerOptions opt;
    opt.path = data("areas_dir");
    opt.id_field = "code";
    auto areas = read_areas(opt, diag);
    const Point w1_before = areas[0].representative;
    std::vector<PointFeature> points(2);
    points[0].id = "E1";
    points[0].xy = {150, 20};
    points[1].id = "X9";
    points[1].xy = {999, 999};
    apply_supplied_points(areas, points, diag);
    EXPECT_EQ(areas[2].representative, (Point{150, 20}));
    EXPECT_EQ(areas[2].representative_kind, RepresentativePoint::Supplied);
    EXPECT_EQ(areas[0].representative, w1_before);
    EXPECT_EQ(areas[0].representative_kind, RepresentativePoint::PointOnSurface);
    EXPECT_EQ(diag.count("area_without_supplied_point"), 2u);  // W1, W2
    EXPECT_EQ(diag.count("unmatched_origin_point"), 1u);       // X9
}

// --- value tables -------------------------------------------------------------------

TEST(FeatureReadersValueTable, DuplicateKeysAreSummedWithOneInfo) {
    Diagnostics diag;
    const auto table = read_value_table({data("population_bands.csv"), "code", "residents"}, diag);
    ASSERT_EQ(table.size(), 3u);
    EXPECT_EQ(table.at("A01"), 400.0);
    EXPECT_EQ(table.at("A02"), 40.0);  // the "x" row is diagnosed, not counted
    EXPECT_EQ(table.at("A03"), 7.0);
    EXPECT_EQ(diag.count("summed_duplicate_keys"), 1u);
    EXPECT_EQ(diag.count("bad_value"), 1u);
    EXPECT_TRUE(has_diagnostic(diag, "bad_value", "row 5"));
    EXPECT_EQ(diag.count("missing_key"), 1u);
}

TEST(FeatureReadersValueTable, WithoutSummingTheFirstRowWins) {
    Diagnostics diag;
    ValueTableOptions opt{data("population_bands.csv"), "code", "residents", false};
    const auto table = read_value_table(opt, diag);
    EXPECT_EQ(table.at("A01"), 100.0);
    EXPECT_EQ(diag.count("duplicate_key"), 2u);
    EXPECT_EQ(diag.count("summed_duplicate_keys"), 0u);
}

TEST(FeatureReadersValueTable, MissingColumnIsAConfigErrorListingColumns) {
    Diagnostics diag;
    try {
        read_value_table({data("population_bands.csv"), "lsoa21_code", "residents"}, diag);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("code, name, band, residents"), std::string::npos)
            << e.what();
    }
}

TEST(FeatureReadersValueTable, MatchCodesReportsBothSides) {
    const std::unordered_map<std::string, double> table{{"A01", 400}, {"A03", 7}, {"A04", 1}};
    const ValueMatch m = match_codes({"A01", "A02", "A03"}, table);
    ASSERT_EQ(m.values.size(), 3u);
    EXPECT_EQ(m.values[0], 400.0);
    EXPECT_TRUE(std::isnan(m.values[1]));
    EXPECT_EQ(m.values[2], 7.0);
    EXPECT_EQ(m.matched, 2u);
    EXPECT_EQ(m.unmatched_wanted, std::vector<std::string>{"A02"});
    EXPECT_EQ(m.unmatched_table, std::vector<std::string>{"A04"});
}

// --- AreaIndex ----------------------------------------------------------------------

TEST(AreaIndex, PointOnSharedBoundaryIsCountedOnceBySmallestIndex) {
    //  A: 0..100   B: 100..200, sharing the edge x = 100
    const std::vector<AreaFeature> areas{
        area_of("A", "POLYGON((0 0,100 0,100 100,0 100,0 0))"),
        area_of("B", "POLYGON((100 0,200 0,200 100,100 100,100 0))")};
    const AreaIndex index(areas);
    EXPECT_EQ(index.size(), 2u);
    EXPECT_EQ(index.locate({50, 50}), 0);
    EXPECT_EQ(index.locate({150, 50}), 1);
    EXPECT_EQ(index.locate({100, 50}), 0);   // shared edge
    EXPECT_EQ(index.locate({100, 100}), 0);  // shared vertex
    EXPECT_EQ(index.locate({200, 50}), 1);   // outer edge still covered
    EXPECT_EQ(index.locate({250, 50}), -1);
    EXPECT_EQ(index.locate({std::nan(""), 0}), -1);

    // The rule is the index, not the geometry: reversed order, the other area wins.
    const AreaIndex reversed(std::vector<AreaFeature>{areas[1], areas[0]});
    EXPECT_EQ(reversed.locate({100, 50}), 0);
    EXPECT_EQ(reversed.locate({50, 50}), 1);
}

TEST(AreaIndex, HolesAndNotchesAreOutside) {
    const std::vector<AreaFeature> areas{
        area_of("U", "POLYGON((0 0,300 0,300 300,200 300,200 100,100 100,100 300,0 300,0 0))"),
        area_of("H",
                "POLYGON((400 0,700 0,700 300,400 300,400 0),(500 100,600 100,600 200,500 200,500 "
                "100))")};
    const AreaIndex index(areas);
    EXPECT_EQ(index.locate({150, 200}), -1);  // in the U's notch, inside its bbox
    EXPECT_EQ(index.locate({50, 200}), 0);
    EXPECT_EQ(index.locate({550, 150}), -1);  // in the hole
    EXPECT_EQ(index.locate({450, 150}), 1);
}

// --- polygon output -----------------------------------------------------------------

TEST(LayerWriterPolygons, AddWkbRoundTripsThroughGeoPackageWithBng) {
    Diagnostics diag;
    AreaLayerOptions opt;
    opt.path = data("areas_bng.geojson");
    opt.id_field = "code";
    const auto areas = read_areas(opt, diag);

    const fs::path out =
        fs::temp_directory_path() / ("midlink_areas_" + std::to_string(::getpid()) + ".gpkg");
    fs::remove(out);
    {
        DatasetWriter w(out.string(), "EPSG:27700");
        w.begin_layer({"areas", GeometryKind::MultiPolygon, {{"code", FieldType::String}}});
        for (const auto& a : areas) w.add_wkb(a.wkb, {a.id});
        // A plain Polygon is promoted so the layer keeps one type.
        w.add_wkb(wkb_of("POLYGON((0 0,1 0,1 1,0 0))"), {std::string("T1")});
        EXPECT_THROW(w.add_wkb(wkb_of("POINT(1 1)"), {std::string("P")}), OutputError);
        EXPECT_THROW(w.add_wkb({1, 2, 3}, {std::string("bad")}), OutputError);
        w.commit();
    }
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.string().c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("areas");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbMultiPolygon);
    ASSERT_NE(layer->GetSpatialRef(), nullptr);
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "27700");
    EXPECT_EQ(layer->GetFeatureCount(), static_cast<GIntBig>(areas.size() + 1));
    for (auto& f : *layer) {
        const OGRGeometry* g = f->GetGeometryRef();
        ASSERT_NE(g, nullptr);
        EXPECT_EQ(wkbFlatten(g->getGeometryType()), wkbMultiPolygon);
        if (std::string(f->GetFieldAsString("code")) == "U1") {
            EXPECT_NEAR(g->toMultiPolygon()->get_Area(), 70000.0, 1e-6);
        }
    }
    ds.reset();
    fs::remove(out);
}

}  // namespace
}  // namespace midlink::io
