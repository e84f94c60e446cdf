#pragma once
// Observed counts on the graph: each count is matched to the nearest link carrying its
// road number within a tolerance (and, for a directed count, to the edge running its
// compass direction); matched counts give their edges AADF, HGV share and a peak-hour
// volume/capacity ratio. Pure: graph and counts in, plain results out.
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/traffic_count.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::analysis {

struct CountMatchOptions {
    double tolerance_m = 50.0;
    /// When no link with the count's road number lies within the tolerance, take the
    /// nearest link of any road number (flagged as such). Off by default: a count on the
    /// wrong road is worse than no count.
    bool any_ref_fallback = false;
};

enum class CountMatchStatus {
    Matched,
    NoCoordinates,
    NoRoadNumber,   // the count names no road and there is no fallback
    NoEdgeWithRef,  // no link of the graph carries the count's road number
    TooFar,         // links carry it, but none within the tolerance (in the count's direction)
    Superseded,     // its edges took a nearer count of the same direction
};

std::string_view count_match_status_name(CountMatchStatus s);

struct CountMatch {
    CountMatchStatus status = CountMatchStatus::NoCoordinates;
    LinkId link = kInvalidEdge;
    std::vector<EdgeId> edges;  // directed edges that take the count
    double distance_m =
        std::numeric_limits<double>::quiet_NaN();  // to the matched (or nearest) link
    Point on_link;                                 // nearest point on the matched link
    bool by_fallback = false;                      // matched to a link of another road number
    std::string reason;  // why it did not match (or how it matched), for people
};

/// One result per count, in input order.
std::vector<CountMatch> match_counts(const graph::RoadGraph& g,
                                     const std::vector<TrafficCount>& counts,
                                     const CountMatchOptions& options);

struct FlowOptions {
    /// Share of the AADF in the peak hour (the K factor; 0.08-0.12 on GB inter-urban roads).
    double peak_hour_factor = 0.1;
    /// Share of a two-way (combined) count in the heavier direction at the peak (the D
    /// factor of DDHV = AADT x K x D; 0.5 = even, typical peaks 0.55-0.65).
    double directional_split = 0.6;
    double near_capacity_ratio = 0.85;
};

struct EdgeFlow {
    std::int64_t count = -1;   // index into the counts; -1 = no count on this edge
    bool directional = false;  // the count is for this edge's direction (else both combined)
    double peak_hour_vph = std::numeric_limits<double>::quiet_NaN();
    double vc_ratio = std::numeric_limits<double>::quiet_NaN();  // NaN: no count or no capacity
    [[nodiscard]] bool near_capacity(const FlowOptions& o) const {
        return vc_ratio >= o.near_capacity_ratio;
    }
};

/// Per directed edge of `g`.
std::vector<EdgeFlow> edge_flows(const graph::RoadGraph& g, const std::vector<TrafficCount>& counts,
                                 const std::vector<CountMatch>& matches,
                                 const FlowOptions& options);

/// Upper case without spaces; the parts of "A38;A61" or "A38, A61".
std::vector<std::string> road_number_parts(std::string_view ref);

}  // namespace midlink::analysis
