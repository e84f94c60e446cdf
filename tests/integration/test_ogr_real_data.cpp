// read_ogr_lines and describe_dataset on real data in ../shared/geodata.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "midlink/io/dataset_info.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {
namespace {

const std::string kRutlandZip = MIDLINK_GEODATA "/osm-rutland-pydriosm/rutland-latest-free.shp.zip";
const std::string kMotorways = MIDLINK_GEODATA "/os-openroads-motorways-roadbox/motorways.fgb";

std::size_t node_count(const LinkTable& t) {
    std::set<NodeKey> nodes;
    for (const auto& l : t.links) nodes.insert({l.from, l.to});
    return nodes.size();
}

// Great Britain in BNG metres, generously.
bool inside_gb(const Point& p) { return p.x > 0 && p.x < 700000 && p.y > 0 && p.y < 1300000; }

TEST(OgrRealData, RutlandGeofabrikRoadsLayer) {
    const LinkTable t = read_ogr_lines(kRutlandZip, {});
    EXPECT_NE(t.source.find("gis_osm_roads_free_1"), std::string::npos) << t.source;
    EXPECT_EQ(t.crs, "EPSG:27700");
    // 6,665 ways, 1,513 of them footway/cycleway/path/steps/pedestrian/bridleway; the rest
    // split at shared junction vertices gives more links than ways.
    EXPECT_GT(t.links.size(), 5152u);
    EXPECT_LT(t.links.size(), 20000u);
    EXPECT_EQ(t.diagnostics.count("invalid_coordinate"), 0u);
    std::size_t motorway_like = 0;
    for (const auto& l : t.links) {
        ASSERT_GE(l.geometry.size(), 2u);
        // Rutland: roughly E 480-510 km, N 295-325 km.
        EXPECT_GT(l.geometry.front().x, 470000);
        EXPECT_LT(l.geometry.front().x, 520000);
        EXPECT_GT(l.geometry.front().y, 285000);
        EXPECT_LT(l.geometry.front().y, 330000);
        EXPECT_GT(l.length_m, 0.0);
        if (l.road_class == RoadClass::Trunk) ++motorway_like;
    }
    EXPECT_GT(motorway_like, 100u);  // the A1
    const std::size_t nodes = node_count(t);
    EXPECT_LT(nodes, 2 * t.links.size()) << "endpoints are shared";
    EXPECT_GT(nodes, t.links.size() / 2);
}

TEST(OgrRealData, OsOpenRoadsMotorwaysFlatGeobuf) {
    const LinkTable t = read_ogr_lines(kMotorways, {});
    EXPECT_EQ(t.crs, "EPSG:27700");
    EXPECT_EQ(t.links.size(), 6648u) << "no node fields: one link per feature";
    EXPECT_TRUE(t.diagnostics.empty());
    for (const auto& l : t.links) {
        EXPECT_EQ(l.road_class, RoadClass::Motorway);
        EXPECT_EQ(l.carriageway, Carriageway::Motorway);
        EXPECT_EQ(l.oneway, Oneway::No);
        ASSERT_TRUE(inside_gb(l.geometry.front())) << l.source_id;
        ASSERT_TRUE(inside_gb(l.geometry.back())) << l.source_id;
    }
    const std::size_t nodes = node_count(t);
    EXPECT_LT(nodes, 2 * t.links.size());
}

TEST(OgrRealData, DescribeRutlandZip) {
    const DatasetInfo info = describe_dataset(kRutlandZip);
    EXPECT_EQ(info.layers.size(), 18u);
    const LayerInfo* roads = nullptr;
    for (const auto& l : info.layers) {
        if (l.name == "gis_osm_roads_free_1") roads = &l;
    }
    ASSERT_TRUE(roads);
    EXPECT_EQ(roads->feature_count, 6665);
    EXPECT_EQ(roads->geometry_type, "LineString");
    EXPECT_EQ(roads->crs, "EPSG:4326");
    EXPECT_NEAR(roads->extent.min_x, -0.847, 0.01);
    EXPECT_EQ(roads->non_finite_coordinates, 0);
    EXPECT_NE(to_json(info).find("\"name\":\"gis_osm_roads_free_1\""), std::string::npos);
}

TEST(OgrRealData, DescribeMotorways) {
    const DatasetInfo info = describe_dataset(kMotorways);
    ASSERT_EQ(info.layers.size(), 1u);
    const LayerInfo& l = info.layers[0];
    EXPECT_EQ(info.driver, "FlatGeobuf");
    EXPECT_EQ(l.feature_count, 6648);
    EXPECT_EQ(l.crs, "EPSG:4326");
    EXPECT_EQ(l.empty_geometries, 0);
    EXPECT_EQ(l.invalid_geometries, 0);
    EXPECT_NE(to_text(info).find("features: 6648"), std::string::npos);
}

}  // namespace
}  // namespace midlink::io
