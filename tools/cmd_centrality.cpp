// midlink centrality: option binding for workflow::run_centrality (edge and node
// betweenness, exact, sampled or OD-weighted, and bridges).
#include "commands.hpp"
#include "midlink/workflow/centrality.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_centrality_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::CentralityConfig>();
    auto* cmd = app.add_subcommand("centrality", "Edge and node betweenness (Brandes) and bridges of the network");
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    auto* samples = cmd->add_option("--samples", cfg->samples,
                                    "Sampled sources, scaled by n/N (0 = exact; default exact up to 20000 nodes, else 1000)");
    cmd->add_option("--seed", cfg->seed, "Seed for the source sample")->capture_default_str();
    auto* places = cmd->add_option("--places", cfg->od,
                                   "Places CSV id,x,y,population: OD-weighted by gravity P_a*P_b/minutes")
                       ->excludes(samples);
    add_old_name(cmd, "--od", cfg->od, places)->excludes(samples);
    auto* crs = cmd->add_option("--assume-crs", cfg->coords_crs, "CRS of the places' coordinates (default: the graph's)");
    add_old_name(cmd, "--coords-crs", cfg->coords_crs, crs);
    cmd->add_option("--max-snap", cfg->max_snap_m, "Places farther than this (m) from the network are left out")->check(cli::distance_m())->capture_default_str();
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--criticality", cfg->criticality,
                    "With --places: close each of the N highest-betweenness roads and cost the added demand-weighted time")
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output layer file (.gpkg) with layers edges and nodes")->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_centrality(*cfg, ctx); }; });
}

}  // namespace midlink::cli
