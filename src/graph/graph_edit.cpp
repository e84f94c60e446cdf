#include "midlink/graph/graph_edit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace midlink::graph {
namespace {

Weight weight_of(double value, double unit) {
    const double w = std::round(value / unit);
    if (!(w >= 0.0)) return 0;
    return w >= double(kUnreachable - 1) ? kUnreachable - 1 : static_cast<Weight>(w);
}

std::uint32_t intern(RoadGraph& g, const std::string& s) {
    if (s.empty()) return 0;
    const auto it = std::find(g.strings.begin(), g.strings.end(), s);
    if (it != g.strings.end()) return static_cast<std::uint32_t>(it - g.strings.begin());
    g.strings.push_back(s);
    return static_cast<std::uint32_t>(g.strings.size() - 1);
}

}  // namespace

EditedGraph apply_edits(const RoadGraph& g, const GraphEdits& edits) {
    EditedGraph out;
    RoadGraph& r = out.graph;
    const std::uint32_t n = g.node_count(), m = g.edge_count();
    for (const auto& l : edits.add) {
        if (l.from >= n || l.to >= n) throw std::invalid_argument("new link names a node outside the graph");
    }
    // Added edges per tail, in the order given.
    struct Added {
        NodeId tail, head;
        Weight time, length;
        RoadClass cls;
        LinkId link;
        std::uint8_t flags;
    };
    r = g;  // attributes, geometry, strings and meta; the CSR is rebuilt below when links are added
    std::vector<Added> added;
    for (const auto& l : edits.add) {
        const LinkId link = r.links++;
        if (!r.link_geom_first.empty()) r.link_geom_first.push_back(r.link_geom_first.back());  // drawn straight
        if (!r.link_ref.empty() || !l.ref.empty()) {
            if (r.link_ref.empty()) r.link_ref.assign(link, 0);
            r.link_ref.push_back(intern(r, l.ref));
        }
        if (!r.link_name.empty()) r.link_name.push_back(0);
        if (!r.link_source_id.empty()) r.link_source_id.push_back(-1);
        if (!r.link_source_id32.empty()) r.link_source_id32.push_back(0xFFFFFFFFu);
        if (!r.link_capacity_vph.empty() || !std::isnan(l.capacity_vph)) {
            // Capacity arrays are per link (a single source entry stands for every link).
            if (r.link_capacity_vph.empty()) r.link_capacity_vph.assign(link, std::numeric_limits<float>::quiet_NaN());
            if (r.link_capacity_source.size() <= 1) {
                const std::uint8_t all = r.link_capacity_source.empty() ? 0 : r.link_capacity_source.front();
                r.link_capacity_source.assign(link, all);
            }
            r.link_capacity_vph.push_back(static_cast<float>(l.capacity_vph));
            r.link_capacity_source.push_back(static_cast<std::uint8_t>(
                std::isnan(l.capacity_vph) ? CapacitySource::None : CapacitySource::Input));
        }
        const Weight t = weight_of(l.time_s, g.time_unit_s), len = weight_of(l.length_m, 0.1);
        const std::uint8_t oneway = l.two_way ? 0 : kOneway;
        added.push_back({l.from, l.to, t, len, l.road_class, link, oneway});
        if (l.two_way) added.push_back({l.to, l.from, t, len, l.road_class, link, kReversed});
    }
    std::stable_sort(added.begin(), added.end(), [](const Added& a, const Added& b) { return a.tail < b.tail; });

    out.new_edge_id.resize(m);
    if (!added.empty()) {
        r.first_out.assign(n + 1, 0);
        r.head.clear();
        r.time_weight.clear();
        r.length_dm.clear();
        r.edge_class.clear();
        r.edge_flags.clear();
        r.edge_link.clear();
        std::size_t next = 0;
        for (NodeId u = 0; u < n; ++u) {
            r.first_out[u] = static_cast<EdgeId>(r.head.size());
            for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
                out.new_edge_id[e] = static_cast<EdgeId>(r.head.size());
                r.head.push_back(g.head[e]);
                r.time_weight.push_back(g.time_weight[e]);
                r.length_dm.push_back(g.length_dm[e]);
                r.edge_class.push_back(g.edge_class[e]);
                r.edge_flags.push_back(g.edge_flags[e]);
                r.edge_link.push_back(g.edge_link[e]);
            }
            for (; next < added.size() && added[next].tail == u; ++next) {
                out.changed.push_back(static_cast<EdgeId>(r.head.size()));
                r.head.push_back(added[next].head);
                r.time_weight.push_back(added[next].time);
                r.length_dm.push_back(added[next].length);
                r.edge_class.push_back(added[next].cls);
                r.edge_flags.push_back(added[next].flags);
                r.edge_link.push_back(added[next].link);
            }
        }
        r.first_out[n] = static_cast<EdgeId>(r.head.size());
    } else {
        for (EdgeId e = 0; e < m; ++e) out.new_edge_id[e] = e;
    }
    for (const auto& [e, time_s] : edits.set_time_s) {
        if (e >= m) throw std::invalid_argument("edge id outside the graph");
        r.time_weight[out.new_edge_id[e]] = weight_of(time_s, g.time_unit_s);
        out.changed.push_back(out.new_edge_id[e]);
    }
    for (const auto& [e, vph] : edits.set_capacity_vph) {
        if (e >= m) throw std::invalid_argument("edge id outside the graph");
        const LinkId l = g.edge_link[e];
        if (r.link_capacity_vph.empty()) r.link_capacity_vph.assign(r.links, std::numeric_limits<float>::quiet_NaN());
        if (r.link_capacity_source.size() <= 1) {
            const std::uint8_t all = r.link_capacity_source.empty() ? 0 : r.link_capacity_source.front();
            r.link_capacity_source.assign(r.links, all);
        }
        r.link_capacity_vph[l] = static_cast<float>(vph);
        r.link_capacity_source[l] = static_cast<std::uint8_t>(CapacitySource::Input);
        out.changed.push_back(out.new_edge_id[e]);
    }
    for (EdgeId e : edits.close) {
        if (e >= m) throw std::invalid_argument("edge id outside the graph");
        r.time_weight[out.new_edge_id[e]] = kUnreachable;
        out.changed.push_back(out.new_edge_id[e]);
    }
    std::sort(out.changed.begin(), out.changed.end());
    out.changed.erase(std::unique(out.changed.begin(), out.changed.end()), out.changed.end());
    return out;
}

Snap moved_snap(const Snap& snap, const EditedGraph& edited) {
    Snap s = snap;
    if (s.along != kInvalidEdge) s.along = edited.new_edge_id.at(s.along);
    if (s.against != kInvalidEdge) s.against = edited.new_edge_id.at(s.against);
    return s;
}

SnapAnchors moved_anchors(const SnapAnchors& at, const EditedGraph& edited, bool origin, Metric metric) {
    if (!at.ok() || (at.along == kInvalidEdge && at.against == kInvalidEdge)) return at;
    Snap s;
    s.ok = true;
    s.link = at.link;
    s.fraction = at.fraction;
    s.along = at.along;
    s.against = at.against;
    s = moved_snap(s, edited);
    return origin ? origin_anchors(edited.graph, metric, s) : destination_anchors(edited.graph, metric, s);
}

}  // namespace midlink::graph
