// The travel-time raster: reverse multi-source search, per-cell snapping, the same-link
// case, nodata rules and determinism. Oracles: forward route_between from every cell to
// every destination (hand-drawn graph) and Boost.Graph Dijkstra on the transposed graph
// (random graphs).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "midlink/analysis/nearest_destination.hpp"
#include "midlink/analysis/travel_time_raster.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/reverse_graph.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"
#include "random_graph.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::graph;
using midlink::analysis::NearestDestinationField;
using midlink::analysis::RasterGrid;
using midlink::test::TinyNetwork;

namespace {
//  1 (0,1000) ------- 2 (1000,1000) ------- 3 (2000,1000)
//  |                  |                        \  (bent: via (2300,500))
//  4 (0,0) ---------- 5 (1000,0) ====>==== 6 (2000,0)     7 (3000,0) --- 8 (3500,0)
// 5 -> 6 is one-way; 7-8 is an island that reaches nothing.
RoadGraph hand_drawn() {
    TinyNetwork net;
    net.node(1, 0, 1000).node(2, 1000, 1000).node(3, 2000, 1000);
    net.node(4, 0, 0).node(5, 1000, 0).node(6, 2000, 0).node(7, 3000, 0).node(8, 3500, 0);
    net.link(1, 2);
    net.link(2, 3);
    net.link(1, 4);
    net.link(2, 5, RoadClass::Secondary);
    auto& bend = net.link(3, 6);
    bend.geometry = {{2000, 1000}, {2300, 500}, {2000, 0}};
    net.link(4, 5);
    net.link(5, 6, RoadClass::Primary, Oneway::Forward);
    net.link(7, 8);
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return build_graph(net.table(), p).graph;
}

const std::vector<Point> kDestinations = {{1500, 5}, {0, 600}};

std::vector<SnapAnchors> destination_anchors_of(const RoadGraph& g, const Snapper& snapper) {
    std::vector<SnapAnchors> out;
    for (const auto& p : kDestinations) out.push_back(destination_anchors(g, Metric::Time, snapper.snap(p, 50)));
    return out;
}

double primary_speed_ms() { return 45 * 1.609344 / 3.6; }
}  // namespace

TEST(NearestDestination, EveryCellEqualsTheBestForwardRouteToAnyDestination) {
    const auto g = hand_drawn();
    const Snapper snapper(g);
    const auto dests = destination_anchors_of(g, snapper);
    for (const auto& d : dests) ASSERT_TRUE(d.ok());
    const NearestDestinationField field(g, dests);
    EXPECT_EQ(field.destinations_used(), 2u);

    BBox box;
    box.expand({-200, -200});
    box.expand({3700, 1200});
    const auto grid = RasterGrid::covering(box, 100, true);
    analysis::TravelTimeRasterOptions opt;
    opt.max_snap_m = 150;
    const auto raster = analysis::travel_time_raster(g, snapper, field, grid, opt);
    ASSERT_EQ(raster.minutes.size(), grid.cells());

    ShortestPathSearch search(g, Metric::Time);
    std::size_t valued = 0, off = 0, unreached = 0;
    for (std::uint32_t r = 0; r < grid.rows; ++r) {
        for (std::uint32_t c = 0; c < grid.cols; ++c) {
            const float got = raster.minutes[std::size_t{r} * grid.cols + c];
            const auto from = snapper.snap(grid.centre(c, r), opt.max_snap_m);
            if (!from.ok) {
                EXPECT_TRUE(std::isnan(got)) << "cell " << c << "," << r << " is off the network";
                ++off;
                continue;
            }
            double best_s = std::numeric_limits<double>::infinity();
            for (const auto& p : kDestinations) {
                const auto route = route_between(search, from, snapper.snap(p, 50));
                if (route.status == RouteStatus::Ok) best_s = std::min(best_s, route.time_s);
            }
            if (std::isinf(best_s)) {
                EXPECT_TRUE(std::isnan(got)) << "cell " << c << "," << r << " reaches no destination";
                ++unreached;
            } else {
                ASSERT_FALSE(std::isnan(got)) << "cell " << c << "," << r;
                EXPECT_NEAR(got, best_s / 60.0, 1e-4) << "cell " << c << "," << r;
                ++valued;
            }
        }
    }
    EXPECT_EQ(raster.cells_valued, valued);
    EXPECT_EQ(raster.cells_off_network, off);
    EXPECT_EQ(raster.cells_unreached, unreached);
    EXPECT_GT(valued, 50u);
    EXPECT_GT(off, 50u);
    EXPECT_GT(unreached, 0u);  // the 7-8 island
}

TEST(NearestDestination, APointBehindADestinationOnItsOwnOneWayLinkGoesStraightThere) {
    const auto g = hand_drawn();
    const Snapper snapper(g);
    const NearestDestinationField field(g, destination_anchors_of(g, snapper));
    // 250 m before the destination at x = 1500 on the one-way 5 -> 6: no node on the way.
    const auto before = origin_anchors(g, Metric::Time, snapper.snap({1250, 50}, 100));
    EXPECT_NEAR(g.cost_value(Metric::Time, field.cost_from(before)), 250 / primary_speed_ms(), 0.01);
    // Just past it, the one-way forbids turning back: the way round via 6, 3, 2 and 5 is
    // longer than to the other destination, and both exceed the direct 250 m.
    const auto after = origin_anchors(g, Metric::Time, snapper.snap({1750, 50}, 100));
    EXPECT_GT(g.cost_value(Metric::Time, field.cost_from(after)), 1000 / primary_speed_ms());
}

TEST(NearestDestination, ACutOffLeavesFartherCellsWithoutAValue) {
    const auto g = hand_drawn();
    const Snapper snapper(g);
    const auto dests = destination_anchors_of(g, snapper);
    BBox box;
    box.expand({-200, -200});
    box.expand({3700, 1200});
    const auto grid = RasterGrid::covering(box, 100, true);
    analysis::TravelTimeRasterOptions opt;
    opt.max_snap_m = 150;
    const auto full = analysis::travel_time_raster(g, snapper, NearestDestinationField(g, dests), grid, opt);
    opt.max_minutes = 0.75;
    const auto cut = analysis::travel_time_raster(
        g, snapper, NearestDestinationField(g, dests, analysis::minutes_to_weight(g, opt.max_minutes)), grid, opt);
    std::size_t dropped = 0;
    for (std::size_t i = 0; i < full.minutes.size(); ++i) {
        if (!std::isnan(full.minutes[i]) && full.minutes[i] <= 0.75f) {
            EXPECT_EQ(cut.minutes[i], full.minutes[i]);
        } else {
            EXPECT_TRUE(std::isnan(cut.minutes[i]));
            dropped += !std::isnan(full.minutes[i]);
        }
    }
    EXPECT_GT(dropped, 0u);
    EXPECT_EQ(cut.cells_off_network, full.cells_off_network);
    EXPECT_EQ(cut.cells_unreached, full.cells_unreached + dropped);
}

TEST(NearestDestination, OutputIsTheSameOnOneAndTwoThreads) {
    const auto g = hand_drawn();
    const Snapper snapper(g);
    const NearestDestinationField field(g, destination_anchors_of(g, snapper));
    BBox box;
    box.expand({-200, -200});
    box.expand({3700, 1200});
    const auto grid = RasterGrid::covering(box, 20, true);
    analysis::TravelTimeRasterOptions opt;
    opt.max_snap_m = 150;
    std::vector<float> one, two;
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
        one = analysis::travel_time_raster(g, snapper, field, grid, opt).minutes;
    }
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
        two = analysis::travel_time_raster(g, snapper, field, grid, opt).minutes;
    }
    ASSERT_EQ(one.size(), two.size());
    EXPECT_EQ(std::memcmp(one.data(), two.data(), one.size() * sizeof(float)), 0);
}

// Multi-source reverse search against Boost.Graph Dijkstra on the explicitly transposed
// graph, with a super-source joined to every destination node by its initial cost.
TEST(NearestDestinationDifferential, AgreesWithBoostDijkstraOnTheTransposedGraph) {
    using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                             boost::property<boost::edge_weight_t, std::uint64_t>>;
    const std::uint64_t seed0 = test::test_seed(6006);
    for (std::uint64_t run = 0; run < 6; ++run) {
        const std::uint64_t seed = seed0 + run;
        const std::uint32_t n = 400;
        const auto g = test::random_graph(n, 2.5, 5000, seed);
        std::mt19937_64 rng(seed * 7 + 1);
        std::uniform_int_distribution<NodeId> node(0, n - 1);
        std::uniform_int_distribution<Weight> initial(0, 3000);
        std::vector<SnapAnchors> dests(1 + run * 3);
        for (auto& d : dests) {
            d.anchors[0] = {node(rng), initial(rng)};
            d.count = 1;
        }
        BoostGraph b(n + 1);
        for (NodeId u = 0; u < n; ++u) {
            for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) boost::add_edge(g.head[e], u, g.time_weight[e], b);
        }
        for (const auto& d : dests) boost::add_edge(n, d.anchors[0].node, d.anchors[0].cost, b);
        std::vector<std::uint64_t> dist(n + 1);
        boost::dijkstra_shortest_paths(b, n,
                                       boost::distance_map(dist.data())
                                           .distance_inf(std::numeric_limits<std::uint64_t>::max())
                                           .distance_zero(std::uint64_t{0}));
        const Weight cutoff = run % 2 ? 6000 : kUnreachable;
        const NearestDestinationField field(g, dests, cutoff);
        std::size_t reached = 0;
        for (NodeId v = 0; v < n; ++v) {
            const bool within = dist[v] != std::numeric_limits<std::uint64_t>::max() && dist[v] <= cutoff;
            reached += within;
            if (within) {
                EXPECT_EQ(field.node_cost(v), dist[v]) << "seed " << seed << " node " << v;
            } else {
                EXPECT_EQ(field.node_cost(v), kUnreachable) << "seed " << seed << " node " << v;
            }
        }
        EXPECT_EQ(field.nodes_reached(), reached) << "seed " << seed;
        EXPECT_GT(reached, 1u) << "seed " << seed;
    }
}

TEST(TransposedGraph, EveryEdgeIsReversedWithItsWeights) {
    const auto g = test::random_graph(50, 3, 100, test::test_seed(77));
    const ReverseIndex reverse(g);
    const auto t = transposed_graph(g, reverse);
    ASSERT_EQ(t.node_count(), g.node_count());
    ASSERT_EQ(t.edge_count(), g.edge_count());
    for (NodeId v = 0; v < t.node_count(); ++v) {
        for (EdgeId k = t.first_out[v]; k < t.first_out[v + 1]; ++k) {
            const EdgeId e = reverse.in_edge[k];
            EXPECT_EQ(g.head[e], v);
            EXPECT_EQ(g.tail(e), t.head[k]);
            EXPECT_EQ(g.time_weight[e], t.time_weight[k]);
            EXPECT_EQ(g.length_dm[e], t.length_dm[k]);
        }
    }
}

TEST(RasterGrid, CoversTheBoxWithWholeAlignedCells) {
    BBox box;
    box.expand({1020, 2090});
    box.expand({1350, 2410});
    const auto g = RasterGrid::covering(box, 100, true);
    EXPECT_EQ(g.min_x, 1000);
    EXPECT_EQ(g.max_y, 2500);
    EXPECT_EQ(g.cols, 4u);  // 1000..1400
    EXPECT_EQ(g.rows, 5u);  // 2000..2500
    EXPECT_EQ(g.centre(0, 0).x, 1050);
    EXPECT_EQ(g.centre(0, 0).y, 2450);  // row 0 is the north row
    const auto exact = RasterGrid::covering(box, 100, false);
    EXPECT_EQ(exact.min_x, 1020);
    EXPECT_EQ(exact.max_y, 2410);
    EXPECT_EQ(exact.cols, 4u);
    EXPECT_EQ(exact.rows, 4u);
    EXPECT_EQ(analysis::default_cell_max_snap_m(100), 250);
    EXPECT_NEAR(analysis::default_cell_max_snap_m(1000), 707.1, 0.1);
}

// The cell loop skips cells that no road segment comes near; that must never skip a cell
// the snapper would snap. Random diagonal and bent links, an odd cell size and an
// unaligned grid; every cell is checked against a direct snap.
TEST(TravelTimeRaster, SkippingFarCellsNeverSkipsACellNearARoad) {
    std::mt19937_64 rng(test::test_seed(606));
    std::uniform_real_distribution<double> coord(0, 5000);
    TinyNetwork net;
    for (NodeKey k = 0; k < 40; ++k) net.node(k, coord(rng), coord(rng));
    std::uniform_int_distribution<NodeKey> key(0, 39);
    for (int i = 0; i < 60; ++i) {
        const NodeKey a = key(rng), b = key(rng);
        if (a == b) continue;
        auto& l = net.link(a, b, RoadClass::Secondary, i % 5 == 0 ? Oneway::Backward : Oneway::No);
        if (i % 3 == 0) l.geometry.insert(l.geometry.begin() + 1, Point{coord(rng), coord(rng)});
    }
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    const auto g = build_graph(net.table(), p).graph;
    const Snapper snapper(g);
    std::vector<SnapAnchors> dests{destination_anchors(g, Metric::Time, snapper.snap({2500, 2500}, 5000))};
    const NearestDestinationField field(g, dests);
    for (const double cell : {11.0, 113.0}) {  // small cells: the mask's one-cell slack is far below the reach
        BBox box;
        box.expand({-123.4, -98.7});
        box.expand({5111.1, 5077.7});
        const auto grid = RasterGrid::covering(box, cell, false);
        analysis::TravelTimeRasterOptions opt;
        opt.max_snap_m = 60;
        const auto raster = analysis::travel_time_raster(g, snapper, field, grid, opt);
        std::size_t snapped = 0;
        for (std::uint32_t r = 0; r < grid.rows; ++r) {
            for (std::uint32_t c = 0; c < grid.cols; ++c) {
                const auto s = snapper.snap(grid.centre(c, r), opt.max_snap_m);
                const bool on_network = origin_anchors(g, Metric::Time, s).ok();
                snapped += on_network;
                if (!on_network) {
                    EXPECT_TRUE(std::isnan(raster.minutes[std::size_t{r} * grid.cols + c]));
                }
            }
        }
        EXPECT_GT(snapped, 100u) << "cell " << cell;
        EXPECT_LT(snapped, grid.cells()) << "cell " << cell;
        EXPECT_EQ(raster.cells_off_network, grid.cells() - snapped) << "cell " << cell;
        EXPECT_EQ(raster.cells_valued + raster.cells_unreached, snapped) << "cell " << cell;
    }
}
