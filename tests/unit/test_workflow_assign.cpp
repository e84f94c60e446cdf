// compute_assign in both forms on inputs small enough to solve by hand: a TNTP network of
// two routes, and a graph in memory with zones and an OD table written to a temp folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "midlink/core/enum_names.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/workflow/assign.hpp"
#include "tiny_network.hpp"

namespace {
namespace fs = std::filesystem;
using namespace midlink;

struct Folder {
    fs::path dir = fs::temp_directory_path() / ("midlink_wf_assign_" + std::to_string(::getpid()));
    Folder() { fs::create_directories(dir); }
    ~Folder() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string file(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
};

const LayerData& layer(const std::vector<LayerData>& tables, const std::string& name) {
    for (const auto& t : tables) {
        if (t.name == name) return t;
    }
    throw std::runtime_error("no layer " + name);
}

double num(const LayerData& t, std::size_t row, const std::string& column) {
    const int c = t.column(column);
    EXPECT_GE(c, 0) << column;
    const auto& v = t.rows[row][static_cast<std::size_t>(c)];
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::nan("");
}

workflow::Context quiet() {
    workflow::Context ctx;
    ctx.quiet = true;
    return ctx;
}

// Route A is link 1 -> 2 (t = 10 + 0.1 x); route B is 1 -> 3 -> 2 (t = 20 + 0.2 x).
// Equilibrium for 300 trips: 10 + 0.1 x = 20 + 0.2 (300 - x), so x = 700/3 on A.
TEST(WorkflowAssign, TntpTwoRoutesReachTheHandSolvedEquilibrium) {
    const Folder f;
    workflow::AssignConfig cfg;
    cfg.network = f.file("two_net.tntp",
                         "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 3\n<NUMBER OF LINKS> 3\n"
                         "<END OF METADATA>\n\n~ init term cap len fft b power speed toll type ;\n"
                         "1 2 100 5 10 1 1 0 5 1 ;\n1 3 100 1 20 1 1 0 0 1 ;\n3 2 1000 0 0 0.15 4 0 0 1 ;\n");
    cfg.trips = f.file("two_trips.tntp",
                       "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 300\n<END OF METADATA>\n\nOrigin 1\n 2 : 300;\n");
    cfg.method = "bush";
    cfg.gap = 1e-12;
    const auto study = workflow::compute_assign(cfg, quiet());
    EXPECT_FALSE(study.on_graph());
    const auto tables = study.tables();
    ASSERT_EQ(tables.size(), 2u);
    const auto& flows = layer(tables, "flows");
    ASSERT_EQ(flows.rows.size(), 3u);
    EXPECT_EQ(flows.columns.size(), 5u);
    EXPECT_EQ(num(flows, 0, "from"), 1.0);
    EXPECT_EQ(num(flows, 0, "to"), 2.0);
    EXPECT_NEAR(num(flows, 0, "volume"), 700.0 / 3.0, 1e-6);
    EXPECT_NEAR(num(flows, 1, "volume"), 200.0 / 3.0, 1e-6);
    EXPECT_NEAR(num(flows, 0, "time"), 10.0 + 70.0 / 3.0, 1e-6);  // no toll factor in the file
    EXPECT_NEAR(num(flows, 0, "cost"), num(flows, 0, "time"), 1e-12);
    const auto& summary = layer(tables, "summary");
    ASSERT_EQ(summary.rows.size(), 1u);
    EXPECT_EQ(std::get<std::string>(summary.rows[0][0]), "bush");
    EXPECT_EQ(num(summary, 0, "converged"), 1.0);
    EXPECT_EQ(num(summary, 0, "links"), 3.0);
    EXPECT_EQ(num(summary, 0, "unassigned_demand"), 0.0);
}

// 1 -- 2 -- 3 -- 4 along y = 0 (1 km links), spurs 2 -- 5 and 3 -- 6 so 2 and 3 are
// junctions. Zones at the middle of 1-2 and of 3-4 join the graph at the ends of their
// edge; 100 trips from z1 to z4 go z1 -> 2 -> 3 -> z4, so edge 2 -> 3 carries all of them
// (V/C 100 / 400) and every other graph edge nothing.
TEST(WorkflowAssign, GraphFormLoadsTheOnlyPath) {
    const Folder f;
    test::TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0).node(5, 1000, 1000).node(6, 2000, 1000);
    for (const auto& [a, b] : std::vector<std::pair<NodeKey, NodeKey>>{{1, 2}, {2, 3}, {3, 4}, {2, 5}, {3, 6}})
        net.link(a, b).capacity_vph = 400;
    const auto g = graph::build_graph(net.table(), test::car_all()).graph;

    workflow::AssignConfig cfg;
    cfg.method = "aon";
    cfg.on_graph.zones = f.file("zones.csv", "id,x,y\nz1,500,5\nz4,2500,5\n");
    cfg.on_graph.zones_crs = "EPSG:27700";
    cfg.on_graph.od = f.file("od.csv", "from,to,trips\nz1,z4,100\nz1,nowhere,5\n");
    cfg.on_graph.connectors = 0;
    const auto study = workflow::compute_assign(cfg, g, quiet());
    ASSERT_TRUE(study.on_graph());
    EXPECT_EQ(study.zones, 2u);
    EXPECT_EQ(study.od_rows_skipped, 1u);
    EXPECT_EQ(study.trips, 100.0);

    const auto tables = study.tables();
    const auto& flows = layer(tables, "flows");
    ASSERT_EQ(flows.rows.size(), g.edge_count());
    ASSERT_EQ(g.edge_count(), 10u);
    const auto& edges = layer(tables, "assigned_edges");
    EXPECT_EQ(edges.geometry_type, "LineString");
    ASSERT_EQ(edges.shapes.size(), g.edge_count());
    int loaded = 0;
    for (std::size_t r = 0; r < flows.rows.size(); ++r) {
        const bool two_three = num(flows, r, "from") == 2.0 && num(flows, r, "to") == 3.0;
        EXPECT_DOUBLE_EQ(num(flows, r, "volume"), two_three ? 100.0 : 0.0) << r;
        EXPECT_DOUBLE_EQ(num(flows, r, "vc_ratio"), two_three ? 0.25 : 0.0) << r;
        EXPECT_EQ(num(edges, r, "volume"), num(flows, r, "volume"));
        loaded += two_three ? 1 : 0;
    }
    EXPECT_EQ(loaded, 1);
    EXPECT_EQ(num(layer(tables, "summary"), 0, "zones_unsnapped"), 0.0);
}

TEST(WorkflowAssign, UnknownMethodIsRefusedListingTheNames) {
    workflow::AssignConfig cfg;
    cfg.network = "n.tntp";
    cfg.trips = "t.tntp";
    cfg.method = "tapas";
    try {
        workflow::check_assign_config(cfg);
        FAIL() << "an unknown method was accepted";
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.exit_code(), 2);
        EXPECT_EQ(std::string(e.what()), "--method 'tapas' is not one of: aon, fw, cfw, bfw, bush");
    }
}

enum class Colour { Red, Green };
constexpr EnumName<Colour> kColours[] = {{"red", Colour::Red}, {"green", Colour::Green}};

TEST(EnumNames, ParsesKnownNamesAndListsThemOtherwise) {
    EXPECT_EQ(parse_enum("green", kColours, "--colour"), Colour::Green);
    EXPECT_EQ(enum_name(Colour::Red, kColours), "red");
    EXPECT_EQ(enum_name_list(kColours), "red, green");
    EXPECT_THROW((void)parse_enum("Green", kColours, "--colour"), ConfigError);  // exact names only
    EXPECT_THROW((void)parse_enum("", kColours, "--colour"), ConfigError);
}

}  // namespace
