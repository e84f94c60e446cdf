// Points at graph nodes route exactly like the nodes (issue 11 §1): on link-table models
// (PRISM from TNTP, the SRN junction CSV) each direction of a road is its own directed
// link, and a point on a node used to leave only by the head of one of them.
// Seeded random node pairs; the seed is MIDLINK_TEST_SEED when set.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <queue>
#include <random>

#include "cli_runner.hpp"
#include "midlink/graph/graph_file.hpp"

using namespace midlink;
using namespace midlink::test;
using graph::RoadGraph;

namespace {
constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();

unsigned test_seed() {
    const char* s = std::getenv("MIDLINK_TEST_SEED");
    return s ? static_cast<unsigned>(std::strtoul(s, nullptr, 10)) : 11u;
}

// Plain Dijkstra on time weights over the CSR arrays (or their reverse): the reference.
std::vector<std::int64_t> dijkstra(const RoadGraph& g, const std::vector<NodeId>& sources, bool reverse = false) {
    std::vector<std::vector<std::pair<NodeId, std::int64_t>>> adj(g.node_count());
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            if (reverse) adj[g.head[e]].emplace_back(u, g.time_weight[e]);
            else adj[u].emplace_back(g.head[e], g.time_weight[e]);
        }
    }
    std::vector<std::int64_t> dist(g.node_count(), kNone);
    using Item = std::pair<std::int64_t, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    for (NodeId s : sources) {
        dist[s] = 0;
        heap.push({0, s});
    }
    while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (d > dist[u]) continue;
        for (const auto& [v, w] : adj[u]) {
            if (d + w < dist[v]) {
                dist[v] = d + w;
                heap.push({dist[v], v});
            }
        }
    }
    return dist;
}

// Nodes with no other node within 1 m, so that a point there names one node only.
std::vector<NodeId> distinct_nodes(const RoadGraph& g) {
    std::vector<NodeId> order(g.node_count());
    for (NodeId v = 0; v < g.node_count(); ++v) order[v] = v;
    std::sort(order.begin(), order.end(), [&](NodeId a, NodeId b) { return g.node_xy[a].x < g.node_xy[b].x; });
    std::vector<std::uint8_t> crowded(g.node_count(), 0);
    for (std::size_t i = 0; i < order.size(); ++i) {
        for (std::size_t j = i + 1; j < order.size() && g.node_xy[order[j]].x - g.node_xy[order[i]].x < 1.0; ++j) {
            if (distance_m(g.node_xy[order[i]], g.node_xy[order[j]]) < 1.0) crowded[order[i]] = crowded[order[j]] = 1;
        }
    }
    std::vector<NodeId> out;
    for (NodeId v = 0; v < g.node_count(); ++v) {
        if (!crowded[v]) out.push_back(v);
    }
    return out;
}

std::string xy(const Point& p) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.3f,%.3f", p.x, p.y);
    return buf;
}

double num(const std::map<std::string, std::string>& row, const std::string& key) {
    const auto it = row.find(key);
    return it == row.end() || it->second.empty() ? std::nan("") : std::stod(it->second);
}

// `route --pairs` between the coordinates of random node pairs equals node-to-node Dijkstra.
void expect_routes_equal_node_dijkstra(const std::string& graph_path, const std::string& name, int pairs) {
    const RoadGraph g = graph::read_graph_file(graph_path);
    const auto nodes = distinct_nodes(g);
    ASSERT_GT(nodes.size(), 100u);
    std::mt19937 rng(test_seed());
    std::uniform_int_distribution<std::size_t> pick(0, nodes.size() - 1);
    const auto csv = scratch().file(name + "_node_pairs.csv"), out = scratch().file(name + "_node_routes.csv");
    std::vector<double> expected_s;
    {
        std::ofstream f(csv);
        f << "id,from_x,from_y,to_x,to_y\n";
        for (int i = 0; i < pairs; ++i) {
            const NodeId a = nodes[pick(rng)], b = nodes[pick(rng)];
            const auto dist = dijkstra(g, {a});
            expected_s.push_back(dist[b] == kNone ? std::nan("") : g.cost_value(graph::Metric::Time, dist[b]));
            f << i << ',' << xy(g.node_xy[a]) << ',' << xy(g.node_xy[b]) << '\n';
        }
    }
    const auto r = run_midlink("route " + graph_path + " --pairs " + csv + " -o " + out + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto rows = read_csv(out);
    ASSERT_EQ(rows.size(), expected_s.size());
    int wrong = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double want = expected_s[std::stoul(rows[i].at("id"))];
        if (std::isnan(want)) {
            EXPECT_EQ(rows[i].at("status"), "unreachable") << name << " pair " << i;
            continue;
        }
        // time_s is printed to 0.1 s: equal at that precision.
        const bool same = rows[i].at("status") == "ok" && std::abs(num(rows[i], "time_s") - want) <= 0.05 + 1e-6;
        wrong += !same;
        EXPECT_TRUE(same) << name << " pair " << rows[i].at("id") << ": route " << rows[i].at("time_s")
                          << " s, node-to-node Dijkstra " << want << " s";
    }
    EXPECT_EQ(wrong, 0);
}

// `access` with origins and destinations at nodes: nearest_min equals a multi-source
// Dijkstra from the destination nodes on the reversed graph.
void expect_access_equals_node_dijkstra(const std::string& graph_path, const std::string& name, int origins,
                                        int destinations) {
    const RoadGraph g = graph::read_graph_file(graph_path);
    const auto nodes = distinct_nodes(g);
    std::mt19937 rng(test_seed() + 1);
    std::uniform_int_distribution<std::size_t> pick(0, nodes.size() - 1);
    const auto ocsv = scratch().file(name + "_node_origins.csv"), dcsv = scratch().file(name + "_node_dests.csv");
    std::vector<NodeId> dest_nodes;
    {
        std::ofstream f(dcsv);
        f << "id,x,y\n";
        for (int j = 0; j < destinations; ++j) {
            dest_nodes.push_back(nodes[pick(rng)]);
            f << "d" << j << ',' << xy(g.node_xy[dest_nodes.back()]) << '\n';
        }
    }
    const auto to_nearest = dijkstra(g, dest_nodes, true);
    std::map<std::string, double> expected_min;
    {
        std::ofstream f(ocsv);
        f << "id,x,y\n";
        for (int i = 0; i < origins; ++i) {
            const NodeId v = nodes[pick(rng)];
            const auto id = "o" + std::to_string(i);
            expected_min[id] = to_nearest[v] == kNone ? std::nan("") : g.cost_value(graph::Metric::Time, to_nearest[v]) / 60.0;
            f << id << ',' << xy(g.node_xy[v]) << '\n';
        }
    }
    const auto out = scratch().file(name + "_node_access.gpkg");
    const auto r = run_midlink("access " + graph_path + " --origins " + ocsv + " --origin-id id --destinations " + dcsv +
                               " --dest-name d --measures nearest --max-time 600 -o " + out + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto rows = read_csv(scratch().file(name + "_node_access_origins.csv"));
    ASSERT_EQ(rows.size(), expected_min.size());
    int wrong = 0;
    for (const auto& row : rows) {
        const double want = expected_min.at(row.at("id"));
        const double got = num(row, "d_nearest_min");
        const bool same = std::isnan(want) ? std::isnan(got) : std::abs(got - want) <= 1e-6;
        wrong += !same;
        EXPECT_TRUE(same) << name << " origin " << row.at("id") << ": access " << got << " min, Dijkstra " << want;
    }
    EXPECT_EQ(wrong, 0);
}

std::string srn_graph() {
    return built_graph("snap_srn", "--network " + geodata("srn-network-graph/SRN_region_graph.csv"));
}
}  // namespace

TEST(SnapNodePoints, PrismIssueExampleTakesTheDirectLink) {
    // Nodes 2461 and 2456; the TNTP file has a direct 20 m link 2461 -> 2456 (the old
    // snapping went 72 m over 3 edges).
    const auto r = run_midlink("route " + prism_graph() + " --from 390973,343603 --to 390954,343598 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(json_number(r.output, "edges"), 1) << r.output;
    EXPECT_NEAR(json_number(r.output, "distance_m"), 20.0, 0.5) << r.output;
}

TEST(SnapNodePoints, PrismRoutesBetweenNodePointsEqualNodeDijkstra) {
    expect_routes_equal_node_dijkstra(prism_graph(), "prism", 300);
}

TEST(SnapNodePoints, SrnRoutesBetweenNodePointsEqualNodeDijkstra) {
    expect_routes_equal_node_dijkstra(srn_graph(), "srn", 300);
}

TEST(SnapNodePoints, PrismAccessFromNodePointsEqualsNodeDijkstra) {
    expect_access_equals_node_dijkstra(prism_graph(), "prism", 300, 40);
}

TEST(SnapNodePoints, SrnAccessFromNodePointsEqualsNodeDijkstra) {
    expect_access_equals_node_dijkstra(srn_graph(), "srn", 300, 20);
}
