#pragma once
// Hand-drawn test networks: nodes on a grid of metres, links between node keys.
#include <initializer_list>
#include <limits>

#include "midlink/core/link_table.hpp"
#include "midlink/core/profile.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snap_anchors.hpp"

namespace midlink::test {

struct TinyLink {
    NodeKey from;
    NodeKey to;
    RoadClass road_class = RoadClass::Primary;
    Oneway oneway = Oneway::No;
};

class TinyNetwork {
public:
    TinyNetwork& node(NodeKey key, double x, double y) {
        m_table.node_coords[key] = {x, y};
        return *this;
    }
    /// A straight link drawn from -> to; returns it for further attributes.
    Link& link(NodeKey from, NodeKey to, RoadClass c = RoadClass::Primary, Oneway oneway = Oneway::No) {
        Link l;
        l.from = from;
        l.to = to;
        l.road_class = c;
        l.oneway = oneway;
        l.geometry = {m_table.node_coords.at(from), m_table.node_coords.at(to)};
        l.source_id = static_cast<std::int64_t>(m_table.links.size());
        m_table.links.push_back(l);
        return m_table.links.back();
    }
    LinkTable table() const {
        LinkTable t = m_table;
        t.crs = "EPSG:27700";
        t.source = "tiny";
        return t;
    }

private:
    LinkTable m_table;
};

/// The default car profile keeping every component (tiny networks have islands on purpose).
inline Profile car_all() {
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return p;
}

/// A(x0,y0) --1km-- B --1km-- C --1km-- D(x0+3000,y0), keys 1 to 4, plus an island 8-9 far
/// away. Primary roads at 60 km/h, so one kilometre takes exactly one minute. Workflow
/// tests place it away from (0, 0), which point readers take for a missing coordinate.
inline graph::RoadGraph line_graph_60kmh(double x0 = 0.0, double y0 = 0.0) {
    TinyNetwork net;
    net.node(1, x0, y0).node(2, x0 + 1000, y0).node(3, x0 + 2000, y0).node(4, x0 + 3000, y0);
    net.node(8, x0 + 9000, y0 + 9000).node(9, x0 + 9100, y0 + 9000);
    net.link(1, 2);
    net.link(2, 3);
    net.link(3, 4);
    net.link(8, 9);
    Profile p = default_car_profile();
    p.class_speed_kmh[static_cast<int>(RoadClass::Primary)] = 60.0;
    p.nsl_single_kmh = 100;
    p.components = ComponentPolicy::All;
    return graph::build_graph(net.table(), p).graph;
}

/// The graph node of an input node key; kInvalidNode when the graph has none.
inline NodeId node_of(const graph::RoadGraph& g, NodeKey key) {
    for (NodeId v = 0; v < g.node_count(); ++v) {
        if (g.node_key[v] == key) return v;
    }
    return kInvalidNode;
}

/// A point exactly at node v, with no same-link shortcut.
inline graph::SnapAnchors at_node(NodeId v) {
    graph::SnapAnchors a;
    a.anchors[0] = {v, 0};
    a.count = 1;
    a.link = std::numeric_limits<LinkId>::max();
    return a;
}

}  // namespace midlink::test
