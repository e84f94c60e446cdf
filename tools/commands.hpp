#pragma once
// Each subcommand registers its options on the CLI11 app and returns the action to run.
#include <CLI/CLI.hpp>
#include <functional>

#include "midlink/workflow/context.hpp"
#include "midlink/core/profile.hpp"

namespace midlink::cli {

using Action = std::function<int()>;

void add_access_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_info_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_graph_commands(CLI::App& app, workflow::Context& ctx, Action& action);
void add_route_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_matrix_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_isochrone_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_centrality_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_corridors_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_bench_commands(CLI::App& app, workflow::Context& ctx, Action& action);
void add_assign_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_gaps_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_scenarios_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_fibre_cost_command(CLI::App& app, workflow::Context& ctx, Action& action);

/// --allow-vrt and --skip-bad-features, on each command that reads GDAL layers or OSM files.
void add_input_flags(CLI::App* cmd, workflow::Context& ctx);

/// Every subcommand on `app` (main and `midlink run` share this).
void register_commands(CLI::App& app, workflow::Context& ctx, Action& action);
void add_run_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_flows_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_coverage_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_raster_command(CLI::App& app, workflow::Context& ctx, Action& action);
void add_report_command(CLI::App& app, workflow::Context& ctx, Action& action);

}  // namespace midlink::cli
