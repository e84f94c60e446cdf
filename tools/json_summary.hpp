#pragma once
// `--format text|json` on every command that writes an output and has no --format of its
// own (docs/cli/conventions.md): with json, what the command would print on stdout is
// captured and one JSON summary is printed instead (workflow/command_summary.hpp).
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "midlink/workflow/context.hpp"

namespace midlink::cli {

struct SummaryFormats {
    struct Entry {
        CLI::App* command;
        std::shared_ptr<std::string> format;
    };
    std::vector<Entry> entries;
};

/// Adds the option to each subcommand (at any depth) with -o/--output and no --format.
void add_summary_formats(CLI::App& app, SummaryFormats& formats);

/// Runs `action`; when the parsed command asked for json, prints the summary instead of
/// the command's own stdout. Returns the action's exit code.
int run_with_summary(const SummaryFormats& formats, const std::function<int()>& action,
                     const workflow::Context& ctx);

}  // namespace midlink::cli
