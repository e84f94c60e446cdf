#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <vector>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/snapper.hpp"
#include "random_graph.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::graph;
using midlink::test::TinyNetwork;

namespace {
RoadGraph line_graph(Oneway middle = Oneway::No) {
    // 1 ---- 2 ---- 3 ---- 4   (1 km each, along the x axis; 2-3 drawn with a bend)
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0);
    net.link(1, 2);
    auto& bend = net.link(2, 3, RoadClass::Primary, middle);
    bend.geometry = {{1000, 0}, {1500, 0}, {2000, 0}};
    net.link(3, 4);
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return build_graph(net.table(), p).graph;
}
}  // namespace

TEST(Snapper, SnapsMidEdgeWithDistanceAndFraction) {
    const auto g = line_graph();
    Snapper snapper(g);
    const auto s = snapper.snap({1250, 40}, 1000);
    ASSERT_TRUE(s.ok);
    EXPECT_NEAR(s.distance_m, 40.0, 1e-9);
    EXPECT_NEAR(s.point.x, 1250, 1e-9);
    EXPECT_NEAR(s.point.y, 0, 1e-9);
    EXPECT_NEAR(s.fraction, 0.25, 1e-9);
    EXPECT_NE(s.along, kInvalidEdge);
    EXPECT_NE(s.against, kInvalidEdge);
}

TEST(Snapper, PointsBeyondTheLimitAreReportedNotDropped) {
    const auto g = line_graph();
    Snapper snapper(g);
    const auto s = snapper.snap({1500, 2500}, 1000);
    EXPECT_FALSE(s.ok);
    EXPECT_NEAR(s.distance_m, 2500, 1e-9);
    EXPECT_FALSE(snapper.snap({std::nan(""), 0}, 1000).ok);
}

TEST(Route, BetweenMidEdgePointsCountsPartialEdges) {
    const auto g = line_graph();
    Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Distance);
    const auto r = route_between(search, snapper.snap({250, 10}, 100), snapper.snap({2600, -10}, 100));
    ASSERT_EQ(r.status, RouteStatus::Ok);
    EXPECT_NEAR(r.distance_m, 2350, 0.5);
    ASSERT_GE(r.geometry.size(), 2u);
    EXPECT_NEAR(r.geometry.front().x, 250, 1e-6);
    EXPECT_NEAR(r.geometry.back().x, 2600, 1e-6);
    EXPECT_NEAR(length_m(r.geometry), 2350, 0.5);
    // And backwards.
    const auto back = route_between(search, snapper.snap({2600, -10}, 100), snapper.snap({250, 10}, 100));
    EXPECT_NEAR(back.distance_m, 2350, 0.5);
    EXPECT_NEAR(back.geometry.front().x, 2600, 1e-6);
}

TEST(Route, SameEdgeRespectsOneway) {
    const auto g = line_graph(Oneway::Forward);
    Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Distance);
    const auto fwd = route_between(search, snapper.snap({1200, 0}, 10), snapper.snap({1700, 0}, 10));
    ASSERT_EQ(fwd.status, RouteStatus::Ok);
    EXPECT_NEAR(fwd.distance_m, 500, 0.5);
    // Against the one-way middle link there is no way round on a line: unreachable.
    const auto back = route_between(search, snapper.snap({1700, 0}, 10), snapper.snap({1200, 0}, 10));
    EXPECT_EQ(back.status, RouteStatus::Unreachable);
    const auto unsnapped = route_between(search, snapper.snap({1700, 900}, 10), snapper.snap({1200, 0}, 10));
    EXPECT_EQ(unsnapped.status, RouteStatus::Unsnapped);
}

TEST(Route, TimeAndDistanceAreBothReported) {
    const auto g = line_graph();
    Snapper snapper(g);
    ShortestPathSearch search(g, Metric::Time);
    const auto r = route_between(search, snapper.snap({0, 0}, 10), snapper.snap({3000, 0}, 10));
    ASSERT_EQ(r.status, RouteStatus::Ok);
    EXPECT_NEAR(r.distance_m, 3000, 0.5);
    EXPECT_NEAR(r.time_s, 3000 / (45 * 1.609344 / 3.6), 0.01);  // primary at 45 mph
}

class GraphFileTest : public ::testing::Test {
protected:
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("midlink_gf_" + std::to_string(::getpid()));
    void SetUp() override { std::filesystem::create_directories(dir); }
    void TearDown() override { std::filesystem::remove_all(dir); }
};

TEST_F(GraphFileTest, RoundTripKeepsEverything) {
    auto g = line_graph();
    g.meta.input_fingerprint = 42;
    const auto path = (dir / "g.mlg").string();
    write_graph_file(g, path);
    const auto r = read_graph_file(path);
    EXPECT_EQ(r.first_out, g.first_out);
    EXPECT_EQ(r.head, g.head);
    EXPECT_EQ(r.time_weight, g.time_weight);
    EXPECT_EQ(r.link_points, g.link_points);
    EXPECT_EQ(r.meta.input_fingerprint, 42u);
    EXPECT_EQ(r.meta.crs, "EPSG:27700");
    EXPECT_EQ(r.time_unit_s, g.time_unit_s);
    // No temporary file is left beside it.
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 1);
}

TEST_F(GraphFileTest, OtherVersionIsRefusedWithClearMessage) {
    const auto path = (dir / "g.mlg").string();
    write_graph_file(line_graph(), path);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(8);
        const std::uint32_t other = kGraphFormatVersion + 1;
        f.write(reinterpret_cast<const char*>(&other), sizeof(other));
    }
    try {
        read_graph_file(path);
        FAIL() << "expected VersionError";
    } catch (const VersionError& e) {
        EXPECT_NE(std::string(e.what()).find("version"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("rebuild"), std::string::npos);
    }
}

TEST_F(GraphFileTest, TruncatedAndForeignFilesAreRefused) {
    const auto path = (dir / "g.mlg").string();
    write_graph_file(line_graph(), path);
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    EXPECT_THROW(read_graph_file(path), InputError);
    std::ofstream(dir / "x.mlg") << "hello";
    EXPECT_THROW(read_graph_file((dir / "x.mlg").string()), InputError);
    EXPECT_THROW(read_graph_file((dir / "missing.mlg").string()), InputError);
}

// A skim row (route_costs) is route_between's time and distance for each destination, to the
// last bit, on a grid with one-way streets and points snapped mid-edge; a cutoff only blanks
// the slower cells.
TEST(RouteTimes, CostsEqualRouteBetweenToTheLastBit) {
    TinyNetwork net;
    constexpr int kSide = 7;
    for (int r = 0; r < kSide; ++r)
        for (int c = 0; c < kSide; ++c) net.node(r * kSide + c + 1, c * 250.0 + (r % 3) * 17.0, r * 230.0);
    for (int r = 0; r < kSide; ++r) {
        for (int c = 0; c < kSide; ++c) {
            const NodeKey k = r * kSide + c + 1;
            if (c + 1 < kSide)
                net.link(k, k + 1, (r + c) % 4 == 0 ? RoadClass::Residential : RoadClass::Primary,
                         (r * 3 + c) % 5 == 0 ? Oneway::Forward : Oneway::No);
            if (r + 1 < kSide)
                net.link(k, k + kSide, c % 2 ? RoadClass::Secondary : RoadClass::Tertiary,
                         (r + 2 * c) % 6 == 0 ? Oneway::Backward : Oneway::No);
        }
    }
    auto profile = default_car_profile();
    profile.components = ComponentPolicy::All;
    const auto g = build_graph(net.table(), profile).graph;
    const Snapper snapper(g);
    std::vector<Snap> points;
    for (int i = 0; i < 12; ++i) points.push_back(snapper.snap({37.0 + i * 121.3, 11.0 + (i * 173) % 1400}, 500.0));
    ShortestPathSearch search(g, Metric::Time), reference(g, Metric::Time);
    RouteCostScratch scratch;
    std::vector<double> t(points.size()), d(points.size());
    std::size_t compared = 0, cut = 0;
    for (const auto& from : points) {
        ASSERT_TRUE(from.ok);
        route_costs(search, from, points, RouteCostRow{t, d}, scratch);
        for (std::size_t j = 0; j < points.size(); ++j) {
            const Route r = route_between(reference, from, points[j]);
            if (r.status != RouteStatus::Ok) {
                EXPECT_TRUE(std::isinf(t[j]));
                continue;
            }
            EXPECT_EQ(t[j], r.time_s) << j;
            EXPECT_EQ(d[j], r.distance_m) << j;
            ++compared;
        }
        // A 60 s cutoff (in ms): what is kept is unchanged, what is slower is +inf.
        std::vector<double> tc(points.size()), dc(points.size());
        route_costs(search, from, points, RouteCostRow{tc, dc}, scratch, 60000);
        for (std::size_t j = 0; j < points.size(); ++j) {
            if (std::isinf(tc[j])) {
                EXPECT_TRUE(std::isinf(t[j]) || t[j] > 59.999) << j;
                cut += std::isinf(t[j]) ? 0 : 1;
            } else {
                EXPECT_EQ(tc[j], t[j]) << j;
                EXPECT_EQ(dc[j], d[j]) << j;
            }
        }
    }
    EXPECT_GT(compared, 100u);  // most pairs routed (12 x 12 with a few one-way dead ends)
    EXPECT_GT(cut, 10u);        // and the cutoff blanked some of them
}

namespace {
// A jittered lattice of n x n nodes 100 m apart, every neighbour joined, every third
// link drawn with a bend: the snapping grid's differential tests.
RoadGraph lattice_graph(int n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> jitter(-30.0, 30.0);
    TinyNetwork net;
    const auto key = [n](int i, int j) { return static_cast<NodeKey>(i * n + j + 1); };
    std::vector<Point> at(static_cast<std::size_t>(n * n));
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            at[i * n + j] = {400000.0 + 100.0 * j + jitter(rng), 300000.0 + 100.0 * i + jitter(rng)};
            net.node(key(i, j), at[i * n + j].x, at[i * n + j].y);
        }
    }
    int count = 0;
    auto join = [&](int a, int b) {
        auto& l = net.link(static_cast<NodeKey>(a + 1), static_cast<NodeKey>(b + 1));
        if (++count % 3 == 0) l.geometry = {at[a], {(at[a].x + at[b].x) / 2 + 20, (at[a].y + at[b].y) / 2 - 15}, at[b]};
    };
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            if (j + 1 < n) join(i * n + j, i * n + j + 1);
            if (i + 1 < n) join(i * n + j, (i + 1) * n + j);
        }
    }
    return build_graph(net.table(), test::car_all()).graph;
}

// The rule Snapper documents, by brute force: the nearest segment of any link (ties within
// 1e-9 m by smaller link id, then earlier segment), unless a node lies within 0.5 m.
Snap brute_force_snap(const RoadGraph& g, const std::vector<LineString>& lines, Point p) {
    Snap best;
    double best_d = std::numeric_limits<double>::infinity();
    std::uint32_t best_seg = 0;
    for (LinkId l = 0; l < g.link_count(); ++l) {
        const LineString& line = lines[l];
        const double total = length_m(line);
        double before = 0.0;
        for (std::uint32_t i = 0; i + 1 < line.size(); ++i) {
            double t = 0.0;
            const Point on = project_on_segment(p, line[i], line[i + 1], t);
            const double d = distance_m(p, on);
            if (d < best_d - 1e-9 || (std::abs(d - best_d) <= 1e-9 && (l < best.link || (l == best.link && i < best_seg)))) {
                best_d = d;
                best_seg = i;
                best.link = l;
                best.point = on;
                best.fraction = std::clamp((before + t * distance_m(line[i], line[i + 1])) / total, 0.0, 1.0);
            }
            before += distance_m(line[i], line[i + 1]);
        }
    }
    best.distance_m = best_d;
    for (NodeId v = 0; v < g.node_count(); ++v) {
        if (distance_m(p, g.node_xy[v]) <= kDefaultNodeToleranceM) {
            best.node = v;
            best.distance_m = distance_m(p, g.node_xy[v]);
        }
    }
    return best;
}

void expect_same_snaps(const RoadGraph& g, const std::vector<Point>& points) {
    const Snapper snapper(g);
    std::vector<LineString> lines(g.link_count());  // drawing order: the link's along edge
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        if (!(g.edge_flags[e] & kReversed)) lines[g.edge_link[e]] = g.edge_geometry(e);
    }
    for (const Point& p : points) {
        const Snap s = snapper.snap(p, 1e12);
        const Snap b = brute_force_snap(g, lines, p);
        SCOPED_TRACE(::testing::Message() << "point " << p.x << "," << p.y);
        EXPECT_EQ(s.node, b.node);
        EXPECT_EQ(s.distance_m, b.distance_m);
        if (b.node != kInvalidNode) continue;
        EXPECT_EQ(s.link, b.link);
        EXPECT_EQ(s.point, b.point);
        EXPECT_NEAR(s.fraction, b.fraction, 1e-12);
    }
}
}  // namespace

TEST(SnapperGrid, NearestLinkAsBruteForceInsideAndAroundTheNetwork) {
    const std::uint64_t seed = test::test_seed(14);
    const RoadGraph g = lattice_graph(12, seed);
    std::mt19937_64 rng(seed + 1);
    std::uniform_real_distribution<double> x(399700.0, 401400.0), y(299700.0, 301400.0);
    std::vector<Point> points;
    for (int k = 0; k < 400; ++k) points.push_back({x(rng), y(rng)});
    // On nodes (node snaps), a hair off them, and half-way between nodes (ties of links).
    for (NodeId v = 0; v < g.node_count(); v += 7) {
        points.push_back(g.node_xy[v]);
        points.push_back({g.node_xy[v].x + 0.6, g.node_xy[v].y});
        if (v + 1 < g.node_count()) {
            points.push_back({(g.node_xy[v].x + g.node_xy[v + 1].x) / 2, (g.node_xy[v].y + g.node_xy[v + 1].y) / 2});
        }
    }
    expect_same_snaps(g, points);
}

TEST(SnapperGrid, FarPointsAsBruteForce) {
    // Big enough that a far point exceeds the grid's cell budget and the R-tree answers.
    const RoadGraph g = lattice_graph(200, test::test_seed(15));
    expect_same_snaps(g, {{0.0, 0.0}, {-1e7, 3e5}, {400500.0, 9e6}, {401000.0, 300500.0}, {4.1e5, 3.05e5}});
}
