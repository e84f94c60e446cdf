// midlink corridors: option binding for workflow::run_corridors (corridor routes,
// alternatives, redundancy, critical links, HGV comparison, east-west discovery).
#include "commands.hpp"
#include "midlink/workflow/corridors.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_corridors_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::CorridorsConfig>();
    auto* cmd = app.add_subcommand("corridors",
                                   "Corridor routes, alternatives, redundancy and critical links; east-west discovery");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--corridors", cfg->corridors, "Corridor file (YAML)");
    cmd->add_option("--places", cfg->places,
                    "Places with population (point layer or CSV) for automatic east-west discovery");
    cmd->add_option("--places-id", cfg->places_id, "Name field of --places")->capture_default_str();
    cmd->add_option("--places-population", cfg->places_population, "Population field of --places")
        ->capture_default_str();
    cmd->add_option("--max-angle", cfg->max_angle_deg, "Discovery: largest angle (degrees) from due east-west")
        ->capture_default_str();
    cmd->add_option("--min-km", cfg->min_km, "Discovery: shortest straight-line distance (km)")->capture_default_str();
    cmd->add_option("--discover", cfg->discover, "Discovery: best pairs analysed as corridors")->capture_default_str();
    cmd->add_option("--hgv-graph", cfg->hgv_graph,
                    "HGV graph of the same network: each corridor's HGV route, extra time and distance, and "
                    "the restrictions on the car route that forced it");
    cmd->add_option("--k", cfg->k, "Yen k shortest paths per corridor")->capture_default_str();
    cmd->add_option("--top", cfg->top, "Critical links listed per corridor")->capture_default_str();
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--max-snap", cfg->max_snap_m,
                    "Waypoints farther than this (m) from the network are unsnapped")->check(cli::distance_m())
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output layer file (.gpkg)")->required();
    cmd->callback(
        [cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_corridors(*cfg, ctx); }; });
}

}  // namespace midlink::cli
