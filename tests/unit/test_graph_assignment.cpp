// A midlink graph as an assignment network: zones as the first nodes with connectors to
// the ends of their snapped edge, graph edges with free-flow seconds and capacity.
#include <gtest/gtest.h>

#include "midlink/analysis/graph_assignment.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/snapper.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::analysis;
using midlink::test::TinyNetwork;

namespace {
// 1 -- 2 -- 3 -- 4 along y = 0 (1 km links, primary), and a slow bypass 2 -- 5 -- 3.
graph::RoadGraph network() {
    TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 2000, 0).node(4, 3000, 0).node(5, 1500, 800);
    net.link(1, 2);
    net.link(2, 3).capacity_vph = 500;  // a bottleneck
    net.link(3, 4);
    net.link(2, 5, RoadClass::Tertiary);
    net.link(5, 3, RoadClass::Tertiary);
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return graph::build_graph(net.table(), p).graph;
}

ZoneAccess zone_at(const graph::RoadGraph& g, Point p) {
    const graph::Snapper s(g);
    const auto snap = s.snap(p, 100.0);
    return {graph::origin_anchors(g, graph::Metric::Time, snap),
            graph::destination_anchors(g, graph::Metric::Time, snap),
            {}};
}

double volume_between(const graph::RoadGraph& g, const AssignmentResult& r, NodeKey a, NodeKey b) {
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            if (g.node_key[u] == a && g.node_key[g.head[e]] == b) return r.volume[e];
        }
    }
    return -1.0;
}
}  // namespace

TEST(GraphAssignment, ZonesConnectAndLoadTheGraphEdges) {
    const auto g = network();
    const std::vector<ZoneAccess> zones{zone_at(g, {250, 10}), zone_at(g, {2750, -10})};
    const auto n = graph_assignment_network(g, zones);
    EXPECT_EQ(n.zones, 2u);
    EXPECT_EQ(n.net.first_thru_node, 2u);
    EXPECT_EQ(n.graph_links, g.edge_count());
    EXPECT_EQ(n.net.link_count(), g.edge_count() + 8u);  // 2 zones x (2 out + 2 in)
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        EXPECT_DOUBLE_EQ(n.net.free_flow_time[e], g.time_s(e));
        EXPECT_EQ(n.net.to[e], n.graph_node(g.head[e]));
    }
    // Free-flow connector cost: a quarter of the 1 km link to node 1, three quarters to node 2.
    const EdgeId first_connector = g.edge_count();
    double shortest = 1e300;
    for (std::size_t a = first_connector; a < n.net.link_count(); ++a) {
        if (n.net.from[a] == 0) shortest = std::min(shortest, n.net.free_flow_time[a]);
        EXPECT_DOUBLE_EQ(n.net.capacity[a], 0.0);  // connectors never congest
    }
    const double link_s = 1000.0 / (default_car_profile().class_speed(RoadClass::Primary) / 3.6);
    EXPECT_NEAR(shortest, 0.25 * link_s, 0.01);

    const OdMatrix od{{0, {{1, 1500.0}}}};
    AssignmentOptions aon;
    aon.method = AssignmentMethod::AllOrNothing;
    const auto r0 = assign_traffic(n.net, od, aon);
    EXPECT_DOUBLE_EQ(volume_between(g, r0, 2, 3), 1500.0);  // all on the direct road
    EXPECT_DOUBLE_EQ(volume_between(g, r0, 2, 5), 0.0);
    EXPECT_DOUBLE_EQ(r0.unassigned_demand, 0.0);

    // At equilibrium the 500 veh/h bottleneck sheds trips onto the bypass.
    AssignmentOptions ue;
    ue.target_gap = 1e-6;
    const auto r = assign_traffic(n.net, od, ue);
    EXPECT_TRUE(r.converged);
    EXPECT_GT(volume_between(g, r, 2, 5), 10.0);
    EXPECT_NEAR(volume_between(g, r, 2, 3) + volume_between(g, r, 2, 5), 1500.0, 1e-6);
    // The zone at x = 250 leaves along 1 -> 2 towards zone 2 (its partial edge), never via node 1.
    EXPECT_DOUBLE_EQ(volume_between(g, r, 1, 2), 0.0);
}

TEST(GraphAssignment, UnjoinedZoneLeavesItsTripsUnassigned) {
    const auto g = network();
    std::vector<ZoneAccess> zones{zone_at(g, {250, 10}), ZoneAccess{}};
    EXPECT_FALSE(zones[1].joined());
    const auto n = graph_assignment_network(g, zones);
    const OdMatrix od{{0, {{1, 50.0}}}};
    AssignmentOptions aon;
    aon.method = AssignmentMethod::AllOrNothing;
    EXPECT_DOUBLE_EQ(assign_traffic(n.net, od, aon).unassigned_demand, 50.0);
    // An extra connector joins it.
    zones[1].connectors.push_back({g.node_count() - 1, 60.0});
    EXPECT_TRUE(zones[1].joined());
    const auto joined = graph_assignment_network(g, zones);
    EXPECT_DOUBLE_EQ(assign_traffic(joined.net, od, aon).unassigned_demand, 0.0);
}
