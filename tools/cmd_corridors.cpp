// midlink corridors: each corridor of a YAML file (and, with --places, the best east-west
// pairs of places) measured by analysis::CorridorAnalyser, written as layers.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_map>

#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/analysis/corridor_analysis.hpp"
#include "midlink/analysis/east_west_discovery.hpp"
#include "midlink/analysis/hgv_comparison.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/io/corridor_reader.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_writer.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace {

struct CorridorsConfig {
    std::string graph;
    std::string corridors;
    std::string places;
    std::string places_id = "name";
    std::string places_population = "population";
    double max_angle_deg = 30.0;
    double min_km = 20.0;
    std::uint32_t discover = 10;
    std::string hgv_graph;
    std::uint32_t k = 3;
    std::uint32_t top = 10;
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
    std::string output;
};

struct NamedResult {
    std::string name;
    std::string mode;
    std::string origin;  // "file" or "discovered"
    std::vector<std::string> follow_refs;
    analysis::CorridorResult result;
    std::optional<analysis::CorridorResult> hgv;     // with --hgv-graph
    std::vector<analysis::RestrictedLink> restricted;  // car route links the HGV may not use freely
};

LineString path_geometry(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    LineString line;
    for (EdgeId e : edges) {
        for (const Point& p : g.edge_geometry(e)) {
            if (line.empty() || !(line.back() == p)) line.push_back(p);
        }
    }
    return line;
}

double path_length_m(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    double m = 0.0;
    for (EdgeId e : edges) m += g.length_m(e);
    return m;
}

void write_layers(const graph::RoadGraph& g, const std::vector<NamedResult>& results,
                  const analysis::DiscoveryResult* discovery, const std::vector<analysis::Place>& places,
                  std::size_t analysed_pairs, const std::vector<std::uint8_t>& bridges, const std::string& output,
                  io::OutputSet& set) {
    using io::FieldType;
    using io::FieldValue;
    const auto minutes = [&](std::uint64_t cost) {
        return g.cost_value(graph::Metric::Time, static_cast<Weight>(cost)) / 60.0;
    };
    const auto opt = [](bool ok, FieldValue v) { return ok ? v : FieldValue(); };
    io::DatasetWriter w(output, g.meta.crs, "", &set);
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
                    {"bridges_on_route", FieldType::Integer},
                    {"source", FieldType::String},
                    {"follow_refs", FieldType::String},
                    {"ref_share", FieldType::Real},
                    {"failed_waypoint", FieldType::String},
                    {"missing_refs", FieldType::String},
                    {"hgv_status", FieldType::String},
                    {"hgv_time_min", FieldType::Real},
                    {"hgv_distance_km", FieldType::Real},
                    {"hgv_extra_min", FieldType::Real},
                    {"hgv_extra_km", FieldType::Real},
                    {"hgv_restrictions", FieldType::String}}});
    for (const auto& nr : results) {
        const auto& r = nr.result;
        const bool ok = r.ok();
        const double km = r.route.distance_m / 1000.0;
        std::string refs;
        for (const auto& ref : nr.follow_refs) refs += (refs.empty() ? "" : ";") + ref;
        std::string missing;
        for (const auto& ref : r.missing_refs) missing += (missing.empty() ? "" : ";") + ref;
        std::vector<FieldValue> v{nr.name,
                                  nr.mode,
                                  r.status,
                                  opt(ok, r.route.time_s / 60.0),
                                  opt(ok, km),
                                  opt(ok && r.route.time_s > 0, km / (r.route.time_s / 3600.0)),
                                  r.straight_km,
                                  opt(ok && r.straight_km > 0, r.circuity()),
                                  opt(ok, std::int64_t(r.yen.size())),
                                  r.disjoint.redundancy ? FieldValue(*r.disjoint.redundancy) : FieldValue(),
                                  opt(ok, std::int64_t(r.bridges_on_route)),
                                  nr.origin,
                                  refs,
                                  opt(r.ref_share >= 0.0, r.ref_share),
                                  r.failed_waypoint,
                                  missing};
        if (nr.hgv) {
            const auto& h = *nr.hgv;
            const bool both = ok && h.ok();
            std::map<std::string, int> reasons;
            for (const auto& x : nr.restricted) ++reasons[x.reason.empty() ? "unknown" : x.reason];
            std::string summary;
            for (const auto& [k, n] : reasons) summary += (summary.empty() ? "" : "; ") + k + " x" + std::to_string(n);
            v.insert(v.end(), {h.status, opt(h.ok(), h.route.time_s / 60.0), opt(h.ok(), h.route.distance_m / 1000.0),
                               opt(both, (h.route.time_s - r.route.time_s) / 60.0),
                               opt(both, (h.route.distance_m - r.route.distance_m) / 1000.0), summary});
        } else {
            v.insert(v.end(), {FieldValue(), FieldValue(), FieldValue(), FieldValue(), FieldValue(), FieldValue()});
        }
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
    for (const auto& nr : results) {
        for (std::size_t i = 0; i < nr.result.yen.size(); ++i)
            add_path(nr.name, "yen", std::int64_t(i + 1), nr.result.yen[i]);
        if (nr.result.disjoint.path) add_path(nr.name, "disjoint", 0, *nr.result.disjoint.path);
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
    for (const auto& nr : results) {
        for (std::size_t i = 0; i < nr.result.critical.size(); ++i) {
            const auto& c = nr.result.critical[i];
            std::vector<FieldValue> v{nr.name,
                                      std::int64_t(i + 1),
                                      std::int64_t{c.edge},
                                      g.edge_ref(c.edge),
                                      opt(!c.disconnects, minutes(static_cast<std::uint64_t>(c.increase))),
                                      std::int64_t{c.disconnects},
                                      std::int64_t{bridges[c.edge]}};
            w.add(g.edge_geometry(c.edge), v);
        }
    }
    if (!results.empty() && results.front().hgv) {
        w.begin_layer({"hgv_restrictions",
                       io::GeometryKind::LineString,
                       {{"corridor", FieldType::String},
                        {"source_id", FieldType::Integer64},
                        {"ref", FieldType::String},
                        {"name", FieldType::String},
                        {"restriction", FieldType::String},
                        {"excluded", FieldType::Integer},
                        {"penalised", FieldType::Integer},
                        {"length_m", FieldType::Real}}});
        for (const auto& nr : results) {
            for (const auto& x : nr.restricted) {
                w.add(g.edge_geometry(x.car_edge),
                      {nr.name, x.source_id, g.edge_ref(x.car_edge), g.edge_name(x.car_edge),
                       x.reason.empty() ? FieldValue() : FieldValue(x.reason), std::int64_t{x.excluded},
                       std::int64_t{x.penalised}, x.length_m});
            }
        }
    }
    if (discovery) {
        w.begin_layer({"discovered_pairs",
                       io::GeometryKind::LineString,
                       {{"rank", FieldType::Integer},
                        {"west", FieldType::String},
                        {"east", FieldType::String},
                        {"bearing_deg", FieldType::Real},
                        {"angle_from_east_west_deg", FieldType::Real},
                        {"straight_km", FieldType::Real},
                        {"time_min", FieldType::Real},
                        {"gravity", FieldType::Real},
                        {"analysed", FieldType::Integer}}});
        for (std::size_t i = 0; i < discovery->pairs.size(); ++i) {
            const auto& p = discovery->pairs[i];
            w.add(LineString{places[p.west].xy, places[p.east].xy},
                  {std::int64_t(i + 1), places[p.west].name, places[p.east].name, p.bearing_deg,
                   p.angle_from_east_west, p.straight_km, p.time_min, p.gravity,
                   std::int64_t{i < analysed_pairs}});
        }
    }
    w.commit();
}

std::vector<analysis::Place> read_places(const CorridorsConfig& cfg, const std::string& crs, const workflow::Context& ctx) {
    io::PointLayerOptions po;
    po.input = ctx.input_policy();
    po.path = cfg.places;
    po.id_field = cfg.places_id;
    po.weight_field = cfg.places_population;
    po.target_crs = crs;
    Diagnostics diag;
    const auto points = io::read_points(po, diag);
    for (const auto& d : diag.items()) ctx.info(d.where + ": " + d.message);
    std::vector<analysis::Place> places;
    for (const auto& p : points) places.push_back({p.id, p.xy, p.weight});
    return places;
}

int run_corridors(const CorridorsConfig& cfg, const workflow::Context& ctx) {
    if (!(cfg.max_snap_m >= 0.0))
        throw ConfigError("--max-snap: must be a non-negative number of metres");
    if (cfg.k == 0) throw ConfigError("--k: must be at least 1");
    if (cfg.corridors.empty() && cfg.places.empty())
        throw ConfigError("give --corridors FILE.yaml, --places FILE (east-west discovery), or both");
    if (!(cfg.max_angle_deg >= 0.0 && cfg.max_angle_deg <= 90.0))
        throw ConfigError("--max-angle: must be between 0 and 90 degrees");
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const auto g = graph::read_graph_file(cfg.graph);
    if (!g.has_coordinates())
        throw ConfigError(cfg.graph + ": corridors need a graph with coordinates");
    // Read every input before the long work starts, so bad input fails fast.
    std::vector<io::CorridorSpec> specs;
    if (!cfg.corridors.empty()) specs = io::read_corridors(cfg.corridors, g.meta.crs);
    std::vector<analysis::Place> places;
    if (!cfg.places.empty()) places = read_places(cfg, g.meta.crs, ctx);

    // Car against HGV: the HGV graph, and the restriction behind each link its profile left
    // out or penalised, read again from the input the HGV graph was built from.
    std::optional<graph::RoadGraph> hgv;
    std::unordered_map<std::int64_t, std::string> reasons;
    if (!cfg.hgv_graph.empty()) {
        hgv = graph::read_graph_file(cfg.hgv_graph);
        if (hgv->meta.crs != g.meta.crs)
            throw ConfigError(cfg.hgv_graph + ": its CRS (" + hgv->meta.crs + ") differs from " + cfg.graph + "'s");
        const std::string& src = hgv->meta.source;
        if (!src.empty() && std::filesystem::exists(src) && io::file_fingerprint(src) == hgv->meta.input_fingerprint) {
            workflow::Step step(ctx, "reading HGV restrictions from " + src);
            const Profile profile = io::read_profile(hgv->meta.profile_name, ctx.profiles_dir);
            io::ReadOptions ro;
            ro.input = ctx.input_policy();
            ro.target_crs = g.meta.crs;
            const auto table = io::read_network(src, io::NetworkFormat::Auto, ro);
            for (const auto& link : table.links) {
                const auto rr = graph::profile_restriction(link, profile);
                if (!rr.usable || rr.penalised) reasons.emplace(link.source_id, rr.reason);
            }
            step.done(std::to_string(reasons.size()) + " restricted links");
        } else {
            ctx.warn(cfg.hgv_graph + ": its input " + src +
                     " is not available unchanged; restricted links are listed without their restriction");
        }
    }
    std::optional<analysis::CorridorAnalyser> hgv_analyser;
    if (hgv) hgv_analyser.emplace(*hgv, graph::SnapOptions{.connectors = cfg.snap_connectors});
    analysis::CorridorAnalyser analyser(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    std::optional<analysis::DiscoveryResult> discovery;
    std::size_t analysed_pairs = 0;
    if (!places.empty()) {
        workflow::Step step(ctx, "east-west discovery among " + std::to_string(places.size()) + " places");
        analysis::DiscoveryOptions dopt;
        dopt.max_angle_deg = cfg.max_angle_deg;
        dopt.min_km = cfg.min_km;
        dopt.max_snap_m = cfg.max_snap_m;
        discovery = analysis::discover_east_west(g, analyser.snapper(), places, dopt);
        analysed_pairs = std::min<std::size_t>(cfg.discover, discovery->pairs.size());
        for (std::size_t i : discovery->unsnapped) ctx.info("place '" + places[i].name + "' is beyond --max-snap");
        for (std::size_t i = 0; i < analysed_pairs; ++i) {
            const auto& p = discovery->pairs[i];
            io::CorridorSpec spec;
            spec.name = places[p.west].name + "-" + places[p.east].name;
            spec.waypoints = {{places[p.west].name, places[p.west].xy}, {places[p.east].name, places[p.east].xy}};
            specs.push_back(std::move(spec));
        }
        step.done(std::to_string(discovery->pairs.size()) + " pairs qualify, top " + std::to_string(analysed_pairs) +
                  " analysed");
    }
    const std::size_t from_file = specs.size() - analysed_pairs;
    std::vector<NamedResult> results;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const auto& spec = specs[i];
        workflow::Step step(ctx, "corridor " + spec.name);
        std::vector<analysis::CorridorWaypoint> wps;
        for (const auto& [name, xy] : spec.waypoints) wps.push_back({name, xy});
        analysis::CorridorOptions options;
        options.k = cfg.k;
        options.top = cfg.top;
        options.max_snap_m = cfg.max_snap_m;
        options.refs = spec.refs;
        options.ref_bias = spec.ref_bias;
        results.push_back({spec.name, spec.mode, i < from_file ? "file" : "discovered", spec.refs,
                           analyser.analyse(wps, options), std::nullopt, {}});
        if (hgv_analyser) {
            auto ho = options;
            ho.route_only = true;
            auto& nr = results.back();
            nr.hgv = hgv_analyser->analyse(wps, ho);
            if (nr.result.ok()) {
                nr.restricted = analysis::hgv_restricted_links(
                    g, nr.result.route.edges, nr.result.route.edge_share, *hgv, [&](std::int64_t id) {
                        const auto it = reasons.find(id);
                        return it == reasons.end() ? std::string() : it->second;
                    });
            }
        }
        const auto& r = results.back().result;
        for (const auto& ref : r.missing_refs)
            ctx.warn("corridor '" + spec.name + "': no link of the graph carries ref '" + ref + "'");
        char buf[200];
        if (r.ok()) {
            std::snprintf(buf, sizeof(buf), "%.1f min, %.1f km, circuity %.2f, %zu alternatives",
                          r.route.time_s / 60.0, r.route.distance_m / 1000.0,
                          r.straight_km > 0 ? r.circuity() : 0.0, r.yen.size());
        } else {
            std::snprintf(buf, sizeof(buf), "%s%s%s", r.status.c_str(), r.failed_waypoint.empty() ? "" : " at ",
                          r.failed_waypoint.c_str());
        }
        step.done(buf);
    }
    write_layers(g, results, discovery ? &*discovery : nullptr, places, analysed_pairs, analyser.bridges(),
                 cfg.output, outputs);
    outputs.commit();
    ctx.info(std::string("wrote layers 'corridors', 'alternatives', 'critical_links'") +
             (hgv ? ", 'hgv_restrictions'" : "") +
             (discovery ? " and 'discovered_pairs'" : "") + " to " + cfg.output);
    return 0;
}

}  // namespace

void add_corridors_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<CorridorsConfig>();
    auto* cmd = app.add_subcommand("corridors",
                                   "Corridor routes, alternatives, redundancy and critical links; east-west discovery");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--corridors", cfg->corridors, "Corridor file (YAML)");
    cmd->add_option("--places", cfg->places,
                    "Places with population (point layer or CSV) for automatic east-west discovery");
    cmd->add_option("--places-id", cfg->places_id, "Name field of --places")->capture_default_str();
    cmd->add_option("--places-population", cfg->places_population, "Population field of --places")
        ->capture_default_str();
    cmd->add_option("--max-angle", cfg->max_angle_deg, "Discovery: largest angle (degrees) from due east-west")
        ->capture_default_str();
    cmd->add_option("--min-km", cfg->min_km, "Discovery: shortest straight-line distance (km)")->capture_default_str();
    cmd->add_option("--discover", cfg->discover, "Discovery: best pairs analysed as corridors")->capture_default_str();
    cmd->add_option("--hgv-graph", cfg->hgv_graph,
                    "HGV graph of the same network: each corridor's HGV route, extra time and distance, and "
                    "the restrictions on the car route that forced it");
    cmd->add_option("--k", cfg->k, "Yen k shortest paths per corridor")->capture_default_str();
    cmd->add_option("--top", cfg->top, "Critical links listed per corridor")->capture_default_str();
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--max-snap", cfg->max_snap_m,
                    "Waypoints farther than this (m) from the network are unsnapped")->check(cli::distance_m())
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output layer file (.gpkg)")->required();
    cmd->callback(
        [cfg, &ctx, &action] { action = [cfg, &ctx] { return run_corridors(*cfg, ctx); }; });
}

}  // namespace midlink::cli
