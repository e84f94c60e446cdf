// midlink isochrone: travel-time bands from one or more origins, drawn as reachable road
// (layer `edges`) and as buffered road (layer `bands`) rather than as hulls.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <cstdio>
#include <optional>

#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/analysis/isochrone.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/geometry_ops.hpp"
#include "midlink/io/layer_writer.hpp"
#include "origin_points.hpp"
#include "point_input.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace {

struct IsochroneConfig {
    std::string graph;
    std::string from;         // "X,Y"
    std::string points;       // CSV id,x,y
    std::string coords_crs;   // default: the graph's CRS
    std::vector<double> bands_min{10, 20, 30};
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
    double buffer_m = 50.0;
    std::string output;
};

struct OriginResult {
    graph::Snap snap;
    std::vector<analysis::ReachableEdge> pieces;
    std::vector<double> reachable_m;                  // per band, cumulative
    std::vector<std::vector<std::uint8_t>> band_wkb;  // per band, MultiPolygon
    std::vector<double> area_m2;                      // per band
};

void validate(const IsochroneConfig& cfg) {
    if (cfg.from.empty() == cfg.points.empty()) throw ConfigError("give either --from X,Y or --points FILE.csv");
    if (cfg.bands_min.empty()) throw ConfigError("--bands: give at least one band in minutes");
    for (std::size_t i = 0; i < cfg.bands_min.size(); ++i) {
        if (!(cfg.bands_min[i] > 0.0)) throw ConfigError("--bands: every band must be a positive number of minutes");
        if (i > 0 && !(cfg.bands_min[i] > cfg.bands_min[i - 1])) {
            throw ConfigError("--bands: bands must be strictly increasing (for example 10,20,30)");
        }
    }
    if (!(cfg.buffer_m > 0.0)) throw ConfigError("--buffer: must be a positive number of metres");
    if (!(cfg.max_snap_m >= 0.0)) throw ConfigError("--max-snap: must be a non-negative number of metres");
}

std::vector<OriginPoint> read_origins(const IsochroneConfig& cfg) {
    if (!cfg.points.empty()) return read_origin_points_csv(cfg.points);
    const auto spec = parse_point_spec(cfg.from, "--from");
    if (!spec.xy) throw ConfigError("--from: isochrones take X,Y points (node:ID is not supported here)");
    return {{"1", *spec.xy}};
}

std::vector<graph::Snap> snap_origins(const graph::RoadGraph& g, const IsochroneConfig& cfg,
                                      const std::vector<OriginPoint>& origins) {
    if (!g.has_coordinates()) throw ConfigError("this graph has no coordinates (abstract graph): isochrones need a map");
    const std::string from_crs = cfg.coords_crs.empty() ? g.meta.crs : cfg.coords_crs;
    std::optional<io::CrsTransform> transform;
    if (!from_crs.empty() && !g.meta.crs.empty()) transform.emplace(from_crs, g.meta.crs);
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    std::vector<graph::Snap> snaps;
    snaps.reserve(origins.size());
    for (const auto& o : origins) {
        Point p = o.xy;
        snaps.push_back(transform && !transform->apply(p) ? graph::Snap{} : snapper.snap(p, cfg.max_snap_m));
    }
    return snaps;
}

std::vector<OriginResult> compute(const graph::RoadGraph& g, const IsochroneConfig& cfg, const workflow::Context& ctx,
                                  std::vector<graph::Snap> snaps) {
    std::vector<double> limits_s;
    for (double b : cfg.bands_min) limits_s.push_back(b * 60.0);
    const std::size_t n_bands = limits_s.size();
    std::vector<OriginResult> results(snaps.size());
    {
        workflow::Step step(ctx, "searching from " + std::to_string(snaps.size()) + " origin(s)");
        // One search state per thread; each origin's result depends only on its own search.
        tbb::enumerable_thread_specific<graph::ShortestPathSearch> searches(
            [&] { return graph::ShortestPathSearch(g, graph::Metric::Time); });
        tbb::parallel_for(std::size_t{0}, snaps.size(), [&](std::size_t i) {
            auto& r = results[i];
            r.snap = snaps[i];
            r.pieces = analysis::reachable_edges(searches.local(), r.snap, limits_s);
            r.reachable_m = analysis::reachable_length_m(g, r.pieces, n_bands);
            r.band_wkb.resize(n_bands);
            r.area_m2.resize(n_bands);
        });
        step.done();
    }
    workflow::Step step(ctx, "drawing " + std::to_string(snaps.size() * n_bands) + " band polygon(s)");
    // Origin x band tasks, so a single origin's bands are drawn in parallel too.
    tbb::parallel_for(std::size_t{0}, snaps.size() * n_bands, [&](std::size_t task) {
        auto& r = results[task / n_bands];
        const std::size_t band = task % n_bands;
        std::vector<LineString> lines;
        for (const auto& p : r.pieces) {
            if (p.band <= band) lines.push_back(analysis::piece_geometry(g, p));
        }
        r.band_wkb[band] = io::buffer_union_wkb(lines, cfg.buffer_m);
        r.area_m2[band] = io::area_of_wkb(r.band_wkb[band]);
    });
    step.done();
    return results;
}

void write_output(const std::string& path, const graph::RoadGraph& g, const IsochroneConfig& cfg,
                  const std::vector<OriginPoint>& origins, const std::vector<OriginResult>& results, io::OutputSet& set) {
    io::DatasetWriter w(path, g.meta.crs, "", &set);
    w.begin_layer({"edges", io::GeometryKind::LineString,
                   {{"origin_id", io::FieldType::String}, {"edge_id", io::FieldType::Integer64},
                    {"from_time_s", io::FieldType::Real}, {"to_time_s", io::FieldType::Real},
                    {"band_min", io::FieldType::Real}}});
    for (std::size_t i = 0; i < results.size(); ++i) {
        for (const auto& p : results[i].pieces) {
            w.add(analysis::piece_geometry(g, p),
                  {origins[i].id, static_cast<std::int64_t>(p.edge), p.from_s, p.to_s, cfg.bands_min[p.band]});
        }
    }
    w.begin_layer({"bands", io::GeometryKind::MultiPolygon,
                   {{"origin_id", io::FieldType::String}, {"band_min", io::FieldType::Real},
                    {"area_km2", io::FieldType::Real}, {"reachable_km", io::FieldType::Real},
                    {"status", io::FieldType::String}}});
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        const std::string status = r.snap.ok ? "ok" : "unsnapped";
        for (std::size_t b = 0; b < cfg.bands_min.size(); ++b) {
            w.add_wkb(r.band_wkb[b], {origins[i].id, cfg.bands_min[b], r.area_m2[b] / 1e6, r.reachable_m[b] / 1000.0, status});
        }
    }
    w.commit();
}

std::string fixed(double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", precision, v);
    return buf;
}

int run_isochrone(const IsochroneConfig& cfg, const workflow::Context& ctx) {
    validate(cfg);
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const auto origins = read_origins(cfg);
    const auto g = graph::read_graph_file(cfg.graph);
    const auto results = compute(g, cfg, ctx, snap_origins(g, cfg, origins));
    write_output(cfg.output, g, cfg, origins, results, outputs);
    outputs.commit();
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        if (!r.snap.ok) {
            ctx.info("origin " + origins[i].id + ": unsnapped (" + fixed(r.snap.distance_m, 0) + " m from the network, limit " +
                     fixed(cfg.max_snap_m, 0) + " m)");
            continue;
        }
        for (std::size_t b = 0; b < cfg.bands_min.size(); ++b) {
            ctx.info("origin " + origins[i].id + ", " + fixed(cfg.bands_min[b], 0) + " min: " + fixed(r.area_m2[b] / 1e6, 2) +
                     " km2, " + fixed(r.reachable_m[b] / 1000.0, 1) + " km of road");
        }
    }
    return 0;
}

}  // namespace

void add_isochrone_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<IsochroneConfig>();
    auto* cmd = app.add_subcommand("isochrone", "Areas reachable within travel-time bands, drawn from the road itself");
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--from", cfg->from, "Origin as X,Y (in --coords-crs)");
    cmd->add_option("--points", cfg->points, "CSV of origins with columns id,x,y (one set of bands per origin)");
    cmd->add_option("--coords-crs", cfg->coords_crs, "CRS of the given coordinates (default: the graph's, usually EPSG:27700)");
    cmd->add_option("--bands", cfg->bands_min, "Band limits in minutes, increasing")->delimiter(',')->capture_default_str();
    cmd->add_option("--max-snap", cfg->max_snap_m, "Origins farther than this (m) from the network are unsnapped")->check(cli::distance_m())->capture_default_str();
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--buffer", cfg->buffer_m, "Buffer around reachable road for the band polygons (m)")->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output layer file (.gpkg) with layers edges and bands")->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_isochrone(*cfg, ctx); }; });
}

}  // namespace midlink::cli
