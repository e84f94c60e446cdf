// describe_dataset / to_text / to_json on tiny fixtures in tests/data/ogr.
#include <gtest/gtest.h>

#include <string>

#include "midlink/core/error.hpp"
#include "midlink/io/dataset_info.hpp"

namespace midlink::io {
namespace {

std::string fixture(const std::string& name) { return std::string(MIDLINK_TEST_DATA) + "/ogr/" + name; }

TEST(DatasetInfo, CountsValidityProblems) {
    const DatasetInfo info = describe_dataset(fixture("polygons.geojson"));
    EXPECT_EQ(info.driver, "GeoJSON");
    ASSERT_EQ(info.layers.size(), 1u);
    const LayerInfo& l = info.layers[0];
    EXPECT_EQ(l.geometry_type, "Polygon");
    EXPECT_EQ(l.crs, "EPSG:27700");
    EXPECT_EQ(l.feature_count, 4);
    EXPECT_EQ(l.empty_geometries, 1);
    EXPECT_EQ(l.non_finite_coordinates, 1);
    EXPECT_EQ(l.invalid_geometries, 2) << "bowtie (GEOS) and the NaN ring";
    ASSERT_EQ(l.fields.size(), 1u);
    EXPECT_EQ(l.fields[0], "name:String");
}

TEST(DatasetInfo, ShortLinesAreInvalid) {
    const DatasetInfo info = describe_dataset(fixture("bad_coordinates.geojson"));
    const LayerInfo& l = info.layers.at(0);
    EXPECT_EQ(l.crs, "EPSG:4326");
    EXPECT_EQ(l.non_finite_coordinates, 1);
    EXPECT_EQ(l.invalid_geometries, 2) << "NaN line and one-point line";
}

TEST(DatasetInfo, JsonEscapesNamesAndWritesNullForEmptyExtent) {
    const std::string json = to_json(describe_dataset(fixture("polygons.geojson")));
    EXPECT_NE(json.find(R"("name":"poly \"areas\"")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("crs":"EPSG:27700")"), std::string::npos) << json;
    const std::string empty = to_json(describe_dataset(fixture("empty.geojson")));
    EXPECT_NE(empty.find(R"("extent":null)"), std::string::npos) << empty;
    const std::string text = to_text(describe_dataset(fixture("polygons.geojson")));
    EXPECT_NE(text.find("invalid geometries: 2"), std::string::npos) << text;
}

TEST(DatasetInfo, MissingFileIsInputError) {
    EXPECT_THROW(describe_dataset(fixture("nope.gpkg")), InputError);
}

}  // namespace
}  // namespace midlink::io
