// Capacity per link: from the input, else the profile by class and lanes; kept in the
// graph file (version 3) and absent, not zero, in version-2 files.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/osm_tags.hpp"
#include "midlink/io/profile_reader.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::graph;
using midlink::test::TinyNetwork;
using midlink::test::car_all;
using midlink::test::node_of;

namespace {
LinkId link_with_source(const RoadGraph& g, std::int64_t source) {
    for (LinkId l = 0; l < g.link_count(); ++l) {
        if (g.link_source(l) == source) return l;
    }
    return kInvalidEdge;
}

// 1 -- 2 -- 3 -- 4: a TNTP-like capacity, a tagged motorway, an untagged primary, a track.
RoadGraph mixed_graph() {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0).node(5, 3000, 1000);
    net.link(1, 2).capacity_vph = 2500;             // source 0: from the input
    auto& m = net.link(2, 3, RoadClass::Motorway);  // source 1: lanes=6 both ways
    m.lanes = 6;
    net.link(3, 4, RoadClass::Primary);    // source 2: class default
    net.link(4, 5, RoadClass::Connector);  // source 3: no estimate
    return build_graph(net.table(), car_all()).graph;
}
}  // namespace

TEST(LinkCapacity, InputWinsThenProfileByClassAndLanes) {
    const Profile p = default_car_profile();
    Link l;
    l.road_class = RoadClass::Primary;
    l.capacity_vph = 1234;
    auto [c, s] = link_capacity_vph(l, p);
    EXPECT_DOUBLE_EQ(c, 1234);
    EXPECT_EQ(s, CapacitySource::Input);

    l.capacity_vph = kUnknown;
    std::tie(c, s) = link_capacity_vph(l, p);
    EXPECT_DOUBLE_EQ(
        c, p.class_capacity_per_lane(RoadClass::Primary) * p.class_lanes(RoadClass::Primary));
    EXPECT_EQ(s, CapacitySource::Profile);

    // Tagged lanes on a two-way road cover both directions; on a one-way road, one.
    l.road_class = RoadClass::Trunk;
    l.lanes = 4;
    std::tie(c, s) = link_capacity_vph(l, p);
    EXPECT_DOUBLE_EQ(c, 2 * p.class_capacity_per_lane(RoadClass::Trunk));
    l.oneway = Oneway::Forward;
    std::tie(c, s) = link_capacity_vph(l, p);
    EXPECT_DOUBLE_EQ(c, 4 * p.class_capacity_per_lane(RoadClass::Trunk));

    // A known single carriageway has one lane each way whatever the class default.
    Link single;
    single.road_class = RoadClass::Trunk;
    single.carriageway = Carriageway::Single;
    std::tie(c, s) = link_capacity_vph(single, p);
    EXPECT_DOUBLE_EQ(c, p.class_capacity_per_lane(RoadClass::Trunk));

    Link connector;
    connector.road_class = RoadClass::Connector;
    std::tie(c, s) = link_capacity_vph(connector, p);
    EXPECT_TRUE(std::isnan(c));
    EXPECT_EQ(s, CapacitySource::None);
}

TEST(LinkCapacity, GraphKeepsCapacityAndSourcePerLink) {
    const auto g = mixed_graph();
    ASSERT_TRUE(g.has_capacity());
    const Profile p = default_car_profile();
    const LinkId input = link_with_source(g, 0);
    const LinkId motorway = link_with_source(g, 1);
    const LinkId primary = link_with_source(g, 2);
    const LinkId connector = link_with_source(g, 3);
    EXPECT_FLOAT_EQ(g.link_capacity(input), 2500.0f);
    EXPECT_EQ(g.capacity_source(input), CapacitySource::Input);
    EXPECT_FLOAT_EQ(g.link_capacity(motorway), 3 * 2000.0f);
    EXPECT_EQ(g.capacity_source(motorway), CapacitySource::Profile);
    EXPECT_FLOAT_EQ(g.link_capacity(primary),
                    static_cast<float>(p.class_capacity_per_lane(RoadClass::Primary)));
    EXPECT_TRUE(std::isnan(g.link_capacity(connector)));
    EXPECT_EQ(g.capacity_source(connector), CapacitySource::None);
    EXPECT_EQ(capacity_source_name(CapacitySource::Input), "input");
    EXPECT_EQ(capacity_source_name(CapacitySource::None), "");
}

TEST(LinkCapacity, OneSourceForAllLinksIsStoredOnce) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0);
    net.link(1, 2).capacity_vph = 1000;
    net.link(2, 3).capacity_vph = 2000;
    const auto g = build_graph(net.table(), car_all()).graph;
    ASSERT_EQ(g.link_capacity_source.size(), 1u);
    EXPECT_EQ(g.link_capacity_vph.size(), 2u);
    for (LinkId l = 0; l < g.link_count(); ++l) EXPECT_EQ(g.capacity_source(l), CapacitySource::Input);
}

TEST(LinkCapacity, NoCapacityAnywhereCostsNoBytes) {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0);
    net.link(1, 2, RoadClass::Unknown);
    const auto g = build_graph(net.table(), car_all()).graph;
    EXPECT_FALSE(g.has_capacity());
    EXPECT_TRUE(std::isnan(g.link_capacity(0)));
    EXPECT_EQ(g.capacity_source(0), CapacitySource::None);
}

class CapacityFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir = std::filesystem::temp_directory_path() /
              ("midlink_capacity_" +
               std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    std::filesystem::path dir;
};

TEST_F(CapacityFileTest, VersionThreeRoundTripsCapacity) {
    const auto g = mixed_graph();
    const auto path = (dir / "g.mlg").string();
    write_graph_file(g, path);
    const auto r = read_graph_file(path);
    ASSERT_EQ(r.link_capacity_vph.size(), g.link_count());
    for (LinkId l = 0; l < g.link_count(); ++l) {
        EXPECT_EQ(r.capacity_source(l), g.capacity_source(l));
        if (g.capacity_source(l) != CapacitySource::None) {
            EXPECT_FLOAT_EQ(r.link_capacity(l), g.link_capacity(l));
        }
    }
}

TEST_F(CapacityFileTest, VersionTwoFilesAreStillWrittenButRefusedOnRead) {
    // Version 2 is written for an older midlink; this one refuses it (no checksum), see graph_file.hpp.
    const auto g = mixed_graph();
    const auto path = (dir / "old.mlg").string();
    write_graph_file(g, path, 2);
    EXPECT_THROW(read_graph_file(path), VersionError);
    EXPECT_THROW(write_graph_file(g, path, 1), OutputError);
}

TEST(LinkCapacity, ProfilesCarryTheCapacityTablesAndTheYamlMatchesTheDefaults) {
    for (const char* name : {"car", "hgv"}) {
        const auto yaml = io::read_profile(name, MIDLINK_PROFILES_DIR);
        const auto builtin =
            std::string(name) == "car" ? default_car_profile() : default_hgv_profile();
        EXPECT_EQ(yaml.capacity_vph_per_lane, builtin.capacity_vph_per_lane) << name;
        EXPECT_EQ(yaml.lanes_per_direction, builtin.lanes_per_direction) << name;
        EXPECT_GT(yaml.class_capacity_per_lane(RoadClass::Motorway),
                  yaml.class_capacity_per_lane(RoadClass::Primary));
    }
    EXPECT_THROW(io::parse_profile_yaml("capacity_vph_per_lane: {motorway: -1}\n", "p.yaml"),
                 ConfigError);
    EXPECT_THROW(io::parse_profile_yaml("lanes_per_direction: {highway9: 2}\n", "p.yaml"),
                 ConfigError);
    const auto p = io::parse_profile_yaml(
        "capacity_vph_per_lane: {primary: 1500}\nlanes_per_direction: {primary: 2}\n", "p.yaml");
    EXPECT_DOUBLE_EQ(p.class_capacity_per_lane(RoadClass::Primary), 1500);
    EXPECT_DOUBLE_EQ(p.class_lanes(RoadClass::Primary), 2);
}

TEST(LinkCapacity, OsmLanesTagIsRead) {
    io::OsmWayTags tags;
    tags.set("highway", "trunk");
    tags.set("lanes", "4");
    const auto way = io::interpret_way(tags);
    ASSERT_TRUE(way);
    EXPECT_DOUBLE_EQ(way->attributes.lanes, 4);
    io::OsmWayTags odd;
    odd.set("highway", "trunk");
    odd.set("lanes", "2;3");
    const auto other = io::interpret_way(odd);
    ASSERT_TRUE(other);
    EXPECT_FALSE(known(other->attributes.lanes));
    EXPECT_FALSE(other->unparsed.empty());
}
