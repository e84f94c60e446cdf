#pragma once
// One corridor measured end to end (metrics.md §3): the route through its waypoints, its
// circuity, the k fastest loopless alternatives (Yen), the best link-disjoint alternative
// and the redundancy ratio, the links whose closure costs it most, and the bridges on it.
//
// Alternatives and link removals are node-to-node: they run from the head of the route's
// first (partial) edge to the tail of its last (partial) edge, the junctions where the
// route joins and leaves the network near the end waypoints. Their times leave out the two
// partial edges, so they compare with each other but are slightly shorter than the route.
//
// A corridor may name road refs to follow: the route is then the fastest one when every
// link off those refs takes `ref_bias` times as long, and its time is reported unbiased.
// Link-removal increases are then measured against the fastest path between the same
// junctions, so closing a link the fastest path does not use costs nothing.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "midlink/analysis/k_shortest_paths.hpp"
#include "midlink/analysis/link_criticality.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/snapper.hpp"

namespace midlink::analysis {

struct CorridorWaypoint {
    std::string name;
    Point xy;  // graph CRS
};

struct CorridorOptions {
    std::uint32_t k = 3;       // Yen paths
    std::uint32_t top = 10;    // critical links kept
    double max_snap_m = 1000.0;
    std::vector<std::string> refs;  // road refs to follow; empty = fastest route
    double ref_bias = 3.0;
    bool route_only = false;   // just the route: no alternatives, closures or bridges
};

struct CorridorResult {
    std::string status = "ok";      // ok | unsnapped | unreachable
    std::string failed_waypoint;    // the waypoint that did not snap, or the leg's end
    graph::Route route;             // all legs joined; time and distance unbiased
    double straight_km = 0.0;       // first to last waypoint
    double ref_share = -1.0;        // share of route length on the followed refs; -1 = none
    std::vector<std::string> missing_refs;  // followed refs that no link of the graph carries
    std::vector<CostedPath> yen;
    DisjointAlternative disjoint;
    bool has_alternatives = false;         // false when the route never passes a junction
    std::vector<LinkRemoval> critical;     // top N: disconnecting first, then by increase
    std::size_t bridges_on_route = 0;

    [[nodiscard]] bool ok() const { return status == "ok"; }
    [[nodiscard]] double circuity() const;  // route km / straight km; NaN when undefined
};

/// Reuses its snapper, search and bridge set over many corridors of one graph.
class CorridorAnalyser {
public:
    explicit CorridorAnalyser(const graph::RoadGraph& g, graph::SnapOptions snap = {});
    ~CorridorAnalyser();
    CorridorAnalyser(const CorridorAnalyser&) = delete;
    CorridorAnalyser& operator=(const CorridorAnalyser&) = delete;

    CorridorResult analyse(std::span<const CorridorWaypoint> waypoints, const CorridorOptions& options);

    /// Per directed edge, 1 when its physical road is a bridge of the network.
    [[nodiscard]] const std::vector<std::uint8_t>& bridges() const { return m_bridges; }
    [[nodiscard]] const graph::Snapper& snapper() const { return m_snapper; }

private:
    const graph::RoadGraph& m_graph;
    graph::Snapper m_snapper;
    graph::ShortestPathSearch m_search;
    std::vector<std::uint8_t> m_bridges;
};

/// The route's whole edges between its first and last junction (consecutive repeats from a
/// waypoint mid-edge merged); empty when they do not form a connected path.
std::vector<EdgeId> corridor_core_path(const graph::RoadGraph& g, std::span<const EdgeId> route_edges);

}  // namespace midlink::analysis
