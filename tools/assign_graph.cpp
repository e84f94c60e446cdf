#include "assign_graph.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "csv_line.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::cli {
namespace {

using Zones = AssignmentZones;

bool motorway_only(const graph::RoadGraph& g, NodeId v) {
    for (EdgeId e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
        if (g.edge_class[e] != RoadClass::Motorway && g.edge_class[e] != RoadClass::MotorwayLink)
            return false;
    }
    return true;
}

/// Up to `k` nearest nodes within `radius_m` (a linear scan: zones are few), leaving out
/// nodes already joined and nodes on motorways only (no access from the side).
std::vector<analysis::ZoneConnector> nearest_nodes(const graph::RoadGraph& g, const Point& p, int k,
                                                   double radius_m, double speed_kmh,
                                                   const analysis::ZoneAccess& a) {
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

Zones snap_zones(const graph::RoadGraph& g, const GraphAssignConfig& cfg, Diagnostics& diagnostics,
                 const workflow::Context& ctx) {
    io::PointLayerOptions po;
    po.path = cfg.zones;
    po.layer = cfg.zone_layer;
    po.id_field = cfg.zone_id_field;
    po.target_crs = g.meta.crs;
    po.assume_crs = cfg.zones_crs;
    po.input = ctx.input_policy();
    const auto points = io::read_points(po, diagnostics);
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    Zones z;
    for (const auto& p : points) {
        if (!z.index.emplace(p.id, static_cast<std::uint32_t>(z.ids.size())).second) {
            diagnostics.add("duplicate_zone", cfg.zones + ", zone " + p.id,
                            "zone id seen before; the first is kept");
            continue;
        }
        z.ids.push_back(p.id);
        const graph::Snap s = snapper.snap(p.xy, cfg.snap_distance_m);
        analysis::ZoneAccess a;
        a.leave = graph::origin_anchors(g, graph::Metric::Time, s);
        a.arrive = graph::destination_anchors(g, graph::Metric::Time, s);
        if (s.ok && cfg.connectors > 0) {
            a.connectors = nearest_nodes(g, p.xy, cfg.connectors, cfg.snap_distance_m,
                                         cfg.connector_speed_kmh, a);
        }
        if (!a.joined()) {
            ++z.unsnapped;
            const std::string msg =
                "zone " + p.id + " is " + std::to_string(std::lround(s.distance_m)) +
                " m from the nearest edge (limit " +
                std::to_string(std::lround(cfg.snap_distance_m)) + " m); its trips are unassigned";
            diagnostics.add("zone_unsnapped", cfg.zones + ", zone " + p.id, msg);
            ctx.info(msg);
        }
        z.access.push_back(a);
    }
    return z;
}

/// from,to,trips; rows naming unknown zones or without a usable number are skipped and named.
analysis::OdMatrix read_od(const std::string& path, const std::string& zones_path,
                           const Zones& zones, Diagnostics& diagnostics, double& total,
                           std::size_t& skipped, const workflow::Context& ctx) {
    std::ifstream in(path);
    if (!in) throw InputError("OD file not found or unreadable: " + path);
    std::string line;
    if (!std::getline(in, line))
        throw InputError(path + ": empty file (expected a header from,to,trips)");
    const auto header = split_csv_line(line);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[trim_field(header[i])] = i;
    for (const char* need : {"from", "to", "trips"}) {
        if (!col.count(need))
            throw InputError(path + ": missing column '" + need + "' (expected from,to,trips)");
    }
    std::map<std::uint32_t, std::map<std::uint32_t, double>> demand;
    std::size_t row = 0;
    std::size_t reported = 0;
    const auto skip = [&](const std::string& code, const std::string& where,
                          const std::string& msg) {
        ++skipped;
        diagnostics.add(code, where, msg + "; row skipped");
        if (++reported <= 20) ctx.info(where + ": " + msg + "; row skipped");
    };
    while (std::getline(in, line)) {
        ++row;
        if (trim_field(line).empty()) continue;
        const auto f = split_csv_line(line);
        const std::string where = path + ", row " + std::to_string(row);
        const auto field = [&](const char* name) {
            const auto i = col[name];
            return i < f.size() ? trim_field(f[i]) : std::string();
        };
        const std::string from = field("from");
        const std::string to = field("to");
        const auto trips = parse_number(field("trips"));
        const auto a = zones.index.find(from);
        const auto b = zones.index.find(to);
        if (a == zones.index.end() || b == zones.index.end()) {
            const bool both = a == zones.index.end() && b == zones.index.end();
            const std::string unknown =
                both                     ? "zones '" + from + "' (from) and '" + to + "' (to) are"
                : a == zones.index.end() ? "zone '" + from + "' (from) is"
                                         : "zone '" + to + "' (to) is";
            skip("od_unknown_zone", where, unknown + " not in " + zones_path);
            continue;
        }
        if (!trips || *trips < 0.0) {
            skip("od_bad_trips", where, "trips '" + field("trips") + "' is not a number >= 0");
            continue;
        }
        demand[a->second][b->second] += *trips;
        total += *trips;
    }
    if (reported > 20)
        ctx.info("... and " + std::to_string(reported - 20) +
                 " more skipped rows (see the diagnostics)");
    analysis::OdMatrix od;
    for (const auto& [o, dests] : demand) {
        auto& r = od.emplace_back();
        r.origin = o;
        for (const auto& [d, v] : dests) {
            if (v > 0.0) r.destinations.push_back({d, v});
        }
    }
    return od;
}

std::string csv_quote(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

using io::real_or_null;

void write_edges_layer(const graph::RoadGraph& g, const analysis::AssignmentResult& r,
                       const std::string& path, io::OutputSet& set) {
    using io::FieldType;
    io::DatasetWriter w(path, g.meta.crs, "", &set);
    w.begin_layer({"assigned_edges",
                   g.has_coordinates() ? io::GeometryKind::LineString : io::GeometryKind::None,
                   {{"edge_id", FieldType::Integer64},
                    {"link_id", FieldType::Integer64},
                    {"from_node", FieldType::Integer64},
                    {"to_node", FieldType::Integer64},
                    {"ref", FieldType::String},
                    {"name", FieldType::String},
                    {"class", FieldType::String},
                    {"capacity_vph", FieldType::Real},
                    {"capacity_source", FieldType::String},
                    {"free_flow_time_s", FieldType::Real},
                    {"volume", FieldType::Real},
                    {"cost_s", FieldType::Real},
                    {"vc_ratio", FieldType::Real},
                    {"near_capacity", FieldType::Integer}}});
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            const LinkId l = g.edge_link[e];
            const double capacity = g.link_capacity(l);
            const double vc = capacity > 0.0 ? r.volume[e] / capacity : std::nan("");
            const auto source = graph::capacity_source_name(g.capacity_source(l));
            std::vector<io::FieldValue> v{
                std::int64_t{e},
                std::int64_t{l},
                g.node_key[u],
                g.node_key[g.head[e]],
                g.edge_ref(e),
                g.edge_name(e),
                std::string(road_class_name(g.edge_class[e])),
                real_or_null(capacity),
                source.empty() ? io::FieldValue{} : io::FieldValue{std::string(source)},
                g.time_s(e),
                r.volume[e],
                r.cost[e],
                real_or_null(vc),
                std::isnan(vc) ? io::FieldValue{} : io::FieldValue{std::int64_t{vc >= 0.85}}};
            if (g.has_coordinates())
                w.add(g.edge_geometry(e), v);
            else
                w.add(v);
        }
    }
    w.commit();
}

}  // namespace

AssignmentZones snap_assignment_zones(const graph::RoadGraph& g, const GraphAssignConfig& cfg,
                                      Diagnostics& diagnostics, const workflow::Context& ctx) {
    return snap_zones(g, cfg, diagnostics, ctx);
}

analysis::OdMatrix read_assignment_od(const GraphAssignConfig& cfg, const AssignmentZones& zones,
                                      Diagnostics& diagnostics, const workflow::Context& ctx) {
    double total = 0.0;
    std::size_t skipped = 0;
    return read_od(cfg.od, cfg.zones, zones, diagnostics, total, skipped, ctx);
}

int run_graph_assign(io::OutputSet& outputs, const GraphAssignConfig& cfg, const std::string& method_name,
                     const analysis::AssignmentOptions& options, const workflow::Context& ctx) {
    if (!(cfg.snap_distance_m >= 0.0)) throw ConfigError("--snap-distance must be >= 0");
    if (cfg.connectors < 0) throw ConfigError("--connectors must be >= 0");
    if (!(cfg.connector_speed_kmh > 0.0)) throw ConfigError("--connector-speed must be > 0");
    const auto g = graph::read_graph_file(cfg.graph);
    if (!g.has_coordinates())
        throw InputError(cfg.graph + ": graph has no coordinates; zones cannot be snapped to it");
    if (!g.has_capacity()) {
        ctx.info("warning: " + cfg.graph +
                 " has no link capacity; every edge keeps its free-flow time "
                 "(rebuild it with 'midlink graph build' to get capacities)");
    }
    Diagnostics diagnostics;
    const Zones zones = snap_zones(g, cfg, diagnostics, ctx);
    double total = 0.0;
    std::size_t skipped = 0;
    const auto od = read_od(cfg.od, cfg.zones, zones, diagnostics, total, skipped, ctx);
    const auto network = analysis::graph_assignment_network(g, zones.access, cfg.bpr);
    ctx.info(std::to_string(g.edge_count()) + " edges, " + std::to_string(zones.ids.size()) +
             " zones (" + std::to_string(zones.unsnapped) + " unsnapped), " +
             workflow::format_number(total, "%.1f") + " trips in " + std::to_string(od.size()) +
             " origins, " + std::to_string(skipped) + " OD rows skipped; method " + method_name);

    const auto start = std::chrono::steady_clock::now();
    const auto r = analysis::assign_traffic(network.net, od, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    // Same first columns as the TNTP form (from, to: the input's node ids; cost in seconds).
    std::ostringstream csv;
    csv << "from,to,volume,cost,edge_id,link_id,ref,capacity_vph,vc_ratio\n";
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            const double capacity = g.link_capacity(g.edge_link[e]);
            csv << g.node_key[u] << ',' << g.node_key[g.head[e]] << ','
                << workflow::format_number(r.volume[e]) << ',' << workflow::format_number(r.cost[e]) << ',' << e << ','
                << g.edge_link[e] << ',' << csv_quote(g.edge_ref(e)) << ','
                << (std::isnan(capacity) ? std::string() : workflow::format_number(capacity)) << ','
                << (capacity > 0.0 ? workflow::format_number(r.volume[e] / capacity, "%.6g") : std::string())
                << '\n';
        }
    }
    workflow::write_text_atomically(cfg.output, csv.str(), &outputs);
    if (!cfg.edges_output.empty()) write_edges_layer(g, r, cfg.edges_output, outputs);
    const std::string diag_path =
        cfg.diagnostics_path.empty() ? cfg.output + ".diagnostics.csv" : cfg.diagnostics_path;
    workflow::write_diagnostics_csv(diagnostics, diag_path, &outputs);

    std::ostringstream json;
    json << "{\"method\":\"" << method_name << "\",\"iterations\":" << r.iterations
         << ",\"relative_gap\":" << workflow::format_number(r.relative_gap, "%.6e")
         << ",\"target_gap\":" << workflow::format_number(options.target_gap, "%.6e")
         << ",\"converged\":" << (r.converged ? "true" : "false")
         << ",\"total_system_travel_time\":" << workflow::format_number(r.total_travel_time)
         << ",\"unassigned_demand\":" << workflow::format_number(r.unassigned_demand)
         << ",\"seconds\":" << workflow::format_number(seconds, "%.4f") << ",\"links\":" << g.edge_count()
         << ",\"zones\":" << zones.ids.size() << ",\"zones_unsnapped\":" << zones.unsnapped
         << ",\"trips\":" << workflow::format_number(total) << ",\"od_rows_skipped\":" << skipped << "}\n";
    workflow::write_text_atomically(cfg.output + ".summary.json", json.str(), &outputs);
    outputs.commit();

    if (!r.converged && options.method != analysis::AssignmentMethod::AllOrNothing) {
        ctx.info("warning: gap " + workflow::format_number(r.relative_gap, "%.3e") + " not reached within " +
                 std::to_string(options.max_iterations) + " iterations");
    }
    if (r.unassigned_demand > 0.0) {
        ctx.info("unassigned demand (unsnapped zones, unreachable or intrazonal): " +
                 workflow::format_number(r.unassigned_demand));
    }
    std::cout << "relative gap: " << workflow::format_number(r.relative_gap, "%.6e") << " (" << method_name
              << ", " << r.iterations << " iterations, " << workflow::format_number(seconds, "%.3f")
              << " s)\n";
    return 0;
}

}  // namespace midlink::cli
