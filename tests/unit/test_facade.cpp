// midlink::Graph (midlink/midlink.hpp) on a hand-drawn network: routes as the CLI finds
// them, matrices whose entries are route() times to the last bit, errors, threads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <thread>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/midlink.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using midlink::test::TinyNetwork;

namespace {
//   1 ---- 2 ---- 3 ---- 4           8 ---- 9   (an island)
//          |
//          5 ---> 6                              (one-way; 6 is a dead end)
//          |
//          7
// 1 km between neighbours; 5-7 is residential, the rest primary.
Graph tiny_graph() {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0);
    net.node(5, 1000, -1000).node(6, 2000, -1000).node(7, 1000, -2000);
    net.node(8, 10000, 0).node(9, 11000, 0);
    net.link(1, 2);
    auto& bend = net.link(2, 3);
    bend.geometry = {{1000, 0}, {1500, 0}, {2000, 0}};
    net.link(3, 4);
    net.link(2, 5);
    net.link(5, 6, RoadClass::Primary, Oneway::Forward);
    net.link(5, 7, RoadClass::Residential);
    net.link(8, 9);
    return Graph::from_road_graph(graph::build_graph(net.table(), test::car_all()).graph);
}

// Mid-edge points, node points, two on one link, a one-way, an island.
const std::vector<Point> kPoints = {
    {250, 10},     // 0: on 1-2
    {2600, -10},   // 1: on 3-4
    {1000, -1000}, // 2: node 5
    {1500, -1000}, // 3: on the one-way 5->6
    {1000, -1500}, // 4: on 5-7 (residential)
    {10500, 0},    // 5: on the island
    {750, 5},      // 6: on 1-2 again, after point 0
    {2000, 0},     // 7: node 3
};

double primary_s(double metres) { return metres / (45 * 1.609344 / 3.6); }

std::string scratch_file(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("midlink_facade_" + std::to_string(::getpid()) + "_" + name)).string();
}
}  // namespace

TEST(FacadeRoute, MidEdgePointsCountPartialEdges) {
    const auto g = tiny_graph();
    const auto r = g.route(kPoints[0], kPoints[1]);
    ASSERT_EQ(r.status, RouteStatus::Ok);
    EXPECT_NEAR(r.distance_m, 2350.0, 0.5);
    EXPECT_NEAR(r.time_s, primary_s(2350.0), 0.01);
    ASSERT_GE(r.geometry.size(), 2u);
    EXPECT_NEAR(r.geometry.front().x, 250.0, 1e-9);  // the snapped start, not the node
    EXPECT_NEAR(r.geometry.front().y, 0.0, 1e-9);
    EXPECT_NEAR(r.geometry.back().x, 2600.0, 1e-9);
}

TEST(FacadeRoute, EqualsTheGraphLayerRouteTheCliUses) {
    const auto g = tiny_graph();
    const auto& rg = g.road_graph();
    graph::Snapper snapper(rg);
    graph::ShortestPathSearch search(rg, graph::Metric::Time);
    for (std::size_t i = 0; i < kPoints.size(); ++i) {
        for (std::size_t j = 0; j < kPoints.size(); ++j) {
            const auto a = snapper.snap(kPoints[i], 1000), b = snapper.snap(kPoints[j], 1000);
            const auto expected = a.node != kInvalidNode && b.node != kInvalidNode ? graph::route_nodes(search, a.node, b.node)
                                                                                 : graph::route_between(search, a, b);
            const auto r = g.route(kPoints[i], kPoints[j]);
            EXPECT_EQ(static_cast<int>(r.status), static_cast<int>(expected.status)) << i << " -> " << j;
            EXPECT_EQ(r.time_s, expected.time_s) << i << " -> " << j;
            EXPECT_EQ(r.distance_m, expected.distance_m) << i << " -> " << j;
            EXPECT_EQ(r.geometry, expected.geometry) << i << " -> " << j;
        }
    }
}

TEST(FacadeRoute, OneWayIslandAndFarPoints) {
    const auto g = tiny_graph();
    EXPECT_EQ(g.route(kPoints[2], kPoints[3]).status, RouteStatus::Ok);
    EXPECT_EQ(g.route(kPoints[3], kPoints[2]).status, RouteStatus::Unreachable);  // into the dead end only
    EXPECT_EQ(g.route(kPoints[0], kPoints[5]).status, RouteStatus::Unreachable);
    const auto far = g.route({5000, 5000}, kPoints[0]);
    EXPECT_EQ(far.status, RouteStatus::Unsnapped);
    EXPECT_EQ(far.time_s, 0.0);
    EXPECT_TRUE(far.geometry.empty());
    EXPECT_EQ(g.route({5000, 5000}, kPoints[0], {.max_snap_m = 6000}).status, RouteStatus::Ok);
    EXPECT_EQ(g.route({std::nan(""), 0}, kPoints[0]).status, RouteStatus::Unsnapped);
}

TEST(FacadeRoute, SameLinkBackwardsGoesRoundOrAlongTheLink) {
    const auto g = tiny_graph();
    const auto forward = g.route(kPoints[0], kPoints[6]);
    const auto back = g.route(kPoints[6], kPoints[0]);
    ASSERT_EQ(forward.status, RouteStatus::Ok);
    ASSERT_EQ(back.status, RouteStatus::Ok);
    EXPECT_NEAR(forward.distance_m, 500.0, 0.01);
    EXPECT_NEAR(back.distance_m, 500.0, 0.01);
}

TEST(FacadeMatrix, EntriesAreRouteTimesToTheLastBit) {
    const auto g = tiny_graph();
    const auto times = g.matrix(kPoints, kPoints);
    ASSERT_EQ(times.size(), kPoints.size() * kPoints.size());
    for (std::size_t i = 0; i < kPoints.size(); ++i) {
        for (std::size_t j = 0; j < kPoints.size(); ++j) {
            const auto r = g.route(kPoints[i], kPoints[j]);
            const double t = times[i * kPoints.size() + j];
            if (r.status == RouteStatus::Ok) {
                EXPECT_EQ(t, r.time_s) << i << " -> " << j;
            } else {
                EXPECT_TRUE(std::isinf(t) && t > 0) << i << " -> " << j << ": " << t;
            }
        }
    }
    EXPECT_TRUE(std::isinf(times[0 * kPoints.size() + 5]));
    EXPECT_TRUE(std::isinf(times[3 * kPoints.size() + 2]));
    EXPECT_EQ(times[5 * kPoints.size() + 5], 0.0);
}

TEST(FacadeMatrix, RectangularAndEmpty) {
    const auto g = tiny_graph();
    const std::vector<Point> origins = {kPoints[0], kPoints[4]};
    const std::vector<Point> destinations = {kPoints[1], kPoints[2], kPoints[7]};
    const auto times = g.matrix(origins, destinations);
    ASSERT_EQ(times.size(), 6u);
    for (std::size_t i = 0; i < origins.size(); ++i) {
        for (std::size_t j = 0; j < destinations.size(); ++j) {
            EXPECT_EQ(times[i * 3 + j], g.route(origins[i], destinations[j]).time_s);
        }
    }
    EXPECT_TRUE(g.matrix({}, destinations).empty());
    EXPECT_TRUE(g.matrix(origins, {}).empty());
}

TEST(FacadeMatrix, ThreadCountDoesNotChangeAnswers) {
    const auto g = tiny_graph();
    const auto one = g.matrix(kPoints, kPoints, {.threads = 1});
    const auto four = g.matrix(kPoints, kPoints, {.threads = 4});
    EXPECT_EQ(one, four);
}

TEST(FacadeMatrix, UnsnappedPointIsAnInputErrorNamingIt) {
    const auto g = tiny_graph();
    std::vector<Point> destinations = {kPoints[0], kPoints[1], {5000, 5000}};
    try {
        (void)g.matrix({kPoints[0]}, destinations);
        FAIL() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("destination 2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("max_snap_m"), std::string::npos) << e.what();
    }
    try {
        (void)g.matrix({kPoints[0], {std::nan(""), 1.0}}, {kPoints[1]});
        FAIL() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("origin 1"), std::string::npos) << e.what();
    }
}

TEST(FacadeQuery, BadOptionsAreConfigErrors) {
    const auto g = tiny_graph();
    EXPECT_THROW((void)g.route(kPoints[0], kPoints[1], {.max_snap_m = -1}), ConfigError);
    EXPECT_THROW((void)g.matrix(kPoints, kPoints, {.max_snap_m = std::nan("")}), ConfigError);
    EXPECT_THROW((void)g.matrix(kPoints, kPoints, {.threads = -2}), ConfigError);
}

TEST(FacadeQuery, ConcurrentQueriesAgreeWithSequentialOnes) {
    const auto g = tiny_graph();
    std::vector<double> expected;
    for (const auto& a : kPoints) {
        for (const auto& b : kPoints) expected.push_back(g.route(a, b).time_s);
    }
    std::vector<std::vector<double>> got(4);
    std::vector<std::thread> threads;
    const Graph copy = g;  // copies share the graph and its snappers
    for (std::size_t t = 0; t < got.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round) {
                got[t].clear();
                for (const auto& a : kPoints) {
                    for (const auto& b : kPoints) got[t].push_back((t % 2 ? copy : g).route(a, b).time_s);
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    for (const auto& row : got) EXPECT_EQ(row, expected);
}

TEST(FacadeGraph, SaveThenLoadRoutesTheSame) {
    const auto g = tiny_graph();
    const auto path = scratch_file("tiny.mlg");
    g.save(path);
    const auto loaded = Graph::load(path);
    std::filesystem::remove(path);
    EXPECT_EQ(loaded.info().node_count, g.info().node_count);
    EXPECT_EQ(loaded.info().edge_count, g.info().edge_count);
    EXPECT_EQ(loaded.matrix(kPoints, kPoints), g.matrix(kPoints, kPoints));
}

TEST(FacadeGraph, InfoCountsEachLinkOnce) {
    const auto info = tiny_graph().info();
    EXPECT_EQ(info.node_count, 9u);
    EXPECT_EQ(info.link_count, 7u);
    EXPECT_EQ(info.edge_count, 13u);  // six two-way links and one one-way
    EXPECT_NEAR(info.total_length_m, 7000.0, 0.5);
    EXPECT_EQ(info.crs, "EPSG:27700");
    EXPECT_EQ(info.profile, "car");
}

TEST(FacadeGraph, BuildsFromAFileAsGraphBuildDoes) {
    std::vector<std::string> log;
    BuildOptions options;
    options.format = "osm";
    options.components = "all";
    options.profiles_dir = MIDLINK_PROFILES_DIR;
    options.log = [&](const std::string& line) { log.push_back(line); };
    const auto g = Graph::build(std::string(MIDLINK_TEST_DATA) + "/osm/t_junction.osm", "car", options);
    const auto info = g.info();
    EXPECT_GT(info.edge_count, 0u);
    EXPECT_EQ(info.crs, "EPSG:27700");
    EXPECT_EQ(info.profile, "car");
    EXPECT_FALSE(log.empty());  // progress lines went to the log, not to stderr
    Profile expected = io::read_profile("car", MIDLINK_PROFILES_DIR);
    expected.components = ComponentPolicy::All;
    EXPECT_EQ(g.road_graph().meta.profile_fingerprint, expected.fingerprint());
}

TEST(FacadeGraph, MissingFilesNameThemselves) {
    const std::string missing = scratch_file("no-such-network.osm.pbf");
    try {
        (void)Graph::build(missing, "car");
        FAIL() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
    try {
        (void)Graph::load(scratch_file("no-such-graph.mlg"));
        FAIL() << "no InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-graph.mlg"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)Graph::build(missing, "no-such-profile"), ConfigError);
}
