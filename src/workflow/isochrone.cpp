// An isochrone study: origins snapped, one search each, band polygons drawn from the
// reachable road; and the whole `midlink isochrone`.
#include "midlink/workflow/isochrone.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "midlink/core/byte_pack.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/geometry_ops.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/point_spec.hpp"
#include "midlink/workflow/rank_report.hpp"
#include "progress.hpp"

namespace midlink::workflow {
namespace {

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

void check_origin_options(const IsochroneConfig& cfg) {
    if (cfg.from.empty() == cfg.points.empty()) throw ConfigError("give either --from X,Y or --points FILE.csv");
}

std::string fixed(double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", precision, v);
    return buf;
}

void report_bands(const IsochroneStudy& study, const IsochroneConfig& cfg, const Context& ctx) {
    for (const auto& r : study.origins) {
        if (!r.snap.ok) {
            ctx.info("origin " + r.id + ": unsnapped (" + fixed(r.snap.distance_m, 0) + " m from the network, limit " +
                     fixed(cfg.max_snap_m, 0) + " m)");
            continue;
        }
        for (std::size_t b = 0; b < study.bands_min.size(); ++b) {
            ctx.info("origin " + r.id + ", " + fixed(study.bands_min[b], 0) + " min: " + fixed(r.area_m2[b] / 1e6, 2) +
                     " km2, " + fixed(r.reachable_m[b] / 1000.0, 1) + " km of road");
        }
    }
}

// Rank 0 receives every other rank's origins: their pieces, lines, lengths and bands.
void gather_origins(const ProcessGroup& group, const std::vector<std::size_t>& mine, IsochroneStudy& study) {
    BytePacker pack;
    for (const std::size_t i : mine) {
        const auto& r = study.origins[i];
        pack.put_array(r.pieces);
        for (const auto& line : r.piece_lines) pack.put_array(line);
        pack.put_array(r.reachable_m);
        for (const auto& wkb : r.band_wkb) pack.put_array(wkb);
        pack.put_array(r.area_m2);
    }
    const auto all = group.gather(pack.take());
    if (!group.root()) return;
    const std::size_t n_bands = study.bands_min.size();
    for (std::size_t rank = 1; rank < all.size(); ++rank) {
        ByteUnpacker msg(all[rank]);
        for (std::size_t i = rank; i < study.origins.size(); i += all.size()) {
            auto& r = study.origins[i];
            r.pieces = msg.get_array<analysis::ReachableEdge>();
            r.piece_lines.clear();
            for (std::size_t k = 0; k < r.pieces.size(); ++k) r.piece_lines.push_back(msg.get_array<Point>());
            r.reachable_m = msg.get_array<double>();
            r.band_wkb.clear();
            for (std::size_t b = 0; b < n_bands; ++b) r.band_wkb.push_back(msg.get_array<std::uint8_t>());
            r.area_m2 = msg.get_array<double>();
        }
        if (!msg.done()) throw std::runtime_error("rank message: isochrone origins of rank " + std::to_string(rank) + " too long");
    }
}

}  // namespace

void check_isochrone_config(const IsochroneConfig& cfg) {
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

std::vector<OriginPoint> isochrone_origins(const IsochroneConfig& cfg) {
    check_origin_options(cfg);
    if (!cfg.points.empty()) return read_origin_points_csv(cfg.points);
    const auto spec = parse_point_spec(cfg.from, "--from");
    if (!spec.xy) throw ConfigError("--from: isochrones take X,Y points (node:ID is not supported here)");
    return {{"1", *spec.xy}};
}

IsochroneStudy compute_isochrone(const IsochroneConfig& cfg, const Context& ctx, const graph::RoadGraph& g,
                                 const std::vector<OriginPoint>& origins) {
    check_isochrone_config(cfg);
    const ThreadLimit threads(ctx);
    const auto snaps = snap_origins(g, cfg, origins);
    std::vector<double> limits_s;
    for (double b : cfg.bands_min) limits_s.push_back(b * 60.0);
    const std::size_t n_bands = limits_s.size();
    IsochroneStudy study;
    study.crs = g.meta.crs;
    study.bands_min = cfg.bands_min;
    study.origins.resize(snaps.size());
    for (std::size_t i = 0; i < snaps.size(); ++i) {
        study.origins[i].id = origins[i].id;
        study.origins[i].snap = snaps[i];
    }
    // With several ranks each origin is a block, dealt to rank i mod size.
    const SoloGroup solo;
    const ProcessGroup& group = ctx.group ? *ctx.group : solo;
    const bool distributed = group.size() > 1;
    std::vector<std::size_t> mine;
    for (std::size_t i = 0; i < snaps.size(); ++i) {
        if (group.owns(i)) mine.push_back(i);
    }
    // On a rank of several, an exception names the rank and the origin.
    const auto guarded = [&](std::size_t i, const auto& body) {
        if (!distributed) return body();
        try {
            group.starting_block("isochrones", i);
            body();
        } catch (...) {
            rethrow_for_block(group, "origin block " + std::to_string(i) + " (origin " + origins[i].id + ")");
        }
    };
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = process_cpu_seconds();
    {
        Step step(ctx, "searching from " + std::to_string(snaps.size()) + " origin(s)");
        // One search state per thread; each origin's result depends only on its own search.
        tbb::enumerable_thread_specific<graph::ShortestPathSearch> searches(
            [&] { return graph::ShortestPathSearch(g, graph::Metric::Time); });
        tbb::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t k) {
            guarded(mine[k], [&] {
                auto& r = study.origins[mine[k]];
                r.pieces = analysis::reachable_edges(searches.local(), r.snap, limits_s);
                r.piece_lines.reserve(r.pieces.size());
                for (const auto& p : r.pieces) r.piece_lines.push_back(analysis::piece_geometry(g, p));
                r.reachable_m = analysis::reachable_length_m(g, r.pieces, n_bands);
                r.band_wkb.resize(n_bands);
                r.area_m2.resize(n_bands);
            });
        });
        step.done();
    }
    Step step(ctx, "drawing " + std::to_string(snaps.size() * n_bands) + " band polygon(s)");
    // Origin x band tasks, so a single origin's bands are drawn in parallel too.
    tbb::parallel_for(std::size_t{0}, mine.size() * n_bands, [&](std::size_t task) {
        const std::size_t i = mine[task / n_bands];
        guarded(i, [&] {
            auto& r = study.origins[i];
            const std::size_t band = task % n_bands;
            std::vector<LineString> lines;
            for (std::size_t k = 0; k < r.pieces.size(); ++k) {
                if (r.pieces[k].band <= band) lines.push_back(r.piece_lines[k]);
            }
            r.band_wkb[band] = io::buffer_union_wkb(lines, cfg.buffer_m);
            r.area_m2[band] = io::area_of_wkb(r.band_wkb[band]);
        });
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (distributed) gather_origins(group, mine, study);
    if (ctx.group) ctx.group->record_step("isochrones, " + std::to_string(snaps.size()) + " origins", seconds, mine.size(), process_cpu_seconds() - cpu0);
    step.done();
    return study;
}

IsochroneStudy compute_isochrone(const IsochroneConfig& cfg, const Context& ctx, const graph::RoadGraph& graph) {
    check_isochrone_config(cfg);
    return compute_isochrone(cfg, ctx, graph, isochrone_origins(cfg));
}

int run_isochrone(const IsochroneConfig& cfg, const Context& ctx) {
    const ThreadLimit threads(ctx);
    std::optional<io::OutputSet> outputs;
    std::vector<OriginPoint> origins;
    graph::RoadGraph graph;
    agreed(ctx, [&] {
        check_origin_options(cfg);
        check_isochrone_config(cfg);
        check_output_folder(cfg.output);
        // Before the long steps, so a second run fails at once. The ranks of a job open it
        // only to write (rank 0), so a rank that dies leaves nothing behind.
        if (!ctx.group) outputs.emplace(output_set_anchor(cfg.output));
        origins = isochrone_origins(cfg);
        graph = graph::read_graph_file(cfg.graph);
    });
    const auto study = compute_isochrone(cfg, ctx, graph, origins);
    if (!ctx.is_root()) return 0;  // rank 0 has every origin's bands and writes them
    if (!outputs) outputs.emplace(output_set_anchor(cfg.output));
    write_isochrone(study, cfg, ctx, *outputs);
    outputs->commit();
    report_bands(study, cfg, ctx);
    report_ranks(ctx);
    return 0;
}

}  // namespace midlink::workflow
