// Link-table readers on the real data sets in ../shared/geodata and the demo network.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "midlink/io/network_reader.hpp"

using namespace midlink;

namespace {
const std::string kGeodata = MIDLINK_GEODATA;
const std::string kDemo = std::string(MIDLINK_TEST_DATA) + "/../../geodata/demo";

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}
}  // namespace

TEST(TntpRealData, BirminghamPrism) {
    const auto t = io::read_tntp(kGeodata + "/tntp-birmingham-prism/Birmingham_Net.tntp", {});
    ASSERT_EQ(t.links.size(), 33937u);
    ASSERT_EQ(t.node_coords.size(), 14639u);
    EXPECT_EQ(t.crs, "EPSG:27700");
    for (const auto& [id, p] : t.node_coords) {  // PROVENANCE: E 175,300-628,912, N 56,637-736,470
        ASSERT_TRUE(p.x > 0 && p.x < 700000 && p.y > 0 && p.y < 1300000) << id;
    }
    std::vector<double> circuity;
    std::size_t connectors = 0;
    std::size_t motorway = 0;
    for (const auto& l : t.links) {
        ASSERT_EQ(l.geometry.size(), 2u);
        ASSERT_TRUE(known(l.length_m));
        ASSERT_TRUE(known(l.free_flow_time_s));
        const double straight = length_m(l.geometry);
        if (l.length_m > 0 && straight > 0) circuity.push_back(l.length_m / straight);
        connectors += l.road_class == RoadClass::Connector;
        motorway += l.road_class == RoadClass::Motorway;
    }
    // Lengths were km: in metres they are about the straight-line distance, a little more.
    const double c = median(circuity);
    EXPECT_GT(c, 0.9);
    EXPECT_LT(c, 1.5);
    EXPECT_EQ(connectors, 2144u);  // PROVENANCE section 12
    EXPECT_GE(motorway, 309u);     // the 110 km/h links at least
    // free_flow_time was hours: time = length / speed.
    const Link& first = t.links.front();
    EXPECT_NEAR(first.free_flow_time_s, first.length_m / (first.speed_kmh / 3.6), 1.0);
}

TEST(TntpRealData, SiouxFalls) {
    const auto t = io::read_tntp(kGeodata + "/tntp-assignment/SiouxFalls/SiouxFalls_net.tntp", {});
    EXPECT_EQ(t.links.size(), 76u);
    EXPECT_EQ(t.node_coords.size(), 24u);
    EXPECT_DOUBLE_EQ(t.links.front().free_flow_time_s, 6 * 60.0);  // "minutes"
}

TEST(TntpRealData, AnaheimFeetAndMinutes) {
    const auto t = io::read_tntp(kGeodata + "/tntp-assignment/Anaheim/Anaheim_net.tntp", {});
    ASSERT_EQ(t.links.size(), 914u);
    const Link& first = t.links.front();  // 5280 ft, 1.09 min, 4842 ft/min (README: units)
    EXPECT_NEAR(first.length_m, 1609.344, 1e-6);
    EXPECT_NEAR(first.free_flow_time_s, 1.090458488 * 60, 1e-6);
    EXPECT_NEAR(first.speed_kmh, 4842 * 0.3048 * 60 / 1000, 1e-6);
}

TEST(DimacsRealData, Rome99) {
    const auto t = io::read_dimacs(kGeodata + "/dimacs9-rome99/rome99.gr", {});
    ASSERT_EQ(t.links.size(), 8870u);
    std::set<NodeKey> nodes;
    double max_w = 0;
    for (const auto& l : t.links) {
        nodes.insert(l.from);
        nodes.insert(l.to);
        max_w = std::max(max_w, l.free_flow_time_s);
    }
    EXPECT_EQ(nodes.size(), 3353u);
    EXPECT_EQ(*nodes.rbegin(), 3353);
    EXPECT_EQ(max_w, 12711.0);  // PROVENANCE section 14
}

// Slow-ish (about a second in Release): 2.7 M arcs streamed out of xz.
TEST(DimacsRealData, FloridaPseudoweights) {
    const auto t = io::read_dimacs(kGeodata + "/dimacs9-usa-pace16/derived-FLA-pseudoweights.gr.xz", {});
    ASSERT_EQ(t.links.size(), 2687902u);
    const Link& first = t.links.front();
    EXPECT_EQ(first.from, 1);
    EXPECT_EQ(first.to, 2);
    EXPECT_EQ(first.free_flow_time_s, 1 + (1 * 7919 + 2 * 104729) % 1000);  // the stated rule
}

TEST(GmnsRealData, DemoNetwork) {
    const auto t = io::read_network(kDemo, io::NetworkFormat::Auto, {});
    EXPECT_EQ(t.node_coords.size(), 26u);
    EXPECT_EQ(t.links.size(), 45u);
    EXPECT_EQ(t.crs, "EPSG:27700");
    for (const auto& l : t.links) {
        EXPECT_EQ(l.oneway, Oneway::No);
        EXPECT_FALSE(l.ref.empty());
        EXPECT_NE(l.road_class, RoadClass::Unknown);
        ASSERT_EQ(l.geometry.size(), 2u);
        EXPECT_NEAR(l.length_m, 1.2 * length_m(l.geometry), 1.0);  // the stated circuity
    }
    EXPECT_EQ(t.diagnostics.count("assumed_crs"), 0u);  // config.csv declares it
}
