#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {
namespace {

const std::string kOsmDir = std::string(MIDLINK_TEST_DATA) + "/osm/";

LinkTable read(const std::string& name) { return read_osm_pbf(kOsmDir + name, ReadOptions{}); }

const Link& find_link(const LinkTable& table, NodeKey from, NodeKey to) {
    const auto it = std::find_if(table.links.begin(), table.links.end(),
                                 [&](const Link& l) { return l.from == from && l.to == to; });
    if (it == table.links.end())
        throw std::runtime_error("no link " + std::to_string(from) + "->" + std::to_string(to));
    return *it;
}

// 0.001 deg of longitude at 52.65 N is about 67.6 m, 0.001 deg of latitude about 111.3 m;
// British National Grid adds well under 0.1% of scale error here.
constexpr double kLonStep_m = 67.6;
constexpr double kLatStep_m = 111.3;

TEST(OsmReader, TJunctionSplitsAtSharedNodeOnly) {
    const LinkTable table = read("t_junction.osm");
    EXPECT_EQ(table.crs, "EPSG:27700");
    EXPECT_EQ(table.source, kOsmDir + "t_junction.osm");
    ASSERT_EQ(table.links.size(), 3U);  // footway ignored and does not split way 100 at node 5

    const Link& west = find_link(table, 1, 2);
    EXPECT_EQ(west.source_id, 100);
    EXPECT_EQ(west.geometry.size(), 3U);  // 1, 5, 2
    EXPECT_NEAR(west.length_m, 2 * kLonStep_m, 1.0);
    EXPECT_EQ(west.road_class, RoadClass::Residential);
    EXPECT_EQ(west.name, "Main Street");
    EXPECT_EQ(west.maxspeed.kind, SpeedLimit::Kind::Numeric);
    EXPECT_NEAR(west.maxspeed.kmh, 32.19, 0.01);
    EXPECT_EQ(west.oneway, Oneway::No);

    const Link& east = find_link(table, 2, 3);
    EXPECT_NEAR(east.length_m, kLonStep_m, 1.0);
    const Link& north = find_link(table, 2, 4);
    EXPECT_EQ(north.source_id, 101);
    EXPECT_EQ(north.road_class, RoadClass::Unclassified);
    EXPECT_NEAR(north.length_m, kLatStep_m, 1.0);

    // Geometry is in BNG metres, endpoints agree with node_coords, and links meet at node 2.
    EXPECT_NEAR(west.geometry.front().x, 487'000, 10'000);
    EXPECT_NEAR(west.geometry.front().y, 308'000, 10'000);
    EXPECT_EQ(west.geometry.back(), east.geometry.front());
    EXPECT_EQ(table.node_coords.at(2), north.geometry.front());
    EXPECT_TRUE(table.diagnostics.empty());
}

TEST(OsmReader, RoundaboutIsSplitAtJoinAndClosingNode) {
    const LinkTable table = read("roundabout.osm");
    ASSERT_EQ(table.links.size(), 3U);
    const Link& entry = find_link(table, 10, 11);
    const Link& rest = find_link(table, 11, 10);
    for (const Link* link : {&entry, &rest}) {
        EXPECT_TRUE(link->roundabout);
        EXPECT_EQ(link->oneway, Oneway::Forward);
        EXPECT_EQ(link->ref, "A6003");
        EXPECT_EQ(link->carriageway, Carriageway::Single);
    }
    EXPECT_EQ(rest.geometry.size(), 4U);  // 11, 12, 13, 10
    // The ring is a diamond with half-diagonals 0.0005 deg lon and 0.0003 deg lat.
    const double side_m = std::hypot(0.5 * kLonStep_m, 0.3 * kLatStep_m);
    EXPECT_NEAR(entry.length_m, side_m, 0.5);
    EXPECT_NEAR(rest.length_m, 3 * side_m, 1.5);

    const Link& approach = find_link(table, 11, 20);
    EXPECT_FALSE(approach.roundabout);
    EXPECT_EQ(approach.oneway, Oneway::No);
    EXPECT_NEAR(approach.length_m, 1.5 * kLonStep_m, 1.0);
}

TEST(OsmReader, TagsOnewayRestrictionsAndMissingNodes) {
    // A way whose node is missing means a damaged file: an error unless the user skips it.
    try {
        read("restrictions.osm");
        ADD_FAILURE() << "no error for way 303";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("restrictions.osm, way 303: node 99 is missing"), std::string::npos)
            << e.what();
    }
    ReadOptions skip;
    skip.input.skip_bad_features = true;
    const LinkTable table = read_osm_pbf(kOsmDir + "restrictions.osm", skip);
    // 300, 301 and 304; 302 is an area and 303 lacks node 99.
    ASSERT_EQ(table.links.size(), 3U);

    const Link& reverse = find_link(table, 30, 32);
    EXPECT_EQ(reverse.oneway, Oneway::Backward);
    EXPECT_EQ(reverse.geometry.size(), 3U);

    const Link& narrow = find_link(table, 40, 41);
    EXPECT_EQ(narrow.hgv_access, Access::No);
    EXPECT_EQ(narrow.motor_access, Access::Destination);
    EXPECT_NEAR(narrow.maxheight_m, 4.4196, 1e-6);
    EXPECT_DOUBLE_EQ(narrow.maxweight_t, 7.5);
    EXPECT_FALSE(known(narrow.maxwidth_m));

    const Link& motorway = find_link(table, 70, 71);
    EXPECT_EQ(motorway.oneway, Oneway::Forward);
    EXPECT_EQ(motorway.carriageway, Carriageway::Motorway);
    EXPECT_EQ(motorway.ref, "M1");

    EXPECT_EQ(table.diagnostics.count("unparsed_tag"), 1U);  // maxwidth=narrow
    ASSERT_EQ(table.diagnostics.count("missing_node_location"), 1U);
    for (const auto& d : table.diagnostics.items()) {
        if (d.code == "missing_node_location") {
            EXPECT_EQ(d.where, "way 303");
        } else if (d.code == "unparsed_tag") {
            EXPECT_EQ(d.where, "way 301");
        }
    }
    for (const Link& link : table.links) {
        for (const Point& p : link.geometry) EXPECT_TRUE(is_finite(p));
        EXPECT_TRUE(known(link.length_m));
    }
}

TEST(OsmReader, WayIsSplitWhereItMeetsItself) {
    const LinkTable table = read("lollipop.osm");
    ASSERT_EQ(table.links.size(), 2U);
    EXPECT_NEAR(find_link(table, 1, 2).length_m, kLonStep_m, 1.0);
    const Link& loop = find_link(table, 2, 2);
    EXPECT_EQ(loop.geometry.size(), 4U);  // 2, 3, 4, 2: the doubled 3 is dropped
    EXPECT_NEAR(loop.length_m, kLonStep_m + std::hypot(kLonStep_m, kLatStep_m) + kLatStep_m, 2.0);
}

TEST(OsmReader, TargetCrsIsHonoured) {
    ReadOptions options;
    options.target_crs = "4326";
    const LinkTable table = read_osm_pbf(kOsmDir + "t_junction.osm", options);
    EXPECT_EQ(table.crs, "EPSG:4326");
    const Link& west = find_link(table, 1, 2);
    EXPECT_DOUBLE_EQ(west.geometry.front().x, -0.700);
    EXPECT_DOUBLE_EQ(west.geometry.front().y, 52.650);
}

TEST(OsmReader, MissingFileNamesTheFile) {
    try {
        read("no_such_file.osm.pbf");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no_such_file.osm.pbf"), std::string::npos)
            << e.what();
    }
}

TEST(OsmReader, BrokenXmlIsInputError) {
    const auto path = std::filesystem::temp_directory_path() / "midlink_broken_test.osm";
    {
        std::ofstream out(path);
        out << "<?xml version='1.0'?>\n<osm version=\"0.6\"><node id=\"1\" lat=\"52\" lon=";
    }
    EXPECT_THROW(read_osm_pbf(path.string(), ReadOptions{}), InputError);
    std::filesystem::remove(path);
}

TEST(OsmReader, GarbagePbfIsInputError) {
    const auto path = std::filesystem::temp_directory_path() / "midlink_garbage_test.osm.pbf";
    {
        std::ofstream out(path, std::ios::binary);
        out << "this is not a protocol buffer, just text that happens to end in .pbf\n";
    }
    try {
        read_osm_pbf(path.string(), ReadOptions{});
        ADD_FAILURE() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace midlink::io
