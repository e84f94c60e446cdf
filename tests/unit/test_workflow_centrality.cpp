// workflow::compute_centrality on a hand-drawn network: places from a CSV, snapped, and
// their gravity demand loading the one road between them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/workflow/centrality.hpp"
#include "tiny_network.hpp"

namespace midlink {
namespace {

namespace fs = std::filesystem;

std::string write_file(const std::string& name, const std::string& text) {
    const fs::path p = fs::path(::testing::TempDir()) / name;
    std::ofstream(p) << text;
    return p.string();
}

// A straight two-way road 0 - 1 - 2, 1 km per link.
graph::RoadGraph line_graph() {
    test::TinyNetwork net;
    net.node(0, 0, 0).node(1, 1000, 0).node(2, 2000, 0);
    net.link(0, 1);
    net.link(1, 2);
    return graph::build_graph(net.table(), test::car_all()).graph;
}

TEST(WorkflowCentrality, OdGravityLoadsTheRoadBetweenPlacesAndCountsTheUnsnapped) {
    const auto g = line_graph();
    workflow::Context ctx;
    ctx.quiet = true;
    workflow::CentralityConfig cfg;
    // Quoted id with a comma, a name column instead of id, and one place 50 km away.
    cfg.od = write_file("centrality_places.csv",
                        "name,x,y,population\n\"West, end\",0,0,100\neast,2000,0,300\nfar,50000,0,1000\n");
    cfg.max_snap_m = 100;
    const auto study = workflow::compute_centrality(cfg, ctx, g);
    EXPECT_EQ(study.mode, "od-gravity");
    EXPECT_EQ(study.places, 3u);
    EXPECT_EQ(study.unsnapped_places, 1u);
    // Both directions carry 100 * 300 / t, t the 2 km trip in minutes (floored at 1).
    const NodeId mid = test::node_of(g, 1);
    EXPECT_GT(study.betweenness.node[mid], 0.0);
    double total = 0.0;
    for (double b : study.betweenness.edge) total += b;
    EXPECT_GT(total, 0.0);
}

TEST(WorkflowCentrality, NegativePopulationIsRefusedNamingTheRow) {
    const auto g = line_graph();
    workflow::Context ctx;
    ctx.quiet = true;
    workflow::CentralityConfig cfg;
    cfg.od = write_file("centrality_negative.csv", "id,x,y,population\na,0,0,10\nb,2000,0,-5\n");
    try {
        (void)workflow::compute_centrality(cfg, ctx, g);
        FAIL() << "a negative population was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("row 2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("population"), std::string::npos) << e.what();
    }
}

TEST(WorkflowCentrality, CriticalityWithoutPlacesIsAConfigError) {
    const auto g = line_graph();
    workflow::Context ctx;
    ctx.quiet = true;
    workflow::CentralityConfig cfg;
    cfg.criticality = 3;
    EXPECT_THROW((void)workflow::compute_centrality(cfg, ctx, g), ConfigError);
}

TEST(WorkflowCentrality, ExactWhenEveryNodeIsASource) {
    const auto g = line_graph();
    workflow::Context ctx;
    ctx.quiet = true;
    workflow::CentralityConfig cfg;
    const auto study = workflow::compute_centrality(cfg, ctx, g);
    EXPECT_EQ(study.mode, "exact");
    // Node 1 lies on the paths 0->2 and 2->0.
    EXPECT_DOUBLE_EQ(study.betweenness.node[test::node_of(g, 1)], 2.0);

    // tables(): the layers the writer writes, with the same rows.
    const auto tables = study.tables();
    ASSERT_EQ(tables.size(), 3u);
    EXPECT_EQ(tables[0].name, "edges");
    EXPECT_EQ(tables[0].rows.size(), g.edge_count());
    EXPECT_EQ(tables[0].shapes.size(), g.edge_count());
    ASSERT_EQ(tables[1].name, "nodes");
    const auto node = static_cast<std::size_t>(test::node_of(g, 1));
    EXPECT_EQ(std::get<std::int64_t>(tables[1].rows[node][0]), static_cast<std::int64_t>(node));
    EXPECT_DOUBLE_EQ(std::get<double>(tables[1].rows[node][1]), 2.0);
    EXPECT_EQ(tables[2].name, "centrality_run");
    EXPECT_EQ(std::get<std::string>(tables[2].rows[0][0]), "exact");
}

}  // namespace
}  // namespace midlink
