#include <gtest/gtest.h>

#include "midlink/core/error.hpp"
#include "midlink/io/profile_reader.hpp"

using namespace midlink;

TEST(ProfileReader, UnknownKeyIsRefusedWithKeyAndFile) {
    try {
        io::parse_profile_yaml("vehicle: car\nspeedz_mph: {motorway: 70}\n", "my.yaml");
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("my.yaml"), std::string::npos);
        EXPECT_NE(msg.find("speedz_mph"), std::string::npos);
    }
}

TEST(ProfileReader, UnknownRoadClassIsRefused) {
    EXPECT_THROW(io::parse_profile_yaml("speeds_mph: {motorwy: 70}\n", "p.yaml"), ConfigError);
}

TEST(ProfileReader, SpeedsInMphBecomeKmh) {
    const auto p = io::parse_profile_yaml("vehicle: hgv\nspeeds_mph: {primary: 50}\n", "p.yaml");
    EXPECT_EQ(p.vehicle, Vehicle::Hgv);
    EXPECT_NEAR(p.class_speed(RoadClass::Primary), 80.4672, 1e-3);
    EXPECT_NEAR(p.nsl_single_kmh, 50 * 1.609344, 1e-9);  // HGV single-carriageway limit
}

TEST(ProfileReader, BundledProfilesLoad) {
    const auto car = io::read_profile("car", MIDLINK_PROFILES_DIR);
    const auto hgv = io::read_profile("hgv", MIDLINK_PROFILES_DIR);
    EXPECT_EQ(car.vehicle, Vehicle::Car);
    EXPECT_EQ(hgv.vehicle, Vehicle::Hgv);
    EXPECT_NEAR(hgv.motorway_limit_kmh, 60 * 1.609344, 1e-6);
    EXPECT_GT(hgv.height_m, 0.0);
}

// Graph files store the fingerprint, so its value is part of the file format: these are the
// values `graph build` wrote before it moved into core, and a change makes every cached
// graph look stale.
TEST(ProfileFingerprint, StableForTheBuiltInProfiles) {
    EXPECT_EQ(default_car_profile().fingerprint(), 0x09b5050a60e3c196ULL);
    EXPECT_EQ(default_hgv_profile().fingerprint(), 0x5528148e22109b7aULL);
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    EXPECT_NE(p.fingerprint(), default_car_profile().fingerprint());
}

// The bundled walk and cycle YAML files state the built-in JTS profiles exactly.
TEST(ProfileReader, WalkAndCycleProfilesMatchTheBuiltIns) {
    const auto walk = io::read_profile("walk", MIDLINK_PROFILES_DIR);
    const auto cycle = io::read_profile("cycle", MIDLINK_PROFILES_DIR);
    EXPECT_EQ(walk.vehicle, Vehicle::Foot);
    EXPECT_EQ(cycle.vehicle, Vehicle::Bicycle);
    EXPECT_EQ(walk.fingerprint(), default_walk_profile().fingerprint());
    EXPECT_EQ(cycle.fingerprint(), default_cycle_profile().fingerprint());
    EXPECT_EQ(walk.class_speed(RoadClass::Footway), 4.8);
    EXPECT_EQ(walk.class_speed(RoadClass::Motorway), 0.0);
    EXPECT_EQ(cycle.class_speed(RoadClass::Bridleway), 16.0);
    EXPECT_TRUE(cycle.only_when_tagged[static_cast<int>(RoadClass::Footway)]);
    EXPECT_FALSE(walk.only_when_tagged[static_cast<int>(RoadClass::Footway)]);
    EXPECT_FALSE(walk.respect_oneway);
    EXPECT_NE(walk.fingerprint(), cycle.fingerprint());
    EXPECT_THROW(io::parse_profile_yaml("vehicle: foot\nonly_when_tagged: [footpath]\n", "p.yaml"), ConfigError);
    EXPECT_THROW(io::parse_profile_yaml("vehicle: horse\n", "p.yaml"), ConfigError);
}
