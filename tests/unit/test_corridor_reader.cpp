// Corridor YAML: waypoints read in order, CRS transformed, unknown keys and short
// corridors refused with the key and file named.
#include <gtest/gtest.h>

#include "midlink/core/error.hpp"
#include "midlink/io/corridor_reader.hpp"

using midlink::ConfigError;
using midlink::io::parse_corridors_yaml;

TEST(CorridorReader, ReadsCorridorsAndWaypointsInOrder) {
    const auto c = parse_corridors_yaml(
        "corridors:\n"
        "  - name: A-B\n"
        "    mode: hgv\n"
        "    waypoints:\n"
        "      - {name: A, x: 1, y: 2}\n"
        "      - {name: M, x: 3, y: 4}\n"
        "      - {name: B, x: 5, y: 6}\n"
        "  - name: C-D\n"
        "    waypoints: [{name: C, x: 0, y: 0}, {name: D, x: 10, y: 0}]\n",
        "t.yaml", "");
    ASSERT_EQ(c.size(), 2u);
    EXPECT_EQ(c[0].name, "A-B");
    EXPECT_EQ(c[0].mode, "hgv");
    ASSERT_EQ(c[0].waypoints.size(), 3u);
    EXPECT_EQ(c[0].waypoints[1].first, "M");
    EXPECT_DOUBLE_EQ(c[0].waypoints[2].second.x, 5.0);
    EXPECT_DOUBLE_EQ(c[0].waypoints[2].second.y, 6.0);
    EXPECT_EQ(c[1].mode, "car");
}

TEST(CorridorReader, TransformsFromTheFileCrsToTheGraphCrs) {
    // Birmingham in WGS84 lon/lat lands near its BNG coordinates.
    const auto c = parse_corridors_yaml(
        "crs: EPSG:4326\ncorridors:\n  - name: X\n    waypoints: [{name: a, x: -1.9, y: 52.48}, "
        "{name: b, x: -1.5, y: 52.41}]\n",
        "t.yaml", "EPSG:27700");
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NEAR(c[0].waypoints[0].second.x, 406800, 1500);
    EXPECT_NEAR(c[0].waypoints[0].second.y, 286800, 1500);
}

TEST(CorridorReader, UnknownKeysNameTheKeyAndFile) {
    const auto expect_refused = [](const std::string& yaml, const std::string& key) {
        try {
            parse_corridors_yaml(yaml, "corr.yaml", "");
            FAIL() << "accepted unknown key " << key;
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("corr.yaml"), std::string::npos) << e.what();
        }
    };
    expect_refused("corridor:\n  - name: A\n", "corridor");
    expect_refused(
        "corridors:\n  - name: A\n    speed: 3\n    waypoints: [{x: 0, y: 0}, {x: 1, y: 1}]\n",
        "speed");
    expect_refused("corridors:\n  - name: A\n    waypoints: [{x: 0, y: 0, z: 1}, {x: 1, y: 1}]\n",
                   "z");
}

TEST(CorridorReader, RefusesShortCorridorsBadModesAndNonNumbers) {
    EXPECT_THROW(
        parse_corridors_yaml("corridors:\n  - name: A\n    waypoints: [{x: 0, y: 0}]\n", "f", ""),
        ConfigError);
    EXPECT_THROW(parse_corridors_yaml("corridors:\n  - name: A\n    mode: bike\n    waypoints: "
                                      "[{x: 0, y: 0}, {x: 1, y: 1}]\n",
                                      "f", ""),
                 ConfigError);
    EXPECT_THROW(
        parse_corridors_yaml(
            "corridors:\n  - name: A\n    waypoints: [{x: east, y: 0}, {x: 1, y: 1}]\n", "f", ""),
        ConfigError);
    EXPECT_THROW(parse_corridors_yaml("corridors: []\n", "f", ""), ConfigError);
    EXPECT_THROW(parse_corridors_yaml("corridors: [\n", "f", ""), ConfigError);
}

// A mapping used as a key made yaml-cpp throw its own exception past the reader (the same
// defect fuzz_profile_yaml found in the profile reader): now a ConfigError naming the file.
TEST(CorridorReader, AMappingAsAKeyIsAConfigErrorNamingTheFile) {
    try {
        parse_corridors_yaml("? {a: 1}\n: 2\ncorridors: []\n", "corr.yaml", "");
        FAIL() << "accepted a mapping as a key";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("corr.yaml"), std::string::npos) << e.what();
    }
}
