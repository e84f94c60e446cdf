// midlink assign: static traffic assignment of a TNTP OD matrix on a TNTP network, or of
// an OD table on a midlink graph with zones snapped to it. Options only: the study is
// workflow::run_assign.
#include <iostream>

#include "commands.hpp"
#include "midlink/workflow/assign.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_assign_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::AssignConfig>();
    auto* cmd = app.add_subcommand("assign",
                                   "Traffic assignment (all-or-nothing or BPR user equilibrium) on "
                                   "a TNTP network or a midlink graph");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->on_graph.graph,
                    "Graph file (.mlg): assign --od between --zones snapped to it");
    cmd->add_option("--network", cfg->network, "TNTP network (*_net.tntp)");
    cmd->add_option("--trips", cfg->trips, "TNTP demand (*_trips.tntp)");
    cmd->add_option("--zones", cfg->on_graph.zones,
                    "Graph form: zones, a point layer or CSV with id and x/y or lon/lat");
    cmd->add_option("--zone-layer", cfg->on_graph.zone_layer,
                    "Graph form: layer of the zones dataset");
    cmd->add_option("--zone-id-field", cfg->on_graph.zone_id_field, "Graph form: zone id field")
        ->capture_default_str();
    auto* crs = cmd->add_option("--assume-crs", cfg->on_graph.zones_crs,
                                "Graph form: CRS of zones without one (or of x/y columns)");
    add_old_name(cmd, "--zones-crs", cfg->on_graph.zones_crs, crs);
    cmd->add_option("--od", cfg->on_graph.od,
                    "Graph form: OD table CSV with columns from,to,trips (vehicles per hour)");
    cmd->add_flag("--snap-connectors", cfg->on_graph.snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    auto* snap = cmd->add_option("--max-snap", cfg->on_graph.snap_distance_m,
                                 "Graph form: zones farther than this (m) from any edge are not assigned")
                     ->check(cli::distance_m())
                     ->capture_default_str();
    add_old_name(cmd, "--snap-distance", cfg->on_graph.snap_distance_m, snap)->check(named(cli::distance_m(), "--snap-distance"));
    cmd->add_option("--connectors", cfg->on_graph.connectors,
                    "Graph form: besides the ends of its snapped edge, join each zone to up to N "
                    "nearest nodes within --max-snap")
        ->check(cli::non_negative())
        ->capture_default_str();
    cmd->add_option("--connector-speed", cfg->on_graph.connector_speed_kmh,
                    "Graph form: speed of those straight connectors (km/h)")
        ->capture_default_str();
    cmd->add_option("--bpr-alpha", cfg->on_graph.bpr.alpha, "Graph form: BPR b")
        ->capture_default_str();
    cmd->add_option("--bpr-power", cfg->on_graph.bpr.power, "Graph form: BPR power")
        ->capture_default_str();
    cmd->add_option(
        "--edges-out", cfg->on_graph.edges_output,
        "Graph form: also write edges with volume and V/C (GPKG, layer assigned_edges)");
    cmd->add_option("--diagnostics", cfg->on_graph.diagnostics_path,
                    "Graph form: diagnostics CSV (default: FLOWS.csv.diagnostics.csv)");
    // Checked by the workflow (one parse for the CLI, project files and library callers).
    cmd->add_option(
           "--method", cfg->method,
           "aon (all-or-nothing), fw (Frank-Wolfe), cfw (conjugate FW), bfw (bi-conjugate FW) or "
           "bush (Algorithm B, origin-based: for tight gaps such as 1e-10)")
        ->capture_default_str();
    cmd->add_option("--gap", cfg->gap, "Stop at this relative gap")
        ->check(cli::non_negative())
        ->capture_default_str();
    cmd->add_option("--max-iter", cfg->max_iterations, "Stop after this many iterations")
        ->check(cli::non_negative())
        ->capture_default_str();
    cmd->add_option("--toll-factor", cfg->toll_factor,
                    "TNTP form: generalised cost per toll unit, in the file's time unit (minutes); "
                    "overrides the file's <TOLL FACTOR> (default: the file's, else 0)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--distance-factor", cfg->distance_factor,
                    "TNTP form: generalised cost per length unit, in the file's time unit; "
                    "overrides the file's <DISTANCE FACTOR> (default: the file's, else 0)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("-o,--output", cfg->output,
                    "Link flows CSV (from,to,volume,cost,time: cost generalised, time BPR); "
                    "summary JSON beside it")
        ->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_assign(*cfg, ctx, std::cout); }; });
}

}  // namespace midlink::cli
