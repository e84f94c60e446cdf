// The OSM reader on the real Geofabrik Rutland extract (fixed file in ../shared/geodata).
// Expected figures were measured once and are asserted as ranges: Geofabrik extracts keep
// ways that cross the county boundary whole, so the network reaches a little beyond
// Rutland itself (measured box E 478.1-508.5 km, N 292.4-319.2 km).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>

#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::io {
namespace {

const std::string kRutland =
    std::string(MIDLINK_GEODATA) + "/osm-rutland-pydriosm/rutland-latest.osm.pbf";

class OsmReaderRutland : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { s_table = new LinkTable(read_osm_pbf(kRutland, ReadOptions{})); }
    static void TearDownTestSuite() {
        delete s_table;
        s_table = nullptr;
    }
    static const LinkTable& table() { return *s_table; }

  private:
    static inline LinkTable* s_table = nullptr;
};

TEST_F(OsmReaderRutland, PlausibleCounts) {
    std::set<std::int64_t> ways;
    double total_m = 0.0;
    for (const Link& link : table().links) {
        ways.insert(link.source_id);
        total_m += link.length_m;
    }
    std::cout << "[rutland] links " << table().links.size() << ", ways " << ways.size()
              << ", link end nodes " << table().node_coords.size() << ", length "
              << total_m / 1000.0 << " km, diagnostics " << table().diagnostics.total() << "\n";
    // Measured: 9238 links from 5149 ways, 8268 end nodes, 1100 km.
    EXPECT_GT(table().links.size(), 8500U);
    EXPECT_LT(table().links.size(), 10000U);
    EXPECT_GT(ways.size(), 4700U);
    EXPECT_LT(ways.size(), 5600U);
    EXPECT_GT(table().node_coords.size(), 7500U);
    EXPECT_LT(table().node_coords.size(), 9000U);
    EXPECT_GT(total_m, 1000e3);
    EXPECT_LT(total_m, 1200e3);
    EXPECT_EQ(table().crs, "EPSG:27700");
    EXPECT_EQ(table().source, kRutland);
    // Geofabrik extracts are reference-complete, so no node should lack a location.
    EXPECT_EQ(table().diagnostics.count("missing_node_location"), 0U);
}

TEST_F(OsmReaderRutland, GeometryIsInsideRutlandInBritishNationalGrid) {
    for (const Link& link : table().links) {
        ASSERT_GE(link.geometry.size(), 2U) << "way " << link.source_id;
        ASSERT_GT(link.length_m, 0.0) << "way " << link.source_id;
        ASSERT_EQ(table().node_coords.at(link.from), link.geometry.front());
        ASSERT_EQ(table().node_coords.at(link.to), link.geometry.back());
        for (const Point& p : link.geometry) {
            ASSERT_TRUE(is_finite(p)) << "way " << link.source_id;
            ASSERT_GT(p.x, 475e3) << "way " << link.source_id;
            ASSERT_LT(p.x, 512e3) << "way " << link.source_id;
            ASSERT_GT(p.y, 290e3) << "way " << link.source_id;
            ASSERT_LT(p.y, 322e3) << "way " << link.source_id;
        }
    }
    // Most of the network is inside the county proper (measured: 89% of link ends).
    std::size_t inside = 0;
    for (const auto& [key, p] : table().node_coords) {
        if (p.x > 480e3 && p.x < 500e3 && p.y > 295e3 && p.y < 320e3) ++inside;
    }
    EXPECT_GT(inside, table().node_coords.size() * 8 / 10);
}

TEST_F(OsmReaderRutland, TheA1IsADualCarriagewayTrunkRoad) {
    std::size_t a1 = 0;
    std::size_t a1_dual = 0;
    for (const Link& link : table().links) {
        if (link.ref != "A1") continue;
        ++a1;
        EXPECT_TRUE(link.road_class == RoadClass::Trunk || link.road_class == RoadClass::TrunkLink);
        EXPECT_NE(link.oneway, Oneway::No);
        if (link.carriageway == Carriageway::Dual) ++a1_dual;
    }
    std::cout << "[rutland] A1 links " << a1 << " (dual " << a1_dual << ")\n";
    EXPECT_GT(a1, 40U);  // measured 68
    EXPECT_GT(a1_dual, a1 * 9 / 10);
}

TEST_F(OsmReaderRutland, TagsAreInterpreted) {
    std::size_t roundabouts = 0;
    std::size_t mph_limits = 0;
    for (const Link& link : table().links) {
        if (link.roundabout) {
            ++roundabouts;
            EXPECT_EQ(link.oneway, Oneway::Forward) << "way " << link.source_id;
        }
        if (link.maxspeed.kind == SpeedLimit::Kind::Numeric) {
            ++mph_limits;
            EXPECT_GE(link.maxspeed.kmh, 5.0);
            EXPECT_LE(link.maxspeed.kmh, 113.0);  // 70 mph
        }
    }
    std::cout << "[rutland] roundabout links " << roundabouts << ", numeric limits " << mph_limits
              << "\n";
    EXPECT_GT(roundabouts, 50U);   // measured 101
    EXPECT_GT(mph_limits, 1000U);  // measured 1398
}

TEST(OsmReaderRutlandBroken, TruncatedCopyIsInputError) {
    const auto path = std::filesystem::temp_directory_path() / "midlink_truncated_rutland.osm.pbf";
    {
        std::ifstream in(kRutland, std::ios::binary);
        std::ofstream out(path, std::ios::binary);
        std::vector<char> head(1000);
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        out.write(head.data(), in.gcount());
    }
    try {
        read_osm_pbf(path.string(), ReadOptions{});
        ADD_FAILURE() << "expected InputError";
    } catch (const InputError& e) {
        std::cout << "[rutland] truncated: " << e.what() << "\n";
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos);
    }
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace midlink::io
