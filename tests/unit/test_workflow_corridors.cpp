// workflow::compute_corridors on a hand-drawn ladder: the route, its disjoint alternative
// over the other rail, and the checks made before any work.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/workflow/corridors.hpp"
#include "tiny_network.hpp"

namespace midlink {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
    const auto p = std::filesystem::path(::testing::TempDir()) / name;
    std::ofstream(p) << text;
    return p.string();
}

// Two parallel east-west roads 1 km apart, joined at both ends: 0-1-2-3 and 4-5-6-7,
// rungs 0-4 and 3-7; every link 1 km of primary road.
graph::RoadGraph ladder() {
    test::TinyNetwork net;
    for (NodeKey k = 0; k < 4; ++k) net.node(k, 1000.0 * k, 0).node(k + 4, 1000.0 * k, 1000);
    for (NodeKey k = 0; k < 3; ++k) {
        net.link(k, k + 1);
        net.link(k + 4, k + 5);
    }
    net.link(0, 4);
    net.link(3, 7);
    return graph::build_graph(net.table(), test::car_all()).graph;
}

workflow::Context quiet() {
    workflow::Context ctx;
    ctx.quiet = true;
    return ctx;
}

TEST(WorkflowCorridors, RouteAndDisjointAlternativeOverTheOtherRoad) {
    const auto g = ladder();
    workflow::CorridorsConfig cfg;
    cfg.graph = "ladder";
    // From the middle of 0-1 to the middle of 2-3, on the southern road.
    cfg.corridors = write_file("ladder.yaml",
                               "corridors:\n  - name: south\n    waypoints: [{name: W, x: 500, y: 0}, {name: E, x: 2500, y: 0}]\n");
    const auto study = workflow::compute_corridors(cfg, quiet(), g);
    ASSERT_EQ(study.corridors.size(), 1u);
    const auto& r = study.corridors[0].result;
    ASSERT_TRUE(r.ok()) << r.status;
    EXPECT_NEAR(r.route.distance_m, 2000.0, 1e-6);
    EXPECT_EQ(study.corridors[0].origin, "file");
    // Between the route's junctions (nodes 1 and 2) the only way avoiding link 1-2 runs
    // 1-0-4-5-6-7-3-2: 7 km against 1 km, all on one road class.
    ASSERT_TRUE(r.disjoint.path.has_value());
    ASSERT_TRUE(r.disjoint.redundancy.has_value());
    EXPECT_NEAR(*r.disjoint.redundancy, 7.0, 0.01);
    EXPECT_FALSE(study.discovery.has_value());
    EXPECT_EQ(study.bridges.size(), g.edge_count());

    // tables(): the layers the writer writes, the route as the corridor's line.
    const auto tables = study.tables();
    ASSERT_EQ(tables.size(), 3u);
    EXPECT_EQ(tables[0].name, "corridors");
    EXPECT_EQ(tables[1].name, "alternatives");
    EXPECT_EQ(tables[2].name, "critical_links");
    ASSERT_EQ(tables[0].rows.size(), 1u);
    EXPECT_EQ(tables[0].columns.front().name, "name");
    ASSERT_EQ(tables[0].shapes.size(), 1u);
    EXPECT_EQ(tables[0].shapes[0].parts.at(0), r.route.geometry);
}

TEST(WorkflowCorridors, RefusesNothingToDoAndZeroK) {
    const auto g = ladder();
    workflow::CorridorsConfig cfg;
    EXPECT_THROW((void)workflow::compute_corridors(cfg, quiet(), g), ConfigError);
    cfg.corridors = "x.yaml";
    cfg.k = 0;
    EXPECT_THROW((void)workflow::compute_corridors(cfg, quiet(), g), ConfigError);
}

}  // namespace
}  // namespace midlink
