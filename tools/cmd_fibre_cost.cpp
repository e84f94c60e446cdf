// midlink fibre-cost: the rural last-mile case (metrics.md §5): fibre routed along the
// road graph from served locations to unserved premises, costed per km and per premises.
// Options only: the study is workflow::run_fibre_cost.
#include <iostream>

#include "commands.hpp"
#include "midlink/workflow/fibre_cost.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_fibre_cost_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::FibreConfig>();
    auto* cmd = app.add_subcommand(
        "fibre-cost",
        "Rural last-mile case: fibre from served locations to premises along the roads, costed");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg) with coordinates")->required();
    cmd->add_option(
           "--premises", cfg->premises,
           "Unserved premises: point layer or CSV (easting/northing, x/y or longitude/latitude)")
        ->required();
    cmd->add_option("--premises-layer", cfg->premises_layer, "Layer name in --premises");
    cmd->add_option("--premises-id", cfg->premises_id,
                    "Id field of --premises (default: row number)");
    cmd->add_option("--served", cfg->served,
                    "Served locations (gigabit premises, exchanges): point layer or CSV");
    cmd->add_option("--served-layer", cfg->served_layer, "Layer name in --served");
    cmd->add_option("--served-id", cfg->served_id, "Id field of --served (default: row number)");
    cmd->add_option(
        "--spine", cfg->spine,
        "Fibre spine: a line layer served wherever it passes (sampled every --spine-spacing-m)");
    cmd->add_option("--spine-layer", cfg->spine_layer, "Layer name in --spine");
    cmd->add_option("--spine-spacing-m", cfg->spine_spacing_m,
                    "Sampling interval along the spine (m)")
        ->capture_default_str();
    cmd->add_option("--assume-crs", cfg->assume_crs, "CRS for inputs that declare none");
    cmd->add_option("--cost-per-km", cfg->params.route_cost_per_km_gbp,
                    "Duct and trench along the road, GBP per km (illustrative default)")
        ->capture_default_str();
    cmd->add_option("--drop-cost-per-km", cfg->drop_cost_per_km,
                    "Drop from the road to the premises (the snap offset), GBP per km (default: "
                    "--cost-per-km)");
    cmd->add_option("--cost-per-premises", cfg->params.connection_cost_gbp,
                    "Connection per premises, GBP (illustrative default)")
        ->capture_default_str();
    cmd->add_option("--uso-cap", cfg->params.uso_cap_gbp, "USO cost threshold per premises, GBP")
        ->capture_default_str();
    auto* snap = cmd->add_option("--max-snap", cfg->max_snap_m,
                                 "Points farther than this (m) from the network are unsnapped and not costed")
                     ->check(cli::distance_m())
                     ->capture_default_str();
    add_old_name(cmd, "--max-snap-m", cfg->max_snap_m, snap)->check(named(cli::distance_m(), "--max-snap-m"));
    cmd->add_option("-o,--output", cfg->output,
                    "Output GeoPackage (layers build_network, premises, served, summary; a CSV per "
                    "layer beside it)")
        ->required();
    cmd->callback(
        [cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_fibre_cost(*cfg, ctx, std::cout); }; });
}

}  // namespace midlink::cli
