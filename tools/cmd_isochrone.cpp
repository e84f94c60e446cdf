// midlink isochrone: travel-time bands from one or more origins, drawn as reachable road
// (layer `edges`) and as buffered road (layer `bands`) rather than as hulls. The options
// bind straight into workflow::IsochroneConfig; workflow::run_isochrone does the rest.
#include "commands.hpp"
#include "midlink/workflow/isochrone.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_isochrone_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::IsochroneConfig>();
    auto* cmd = app.add_subcommand("isochrone", "Areas reachable within travel-time bands, drawn from the road itself");
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--from", cfg->from, "Origin as X,Y (in --assume-crs)");
    cmd->add_option("--points", cfg->points, "CSV of origins with columns id,x,y (one set of bands per origin)");
    auto* crs = cmd->add_option("--assume-crs", cfg->coords_crs,
                                "CRS of the given coordinates (default: the graph's, usually EPSG:27700)");
    add_old_name(cmd, "--coords-crs", cfg->coords_crs, crs);
    cmd->add_option("--bands", cfg->bands_min, "Band limits in minutes, increasing")->delimiter(',')->capture_default_str();
    cmd->add_option("--max-snap", cfg->max_snap_m, "Origins farther than this (m) from the network are unsnapped")->check(cli::distance_m())->capture_default_str();
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--buffer", cfg->buffer_m, "Buffer around reachable road for the band polygons (m)")->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output layer file (.gpkg) with layers edges and bands")->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_isochrone(*cfg, ctx); }; });
}

}  // namespace midlink::cli
