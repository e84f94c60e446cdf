// midlink corridors: each corridor of a YAML file routed through its waypoints, with its
// k shortest alternatives, its best link-disjoint alternative (redundancy) and the links
// whose closure costs it most, written as three layers.
//
// Alternatives and link removals are node-to-node: they run from the head of the route's
// first (partial) edge to the tail of its last (partial) edge, i.e. the junctions where the
// route joins and leaves the network near the first and last waypoints. Their times leave
// out the two partial edges, so they are comparable with each other but slightly shorter
// than the corridor's own time.
#include <algorithm>
#include <cmath>
#include <optional>

#include "commands.hpp"
#include "midlink/analysis/k_shortest_paths.hpp"
#include "midlink/analysis/link_criticality.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/io/corridor_reader.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::cli {
namespace {

struct CorridorsConfig {
    std::string graph;
    std::string corridors;
    std::uint32_t k = 3;
    std::uint32_t top = 10;
    double max_snap_m = 1000.0;
    std::string output;
};

struct CorridorResult {
    io::CorridorSpec spec;
    std::string status = "ok";
    graph::Route route;  // all legs joined
    double straight_km = 0.0;
    std::vector<analysis::CostedPath> yen;
    analysis::DisjointAlternative disjoint;
    bool has_alternatives = false;                // false when the route never passes a junction
    std::vector<analysis::LinkRemoval> critical;  // top N, largest increase first
    std::size_t bridges_on_route = 0;
};

void append_line(LineString& to, const LineString& part) {
    for (const Point& p : part) {
        if (to.empty() || !(to.back() == p)) to.push_back(p);
    }
}

LineString path_geometry(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    LineString line;
    for (EdgeId e : edges) append_line(line, g.edge_geometry(e));
    return line;
}

double path_length_m(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    double m = 0.0;
    for (EdgeId e : edges) m += g.length_m(e);
    return m;
}

/// The whole edges of the joined route between its first and last junction; a waypoint in
/// the middle of an edge splits that edge between two legs, so consecutive repeats merge.
/// Empty optional when they do not form a connected path (a U-turn at a waypoint).
std::optional<std::vector<EdgeId>> core_path(const graph::RoadGraph& g,
                                             const std::vector<EdgeId>& edges) {
    std::vector<EdgeId> core;
    for (std::size_t i = 1; i + 1 < edges.size(); ++i) {
        if (core.empty() || core.back() != edges[i]) core.push_back(edges[i]);
    }
    NodeId at = g.head[edges.front()];
    for (EdgeId e : core) {
        if (g.tail(e) != at) return std::nullopt;
        at = g.head[e];
    }
    if (at != g.tail(edges.back())) return std::nullopt;
    return core;
}

CorridorResult analyse(const graph::RoadGraph& g, const graph::Snapper& snapper,
                       graph::ShortestPathSearch& search, const std::vector<std::uint8_t>& bridges,
                       const io::CorridorSpec& spec, const CorridorsConfig& cfg) {
    CorridorResult r;
    r.spec = spec;
    const Point a = spec.waypoints.front().second, b = spec.waypoints.back().second;
    r.straight_km = std::hypot(b.x - a.x, b.y - a.y) / 1000.0;
    std::vector<graph::Snap> snaps;
    for (const auto& [name, xy] : spec.waypoints) {
        snaps.push_back(snapper.snap(xy, cfg.max_snap_m));
        if (!snaps.back().ok) {
            r.status = "unsnapped";
            return r;
        }
    }
    r.route.status = graph::RouteStatus::Ok;
    for (std::size_t i = 0; i + 1 < snaps.size(); ++i) {
        const auto leg = graph::route_between(search, snaps[i], snaps[i + 1]);
        if (leg.status != graph::RouteStatus::Ok) {
            r.status = std::string(graph::route_status_name(leg.status));
            r.route = {};
            return r;
        }
        r.route.time_s += leg.time_s;
        r.route.distance_m += leg.distance_m;
        r.route.edges.insert(r.route.edges.end(), leg.edges.begin(), leg.edges.end());
        append_line(r.route.geometry, leg.geometry);
    }
    auto on_route = r.route.edges;
    std::sort(on_route.begin(), on_route.end());
    on_route.erase(std::unique(on_route.begin(), on_route.end()), on_route.end());
    r.bridges_on_route = analysis::route_bridges(bridges, on_route).size();

    if (r.route.edges.size() < 2) return r;  // start and end on one edge: no junction to vary
    const NodeId from = g.head[r.route.edges.front()];
    const NodeId to = g.tail(r.route.edges.back());
    r.has_alternatives = true;
    r.yen = analysis::k_shortest_paths(g, graph::Metric::Time, from, to, cfg.k);
    auto core = core_path(g, r.route.edges);
    if (!core) {
        if (r.yen.empty()) return r;
        core = r.yen.front().edges;
    }
    r.disjoint = analysis::disjoint_alternative(g, graph::Metric::Time, from, to, *core);
    r.critical = analysis::removal_deltas(g, graph::Metric::Time, from, to, *core);
    // Disconnecting links first, then by increase; equal ones keep route order.
    std::stable_sort(r.critical.begin(), r.critical.end(), [](const auto& x, const auto& y) {
        if (x.disconnects != y.disconnects) return x.disconnects;
        return x.increase > y.increase;
    });
    if (r.critical.size() > cfg.top) r.critical.resize(cfg.top);
    return r;
}

void write_layers(const graph::RoadGraph& g, const std::vector<CorridorResult>& results,
                  const std::string& output) {
    using io::FieldType;
    using io::FieldValue;
    const auto minutes = [&](std::uint64_t cost) {
        return g.cost_value(graph::Metric::Time, static_cast<Weight>(cost)) / 60.0;
    };
    io::DatasetWriter w(output, g.meta.crs);
    w.begin_layer({"corridors",
                   io::GeometryKind::LineString,
                   {{"name", FieldType::String},
                    {"mode", FieldType::String},
                    {"status", FieldType::String},
                    {"time_min", FieldType::Real},
                    {"distance_km", FieldType::Real},
                    {"mean_speed_kmh", FieldType::Real},
                    {"straight_km", FieldType::Real},
                    {"circuity", FieldType::Real},
                    {"alternatives", FieldType::Integer},
                    {"redundancy", FieldType::Real},
                    {"bridges_on_route", FieldType::Integer}}});
    for (const auto& r : results) {
        const bool ok = r.status == "ok";
        const double km = r.route.distance_m / 1000.0;
        std::vector<FieldValue> v{r.spec.name, r.spec.mode, r.status};
        if (ok) {
            v.insert(v.end(), {r.route.time_s / 60.0, km,
                               r.route.time_s > 0 ? FieldValue(km / (r.route.time_s / 3600.0))
                                                  : FieldValue()});
        } else {
            v.insert(v.end(), {FieldValue(), FieldValue(), FieldValue()});
        }
        v.push_back(r.straight_km);
        v.push_back(ok && r.straight_km > 0 ? FieldValue(km / r.straight_km) : FieldValue());
        v.push_back(ok ? FieldValue(std::int64_t(r.yen.size())) : FieldValue());
        v.push_back(r.disjoint.redundancy ? FieldValue(*r.disjoint.redundancy) : FieldValue());
        v.push_back(ok ? FieldValue(std::int64_t(r.bridges_on_route)) : FieldValue());
        if (ok && r.route.geometry.size() >= 2)
            w.add(r.route.geometry, v);
        else
            w.add(v);
    }
    w.begin_layer({"alternatives",
                   io::GeometryKind::LineString,
                   {{"corridor", FieldType::String},
                    {"kind", FieldType::String},
                    {"rank", FieldType::Integer},
                    {"time_min", FieldType::Real},
                    {"distance_km", FieldType::Real}}});
    const auto add_path = [&](const std::string& corridor, const char* kind, std::int64_t rank,
                              const analysis::CostedPath& p) {
        std::vector<FieldValue> v{corridor, std::string(kind), rank, minutes(p.cost),
                                  path_length_m(g, p.edges) / 1000.0};
        const auto line = path_geometry(g, p.edges);
        if (line.size() >= 2)
            w.add(line, v);
        else
            w.add(v);
    };
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.yen.size(); ++i)
            add_path(r.spec.name, "yen", std::int64_t(i + 1), r.yen[i]);
        if (r.disjoint.path) add_path(r.spec.name, "disjoint", 0, *r.disjoint.path);
    }
    w.begin_layer({"critical_links",
                   io::GeometryKind::LineString,
                   {{"corridor", FieldType::String},
                    {"rank", FieldType::Integer},
                    {"edge_id", FieldType::Integer64},
                    {"ref", FieldType::String},
                    {"time_increase_min", FieldType::Real},
                    {"disconnects", FieldType::Integer},
                    {"bridge", FieldType::Integer}}});
    const auto bridges = analysis::bridge_edges(g);
    for (const auto& r : results) {
        for (std::size_t i = 0; i < r.critical.size(); ++i) {
            const auto& c = r.critical[i];
            std::vector<FieldValue> v{
                r.spec.name,
                std::int64_t(i + 1),
                std::int64_t{c.edge},
                g.edge_ref(c.edge),
                c.disconnects ? FieldValue()
                              : FieldValue(g.cost_value(graph::Metric::Time,
                                                        static_cast<Weight>(c.increase)) /
                                           60.0),
                std::int64_t{c.disconnects},
                std::int64_t{bridges[c.edge]}};
            w.add(g.edge_geometry(c.edge), v);
        }
    }
    w.commit();
}

int run_corridors(const CorridorsConfig& cfg, const CliContext& ctx) {
    if (!(cfg.max_snap_m >= 0.0))
        throw ConfigError("--max-snap: must be a non-negative number of metres");
    if (cfg.k == 0) throw ConfigError("--k: must be at least 1");
    const auto g = graph::read_graph_file(cfg.graph);
    if (!g.has_coordinates())
        throw ConfigError(cfg.graph + ": corridors need a graph with coordinates");
    const auto specs = io::read_corridors(cfg.corridors, g.meta.crs);
    const graph::Snapper snapper(g);
    graph::ShortestPathSearch search(g, graph::Metric::Time);
    const auto bridges = analysis::bridge_edges(g);
    std::vector<CorridorResult> results;
    for (const auto& spec : specs) {
        Step step(ctx, "corridor " + spec.name);
        results.push_back(analyse(g, snapper, search, bridges, spec, cfg));
        const auto& r = results.back();
        char buf[200];
        if (r.status == "ok") {
            std::snprintf(buf, sizeof(buf), "%.1f min, %.1f km, circuity %.2f, %zu alternatives",
                          r.route.time_s / 60.0, r.route.distance_m / 1000.0,
                          r.straight_km > 0 ? r.route.distance_m / 1000.0 / r.straight_km : 0.0,
                          r.yen.size());
        } else {
            std::snprintf(buf, sizeof(buf), "%s", r.status.c_str());
        }
        step.done(buf);
    }
    write_layers(g, results, cfg.output);
    ctx.info("wrote layers 'corridors', 'alternatives' and 'critical_links' to " + cfg.output);
    return 0;
}

}  // namespace

void add_corridors_command(CLI::App& app, CliContext& ctx, Action& action) {
    auto cfg = std::make_shared<CorridorsConfig>();
    auto* cmd = app.add_subcommand("corridors",
                                   "Corridor routes, alternatives, redundancy and critical links");
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--corridors", cfg->corridors, "Corridor file (YAML)")->required();
    cmd->add_option("--k", cfg->k, "Yen k shortest paths per corridor")->capture_default_str();
    cmd->add_option("--top", cfg->top, "Critical links listed per corridor")->capture_default_str();
    cmd->add_option("--max-snap", cfg->max_snap_m,
                    "Waypoints farther than this (m) from the network are unsnapped")
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output layer file (.gpkg)")->required();
    cmd->callback(
        [cfg, &ctx, &action] { action = [cfg, &ctx] { return run_corridors(*cfg, ctx); }; });
}

}  // namespace midlink::cli
