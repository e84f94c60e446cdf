// midlink run: a whole study from its project file, in this process (workflow/run.hpp).
#include "commands.hpp"
#include "midlink/workflow/run.hpp"

namespace midlink::cli {

void add_run_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::RunConfig>();
    auto* cmd = app.add_subcommand("run", "Run a whole study from its project file (graph, access, corridors, gaps, scenarios, report)");
    cmd->add_option("project", cfg->project, "Project file (YAML)")->required();
    cmd->add_option("-o,--output", cfg->outdir, "Output folder")->required();
    cmd->add_option("--from", cfg->from, "First stage to run (graph, access, corridors, gaps, scenarios, report)")->capture_default_str();
    cmd->add_option("--to", cfg->to, "Last stage to run")->capture_default_str();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_project(*cfg, ctx); }; });
}

}  // namespace midlink::cli
