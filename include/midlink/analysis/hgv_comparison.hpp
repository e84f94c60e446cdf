#pragma once
// Car against HGV on one corridor: which links of the car's route the HGV may not use
// (left out of the HGV graph by its profile: maxheight, maxwidth, maxweight, hgv=no...) or
// uses only with a penalty (hgv=destination), matched between the two graphs by the
// input's link id (OSM way id, feature id or row). The restriction itself is named by the
// caller, who can read the input's tags; the graphs keep only the outcome.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "midlink/graph/road_graph.hpp"

namespace midlink::analysis {

struct RestrictedLink {
    EdgeId car_edge = kInvalidEdge;  // first edge of the car route on this input link
    std::int64_t source_id = -1;
    bool excluded = false;           // not in the HGV graph at all
    bool penalised = false;          // in it, with the profile's penalty
    std::string reason;              // from `reason_of`, or "" when not known
    double length_m = 0.0;           // of the car route on this link
};

/// In route order, one row per input link. Links without an input id (-1) are skipped.
std::vector<RestrictedLink> hgv_restricted_links(const graph::RoadGraph& car, std::span<const EdgeId> car_route,
                                                 std::span<const double> edge_share, const graph::RoadGraph& hgv,
                                                 const std::function<std::string(std::int64_t)>& reason_of);

}  // namespace midlink::analysis
