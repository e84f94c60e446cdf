// Zones of the graph form of `assign`: read, snapped to the graph, and joined to a few
// further nearby nodes by straight connectors; and the OD table between them.
#include <algorithm>
#include <cmath>
#include <map>

#include "midlink/graph/snapper.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/od_table.hpp"
#include "midlink/workflow/assign.hpp"

namespace midlink::workflow {
namespace {

bool motorway_only(const graph::RoadGraph& g, NodeId v) {
    for (EdgeId e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
        if (g.edge_class[e] != RoadClass::Motorway && g.edge_class[e] != RoadClass::MotorwayLink) return false;
    }
    return true;
}

/// Up to `k` nearest nodes within `radius_m` (a linear scan: zones are few), leaving out
/// nodes already joined and nodes on motorways only (no access from the side).
std::vector<analysis::ZoneConnector> nearest_nodes(const graph::RoadGraph& g, const Point& p, int k, double radius_m,
                                                   double speed_kmh, const analysis::ZoneAccess& a) {
    std::vector<std::pair<double, NodeId>> near;
    for (NodeId v = 0; v < g.node_count(); ++v) {
        const double d = distance_m(p, g.node_xy[v]);
        if (d <= radius_m && g.first_out[v + 1] > g.first_out[v]) near.emplace_back(d, v);
    }
    std::sort(near.begin(), near.end());
    const auto anchored = [&](NodeId v) {
        for (std::uint8_t i = 0; i < a.leave.count; ++i) {
            if (a.leave.anchors[i].node == v) return true;
        }
        for (std::uint8_t i = 0; i < a.arrive.count; ++i) {
            if (a.arrive.anchors[i].node == v) return true;
        }
        return false;
    };
    std::vector<analysis::ZoneConnector> out;
    for (const auto& [d, v] : near) {
        if (static_cast<int>(out.size()) >= k) break;
        if (anchored(v) || motorway_only(g, v)) continue;
        out.push_back({v, d / (speed_kmh / 3.6)});
    }
    return out;
}

}  // namespace

AssignmentZones snap_assignment_zones(const graph::RoadGraph& g, const GraphAssignConfig& cfg,
                                      Diagnostics& diagnostics, const Context& ctx) {
    io::PointLayerOptions po;
    po.path = cfg.zones;
    po.layer = cfg.zone_layer;
    po.id_field = cfg.zone_id_field;
    po.target_crs = g.meta.crs;
    po.assume_crs = cfg.zones_crs;
    po.input = ctx.input_policy();
    const auto points = io::read_points(po, diagnostics);
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    AssignmentZones z;
    for (const auto& p : points) {
        if (!z.index.emplace(p.id, static_cast<std::uint32_t>(z.ids.size())).second) {
            diagnostics.add("duplicate_zone", cfg.zones + ", zone " + p.id, "zone id seen before; the first is kept");
            continue;
        }
        z.ids.push_back(p.id);
        const graph::Snap s = snapper.snap(p.xy, cfg.snap_distance_m);
        analysis::ZoneAccess a;
        a.leave = graph::origin_anchors(g, graph::Metric::Time, s);
        a.arrive = graph::destination_anchors(g, graph::Metric::Time, s);
        if (s.ok && cfg.connectors > 0)
            a.connectors = nearest_nodes(g, p.xy, cfg.connectors, cfg.snap_distance_m, cfg.connector_speed_kmh, a);
        if (!a.joined()) {
            ++z.unsnapped;
            const std::string msg = "zone " + p.id + " is " + std::to_string(std::lround(s.distance_m)) +
                                    " m from the nearest edge (limit " +
                                    std::to_string(std::lround(cfg.snap_distance_m)) + " m); its trips are unassigned";
            diagnostics.add("zone_unsnapped", cfg.zones + ", zone " + p.id, msg);
            ctx.info(msg);
        }
        z.access.push_back(a);
    }
    return z;
}

AssignmentOd read_assignment_od_table(const GraphAssignConfig& cfg, const AssignmentZones& zones,
                                      Diagnostics& diagnostics, const Context& ctx) {
    AssignmentOd out;
    std::map<std::uint32_t, std::map<std::uint32_t, double>> demand;
    std::size_t reported = 0;
    const auto skip = [&](const std::string& code, const std::string& where, const std::string& msg) {
        ++out.rows_skipped;
        diagnostics.add(code, where, msg + "; row skipped");
        if (++reported <= 20) ctx.info(where + ": " + msg + "; row skipped");
    };
    for (const auto& row : io::read_od_table(cfg.od)) {
        const std::string where = cfg.od + ", row " + std::to_string(row.row);
        const auto a = zones.index.find(row.from);
        const auto b = zones.index.find(row.to);
        if (a == zones.index.end() || b == zones.index.end()) {
            const bool both = a == zones.index.end() && b == zones.index.end();
            const std::string unknown = both ? "zones '" + row.from + "' (from) and '" + row.to + "' (to) are"
                                        : a == zones.index.end() ? "zone '" + row.from + "' (from) is"
                                                                 : "zone '" + row.to + "' (to) is";
            skip("od_unknown_zone", where, unknown + " not in " + cfg.zones);
            continue;
        }
        if (!row.trips || *row.trips < 0.0) {
            skip("od_bad_trips", where, "trips '" + row.trips_text + "' is not a number >= 0");
            continue;
        }
        demand[a->second][b->second] += *row.trips;
        out.trips += *row.trips;
    }
    if (reported > 20) ctx.info("... and " + std::to_string(reported - 20) + " more skipped rows (see the diagnostics)");
    for (const auto& [o, dests] : demand) {
        auto& r = out.od.emplace_back();
        r.origin = o;
        for (const auto& [d, v] : dests) {
            if (v > 0.0) r.destinations.push_back({d, v});
        }
    }
    return out;
}

analysis::OdMatrix read_assignment_od(const GraphAssignConfig& cfg, const AssignmentZones& zones,
                                      Diagnostics& diagnostics, const Context& ctx) {
    return read_assignment_od_table(cfg, zones, diagnostics, ctx).od;
}

}  // namespace midlink::workflow
