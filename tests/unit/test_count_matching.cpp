// Counts to edges on hand-drawn graphs: road number, tolerance, compass direction, dual
// carriageways, one count per edge, and the peak-hour V/C.
#include <gtest/gtest.h>

#include <cmath>

#include "midlink/analysis/count_matching.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/io/count_reader.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::analysis;
using midlink::test::TinyNetwork;

namespace {
//  A38 two-way along y = 0 from x = 0 to 2000 (1 -- 2 -- 3);
//  M6 dual carriageway: eastbound 4 -> 5 at y = 1000, westbound 6 -> 7 at y = 1020.
graph::RoadGraph network() {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0);
    net.node(4, 0, 1000).node(5, 2000, 1000).node(6, 2000, 1020).node(7, 0, 1020);
    net.link(1, 2).ref = "A38";
    net.link(2, 3).ref = "A38;A61";
    net.link(4, 5, RoadClass::Motorway, Oneway::Forward).ref = "M6";
    net.link(6, 7, RoadClass::Motorway, Oneway::Forward).ref = "M6";
    net.link(3, 5, RoadClass::Primary).ref = "B1";  // joins the pieces
    net.link(7, 1, RoadClass::Primary).ref = "B2";
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return graph::build_graph(net.table(), p).graph;
}

TrafficCount count(std::string id, std::string road, Point xy, std::string direction = "",
                   double all = 10000, double hgv = 1000) {
    TrafficCount c;
    c.count_point_id = std::move(id);
    c.road = std::move(road);
    c.xy = xy;
    c.direction = std::move(direction);
    c.all_motor_vehicles = all;
    c.hgv = hgv;
    return c;
}

Point edge_direction(const graph::RoadGraph& g, EdgeId e) {
    const auto line = g.edge_geometry(e);
    return {line.back().x - line.front().x, line.back().y - line.front().y};
}
}  // namespace

TEST(CountMatching, RoadNumberAndToleranceDecide) {
    const auto g = network();
    const std::vector<TrafficCount> counts{
        count("near", "A38", {500, 30}),     // 30 m off the A38
        count("far", "A38", {500, -300}),    // 300 m off
        count("noref", "A999", {1500, 10}),  // no such road
        count("blank", "", {1500, 10}),      // names no road
        count("a61", "a 61", {1500, 10}),    // second ref of a link, other spelling
    };
    TrafficCount nowhere = count("nowhere", "A38", {0, 0});
    nowhere.xy.reset();
    nowhere.coordinate_problem = "no coordinates (empty or not numbers)";
    auto all = counts;
    all.push_back(nowhere);
    const auto m = match_counts(g, all, {});
    EXPECT_EQ(m[0].status, CountMatchStatus::Matched);
    EXPECT_NEAR(m[0].distance_m, 30.0, 1e-9);
    EXPECT_EQ(m[0].edges.size(), 2u);  // two-way road, two-way count
    EXPECT_EQ(m[1].status, CountMatchStatus::TooFar);
    EXPECT_NEAR(m[1].distance_m, 300.0, 1e-9);
    EXPECT_NE(m[1].reason.find("50 m"), std::string::npos) << m[1].reason;
    EXPECT_EQ(m[2].status, CountMatchStatus::NoEdgeWithRef);
    EXPECT_NE(m[2].reason.find("A999"), std::string::npos);
    EXPECT_EQ(m[3].status, CountMatchStatus::NoRoadNumber);
    EXPECT_EQ(m[4].status, CountMatchStatus::Matched);
    EXPECT_EQ(m[5].status, CountMatchStatus::NoCoordinates);
    EXPECT_EQ(m[5].reason, "no coordinates (empty or not numbers)");

    CountMatchOptions wide;
    wide.tolerance_m = 400;
    EXPECT_EQ(match_counts(g, {counts[1]}, wide)[0].status, CountMatchStatus::Matched);
    EXPECT_EQ(match_counts(g, counts, wide)[1].status,
              CountMatchStatus::Superseded);  // "near" holds the link
    CountMatchOptions fallback;
    fallback.any_ref_fallback = true;
    const auto f = match_counts(g, counts, fallback);
    EXPECT_EQ(f[2].status, CountMatchStatus::Matched);
    EXPECT_TRUE(f[2].by_fallback);
    EXPECT_EQ(f[1].status, CountMatchStatus::TooFar);  // the fallback keeps the tolerance
}

TEST(CountMatching, CompassDirectionPicksTheEdgeAndTheCarriageway) {
    const auto g = network();
    // Eastbound and westbound counts at the same spot of the two-way A38.
    const std::vector<TrafficCount> a38{count("e", "A38", {500, 5}, "E"),
                                        count("w", "A38", {500, 5}, "W")};
    const auto m = match_counts(g, a38, {});
    ASSERT_EQ(m[0].status, CountMatchStatus::Matched);
    ASSERT_EQ(m[1].status, CountMatchStatus::Matched);
    ASSERT_EQ(m[0].edges.size(), 1u);
    EXPECT_GT(edge_direction(g, m[0].edges[0]).x, 0.0);
    EXPECT_LT(edge_direction(g, m[1].edges[0]).x, 0.0);

    // A westbound M6 count nearer the eastbound carriageway still goes to the westbound one.
    const std::vector<TrafficCount> m6{count("w", "M6", {1000, 1001}, "W")};
    const auto w = match_counts(g, m6, {});
    ASSERT_EQ(w[0].status, CountMatchStatus::Matched);
    EXPECT_NEAR(w[0].distance_m, 19.0, 1e-9);
    EXPECT_LT(edge_direction(g, w[0].edges[0]).x, 0.0);

    // A two-way count on a dual carriageway loads both carriageways.
    const std::vector<TrafficCount> both{count("both", "M6", {1000, 1001})};
    const auto b = match_counts(g, both, {});
    ASSERT_EQ(b[0].edges.size(), 2u);
    EXPECT_LT(edge_direction(g, b[0].edges[0]).x * edge_direction(g, b[0].edges[1]).x, 0.0);
}

TEST(CountMatching, NearestCountKeepsTheEdge) {
    const auto g = network();
    const std::vector<TrafficCount> counts{count("second", "A38", {500, 40}, "E"),
                                           count("first", "A38", {520, 2}, "E")};
    const auto m = match_counts(g, counts, {});
    EXPECT_EQ(m[1].status, CountMatchStatus::Matched);
    EXPECT_EQ(m[0].status, CountMatchStatus::Superseded);
    EXPECT_NE(m[0].reason.find("first"), std::string::npos) << m[0].reason;
}

TEST(CountMatching, PeakHourVolumeOverCapacity) {
    const auto g = network();
    const std::vector<TrafficCount> counts{count("dir", "A38", {500, 5}, "E", 12000, 600),
                                           count("two", "M6", {1000, 1001}, "", 80000, 8000)};
    const auto m = match_counts(g, counts, {});
    FlowOptions o;  // K = 0.1, D = 0.6
    const auto f = edge_flows(g, counts, m, o);
    const EdgeId a38 = m[0].edges[0];
    EXPECT_EQ(f[a38].count, 0);
    EXPECT_TRUE(f[a38].directional);
    EXPECT_DOUBLE_EQ(f[a38].peak_hour_vph, 1200.0);
    const double primary = g.link_capacity(g.edge_link[a38]);
    EXPECT_NEAR(f[a38].vc_ratio, 1200.0 / primary, 1e-9);
    for (EdgeId e : m[1].edges) {
        EXPECT_FALSE(f[e].directional);
        EXPECT_DOUBLE_EQ(f[e].peak_hour_vph, 80000 * 0.1 * 0.6);
        EXPECT_NEAR(f[e].vc_ratio, 4800.0 / 6000.0, 1e-6);  // motorway: 3 lanes x 2000
        EXPECT_FALSE(f[e].near_capacity(o));
    }
    o.near_capacity_ratio = 0.8;
    EXPECT_TRUE(f[m[1].edges[0]].near_capacity(o));
    // Edges without a count stay empty: NaN, not 0.
    int empty = 0;
    for (const auto& x : f) empty += x.count < 0 && std::isnan(x.vc_ratio) ? 1 : 0;
    EXPECT_EQ(empty, static_cast<int>(g.edge_count()) - 3);
}

TEST(CountReader, DftCsvColumnsAndBadRows) {
    Diagnostics d;
    io::CountReadOptions o;
    o.path = std::string(MIDLINK_TEST_DATA) + "/counts/dft_aadf_sample.csv";
    const auto counts = io::read_traffic_counts(o, d);
    ASSERT_EQ(counts.size(), 7u);
    EXPECT_EQ(counts[0].count_point_id, "6292");
    EXPECT_EQ(counts[0].road, "A27");
    ASSERT_TRUE(counts[0].xy);
    EXPECT_NEAR(counts[0].xy->x, 445000, 1e-6);
    EXPECT_DOUBLE_EQ(counts[0].all_motor_vehicles, 11575);
    EXPECT_DOUBLE_EQ(counts[0].hgv, 99);
    EXPECT_EQ(counts[0].estimation, CountEstimation::Counted);
    EXPECT_EQ(counts[1].estimation, CountEstimation::Estimated);
    EXPECT_EQ(counts[0].year, 2015);
    EXPECT_TRUE(counts[0].direction.empty());
    EXPECT_FALSE(counts[4].xy);
    EXPECT_NE(counts[4].coordinate_problem.find("no coordinates"), std::string::npos);
    o.all_field = "no_such_column";
    EXPECT_ANY_THROW(io::read_traffic_counts(o, d));
}

TEST(CountReader, DirectionsAndRoadNumbers) {
    EXPECT_EQ(io::normalise_direction("N"), "N");
    EXPECT_EQ(io::normalise_direction(" w "), "W");
    EXPECT_EQ(io::normalise_direction("Eastbound"), "E");
    EXPECT_EQ(io::normalise_direction("C"), "");
    EXPECT_EQ(io::normalise_direction(""), "");
    EXPECT_EQ(road_number_parts("A38; a61"), (std::vector<std::string>{"A38", "A61"}));
    EXPECT_EQ(road_number_parts("A 1(M)"), (std::vector<std::string>{"A1(M)"}));
    EXPECT_TRUE(road_number_parts("").empty());
}
