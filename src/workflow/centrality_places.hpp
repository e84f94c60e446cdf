#pragma once
// The places of `centrality --od`: snapped to one node each, and the gravity demand
// between every ordered pair of them.
#include <string>
#include <vector>

#include "midlink/analysis/betweenness.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/place_table.hpp"

namespace midlink::workflow::detail {

struct Place {
    io::PlaceRow row;
    NodeId node = kInvalidNode;  // kInvalidNode when unsnapped
};

/// Each place joins the graph at one node: the anchor of its snapped edge that is
/// cheapest to leave from (for a two-way road, the nearer end in time). `coords_crs`
/// empty: the graph's CRS.
std::vector<Place> snap_places(const graph::RoadGraph& g, const std::vector<io::PlaceRow>& rows,
                               const std::string& coords_crs, double max_snap_m, bool snap_connectors);

/// Gravity demand P_a * P_b / t_ab between every ordered pair of snapped places, t_ab in
/// minutes from a node-to-node search, floored at one minute so that places sharing a
/// junction do not get infinite demand.
std::vector<analysis::OdPairWeight> gravity_demand(const graph::RoadGraph& g, const std::vector<Place>& places);

}  // namespace midlink::workflow::detail
