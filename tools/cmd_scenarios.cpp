// midlink scenarios: investment options evaluated against the baseline of a project and
// ranked by benefit per pound (workflow/scenarios.hpp).
#include "commands.hpp"
#include "midlink/workflow/scenarios.hpp"

namespace midlink::cli {

void add_scenarios_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::ScenariosConfig>();
    auto* cmd = app.add_subcommand("scenarios", "Evaluate investment scenarios against a project's baseline and rank them");
    add_input_flags(cmd, ctx);
    cmd->add_option("project", cfg->project, "Project file (YAML)")->required();
    cmd->add_option("--scenarios", cfg->scenarios, "Scenario file (YAML)")->required();
    cmd->add_flag("--check-full", cfg->check_full,
                  "Also recompute every origin and refuse to write if the incremental result differs");
    cmd->add_option("--graph", cfg->graph, "Graph file to use instead of the project's graph or network");
    cmd->add_option("--hgv-graph", cfg->hgv_graph, "HGV graph to use instead of the project's hgv_graph");
    cmd->add_option("--coverage", cfg->coverage,
                    "Coverage GeoPackage (layer and id as the project's coverage) instead of the project's");
    cmd->add_flag("--no-incremental", cfg->no_incremental, "Recompute every origin for every scenario (for comparison)");
    cmd->add_option("-o,--output", cfg->output, "Ranking GeoPackage")->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_scenarios(*cfg, ctx); }; });
}

}  // namespace midlink::cli
