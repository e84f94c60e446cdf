#pragma once
// midlink bench load: what reading a graph file costs, with and without its checksum check.
#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace midlink::cli {

void add_bench_load_command(CLI::App& bench, Action& action);

}  // namespace midlink::cli
