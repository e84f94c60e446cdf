#include <gtest/gtest.h>

#include "midlink/io/osm_tags.hpp"

namespace midlink::io {
namespace {

using Kind = SpeedLimit::Kind;

TEST(OsmTags, MaxspeedNumbersAreKmh) {
    const SpeedLimit limit = parse_maxspeed("50");
    EXPECT_EQ(limit.kind, Kind::Numeric);
    EXPECT_DOUBLE_EQ(limit.kmh, 50.0);
    EXPECT_DOUBLE_EQ(parse_maxspeed("50 km/h").kmh, 50.0);
    EXPECT_DOUBLE_EQ(parse_maxspeed("70 kmh").kmh, 70.0);
}

TEST(OsmTags, MaxspeedMph) {
    EXPECT_NEAR(parse_maxspeed("30 mph").kmh, 48.28, 0.01);
    EXPECT_NEAR(parse_maxspeed("20mph").kmh, 32.19, 0.01);
    EXPECT_EQ(parse_maxspeed(" 60 mph ").kind, Kind::Numeric);
}

TEST(OsmTags, MaxspeedNationalLimits) {
    EXPECT_EQ(parse_maxspeed("GB:nsl_single").kind, Kind::NationalSingle);
    EXPECT_EQ(parse_maxspeed("UK:nsl_single").kind, Kind::NationalSingle);
    EXPECT_EQ(parse_maxspeed("GB:nsl_dual").kind, Kind::NationalDual);
    EXPECT_EQ(parse_maxspeed("GB:motorway").kind, Kind::Motorway);
    EXPECT_NEAR(parse_maxspeed("GB:nsl_restricted").kmh, 48.28, 0.01);
    EXPECT_FALSE(known(parse_maxspeed("GB:nsl_single").kmh));
}

TEST(OsmTags, MaxspeedWithoutNumberIsNone) {
    for (const char* value :
         {"none", "signals", "walk", "fast", "", "30;40", "DE:urban", "mph", "0", "30 furlongs"}) {
        EXPECT_EQ(parse_maxspeed(value).kind, Kind::None) << value;
    }
    EXPECT_TRUE(is_symbolic_maxspeed("signals"));
    EXPECT_FALSE(is_symbolic_maxspeed("fast"));
}

TEST(OsmTags, LengthsInMetres) {
    EXPECT_DOUBLE_EQ(*parse_length_m("4.2"), 4.2);
    EXPECT_DOUBLE_EQ(*parse_length_m("4.2 m"), 4.2);
    EXPECT_DOUBLE_EQ(*parse_length_m("4,2m"), 4.2);
    EXPECT_DOUBLE_EQ(*parse_length_m("420 cm"), 4.2);
}

TEST(OsmTags, LengthsInFeetAndInches) {
    const double expected = 14 * 0.3048 + 6 * 0.0254;  // 4.4196 m
    EXPECT_NEAR(*parse_length_m("14'6\""), expected, 1e-9);
    EXPECT_NEAR(*parse_length_m("14' 6\""), expected, 1e-9);
    EXPECT_NEAR(*parse_length_m("14 ft 6 in"), expected, 1e-9);
    EXPECT_NEAR(*parse_length_m("14'6"), expected, 1e-9);
    EXPECT_NEAR(*parse_length_m("14'6''"), expected, 1e-9);
    EXPECT_NEAR(*parse_length_m("14'"), 14 * 0.3048, 1e-9);
    EXPECT_NEAR(*parse_length_m("7 ft"), 7 * 0.3048, 1e-9);
}

TEST(OsmTags, LengthsThatCannotBeParsed) {
    for (const char* value : {"narrow", "", "4.2 m 3", "6\" 14'", "4 m 2 ft", "0", "1.5 km", "'"}) {
        EXPECT_FALSE(parse_length_m(value).has_value()) << value;
    }
    // "none" is understood: there is no limit.
    ASSERT_TRUE(parse_length_m("none").has_value());
    EXPECT_FALSE(known(*parse_length_m("none")));
}

TEST(OsmTags, Weights) {
    EXPECT_DOUBLE_EQ(*parse_weight_t("7.5"), 7.5);
    EXPECT_DOUBLE_EQ(*parse_weight_t("7.5 t"), 7.5);
    EXPECT_DOUBLE_EQ(*parse_weight_t("18t"), 18.0);
    EXPECT_DOUBLE_EQ(*parse_weight_t("7500 kg"), 7.5);
    EXPECT_FALSE(parse_weight_t("17 st").has_value());
    EXPECT_FALSE(parse_weight_t("heavy").has_value());
    EXPECT_FALSE(parse_weight_t("7.5 t 3").has_value());
}

TEST(OsmTags, Oneway) {
    EXPECT_EQ(parse_oneway("yes"), Oneway::Forward);
    EXPECT_EQ(parse_oneway("true"), Oneway::Forward);
    EXPECT_EQ(parse_oneway("1"), Oneway::Forward);
    EXPECT_EQ(parse_oneway("-1"), Oneway::Backward);
    EXPECT_EQ(parse_oneway("reverse"), Oneway::Backward);
    EXPECT_EQ(parse_oneway("no"), Oneway::No);
    EXPECT_FALSE(parse_oneway("reversible").has_value());
    EXPECT_FALSE(parse_oneway("").has_value());
}

TEST(OsmTags, Access) {
    EXPECT_EQ(parse_access("yes"), Access::Yes);
    EXPECT_EQ(parse_access("permissive"), Access::Yes);
    EXPECT_EQ(parse_access("designated"), Access::Yes);
    EXPECT_EQ(parse_access("no"), Access::No);
    EXPECT_EQ(parse_access("destination"), Access::Destination);
    EXPECT_EQ(parse_access("delivery"), Access::Destination);
    EXPECT_EQ(parse_access("private"), Access::Private);
    EXPECT_EQ(parse_access("customers"), Access::Private);
    EXPECT_EQ(parse_access("unknown"), Access::Unknown);
}

TEST(OsmTags, RoutableHighways) {
    EXPECT_EQ(routable_highway("motorway"), RoadClass::Motorway);
    EXPECT_EQ(routable_highway("tertiary_link"), RoadClass::TertiaryLink);
    EXPECT_EQ(routable_highway("track"), RoadClass::Track);
    EXPECT_EQ(routable_highway("road"), RoadClass::Unknown);
    for (const char* value :
         {"footway", "cycleway", "path", "steps", "pedestrian", "bridleway", "construction",
          "proposed", "platform", "bus_guideway", "raceway", "connector", "unknown", ""}) {
        EXPECT_FALSE(routable_highway(value).has_value()) << value;
    }
}

OsmWayInterpretation interpret(OsmWayTags tags) {
    auto result = interpret_way(tags);
    EXPECT_TRUE(result.has_value());
    return result.value_or(OsmWayInterpretation{});
}

TEST(OsmWay, AreaIsNotRoutable) {
    OsmWayTags tags;
    tags.highway = "service";
    tags.area = "yes";
    EXPECT_FALSE(interpret_way(tags).has_value());
}

TEST(OsmWay, RoundaboutImpliesOnewayUnlessTaggedNo) {
    OsmWayTags tags;
    tags.highway = "primary";
    tags.junction = "roundabout";
    Link link = interpret(tags).attributes;
    EXPECT_TRUE(link.roundabout);
    EXPECT_EQ(link.oneway, Oneway::Forward);
    EXPECT_EQ(link.carriageway, Carriageway::Single);  // one-way, but not a dual carriageway
    tags.oneway = "no";
    EXPECT_EQ(interpret(tags).attributes.oneway, Oneway::No);
    tags.junction = "circular";
    tags.oneway = {};
    EXPECT_TRUE(interpret(tags).attributes.roundabout);
}

TEST(OsmWay, MotorwayImpliesOnewayAndMotorwayCarriageway) {
    OsmWayTags tags;
    tags.highway = "motorway";
    Link link = interpret(tags).attributes;
    EXPECT_EQ(link.oneway, Oneway::Forward);
    EXPECT_EQ(link.carriageway, Carriageway::Motorway);
    tags.oneway = "no";
    EXPECT_EQ(interpret(tags).attributes.oneway, Oneway::No);
}

TEST(OsmWay, CarriagewayFromOnewayMajorRoadsOrTag) {
    OsmWayTags tags;
    tags.highway = "trunk";
    EXPECT_EQ(interpret(tags).attributes.carriageway, Carriageway::Single);
    tags.oneway = "yes";
    EXPECT_EQ(interpret(tags).attributes.carriageway, Carriageway::Dual);
    tags.highway = "residential";
    EXPECT_EQ(interpret(tags).attributes.carriageway, Carriageway::Single);
    tags.dual_carriageway = "yes";
    EXPECT_EQ(interpret(tags).attributes.carriageway, Carriageway::Dual);
}

TEST(OsmWay, MostSpecificAccessWins) {
    OsmWayTags tags;
    tags.highway = "service";
    tags.access = "no";
    EXPECT_EQ(interpret(tags).attributes.motor_access, Access::No);
    tags.vehicle = "private";
    EXPECT_EQ(interpret(tags).attributes.motor_access, Access::Private);
    tags.motor_vehicle = "destination";
    EXPECT_EQ(interpret(tags).attributes.motor_access, Access::Destination);
    tags.motorcar = "yes";
    EXPECT_EQ(interpret(tags).attributes.motor_access, Access::Yes);
    tags.motorcar = "sometimes";  // not understood: the next key decides
    EXPECT_EQ(interpret(tags).attributes.motor_access, Access::Destination);
    EXPECT_EQ(interpret(tags).attributes.hgv_access, Access::Unknown);
    tags.hgv = "no";
    EXPECT_EQ(interpret(tags).attributes.hgv_access, Access::No);
}

TEST(OsmWay, MeasuresAndUnparsedValues) {
    OsmWayTags tags;
    tags.highway = "unclassified";
    tags.maxweight = "7500 kg";
    tags.maxheight = "14'6\"";
    tags.maxwidth = "narrow";
    tags.maxspeed = "fast";
    tags.ref = "B1234";
    tags.name = "Long Lane";
    const auto result = interpret(tags);
    EXPECT_DOUBLE_EQ(result.attributes.maxweight_t, 7.5);
    EXPECT_NEAR(result.attributes.maxheight_m, 4.4196, 1e-9);
    EXPECT_FALSE(known(result.attributes.maxwidth_m));
    EXPECT_EQ(result.attributes.maxspeed.kind, Kind::None);
    EXPECT_EQ(result.attributes.ref, "B1234");
    EXPECT_EQ(result.attributes.name, "Long Lane");
    EXPECT_EQ(result.unparsed, (std::vector<std::string>{"maxspeed=fast", "maxwidth=narrow"}));
}

TEST(OsmWay, TagSetIgnoresOtherKeys) {
    OsmWayTags tags;
    tags.set("highway", "track");
    tags.set("surface", "gravel");
    tags.set("motor_vehicle", "no");
    EXPECT_EQ(tags.highway, "track");
    EXPECT_EQ(tags.motor_vehicle, "no");
    EXPECT_EQ(interpret(tags).attributes.road_class, RoadClass::Track);
}

}  // namespace
}  // namespace midlink::io

namespace midlink::io {
namespace {

// Walk and cycle graphs read the foot and cycle ways; motor graphs never see them.
TEST(OsmWay, PathsOnlyWithPaths) {
    for (const char* highway : {"footway", "cycleway", "path", "pedestrian", "steps", "bridleway"}) {
        EXPECT_FALSE(routable_highway(highway).has_value()) << highway;
        const auto c = routable_highway(highway, true);
        ASSERT_TRUE(c.has_value()) << highway;
        EXPECT_TRUE(is_path_class(*c)) << highway;
        EXPECT_EQ(road_class_name(*c), highway);
    }
    EXPECT_EQ(routable_highway("residential", true), RoadClass::Residential);
    EXPECT_FALSE(routable_highway("construction", true).has_value());
    OsmWayTags tags;
    tags.highway = "footway";
    EXPECT_FALSE(interpret_way(tags).has_value());
    ASSERT_TRUE(interpret_way(tags, true).has_value());
    EXPECT_EQ(interpret_way(tags, true)->attributes.road_class, RoadClass::Footway);
}

// foot= beats access=; bicycle= beats vehicle= beats access=; motor tags say nothing of either.
TEST(OsmWay, FootAndBicycleAccess) {
    OsmWayTags tags;
    tags.highway = "residential";
    tags.motor_vehicle = "no";
    Link link = interpret(tags).attributes;
    EXPECT_EQ(link.motor_access, Access::No);
    EXPECT_EQ(link.foot_access, Access::Unknown);
    EXPECT_EQ(link.bicycle_access, Access::Unknown);
    tags.access = "no";
    tags.foot = "yes";
    link = interpret(tags).attributes;
    EXPECT_EQ(link.foot_access, Access::Yes);
    EXPECT_EQ(link.bicycle_access, Access::No);
    tags.vehicle = "designated";
    EXPECT_EQ(interpret(tags).attributes.bicycle_access, Access::Yes);
    tags.bicycle = "private";
    EXPECT_EQ(interpret(tags).attributes.bicycle_access, Access::Private);
}

TEST(OsmWay, CycleContraflow) {
    OsmWayTags tags;
    tags.highway = "residential";
    tags.oneway = "yes";
    EXPECT_FALSE(interpret(tags).attributes.bicycle_contraflow);
    tags.oneway_bicycle = "no";
    EXPECT_TRUE(interpret(tags).attributes.bicycle_contraflow);
    tags.oneway_bicycle = {};
    tags.cycleway = "opposite_lane";
    EXPECT_TRUE(interpret(tags).attributes.bicycle_contraflow);
    OsmWayTags set;
    set.set("oneway:bicycle", "no");
    set.set("foot", "designated");
    set.set("bicycle", "yes");
    set.set("cycleway", "opposite");
    EXPECT_EQ(set.oneway_bicycle, "no");
    EXPECT_EQ(set.foot, "designated");
    EXPECT_EQ(set.bicycle, "yes");
    EXPECT_EQ(set.cycleway, "opposite");
}

}  // namespace
}  // namespace midlink::io
