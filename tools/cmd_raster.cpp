// midlink raster: a travel-time GeoTIFF to the nearest destination of a set, for GIS teams.
// The options bind straight into workflow::RasterConfig; workflow::run_raster does the rest.
#include "commands.hpp"
#include "midlink/workflow/raster.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_raster_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto c = std::make_shared<workflow::RasterConfig>();
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
    cmd->callback([c, &ctx, &action] { action = [c, &ctx] { return workflow::run_raster(*c, ctx); }; });
}

}  // namespace midlink::cli
