#pragma once
// Each subcommand registers its options on the CLI11 app and returns the action to run.
#include <CLI/CLI.hpp>
#include <functional>

#include "cli_context.hpp"

namespace midlink::cli {

using Action = std::function<int()>;

void add_access_command(CLI::App& app, CliContext& ctx, Action& action);
void add_info_command(CLI::App& app, CliContext& ctx, Action& action);
void add_graph_commands(CLI::App& app, CliContext& ctx, Action& action);
void add_route_command(CLI::App& app, CliContext& ctx, Action& action);
void add_isochrone_command(CLI::App& app, CliContext& ctx, Action& action);
void add_centrality_command(CLI::App& app, CliContext& ctx, Action& action);
void add_corridors_command(CLI::App& app, CliContext& ctx, Action& action);
void add_bench_commands(CLI::App& app, CliContext& ctx, Action& action);
void add_assign_command(CLI::App& app, CliContext& ctx, Action& action);
void add_gaps_command(CLI::App& app, CliContext& ctx, Action& action);
void add_report_command(CLI::App& app, CliContext& ctx, Action& action);

}  // namespace midlink::cli
