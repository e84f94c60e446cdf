// A travel-time raster study: destinations read and snapped, one search from all of them
// over the reversed network, a time for every cell; and the whole `midlink raster`.
#include "midlink/workflow/raster.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "midlink/analysis/nearest_destination.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/csv_line.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/text_output.hpp"
#include "progress.hpp"

namespace midlink::workflow {
namespace fs = std::filesystem;
namespace {

constexpr double kMaxCells = 400e6;  // 1.6 GB of Float32 in memory; larger runs should tile

std::string fmt(double v) { return format_number(v, "%g"); }

BBox parse_extent(const std::string& text) {
    std::vector<double> v;
    std::size_t pos = 0;
    while (true) {
        const auto comma = text.find(',', pos);
        const auto n = io::parse_number(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
        if (!n) break;
        v.push_back(*n);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    if (v.size() != 4 || !(v[0] < v[2]) || !(v[1] < v[3])) {
        throw ConfigError("--extent: expected xmin,ymin,xmax,ymax with xmin < xmax and ymin < ymax, got '" + text + "'");
    }
    BBox b;
    b.expand({v[0], v[1]});
    b.expand({v[2], v[3]});
    return b;
}

BBox graph_bbox(const graph::RoadGraph& g) {
    BBox box;
    for (const auto& p : g.node_xy) box.expand(p);
    for (const auto& p : g.link_points) box.expand(p);
    return box;
}

std::vector<PointFeature> read_destinations(const RasterConfig& cfg, const Context& ctx, const graph::RoadGraph& g,
                                            Diagnostics& diag) {
    Step step(ctx, "reading destinations " + cfg.destinations);
    io::PointLayerOptions po;
    po.path = cfg.destinations;
    po.layer = cfg.dest_layer;
    po.id_field = cfg.dest_id;
    po.category_field = cfg.dest_category;
    po.x_field = cfg.dest_x;
    po.y_field = cfg.dest_y;
    po.target_crs = g.meta.crs;
    po.assume_crs = cfg.assume_crs;
    po.input = ctx.input_policy();
    auto points = io::read_points(po, diag);
    const std::size_t read = points.size();
    if (!cfg.categories.empty()) {
        const std::set<std::string> wanted(cfg.categories.begin(), cfg.categories.end());
        std::set<std::string> seen;
        std::vector<PointFeature> kept;
        for (auto& p : points) {
            seen.insert(p.category);
            if (wanted.count(p.category)) kept.push_back(std::move(p));
        }
        if (kept.empty()) {
            std::string examples;
            std::size_t k = 0;
            for (auto it = seen.begin(); it != seen.end() && k < 12; ++it, ++k) examples += (k ? ", " : "") + ("'" + *it + "'");
            if (seen.size() > 12) examples += ", ...";
            throw ConfigError(cfg.destinations + ": no destination has " + cfg.dest_category +
                              " equal to a --category value; the values present are " + examples);
        }
        points = std::move(kept);
    }
    step.done(std::to_string(read) + " points" +
              (cfg.categories.empty() ? "" : ", " + std::to_string(points.size()) + " in the chosen categories"));
    return points;
}

std::string summary(const RasterStudy& study, const RasterConfig& cfg) {
    const auto& r = study.raster;
    return std::to_string(study.grid.cells()) + " cells: " + std::to_string(r.cells_valued) + " with a time, " +
           std::to_string(r.cells_off_network) + " off the network, " + std::to_string(r.cells_unreached) +
           " reach no destination" + (cfg.max_minutes ? " within the limit" : "") + " (nodata " +
           fmt(static_cast<double>(kRasterNodata)) + ")";
}

}  // namespace

void check_raster_config(const RasterConfig& cfg) {
    if (!(cfg.cell_m > 0.0) || !std::isfinite(cfg.cell_m)) {
        throw ConfigError("--cell: must be a positive number of metres (got " + fmt(cfg.cell_m) + ")");
    }
    if (cfg.max_snap_m && !(*cfg.max_snap_m >= 0.0)) throw ConfigError("--max-snap: must be a non-negative number of metres");
    if (!(cfg.dest_max_snap_m >= 0.0)) throw ConfigError("--dest-max-snap: must be a non-negative number of metres");
    if (cfg.max_minutes && !(*cfg.max_minutes > 0.0)) throw ConfigError("--max-minutes: must be a positive number of minutes");
    if (!cfg.categories.empty() && cfg.dest_category.empty()) throw ConfigError("--category needs --dest-category FIELD");
    if (cfg.dest_x.empty() != cfg.dest_y.empty()) throw ConfigError("give both --dest-x and --dest-y, or neither");
    if (!cfg.extent.empty()) parse_extent(cfg.extent);
    if (!fs::exists(cfg.destinations)) throw InputError("destinations file not found: " + cfg.destinations);
}

RasterStudy compute_raster(const RasterConfig& cfg, const Context& ctx, const graph::RoadGraph& g) {
    check_raster_config(cfg);
    const ThreadLimit threads(ctx);
    const std::string graph_name = cfg.graph.empty() ? "the graph" : cfg.graph;
    if (!g.has_coordinates() || g.meta.crs.empty()) {
        throw ConfigError(graph_name + ": a travel-time raster needs a graph with coordinates and a CRS");
    }
    const double cell = cfg.cell_m;
    const bool user_extent = !cfg.extent.empty();
    const auto grid = analysis::RasterGrid::covering(user_extent ? parse_extent(cfg.extent) : graph_bbox(g), cell, !user_extent);
    if (static_cast<double>(grid.cols) * grid.rows > kMaxCells) {
        throw ConfigError("--cell " + fmt(cell) + ": the raster would have " + std::to_string(grid.cols) + " x " +
                          std::to_string(grid.rows) + " cells (limit 400 million); use a larger cell or a smaller --extent");
    }
    const double max_snap_m = cfg.max_snap_m.value_or(analysis::default_cell_max_snap_m(cell));
    const double max_minutes = cfg.max_minutes.value_or(std::numeric_limits<double>::infinity());

    RasterStudy study;
    study.crs = g.meta.crs;
    study.profile_name = g.meta.profile_name;
    study.grid = grid;
    study.max_snap_m = max_snap_m;
    Diagnostics& diag = study.diagnostics;
    const auto points = read_destinations(cfg, ctx, g, diag);

    Step snap_step(ctx, "indexing the network and snapping destinations (max " + fmt(cfg.dest_max_snap_m) + " m)");
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    std::vector<graph::SnapAnchors> anchors;
    anchors.reserve(points.size());
    std::size_t unsnapped = 0, unsnapped_outside = 0;
    for (const auto& p : points) {
        const auto s = snapper.snap(p.xy, cfg.dest_max_snap_m);
        anchors.push_back(graph::destination_anchors(g, graph::Metric::Time, s));
        if (anchors.back().ok()) continue;
        ++unsnapped;
        // A national file on a county graph leaves thousands of destinations outside the
        // raster: expected, so one summary line; those inside it are worth a row each.
        const bool inside = p.xy.x >= grid.min_x && p.xy.x <= grid.min_x + grid.cols * cell && p.xy.y <= grid.max_y &&
                            p.xy.y >= grid.max_y - grid.rows * cell;
        if (!inside) {
            ++unsnapped_outside;
            continue;
        }
        diag.add("unsnapped_destination", cfg.destinations + ", destination " + p.id,
                 "destination is " + std::to_string(static_cast<long>(s.distance_m)) + " m from the network (limit " +
                     fmt(cfg.dest_max_snap_m) + " m)");
    }
    if (unsnapped_outside > 0) {
        diag.add("destinations_outside_raster", cfg.destinations,
                 std::to_string(unsnapped_outside) + " destinations outside the raster are farther than " +
                     fmt(cfg.dest_max_snap_m) + " m from the network and left out",
                 Severity::Info);
    }
    snap_step.done(std::to_string(points.size() - unsnapped) + " destinations on the network, " + std::to_string(unsnapped) +
                   " farther than " + fmt(cfg.dest_max_snap_m) + " m (left out)");
    if (unsnapped == points.size()) {
        throw InputError(cfg.destinations + ": no destination lies within " + fmt(cfg.dest_max_snap_m) +
                         " m of the network in " + graph_name + " (wrong CRS? see --assume-crs, --dest-max-snap)");
    }

    Step search_step(ctx, "searching from the destinations over the reversed network");
    const analysis::NearestDestinationField field(g, anchors, analysis::minutes_to_weight(g, max_minutes));
    search_step.done(std::to_string(field.nodes_reached()) + " of " + std::to_string(g.node_count()) + " nodes reach a destination" +
                     (cfg.max_minutes ? " within " + fmt(max_minutes) + " min" : ""));

    Step cell_step(ctx, "travel time for " + std::to_string(grid.cols) + " x " + std::to_string(grid.rows) + " cells of " +
                            fmt(cell) + " m (centres snap within " + fmt(max_snap_m) + " m)");
    DecileProgress progress(ctx, grid.rows);
    analysis::TravelTimeRasterOptions options;
    options.max_snap_m = max_snap_m;
    options.max_minutes = max_minutes;
    study.raster = analysis::travel_time_raster(g, snapper, field, grid, options,
                                                [&progress](std::size_t rows) { progress(rows); });
    study.destinations_used = field.destinations_used();
    study.destinations_unsnapped = unsnapped;
    const double cells_per_s = cell_step.seconds() > 0 ? grid.cells() / cell_step.seconds() : 0.0;
    cell_step.done(std::to_string(static_cast<long long>(cells_per_s)) + " cells/s");
    return study;
}

int run_raster(const RasterConfig& cfg, const Context& ctx) {
    const ThreadLimit threads(ctx);
    check_raster_config(cfg);
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const auto graph = graph::read_graph_file(cfg.graph);
    const auto study = compute_raster(cfg, ctx, graph);
    write_raster(study, cfg, ctx, outputs);
    outputs.commit();
    ctx.info(summary(study, cfg));
    return 0;
}

}  // namespace midlink::workflow
