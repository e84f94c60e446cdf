#include <algorithm>
#include <cmath>

#include "midlink/graph/graph_builder.hpp"

namespace midlink::graph {

std::pair<double, CapacitySource> link_capacity_vph(const Link& link, const Profile& profile) {
    if (known(link.capacity_vph) && link.capacity_vph > 0.0)
        return {link.capacity_vph, CapacitySource::Input};
    const double per_lane = profile.class_capacity_per_lane(link.road_class);
    if (!(per_lane > 0.0)) return {std::nan(""), CapacitySource::None};
    double lanes = profile.class_lanes(link.road_class);
    if (known(link.lanes) && link.lanes > 0.0) {
        // A tagged count on a two-way road covers both directions.
        lanes =
            link.oneway == Oneway::No ? std::max(1.0, std::floor(link.lanes / 2.0)) : link.lanes;
    } else if (link.carriageway == Carriageway::Single) {
        lanes = std::min(lanes, 1.0);
    }
    if (!(lanes > 0.0)) lanes = 1.0;
    return {per_lane * lanes, CapacitySource::Profile};
}

}  // namespace midlink::graph
