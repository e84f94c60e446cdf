// midlink raster: a travel-time GeoTIFF to the nearest destination of a set, for GIS teams.
// One multi-source search over the reversed network from every destination, then each
// cell centre snaps to the network and reads its time off the search (analysis/
// travel_time_raster).
#include <tbb/global_control.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "csv_line.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/analysis/nearest_destination.hpp"
#include "midlink/analysis/travel_time_raster.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/raster_writer.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace fs = std::filesystem;
namespace {

constexpr float kNodata = -9999.0f;
constexpr double kMaxCells = 400e6;  // 1.6 GB of Float32 in memory; larger runs should tile

struct RasterConfig {
    std::string graph;
    std::string destinations;
    std::string dest_layer;
    std::string dest_id;
    std::string dest_x;
    std::string dest_y;
    std::string dest_category;
    std::vector<std::string> categories;
    std::string assume_crs;
    double dest_max_snap_m = 1000.0;
    bool snap_connectors = false;
    double cell_m = 0.0;
    std::string extent;                 // xmin,ymin,xmax,ymax in the graph CRS
    std::optional<double> max_snap_m;   // default: analysis::default_cell_max_snap_m
    std::optional<double> max_minutes;
    std::string output;
};

std::string fmt_number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

BBox parse_extent(const std::string& text) {
    std::vector<double> v;
    std::size_t pos = 0;
    while (true) {
        const auto comma = text.find(',', pos);
        const auto n = parse_number(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
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

// Everything that can be checked before reading the graph.
void validate(const RasterConfig& cfg) {
    if (!(cfg.cell_m > 0.0) || !std::isfinite(cfg.cell_m)) {
        throw ConfigError("--cell: must be a positive number of metres (got " + fmt_number(cfg.cell_m) + ")");
    }
    if (cfg.max_snap_m && !(*cfg.max_snap_m >= 0.0)) throw ConfigError("--max-snap: must be a non-negative number of metres");
    if (!(cfg.dest_max_snap_m >= 0.0)) throw ConfigError("--dest-max-snap: must be a non-negative number of metres");
    if (cfg.max_minutes && !(*cfg.max_minutes > 0.0)) throw ConfigError("--max-minutes: must be a positive number of minutes");
    if (!cfg.categories.empty() && cfg.dest_category.empty()) throw ConfigError("--category needs --dest-category FIELD");
    if (cfg.dest_x.empty() != cfg.dest_y.empty()) throw ConfigError("give both --dest-x and --dest-y, or neither");
    if (!cfg.extent.empty()) parse_extent(cfg.extent);
    if (!fs::exists(cfg.destinations)) throw InputError("destinations file not found: " + cfg.destinations);
    const auto parent = fs::path(cfg.output).parent_path();
    if (!parent.empty() && !fs::is_directory(parent)) throw OutputError("output folder does not exist: " + parent.string());
}

BBox graph_bbox(const graph::RoadGraph& g) {
    BBox box;
    for (const auto& p : g.node_xy) box.expand(p);
    for (const auto& p : g.link_points) box.expand(p);
    return box;
}

std::vector<PointFeature> read_destinations(const RasterConfig& cfg, const workflow::Context& ctx, const graph::RoadGraph& g,
                                            Diagnostics& diag) {
    workflow::Step step(ctx, "reading destinations " + cfg.destinations);
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

int run_raster(const RasterConfig& cfg, const workflow::Context& ctx) {
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    validate(cfg);
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once

    const auto g = graph::read_graph_file(cfg.graph);
    if (!g.has_coordinates() || g.meta.crs.empty()) {
        throw ConfigError(cfg.graph + ": a travel-time raster needs a graph with coordinates and a CRS");
    }
    const double cell = cfg.cell_m;
    const bool user_extent = !cfg.extent.empty();
    const auto grid = analysis::RasterGrid::covering(user_extent ? parse_extent(cfg.extent) : graph_bbox(g), cell, !user_extent);
    if (static_cast<double>(grid.cols) * grid.rows > kMaxCells) {
        throw ConfigError("--cell " + fmt_number(cell) + ": the raster would have " + std::to_string(grid.cols) + " x " +
                          std::to_string(grid.rows) + " cells (limit 400 million); use a larger cell or a smaller --extent");
    }
    const double max_snap_m = cfg.max_snap_m.value_or(analysis::default_cell_max_snap_m(cell));
    const double max_minutes = cfg.max_minutes.value_or(std::numeric_limits<double>::infinity());

    Diagnostics diag;
    const auto points = read_destinations(cfg, ctx, g, diag);

    workflow::Step snap_step(ctx, "indexing the network and snapping destinations (max " + fmt_number(cfg.dest_max_snap_m) + " m)");
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
                     fmt_number(cfg.dest_max_snap_m) + " m)");
    }
    if (unsnapped_outside > 0) {
        diag.add("destinations_outside_raster", cfg.destinations,
                 std::to_string(unsnapped_outside) + " destinations outside the raster are farther than " +
                     fmt_number(cfg.dest_max_snap_m) + " m from the network and left out",
                 Severity::Info);
    }
    snap_step.done(std::to_string(points.size() - unsnapped) + " destinations on the network, " + std::to_string(unsnapped) +
                   " farther than " + fmt_number(cfg.dest_max_snap_m) + " m (left out)");
    if (unsnapped == points.size()) {
        throw InputError(cfg.destinations + ": no destination lies within " + fmt_number(cfg.dest_max_snap_m) +
                         " m of the network in " + cfg.graph + " (wrong CRS? see --assume-crs, --dest-max-snap)");
    }

    workflow::Step search_step(ctx, "searching from the destinations over the reversed network");
    const analysis::NearestDestinationField field(g, anchors, analysis::minutes_to_weight(g, max_minutes));
    search_step.done(std::to_string(field.nodes_reached()) + " of " + std::to_string(g.node_count()) + " nodes reach a destination" +
                     (cfg.max_minutes ? " within " + fmt_number(max_minutes) + " min" : ""));

    workflow::Step cell_step(ctx, "travel time for " + std::to_string(grid.cols) + " x " + std::to_string(grid.rows) + " cells of " +
                            fmt_number(cell) + " m (centres snap within " + fmt_number(max_snap_m) + " m)");
    std::atomic<int> last_decile{0};
    analysis::TravelTimeRasterOptions options;
    options.max_snap_m = max_snap_m;
    options.max_minutes = max_minutes;
    const auto raster = analysis::travel_time_raster(g, snapper, field, grid, options, [&](std::size_t rows) {
        if (ctx.quiet) return;
        const int decile = static_cast<int>(10 * rows / grid.rows);
        int seen = last_decile.load();
        while (decile > seen && !last_decile.compare_exchange_weak(seen, decile)) {
        }
        if (decile > seen) std::fprintf(stderr, "  %d%%\n", decile * 10);
    });
    const double cells_per_s = cell_step.seconds() > 0 ? grid.cells() / cell_step.seconds() : 0.0;
    cell_step.done(std::to_string(static_cast<long long>(cells_per_s)) + " cells/s");

    workflow::Step write_step(ctx, "writing " + cfg.output);
    io::RasterSpec spec;
    spec.crs = g.meta.crs;
    spec.min_x = grid.min_x;
    spec.max_y = grid.max_y;
    spec.cell_m = cell;
    spec.cols = grid.cols;
    spec.rows = grid.rows;
    spec.nodata = kNodata;
    spec.band_description = "travel time to the nearest destination (minutes)";
    const std::string category = [&] {
        std::string s;
        for (std::size_t k = 0; k < cfg.categories.size(); ++k) s += (k ? "," : "") + cfg.categories[k];
        return s;
    }();
    spec.metadata = {
        {"midlink_command", "raster"},
        {"graph", cfg.graph},
        {"graph_profile", g.meta.profile_name},
        {"destinations", cfg.destinations},
        {"destination_category_field", cfg.dest_category},
        {"destination_categories", category},
        {"destinations_used", std::to_string(field.destinations_used())},
        {"destinations_unsnapped", std::to_string(unsnapped)},
        {"destination_max_snap_m", fmt_number(cfg.dest_max_snap_m)},
        {"cell_m", fmt_number(cell)},
        {"max_snap_m", fmt_number(max_snap_m)},
        {"max_minutes", cfg.max_minutes ? fmt_number(*cfg.max_minutes) : "none"},
        {"cells_valued", std::to_string(raster.cells_valued)},
        {"cells_off_network", std::to_string(raster.cells_off_network)},
        {"cells_unreached", std::to_string(raster.cells_unreached)},
    };
    spec.band_metadata = {
        {"units", "minutes"},
        {"nodata_meaning", "no road within max_snap_m of the cell centre, or no destination reachable (within max_minutes)"},
        {"definition", "network time from the point on the nearest road to the cell centre to the nearest destination; "
                       "the walk from the centre to the road is not counted"},
    };
    io::write_geotiff(cfg.output, spec, raster.minutes, &outputs);
    workflow::write_diagnostics_csv(diag, cfg.output + ".diagnostics.csv", &outputs);
    outputs.commit();
    write_step.done();
    if (!ctx.quiet) {
        std::fprintf(stderr, "%zu cells: %zu with a time, %zu off the network, %zu reach no destination%s (nodata %g)\n",
                     grid.cells(), raster.cells_valued, raster.cells_off_network, raster.cells_unreached,
                     cfg.max_minutes ? " within the limit" : "", static_cast<double>(kNodata));
    }
    return 0;
}
}  // namespace

void add_raster_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto c = std::make_shared<RasterConfig>();
    auto* cmd = app.add_subcommand("raster", "Travel-time GeoTIFF: minutes from every cell to the nearest destination");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", c->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--destinations", c->destinations, "Destination points: GDAL point layer or CSV (easting/northing, x/y or longitude/latitude columns)")->required();
    cmd->add_option("--dest-layer", c->dest_layer, "Layer name in --destinations");
    cmd->add_option("--dest-id", c->dest_id, "Id field of the destinations, for the diagnostics (default: row number)");
    cmd->add_option("--dest-x", c->dest_x, "X (easting or longitude) column of a CSV (default: detected)");
    cmd->add_option("--dest-y", c->dest_y, "Y (northing or latitude) column of a CSV (default: detected)");
    cmd->add_option("--dest-category", c->dest_category, "Category field of the destinations, for --category");
    cmd->add_option("--category", c->categories, "Keep destinations whose --dest-category equals this value (repeatable)");
    cmd->add_option("--assume-crs", c->assume_crs, "CRS for destinations that declare none");
    cmd->add_option("--dest-max-snap", c->dest_max_snap_m, "Destinations farther than this (m) from the network are left out")->check(cli::distance_m())->capture_default_str();
    cmd->add_flag("--snap-connectors", c->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--cell", c->cell_m, "Cell size in metres (graph CRS units)")->required();
    cmd->add_option("--extent", c->extent, "xmin,ymin,xmax,ymax in the graph CRS (default: the graph's extent, aligned to the cell size)");
    cmd->add_option("--max-snap", c->max_snap_m, "Cells whose centre is farther than this (m) from a road are nodata (default: half the cell diagonal, at least 250)")->check(cli::distance_m());
    cmd->add_option("--max-minutes", c->max_minutes, "Cells farther than this from every destination are nodata (default: no limit)");
    cmd->add_option("-o,--output", c->output, "Output GeoTIFF")->required();
    cmd->callback([c, &ctx, &action] { action = [c, &ctx] { return run_raster(*c, ctx); }; });
}

}  // namespace midlink::cli
