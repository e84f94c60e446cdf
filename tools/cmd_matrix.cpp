// midlink matrix: travel-time and distance skims between two point sets (OMX or CSV). The
// options bind straight into workflow::MatrixConfig; workflow::run_matrix does the rest.
#include "commands.hpp"
#include "midlink/workflow/matrix.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_matrix_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto c = std::make_shared<workflow::MatrixConfig>();
    auto* cmd = app.add_subcommand("matrix", "Travel-time and distance skims between two point sets (OMX for modelling tools, or CSV)");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", c->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--origins", c->origins, "Origin points (GDAL point layer, or CSV with easting/northing or longitude/latitude)")->required();
    cmd->add_option("--origin-layer", c->origin_layer, "Layer name in --origins");
    cmd->add_option("--origin-id", c->origin_id, "Id field of the origins (default: a field named id when there is one, else the row number)");
    cmd->add_option("--destinations", c->destinations, "Destination points (default: the origins, a square matrix)");
    cmd->add_option("--dest-layer", c->dest_layer, "Layer name in --destinations");
    cmd->add_option("--dest-id", c->dest_id, "Id field of the destinations (default: a field named id when there is one, else the row number)");
    cmd->add_option("--assume-crs", c->assume_crs, "CRS for inputs that declare none");
    cmd->add_option("--max-time", c->max_time_min, "Pairs slower than this (minutes) are NULL; 0 = no limit, every route")->capture_default_str();
    cmd->add_option("--max-snap", c->max_snap_m, "Points farther than this (m) from the network are unsnapped: their row or column is NULL")
        ->check(cli::distance_m())
        ->capture_default_str();
    cmd->add_flag("--snap-connectors", c->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("-o,--output", c->output, "OD.omx (Open Matrix: /data/time_min and /data/distance_km, ids in /lookup) or OD.csv (one row per pair)")
        ->required();
    cmd->callback([c, &ctx, &action] { action = [c, &ctx] { return workflow::run_matrix(*c, ctx); }; });
}

}  // namespace midlink::cli
