// workflow::compute_route and its reports on the hand-drawn 60 km/h line: the JSON keys
// in their documented order with the text's digits, the text block, the pairs CSV, and
// the graph summary's JSON.
#include <gtest/gtest.h>

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
