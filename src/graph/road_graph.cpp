#include "midlink/graph/road_graph.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace midlink::graph {

NodeId RoadGraph::tail(EdgeId e) const {
    assert(e < edge_count());
    // first_out is non-decreasing: the tail is the last node whose first edge is <= e.
    auto it = std::upper_bound(first_out.begin(), first_out.end(), e);
    return static_cast<NodeId>(std::distance(first_out.begin(), it) - 1);
}

LineString RoadGraph::edge_geometry(EdgeId e) const {
    LineString line;
    const LinkId link = edge_link[e];
    if (link < link_count()) {
        const auto [first, last] = link_point_range(link);
        line.assign(link_points.begin() + first, link_points.begin() + last);
        if (edge_flags[e] & kReversed) std::reverse(line.begin(), line.end());
    }
    if (line.size() < 2 && has_coordinates()) line = {node_xy[tail(e)], node_xy[head[e]]};
    return line;
}

double RoadGraph::link_capacity(LinkId l) const {
    return link_capacity_vph.empty() ? std::nan("") : static_cast<double>(link_capacity_vph[l]);
}

std::string_view capacity_source_name(CapacitySource s) {
    switch (s) {
        case CapacitySource::Input: return "input";
        case CapacitySource::Profile: return "profile";
        case CapacitySource::None: break;
    }
    return "";
}

std::size_t RoadGraph::memory_bytes() const {
    std::size_t bytes = 0;
    auto add = [&bytes](const auto& v) { bytes += v.capacity() * sizeof(v[0]); };
    add(first_out);
    add(head);
    add(time_weight);
    add(length_dm);
    add(edge_class);
    add(edge_flags);
    add(edge_link);
    add(node_xy);
    add(node_key);
    add(node_component);
    add(link_geom_first);
    add(link_points);
    add(link_ref);
    add(link_name);
    add(link_source_id);
    add(link_source_id32);
    add(link_capacity_vph);
    add(link_capacity_source);
    for (const auto& s : strings) bytes += sizeof(s) + s.capacity();
    return bytes;
}

}  // namespace midlink::graph
