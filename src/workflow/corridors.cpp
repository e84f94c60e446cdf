// `midlink corridors` as a library call (see the header).
#include "midlink/workflow/corridors.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unordered_map>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/corridor_reader.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/workflow/output_paths.hpp"

namespace midlink::workflow {
namespace {

void check_config(const CorridorsConfig& cfg) {
    if (!(cfg.max_snap_m >= 0.0)) throw ConfigError("--max-snap: must be a non-negative number of metres");
    if (cfg.k == 0) throw ConfigError("--k: must be at least 1");
    if (cfg.corridors.empty() && cfg.places.empty())
        throw ConfigError("give --corridors FILE.yaml, --places FILE (east-west discovery), or both");
    if (!(cfg.max_angle_deg >= 0.0 && cfg.max_angle_deg <= 90.0))
        throw ConfigError("--max-angle: must be between 0 and 90 degrees");
}

std::vector<analysis::Place> read_places(const CorridorsConfig& cfg, const std::string& crs, const Context& ctx) {
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

/// The restriction behind each link the HGV profile left out or penalised, read again
/// from the input the HGV graph was built from (empty, with a warning, when that input is
/// not available unchanged).
std::unordered_map<std::int64_t, std::string> hgv_restrictions(const CorridorsConfig& cfg, const Context& ctx,
                                                               const graph::RoadGraph& g, const graph::RoadGraph& hgv) {
    std::unordered_map<std::int64_t, std::string> reasons;
    const std::string& src = hgv.meta.source;
    if (!src.empty() && std::filesystem::exists(src) && io::file_fingerprint(src) == hgv.meta.input_fingerprint) {
        Step step(ctx, "reading HGV restrictions from " + src);
        const Profile profile = io::read_profile(hgv.meta.profile_name, ctx.profiles_dir);
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
    return reasons;
}

}  // namespace

CorridorsStudy compute_corridors(const CorridorsConfig& cfg, const Context& ctx, const graph::RoadGraph& g) {
    check_config(cfg);
    if (!g.has_coordinates()) throw ConfigError(cfg.graph + ": corridors need a graph with coordinates");
    CorridorsStudy study;
    study.graph = &g;
    // Read every input before the long work starts, so bad input fails fast.
    std::vector<io::CorridorSpec> specs;
    if (!cfg.corridors.empty()) specs = io::read_corridors(cfg.corridors, g.meta.crs);
    if (!cfg.places.empty()) study.places = read_places(cfg, g.meta.crs, ctx);
    const auto& places = study.places;

    // Car against HGV: the HGV graph, and the restriction behind each link its profile left
    // out or penalised.
    std::optional<graph::RoadGraph> hgv;
    std::unordered_map<std::int64_t, std::string> reasons;
    if (!cfg.hgv_graph.empty()) {
        hgv = graph::read_graph_file(cfg.hgv_graph);
        if (hgv->meta.crs != g.meta.crs)
            throw ConfigError(cfg.hgv_graph + ": its CRS (" + hgv->meta.crs + ") differs from " + cfg.graph + "'s");
        reasons = hgv_restrictions(cfg, ctx, g, *hgv);
        study.has_hgv = true;
    }
    std::optional<analysis::CorridorAnalyser> hgv_analyser;
    if (hgv) hgv_analyser.emplace(*hgv, graph::SnapOptions{.connectors = cfg.snap_connectors});
    analysis::CorridorAnalyser analyser(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    if (!places.empty()) {
        Step step(ctx, "east-west discovery among " + std::to_string(places.size()) + " places");
        analysis::DiscoveryOptions dopt;
        dopt.max_angle_deg = cfg.max_angle_deg;
        dopt.min_km = cfg.min_km;
        dopt.max_snap_m = cfg.max_snap_m;
        study.discovery = analysis::discover_east_west(g, analyser.snapper(), places, dopt);
        study.analysed_pairs = std::min<std::size_t>(cfg.discover, study.discovery->pairs.size());
        for (std::size_t i : study.discovery->unsnapped) ctx.info("place '" + places[i].name + "' is beyond --max-snap");
        for (std::size_t i = 0; i < study.analysed_pairs; ++i) {
            const auto& p = study.discovery->pairs[i];
            io::CorridorSpec spec;
            spec.name = places[p.west].name + "-" + places[p.east].name;
            spec.waypoints = {{places[p.west].name, places[p.west].xy}, {places[p.east].name, places[p.east].xy}};
            specs.push_back(std::move(spec));
        }
        step.done(std::to_string(study.discovery->pairs.size()) + " pairs qualify, top " +
                  std::to_string(study.analysed_pairs) + " analysed");
    }
    const std::size_t from_file = specs.size() - study.analysed_pairs;
    auto& results = study.corridors;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const auto& spec = specs[i];
        Step step(ctx, "corridor " + spec.name);
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
    study.bridges = analyser.bridges();
    return study;
}

namespace {

void write_and_report(const CorridorsStudy& study, const CorridorsConfig& cfg, const Context& ctx,
                      const graph::RoadGraph& g, io::OutputSet& outputs) {
    write_corridors(study, cfg, g, outputs);
    outputs.commit();
    ctx.info(std::string("wrote layers 'corridors', 'alternatives', 'critical_links'") +
             (study.has_hgv ? ", 'hgv_restrictions'" : "") + (study.discovery ? " and 'discovered_pairs'" : "") +
             " to " + cfg.output);
}

}  // namespace

int run_corridors(const CorridorsConfig& cfg, const Context& ctx) {
    check_config(cfg);
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const auto g = graph::read_graph_file(cfg.graph);
    write_and_report(compute_corridors(cfg, ctx, g), cfg, ctx, g, outputs);
    return 0;
}

void run_corridors(const CorridorsConfig& cfg, const Context& ctx, const graph::RoadGraph& g) {
    check_config(cfg);
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);
    write_and_report(compute_corridors(cfg, ctx, g), cfg, ctx, g, outputs);
}

}  // namespace midlink::workflow
