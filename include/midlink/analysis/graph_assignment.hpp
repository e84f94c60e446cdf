#pragma once
// A midlink graph as an AssignmentNetwork: zones become the first nodes (below
// first_thru_node, so paths never pass through them), joined to the graph by connectors
// to the ends of the edge each zone snapped to; every graph edge becomes one assignment
// link with its free-flow time in seconds and its capacity per hour.
#include <vector>

#include "midlink/analysis/assignment.hpp"
#include "midlink/graph/snap_anchors.hpp"

namespace midlink::analysis {

struct BprParameters {
    double alpha = 0.15;  // BPR b (Bureau of Public Roads 1964)
    double power = 4.0;
};

/// A further connector of a zone: both ways, to a graph node, at a given time.
struct ZoneConnector {
    NodeId node = kInvalidNode;
    double time_s = 0.0;
};

/// Where a zone joins the graph (time metric): the ends of the edge its point snapped to,
/// and optionally further nodes nearby so that a zone's trips do not all load one street.
/// Without anchors or connectors the zone is not joined: its trips are unassigned.
struct ZoneAccess {
    graph::SnapAnchors leave;   // origin side
    graph::SnapAnchors arrive;  // destination side
    std::vector<ZoneConnector> connectors;
    [[nodiscard]] bool joined() const { return (leave.ok() && arrive.ok()) || !connectors.empty(); }
};

struct GraphAssignmentNetwork {
    AssignmentNetwork net;
    std::uint32_t zones = 0;
    std::uint32_t graph_links = 0;  // links [0, graph_links) are the graph's edges, in edge order
    [[nodiscard]] std::uint32_t zone_node(std::uint32_t zone) const { return zone; }
    [[nodiscard]] std::uint32_t graph_node(NodeId v) const { return zones + v; }
};

/// Edges without a known capacity never congest (capacity 0 in the assignment).
GraphAssignmentNetwork graph_assignment_network(const graph::RoadGraph& g,
                                                const std::vector<ZoneAccess>& zones,
                                                const BprParameters& bpr = {});

}  // namespace midlink::analysis
