#include "midlink/analysis/graph_assignment.hpp"

#include <cmath>

namespace midlink::analysis {

GraphAssignmentNetwork graph_assignment_network(const graph::RoadGraph& g,
                                                const std::vector<ZoneAccess>& zones,
                                                const BprParameters& bpr) {
    GraphAssignmentNetwork out;
    out.zones = static_cast<std::uint32_t>(zones.size());
    out.graph_links = g.edge_count();
    AssignmentNetwork& n = out.net;
    n.node_count = out.zones + g.node_count();
    n.first_thru_node = out.zones;
    const auto add = [&](std::uint32_t from, std::uint32_t to, double t0, double capacity) {
        n.from.push_back(from);
        n.to.push_back(to);
        n.free_flow_time.push_back(t0);
        n.capacity.push_back(capacity);
        n.alpha.push_back(bpr.alpha);
        n.power.push_back(bpr.power);
    };
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            const double capacity = g.link_capacity(g.edge_link[e]);
            add(out.graph_node(u), out.graph_node(g.head[e]), g.time_s(e),
                std::isnan(capacity) ? 0.0 : capacity);
        }
    }
    // Connectors: the partial edge between the zone's point and each end, uncongested.
    for (std::uint32_t z = 0; z < out.zones; ++z) {
        const auto& leave = zones[z].leave;
        for (std::uint8_t i = 0; i < leave.count; ++i) {
            add(out.zone_node(z), out.graph_node(leave.anchors[i].node),
                g.cost_value(graph::Metric::Time, leave.anchors[i].cost), 0.0);
        }
        const auto& arrive = zones[z].arrive;
        for (std::uint8_t i = 0; i < arrive.count; ++i) {
            add(out.graph_node(arrive.anchors[i].node), out.zone_node(z),
                g.cost_value(graph::Metric::Time, arrive.anchors[i].cost), 0.0);
        }
        for (const auto& c : zones[z].connectors) {
            add(out.zone_node(z), out.graph_node(c.node), c.time_s, 0.0);
            add(out.graph_node(c.node), out.zone_node(z), c.time_s, 0.0);
        }
    }
    return out;
}

}  // namespace midlink::analysis
