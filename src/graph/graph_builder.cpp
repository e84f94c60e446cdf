#include "midlink/graph/graph_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>

#include "midlink/core/error.hpp"
#include "midlink/graph/components.hpp"
#include "midlink/graph/node_order.hpp"
#include "node_index.hpp"

namespace midlink::graph {
namespace {

// How the profile treats one link: excluded, or usable with an optional time penalty.
struct AccessDecision {
    bool usable = true;
    bool penalised = false;
    const char* reason = "";
};

AccessDecision apply_policy(RestrictionPolicy policy, const char* reason) {
    switch (policy) {
        case RestrictionPolicy::Exclude: return {false, false, reason};
        case RestrictionPolicy::Penalise: return {true, true, reason};
        case RestrictionPolicy::Ignore: break;
    }
    return {};
}

// Walk and cycle follow their own tags (foot=, bicycle=, else access=), never the
// motor-vehicle ones: a road closed to cars is usually open on foot.
AccessDecision decide_active_mode_access(const Link& link, const Profile& p) {
    const bool foot = p.vehicle == Vehicle::Foot;
    const Access access = foot ? link.foot_access : link.bicycle_access;
    if (access == Access::No) return {false, false, foot ? "foot=no" : "bicycle=no"};
    if (access == Access::Private) return {false, false, foot ? "foot=private" : "bicycle=private"};
    if (p.only_when_tagged[static_cast<int>(link.road_class)] && access != Access::Yes) {
        return {false, false, foot ? "class needs foot=yes" : "class needs bicycle=yes"};
    }
    return {};
}

AccessDecision decide_access(const Link& link, const Profile& p) {
    if (p.is_active_mode()) return decide_active_mode_access(link, p);
    if (link.motor_access == Access::No) return {false, false, "access=no"};
    if (link.motor_access == Access::Private) return {false, false, "access=private"};
    if (p.vehicle == Vehicle::Hgv) {
        // Physical limits are never relaxed, whatever the restriction policy says.
        if (p.height_m > 0.0 && known(link.maxheight_m) && link.maxheight_m < p.height_m) {
            return {false, false, "maxheight"};
        }
        if (p.width_m > 0.0 && known(link.maxwidth_m) && link.maxwidth_m < p.width_m) {
            return {false, false, "maxwidth"};
        }
        AccessDecision d;
        // A penalty keeps the reason of the first restriction that set it.
        const auto combine = [&d](const AccessDecision& w) {
            if (w.penalised && !d.penalised) d.reason = w.reason;
            d.penalised = d.penalised || w.penalised;
        };
        if (link.hgv_access == Access::No || link.hgv_access == Access::Private) {
            const auto w = apply_policy(p.hgv_no_policy, "hgv=no");
            if (!w.usable) return w;
            combine(w);
        }
        if (p.weight_t > 0.0 && known(link.maxweight_t) && link.maxweight_t < p.weight_t) {
            const auto w = apply_policy(p.weight_policy, "maxweight");
            if (!w.usable) return w;
            combine(w);
        }
        if (link.hgv_access == Access::Destination) {
            const auto w = apply_policy(p.destination_policy, "hgv=destination");
            if (!w.usable) return w;
            combine(w);
        }
        if (link.motor_access == Access::Destination) {
            const auto w = apply_policy(p.destination_policy, "access=destination");
            if (!w.usable) return w;
            combine(w);
        }
        return d;
    }
    if (link.motor_access == Access::Destination) return apply_policy(p.destination_policy, "access=destination");
    return {};
}

}  // namespace

LinkRestriction profile_restriction(const Link& link, const Profile& profile) {
    const AccessDecision d = decide_access(link, profile);
    LinkRestriction r;
    r.usable = d.usable && link_speed_kmh(link, profile) > 0.0;
    r.penalised = d.penalised;
    r.reason = d.reason;
    if (d.usable && !r.usable) r.reason = "road class not used by the profile";
    return r;
}

namespace {

struct RawEdge {
    NodeId tail;
    NodeId head;
    Weight time;
    Weight length;
    LinkId link;
    RoadClass road_class;
    std::uint8_t flags;
};

/// True when `value` in `unit`s fits a Weight (below kUnreachable).
bool fits_weight(double value, double unit) { return std::round(value / unit) < static_cast<double>(kUnreachable - 1); }

Weight to_weight(double value, double unit) {
    const double w = std::round(value / unit);
    if (!(w >= 0.0)) return 0;
    return w >= static_cast<double>(kUnreachable - 1) ? kUnreachable - 1 : static_cast<Weight>(w);
}

std::uint32_t intern(std::vector<std::string>& strings, std::unordered_map<std::string, std::uint32_t>& index,
                     const std::string& s) {
    if (s.empty()) return 0;
    auto [it, inserted] = index.emplace(s, static_cast<std::uint32_t>(strings.size()));
    if (inserted) strings.push_back(s);
    return it->second;
}

/// Row `row` of either table: a reference into a LinkTable, a Link drawn from columns.
const Link& link_at(const LinkTable& table, std::size_t row) { return table.links[row]; }
Link link_at(const ColumnLinkTable& table, std::size_t row) { return table.link(row); }

/// Frees a vector's storage; `v = {}` would pick the initializer_list overload, which
/// only clears and keeps the capacity.
template <typename T>
void release(std::vector<T>& v) {
    std::vector<T>().swap(v);
}

std::string where_of(const Link& link, std::size_t row) {
    return link.source_id >= 0 ? "feature " + std::to_string(link.source_id) : "link " + std::to_string(row);
}

/// One builder for both tables: a national GMNS network is built straight from its
/// columns, each link drawn as a Link only while it is looked at.
template <typename Table>
BuildResult build_from(const Table& table, const Profile& profile, const BuildOptions& options) {
    BuildResult result;
    Diagnostics& diag = result.diagnostics;
    RoadGraph& g = result.graph;
    const bool abstract = table.crs.empty() && table.node_coords.empty();
    g.time_unit_s = abstract ? 1.0 : 0.001;

    // 1. Nodes in order of first appearance, links that the profile may use.
    detail::NodeIndex node_of(table.node_coords.empty() ? table.links.size() : table.node_coords.size());
    std::vector<NodeKey> keys;
    std::vector<Point> xy;
    const bool with_xy = !abstract;
    keys.reserve(table.node_coords.size());  // about the nodes to come, when a node file gave them
    if (with_xy) xy.reserve(table.node_coords.size());
    auto node_id = [&](NodeKey key, const Point* fallback) {
        const auto [id, inserted] = node_of.emplace(key, static_cast<NodeId>(keys.size()));
        if (inserted) {
            keys.push_back(key);
            if (with_xy) {
                auto c = table.node_coords.find(key);
                Point p = c != table.node_coords.end() ? c->second
                          : fallback ? *fallback
                                     : Point{std::nan(""), std::nan("")};
                xy.push_back(p);
            }
        }
        return id;
    };

    std::vector<RawEdge> edges;
    edges.reserve(table.links.size() * 2);
    std::vector<LinkId> used_links;  // kept link index -> table row
    // Each kept link's nodes, so that the node index can go after this pass.
    std::vector<std::pair<NodeId, NodeId>> used_nodes;
    for (std::size_t row = 0; row < table.links.size(); ++row) {
        const Link& link = link_at(table, row);
        if (link.from == link.to) {
            diag.add("self_loop", where_of(link, row), "link starts and ends at the same node; not routable",
                     Severity::Info);
            continue;
        }
        const double speed = link_speed_kmh(link, profile);
        const AccessDecision access = decide_access(link, profile);
        if (speed <= 0.0 || !access.usable) {
            ++result.links_excluded;
            continue;
        }
        double length = known(link.length_m) ? link.length_m : midlink::length_m(link.geometry);
        if (!std::isfinite(length) || length < 0.0) {
            diag.add("invalid_length", where_of(link, row), "link length is not a finite number; skipped");
            continue;
        }
        double time_s = length / (speed / 3.6);
        // An input's own times and speeds are for motor traffic; walk and cycle keep theirs.
        if (profile.use_input_speed && !profile.is_active_mode() && known(link.free_flow_time_s)) {
            time_s = link.free_flow_time_s;
            const double cap = vehicle_legal_cap_kmh(link, profile);
            if (cap > 0.0 && !abstract) time_s = std::max(time_s, length / (cap / 3.6));
        }
        if (access.penalised) time_s *= profile.penalty_factor;
        // A length or time past the stored integer range would saturate silently (a
        // coordinate of 1e308 made every such link 429,496.7 km): refuse the input.
        if (!fits_weight(length, 0.1) || !fits_weight(time_s, g.time_unit_s)) {
            throw InputError(table.source + ", " + where_of(link, row) + ": link length " +
                             std::to_string(length / 1000.0) + " km (travel time " + std::to_string(time_s) +
                             " s) is too large to store; a coordinate is probably out of range");
        }
        if (length == 0.0) {
            diag.add("zero_length", where_of(link, row), "link has zero length; kept with zero cost", Severity::Info);
        }
        const Point* from_xy = link.geometry.empty() ? nullptr : &link.geometry.front();
        const Point* to_xy = link.geometry.empty() ? nullptr : &link.geometry.back();
        const NodeId u = node_id(link.from, from_xy);
        const NodeId v = node_id(link.to, to_xy);
        const auto kept = static_cast<LinkId>(used_links.size());
        used_links.push_back(static_cast<LinkId>(row));
        used_nodes.emplace_back(u, v);
        const Weight tw = to_weight(time_s, g.time_unit_s);
        const Weight lw = to_weight(length, 0.1);
        const bool contraflow = profile.vehicle == Vehicle::Bicycle && link.bicycle_contraflow;
        const bool oneway = profile.respect_oneway && link.oneway != Oneway::No && !contraflow;
        std::uint8_t flags = (oneway ? kOneway : 0) | (link.roundabout ? kRoundabout : 0) |
                             (access.penalised ? kPenalised : 0);
        if (!oneway || link.oneway == Oneway::Forward) {
            edges.push_back({u, v, tw, lw, kept, link.road_class, flags});
        }
        if (!oneway || link.oneway == Oneway::Backward) {
            edges.push_back({v, u, tw, lw, kept, link.road_class, static_cast<std::uint8_t>(flags | kReversed)});
        }
    }
    result.links_used = static_cast<std::uint32_t>(used_links.size());
    node_of = detail::NodeIndex(0);
    if (edges.empty()) {
        throw InputError(table.source + ": no link is routable for profile '" + profile.name + "'");
    }
    if (with_xy) {
        for (std::size_t i = 0; i < xy.size(); ++i) {
            if (!is_finite(xy[i])) {
                throw InputError(table.source + ": node " + std::to_string(keys[i]) + " has no coordinates");
            }
        }
    }

    // 2. Temporary CSR in first-appearance order for components.
    const auto n = static_cast<NodeId>(keys.size());
    auto build_csr = [](NodeId count, std::vector<RawEdge>& es, std::vector<EdgeId>& first_out) {
        std::sort(es.begin(), es.end(), [](const RawEdge& a, const RawEdge& b) {
            if (a.tail != b.tail) return a.tail < b.tail;
            if (a.head != b.head) return a.head < b.head;
            if (a.link != b.link) return a.link < b.link;
            return a.flags < b.flags;
        });
        first_out.assign(count + 1, 0);
        for (const auto& e : es) ++first_out[e.tail + 1];
        std::partial_sum(first_out.begin(), first_out.end(), first_out.begin());
    };
    Components comps;
    {
        std::vector<EdgeId> first_out;
        build_csr(n, edges, first_out);
        std::vector<NodeId> heads(edges.size());
        for (std::size_t i = 0; i < edges.size(); ++i) heads[i] = edges[i].head;
        comps = strongly_connected_components(first_out, heads);
    }
    g.meta.components_total = static_cast<std::uint32_t>(comps.size.size());
    g.meta.nodes_before_filter = n;
    g.meta.largest_component_nodes = comps.size.empty() ? 0 : comps.size[0];

    // 3. Keep the largest component or all, then renumber for locality.
    std::vector<NodeId> keep_id(n, kInvalidNode);
    NodeId kept_nodes = 0;
    for (NodeId v = 0; v < n; ++v) {
        if (profile.components == ComponentPolicy::All || comps.component[v] == 0) keep_id[v] = kept_nodes++;
    }
    if (profile.components == ComponentPolicy::Largest && comps.size.size() > 1) {
        result.islands_dropped = static_cast<std::uint32_t>(comps.size.size() - 1);
        result.island_nodes_dropped = n - kept_nodes;
        diag.add("islands_dropped", table.source,
                 std::to_string(result.islands_dropped) + " components with " +
                     std::to_string(result.island_nodes_dropped) +
                     " nodes are not strongly connected to the largest and were dropped",
                 Severity::Info);
    }
    // Filtered in place: a second edge array would be the builder's largest allocation.
    std::vector<RawEdge> kept_edges = std::move(edges);
    std::size_t kept_count = 0;
    for (const auto& e : kept_edges) {
        if (keep_id[e.tail] != kInvalidNode && keep_id[e.head] != kInvalidNode) {
            RawEdge kept = e;
            kept.tail = keep_id[e.tail];
            kept.head = keep_id[e.head];
            kept_edges[kept_count++] = kept;
        }
    }
    kept_edges.resize(kept_count);
    std::vector<Point> kept_xy;
    std::vector<NodeKey> kept_keys(kept_nodes);
    std::vector<std::uint32_t> kept_comp(kept_nodes);
    if (with_xy) kept_xy.resize(kept_nodes);
    for (NodeId v = 0; v < n; ++v) {
        if (keep_id[v] == kInvalidNode) continue;
        kept_keys[keep_id[v]] = keys[v];
        kept_comp[keep_id[v]] = comps.component[v];
        if (with_xy) kept_xy[keep_id[v]] = xy[v];
    }
    // What a national network's build holds at its peak (step 4) is the graph and the
    // table: each array goes as soon as the next step has what it needs.
    release(keys);
    release(xy);
    release(comps.component);

    std::vector<NodeId> new_id;
    NodeOrder order = options.order;
    if (order == NodeOrder::Spatial && !with_xy) order = NodeOrder::BreadthFirst;
    if (order == NodeOrder::Spatial) {
        new_id = hilbert_order(kept_xy);
    } else if (order == NodeOrder::BreadthFirst) {
        std::vector<EdgeId> fo;
        build_csr(kept_nodes, kept_edges, fo);
        std::vector<NodeId> hd(kept_edges.size());
        for (std::size_t i = 0; i < kept_edges.size(); ++i) hd[i] = kept_edges[i].head;
        new_id = breadth_first_order(fo, hd);
    } else {
        new_id.resize(kept_nodes);
        std::iota(new_id.begin(), new_id.end(), 0);
    }
    for (auto& e : kept_edges) {
        e.tail = new_id[e.tail];
        e.head = new_id[e.head];
    }
    build_csr(kept_nodes, kept_edges, g.first_out);

    // 4. Final arrays.
    g.node_key.resize(kept_nodes);
    g.node_component.resize(kept_nodes);
    if (with_xy) g.node_xy.resize(kept_nodes);
    for (NodeId v = 0; v < kept_nodes; ++v) {
        g.node_key[new_id[v]] = kept_keys[v];
        g.node_component[new_id[v]] = kept_comp[v];
        if (with_xy) g.node_xy[new_id[v]] = kept_xy[v];
    }
    release(kept_keys);
    release(kept_comp);
    release(kept_xy);
    // Links that still carry an edge get compact ids in table order.
    std::vector<LinkId> link_new(used_links.size(), kInvalidEdge);
    for (const auto& e : kept_edges) link_new[e.link] = 0;
    LinkId link_count = 0;
    for (auto& l : link_new) {
        if (l != kInvalidEdge) l = link_count++;
    }
    const auto m = kept_edges.size();
    g.head.resize(m);
    g.time_weight.resize(m);
    g.length_dm.resize(m);
    g.edge_class.resize(m);
    g.edge_flags.resize(m);
    g.edge_link.resize(m);
    for (std::size_t i = 0; i < m; ++i) {
        const auto& e = kept_edges[i];
        g.head[i] = e.head;
        g.time_weight[i] = e.time;
        g.length_dm[i] = e.length;
        g.edge_class[i] = e.road_class;
        g.edge_flags[i] = e.flags;
        g.edge_link[i] = link_new[e.link];
    }
    release(kept_edges);  // in the graph's arrays now
    g.link_geom_first.reserve(std::size_t{link_count} + 1);
    g.link_ref.reserve(link_count);
    g.link_name.reserve(link_count);
    g.link_source_id.reserve(link_count);
    g.link_capacity_vph.reserve(link_count);
    g.link_capacity_source.reserve(link_count);
    g.strings.assign(1, std::string());
    std::unordered_map<std::string, std::uint32_t> string_index;
    g.link_geom_first.assign(1, 0);
    for (std::size_t k = 0; k < used_links.size(); ++k) {
        if (link_new[k] == kInvalidEdge) continue;
        const Link& link = link_at(table, used_links[k]);
        // A straight line between the link's own nodes adds nothing: edge_geometry rebuilds it.
        const auto node_xy = [&](NodeId u) { return g.node_xy[new_id[keep_id[u]]]; };  // both kept
        const bool straight = with_xy && link.geometry.size() == 2 &&
                              link.geometry.front() == node_xy(used_nodes[k].first) &&
                              link.geometry.back() == node_xy(used_nodes[k].second);
        if (!straight) g.link_points.insert(g.link_points.end(), link.geometry.begin(), link.geometry.end());
        g.link_geom_first.push_back(static_cast<std::uint32_t>(g.link_points.size()));
        g.link_ref.push_back(intern(g.strings, string_index, link.ref));
        g.link_name.push_back(intern(g.strings, string_index, link.name));
        g.link_source_id.push_back(link.source_id);
        const auto [capacity, source] = link_capacity_vph(link, profile);
        g.link_capacity_vph.push_back(static_cast<float>(capacity));
        g.link_capacity_source.push_back(static_cast<std::uint8_t>(source));
    }

    g.links = link_count;
    if (g.link_points.empty()) release(g.link_geom_first);
    auto all_default = [](const auto& v, auto value) {
        return std::all_of(v.begin(), v.end(), [&](const auto& x) { return x == value; });
    };
    if (all_default(g.link_ref, 0u)) release(g.link_ref);
    if (all_default(g.link_name, 0u)) release(g.link_name);
    if (all_default(g.link_source_id, std::int64_t{-1})) release(g.link_source_id);
    if (all_default(g.link_capacity_source, static_cast<std::uint8_t>(CapacitySource::None))) {
        release(g.link_capacity_vph);
        release(g.link_capacity_source);
    } else if (all_default(g.link_capacity_source, g.link_capacity_source.front())) {
        g.link_capacity_source.resize(1);  // one source for all (PRISM: all from the input)
        g.link_capacity_source.shrink_to_fit();
    }
    const bool fits32 = std::all_of(g.link_source_id.begin(), g.link_source_id.end(), [](std::int64_t id) {
        return id >= 0 && id <= std::int64_t{std::numeric_limits<std::uint32_t>::max()};
    });
    if (!g.link_source_id.empty() && fits32) {
        g.link_source_id32.assign(g.link_source_id.begin(), g.link_source_id.end());
        release(g.link_source_id);
    }
    if (all_default(g.node_component, 0u)) release(g.node_component);
    g.meta.crs = table.crs;
    g.meta.source = table.source;
    g.meta.profile_name = profile.name;
    g.meta.input_fingerprint = table.fingerprint;
    g.meta.profile_fingerprint = options.profile_fingerprint;
    Diagnostics all = table.diagnostics;
    all.merge(diag);
    g.meta.diagnostics_total = all.total();
    for (const auto& [code, count] : all.counts()) {
        if (!g.meta.diagnostics_summary.empty()) g.meta.diagnostics_summary += ';';
        g.meta.diagnostics_summary += code + "=" + std::to_string(count);
    }
    return result;
}

}  // namespace

BuildResult build_graph(const LinkTable& table, const Profile& profile, const BuildOptions& options) {
    return build_from(table, profile, options);
}

BuildResult build_graph(const ColumnLinkTable& table, const Profile& profile, const BuildOptions& options) {
    return build_from(table, profile, options);
}

}  // namespace midlink::graph
