// read_ogr_lines on tiny hand-written layers in tests/data/ogr (BNG metres unless noted).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {
namespace {

std::string fixture(const std::string& name) { return std::string(MIDLINK_TEST_DATA) + "/ogr/" + name; }

const Link& link_with_id(const LinkTable& t, std::int64_t fid, std::size_t piece = 0) {
    std::size_t seen = 0;
    for (const auto& l : t.links) {
        if (l.source_id == fid && seen++ == piece) return l;
    }
    ADD_FAILURE() << "no link for feature " << fid << " piece " << piece;
    static const Link none;
    return none;
}

std::size_t links_of(const LinkTable& t, std::int64_t fid) {
    return static_cast<std::size_t>(
        std::count_if(t.links.begin(), t.links.end(), [&](const Link& l) { return l.source_id == fid; }));
}

std::string error_message(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no exception)";
}

TEST(OgrReader, JoinsEndpointsWithinToleranceOnly) {
    const LinkTable t = read_ogr_lines(fixture("joined_endpoints.geojson"), {});
    ASSERT_EQ(t.links.size(), 4u);
    EXPECT_EQ(t.crs, "EPSG:27700");
    const Link& a = link_with_id(t, 0);
    const Link& b = link_with_id(t, 1);
    const Link& d = link_with_id(t, 3);
    EXPECT_EQ(a.to, b.from) << "0.32 m apart: joined at 0.5 m tolerance";
    EXPECT_NE(a.from, d.from) << "1 m apart: not joined";
    EXPECT_NEAR(a.length_m, 100.0, 1e-9);
    EXPECT_EQ(a.geometry.front(), (Point{0, 0}));

    ReadOptions wide;
    wide.snap_tolerance_m = 2.0;
    const LinkTable w = read_ogr_lines(fixture("joined_endpoints.geojson"), wide);
    EXPECT_EQ(link_with_id(w, 0).from, link_with_id(w, 3).from);
}

TEST(OgrReader, CrossingWithoutSharedVertexStaysApart) {
    const LinkTable t = read_ogr_lines(fixture("joined_endpoints.geojson"), {});
    const Link& b = link_with_id(t, 1);
    const Link& c = link_with_id(t, 2);
    const std::set<NodeKey> b_nodes{b.from, b.to};
    EXPECT_EQ(b_nodes.count(c.from) + b_nodes.count(c.to), 0u);
    EXPECT_EQ(links_of(t, 1), 1u);
    EXPECT_EQ(links_of(t, 2), 1u);
    std::set<NodeKey> all;
    for (const auto& l : t.links) all.insert({l.from, l.to});
    EXPECT_EQ(all.size(), 7u);  // A-B share one node; C and D have two each
}

TEST(OgrReader, NodeKeysAreDeterministic) {
    const LinkTable t1 = read_ogr_lines(fixture("geofabrik_junction.geojson"), {});
    const LinkTable t2 = read_ogr_lines(fixture("geofabrik_junction.geojson"), {});
    ASSERT_EQ(t1.links.size(), t2.links.size());
    for (std::size_t i = 0; i < t1.links.size(); ++i) {
        EXPECT_EQ(t1.links[i].from, t2.links[i].from);
        EXPECT_EQ(t1.links[i].to, t2.links[i].to);
    }
}

TEST(OgrReader, GeofabrikTJunctionAtInteriorVertexIsSplit) {
    const LinkTable t = read_ogr_lines(fixture("geofabrik_junction.geojson"), {});
    ASSERT_EQ(links_of(t, 0), 2u);
    const Link& west = link_with_id(t, 0, 0);
    const Link& east = link_with_id(t, 0, 1);
    const Link& side = link_with_id(t, 1);
    EXPECT_EQ(west.to, east.from);
    EXPECT_EQ(side.from, west.to);
    EXPECT_EQ(west.geometry.back(), (Point{100, 0}));
    EXPECT_NEAR(west.length_m + east.length_m, 200.0, 1e-9);
    EXPECT_EQ(west.road_class, RoadClass::Primary);
    EXPECT_EQ(west.ref, "A6003");
    EXPECT_EQ(west.name, "Main Street");
    EXPECT_EQ(west.maxspeed.kind, SpeedLimit::Kind::Numeric);
    EXPECT_DOUBLE_EQ(west.maxspeed.kmh, 48.0);
    EXPECT_EQ(side.maxspeed.kind, SpeedLimit::Kind::None) << "maxspeed 0 means unknown";
}

TEST(OgrReader, GeofabrikBridgeDoesNotJoinGroundRoadAtSharedPosition) {
    const LinkTable t = read_ogr_lines(fixture("geofabrik_junction.geojson"), {});
    EXPECT_EQ(links_of(t, 2), 1u) << "bridge not split at the ground road's vertex";
    EXPECT_EQ(links_of(t, 3), 1u) << "ground road not split under the bridge";
    EXPECT_EQ(links_of(t, 4), 0u) << "footway skipped";
    EXPECT_EQ(t.links.size(), 5u);
}

TEST(OgrReader, GeofabrikOnewayCodes) {
    const LinkTable t = read_ogr_lines(fixture("geofabrik_junction.geojson"), {});
    EXPECT_EQ(link_with_id(t, 0).oneway, Oneway::No);        // B
    EXPECT_EQ(link_with_id(t, 1).oneway, Oneway::Forward);   // F
    EXPECT_EQ(link_with_id(t, 2).oneway, Oneway::Backward);  // T
    EXPECT_EQ(link_with_id(t, 2).carriageway, Carriageway::Dual) << "one-way trunk";
    EXPECT_EQ(link_with_id(t, 0).carriageway, Carriageway::Single);
}

TEST(OgrReader, OsOpenRoadsPresetUsesNodeIdsAndFormOfWay) {
    const LinkTable t = read_ogr_lines(fixture("os_open_roads.geojson"), {});
    ASSERT_EQ(t.links.size(), 4u);
    const Link& dual = link_with_id(t, 0);
    const Link& roundabout = link_with_id(t, 1);
    const Link& slip = link_with_id(t, 2);
    const Link& local = link_with_id(t, 3);
    EXPECT_EQ(dual.to, roundabout.from);
    EXPECT_EQ(roundabout.to, slip.from);
    EXPECT_NE(dual.from, dual.to);
    EXPECT_EQ(dual.road_class, RoadClass::Trunk);
    EXPECT_EQ(dual.carriageway, Carriageway::Dual);
    EXPECT_EQ(dual.oneway, Oneway::No);
    EXPECT_TRUE(roundabout.roundabout);
    EXPECT_EQ(roundabout.oneway, Oneway::Forward);
    EXPECT_EQ(slip.road_class, RoadClass::MotorwayLink);
    EXPECT_EQ(slip.carriageway, Carriageway::Motorway);
    EXPECT_EQ(local.road_class, RoadClass::Residential);
    EXPECT_EQ(local.name, "Church Lane");
    EXPECT_EQ(dual.ref, "A47");
}

TEST(OgrReader, LayerWithoutCrsIsRefusedUnlessAssumed) {
    // GeoJSON always implies WGS 84 (RFC 7946), so the CRS-less fixture is a WKT CSV.
    const std::string msg = error_message([] { read_ogr_lines(fixture("no_crs.csv"), {}); });
    EXPECT_NE(msg.find("has no CRS; pass --assume-crs EPSG:xxxx"), std::string::npos) << msg;
    EXPECT_NE(msg.find("no_crs"), std::string::npos) << msg;
    EXPECT_THROW(read_ogr_lines(fixture("no_crs.csv"), {}), InputError);

    ReadOptions options;
    options.assume_crs = "EPSG:27700";
    const LinkTable t = read_ogr_lines(fixture("no_crs.csv"), options);
    ASSERT_EQ(t.links.size(), 2u);
    EXPECT_EQ(t.links[0].to, t.links[1].from);
    EXPECT_EQ(t.links[0].geometry.front(), (Point{500000, 300000}));
}

TEST(OgrReader, BadCoordinatesBecomeDiagnosticsNotLinks) {
    const LinkTable t = read_ogr_lines(fixture("bad_coordinates.geojson"), {});
    ASSERT_EQ(t.links.size(), 1u);
    EXPECT_EQ(t.links[0].source_id, 0);
    EXPECT_EQ(t.diagnostics.count("invalid_coordinate"), 2u);
    EXPECT_EQ(t.diagnostics.count("degenerate_geometry"), 1u);
    for (const auto& p : t.links[0].geometry) {
        EXPECT_TRUE(is_finite(p));
        EXPECT_GT(p.x, 400000);  // Rutland in BNG
        EXPECT_LT(p.x, 600000);
    }
    bool named = false;
    for (const auto& d : t.diagnostics.items()) {
        if (d.code == "invalid_coordinate" && d.where.find("bad_coordinates.geojson, layer bad_coordinates, feature 1") == 0) {
            named = true;
        }
    }
    EXPECT_TRUE(named);
}

TEST(OgrReader, UnknownMappedFieldListsAvailableFields) {
    ReadOptions options;
    options.preset = "generic";
    options.fields.road_class = "road_type";
    const std::string msg = error_message([&] { read_ogr_lines(fixture("joined_endpoints.geojson"), options); });
    EXPECT_NE(msg.find("'road_type'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("layer joined_endpoints"), std::string::npos) << msg;
    EXPECT_NE(msg.find("available fields: id"), std::string::npos) << msg;
    EXPECT_THROW(read_ogr_lines(fixture("joined_endpoints.geojson"), options), ConfigError);
}

// A DfT-style layer with only a road number: --ref-field names it, --class-from-ref
// derives the class; without the flag the class stays unknown.
TEST(OgrReader, ClassFromGbRoadNumberOnlyWhenAsked) {
    ReadOptions options;
    options.fields.ref = "RoadNumber";
    const auto plain = read_ogr_lines(fixture("road_numbers.geojson"), options);
    EXPECT_EQ(link_with_id(plain, 2).ref, "A35");
    EXPECT_EQ(link_with_id(plain, 2).road_class, RoadClass::Unknown);
    options.fields.class_from_ref = true;
    const auto t = read_ogr_lines(fixture("road_numbers.geojson"), options);
    EXPECT_EQ(link_with_id(t, 0).road_class, RoadClass::Motorway);
    EXPECT_EQ(link_with_id(t, 0).carriageway, Carriageway::Motorway);
    EXPECT_EQ(link_with_id(t, 1).road_class, RoadClass::Motorway);  // A3(M)
    EXPECT_EQ(link_with_id(t, 2).road_class, RoadClass::Primary);
    EXPECT_EQ(link_with_id(t, 3).road_class, RoadClass::Secondary);
    EXPECT_EQ(link_with_id(t, 4).road_class, RoadClass::Unknown);
}

TEST(OgrReader, UnknownPresetIsConfigError) {
    ReadOptions options;
    options.preset = "osm-magic";
    EXPECT_THROW(read_ogr_lines(fixture("joined_endpoints.geojson"), options), ConfigError);
}

TEST(OgrReader, EmptyLayerIsInputError) {
    const std::string msg = error_message([] { read_ogr_lines(fixture("empty.geojson"), {}); });
    EXPECT_NE(msg.find("empty.geojson, layer empty is empty"), std::string::npos) << msg;
    EXPECT_THROW(read_ogr_lines(fixture("empty.geojson"), {}), InputError);
}

TEST(OgrReader, MissingFileIsInputError) {
    EXPECT_THROW(read_ogr_lines(fixture("does_not_exist.gpkg"), {}), InputError);
}

}  // namespace
}  // namespace midlink::io

namespace midlink::io {
namespace {

// Rule: an endpoint lies on the ground as well as on its own level (bridges and tunnels
// end at ground level); an interior vertex lies only on its line's level.
TEST(OgrReader, GeofabrikLevelsAtSharedVertices) {
    const LinkTable t = read_ogr_lines(fixture("geofabrik_levels.geojson"), {});
    EXPECT_EQ(links_of(t, 0), 2u) << "a bridge ending on a ground road's vertex joins it";
    EXPECT_EQ(link_with_id(t, 0, 0).to, link_with_id(t, 1).from);
    EXPECT_EQ(links_of(t, 2), 1u) << "a ground road ending above a tunnel's vertex does not";
    EXPECT_NE(link_with_id(t, 3).from, link_with_id(t, 2).to);
    EXPECT_EQ(links_of(t, 4), 2u) << "a tunnel slip road joins its tunnel inside";
    EXPECT_EQ(link_with_id(t, 4, 0).to, link_with_id(t, 5).from);
    EXPECT_EQ(link_with_id(t, 5).road_class, RoadClass::PrimaryLink);
}

}  // namespace
}  // namespace midlink::io
