// workflow::compute_route and its reports on the hand-drawn 60 km/h line: the JSON keys
// in their documented order with the text's digits, the text block, the pairs CSV, and
// the graph summary's JSON.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "midlink/core/error.hpp"
#include "midlink/workflow/graph_summary.hpp"
#include "midlink/workflow/route.hpp"
#include "tiny_network.hpp"

namespace midlink {
namespace {

// 1 -- 2 -- 3 -- 4, 1 km apart from (100000, 200000), one minute each.
constexpr double kX0 = 100000.0, kY0 = 200000.0;

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
    std::vector<std::string> out;
    for (const auto& [k, v] : j.items()) out.push_back(k);
    return out;
}

TEST(WorkflowRoute, JsonReportHasTheKeysInOrderAndTheTextsDigits) {
    const auto g = test::line_graph_60kmh(kX0, kY0);
    workflow::RouteConfig cfg;
    cfg.from = "node:1";
    cfg.to = "node:4";
    cfg.format = "json";
    const auto r = workflow::compute_route(cfg, g);
    ASSERT_EQ(r.route.status, graph::RouteStatus::Ok);
    const auto j = nlohmann::ordered_json::parse(workflow::single_route_report(r, cfg));
    EXPECT_EQ(keys(j), (std::vector<std::string>{"status", "time_s", "distance_m", "edges", "refs", "from_snap_m",
                                                 "to_snap_m"}));
    EXPECT_EQ(j["status"], "ok");
    EXPECT_EQ(j["time_s"].get<double>(), 180.0);
    EXPECT_EQ(j["distance_m"].get<double>(), 3000.0);
    EXPECT_EQ(j["edges"].get<int>(), 3);

    cfg.format = "text";
    const auto text = workflow::single_route_report(r, cfg);
    EXPECT_NE(text.find("time:       3.0 min (180.0 s)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("distance:   3.00 km\n"), std::string::npos) << text;
}

TEST(WorkflowRoute, PointsPartWayAlongEdgesAndAnUnreachableIsland) {
    const auto g = test::line_graph_60kmh(kX0, kY0);
    workflow::RouteConfig cfg;
    cfg.from = std::to_string(kX0 + 500) + "," + std::to_string(kY0);
    cfg.to = std::to_string(kX0 + 2500) + "," + std::to_string(kY0);
    const auto r = workflow::compute_route(cfg, g);
    ASSERT_EQ(r.route.status, graph::RouteStatus::Ok);
    EXPECT_NEAR(r.route.time_s, 120.0, 1e-6);
    cfg.to = "node:9";  // the island 8-9
    EXPECT_EQ(workflow::compute_route(cfg, g).route.status, graph::RouteStatus::Unreachable);
    cfg.to = "node:5";
    EXPECT_THROW(workflow::compute_route(cfg, g), ConfigError);
}

TEST(WorkflowRoute, PairsCsvQuotesIdsAndLeavesUnsnappedTimesEmpty) {
    const auto g = test::line_graph_60kmh(kX0, kY0);
    const auto pairs = std::filesystem::path(::testing::TempDir()) / "route_pairs.csv";
    std::ofstream(pairs) << "id,from_x,from_y,to_x,to_y\n"
                         << "\"a,b\"," << kX0 << "," << kY0 << "," << kX0 + 3000 << "," << kY0 << "\n"
                         << "far," << kX0 - 50000 << "," << kY0 << "," << kX0 << "," << kY0 << "\n";
    workflow::RouteConfig cfg;
    cfg.pairs = pairs.string();
    workflow::Context ctx;
    ctx.quiet = true;
    const auto routes = workflow::compute_route_pairs(cfg, ctx, g);
    EXPECT_EQ(workflow::pair_routes_csv(routes, g),
              "id,time_s,distance_m,status,via\n\"a,b\",180.0,3000.0,ok,\nfar,,,unsnapped,\n");
}

TEST(WorkflowRoute, PairsKeepRefsAndDropPathsWithoutGeometry) {
    // A -- B -- C -- D with refs A1, A1, "B2,x" (quoted refs are left out of the CSV), M6.
    test::TinyNetwork net;
    net.node(1, kX0, kY0).node(2, kX0 + 1000, kY0).node(3, kX0 + 2000, kY0).node(4, kX0 + 3000, kY0);
    net.link(1, 2).ref = "A1";
    net.link(2, 3).ref = "A1";
    net.link(3, 4).ref = "B2,x";
    net.node(5, kX0 + 4000, kY0);
    net.link(4, 5).ref = "M6";
    const auto g = graph::build_graph(net.table(), test::car_all()).graph;
    const auto pairs = std::filesystem::path(::testing::TempDir()) / "route_pairs_refs.csv";
    std::ofstream(pairs) << "id,from_x,from_y,to_x,to_y\n" << "1," << kX0 + 500 << "," << kY0 << "," << kX0 + 3500 << "," << kY0 << "\n";
    workflow::RouteConfig cfg;
    cfg.pairs = pairs.string();
    workflow::Context ctx;
    ctx.quiet = true;
    const auto routes = workflow::compute_route_pairs(cfg, ctx, g);
    ASSERT_EQ(routes.refs.size(), 1u);
    EXPECT_EQ(routes.refs[0], (std::vector<std::string>{"A1", "B2,x", "M6"}));
    EXPECT_TRUE(routes.routes[0].edges.empty());
    const std::string csv = workflow::pair_routes_csv(routes, g);
    EXPECT_NE(csv.find(",ok,A1 M6\n"), std::string::npos) << csv;
    // With --geometry the whole path stays; the CSV is the same.
    cfg.geometry = (std::filesystem::path(::testing::TempDir()) / "unused.gpkg").string();
    const auto with_paths = workflow::compute_route_pairs(cfg, ctx, g);
    EXPECT_EQ(with_paths.routes[0].edges.size(), 4u);
    EXPECT_EQ(workflow::pair_routes_csv(with_paths, g), csv);
}

TEST(WorkflowRoute, PairsCsvNumbersHavePrintfsDigits) {
    // std::to_chars must print what "%.1f" printed, halves and large values included.
    const std::vector<double> values{0.0, 0.05, 0.25, 0.35, 0.45, 2.5, 2.45, 1e-7, 123456.75, 1e6 + 0.05,
                                     9.95, 99999.95, 4.35e7, 1.0 / 3.0, 8191.25, 17.15};
    workflow::PairRoutes r;
    std::string expected = "id,time_s,distance_m,status,via\n";
    for (std::size_t i = 0; i < values.size(); ++i) {
        r.rows.push_back({std::to_string(i), {}, {}});
        graph::Route route;
        route.status = graph::RouteStatus::Ok;
        route.time_s = values[i];
        route.distance_m = values[i] * 7.0;
        r.routes.push_back(route);
        char buf[128];
        std::snprintf(buf, sizeof(buf), "%zu,%.1f,%.1f,ok,\n", i, route.time_s, route.distance_m);
        expected += buf;
    }
    EXPECT_EQ(workflow::pair_routes_csv(r, test::line_graph_60kmh(kX0, kY0)), expected);
}

TEST(WorkflowGraphSummary, JsonCountsEachLinkOnceAndKeepsTheDiagnostics) {
    auto g = test::line_graph_60kmh(kX0, kY0);
    g.meta.diagnostics_summary = "self_loop=2;islands_dropped=1";
    const auto j = nlohmann::ordered_json::parse(workflow::summary_json(g, workflow::summarise(g)));
    EXPECT_EQ(keys(j).front(), "source");
    EXPECT_EQ(j["links"].get<int>(), 4);
    EXPECT_EQ(j["edges"].get<int>(), 8);
    EXPECT_EQ(j["total_length_km"].get<double>(), 3.1);
    EXPECT_EQ(keys(j["diagnostics"]), (std::vector<std::string>{"self_loop", "islands_dropped"}));
    EXPECT_EQ(j["diagnostics"]["self_loop"].get<int>(), 2);
    EXPECT_EQ(workflow::physical_length_m(g), 3100.0);
}

}  // namespace
}  // namespace midlink
