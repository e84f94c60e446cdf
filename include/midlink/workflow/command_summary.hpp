#pragma once
// `--format json` on the commands that write outputs: one JSON object on stdout that a
// script can read instead of parsing the console. It describes what the command wrote,
// read back from the files themselves (layers and their feature counts, the diagnostics by
// code; for `run`, the manifest's stages).
#include <string>

#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct CommandSummary {
    std::string command;  // "access", "graph export", ...
    std::string output;   // the -o path (file, folder or PG: connection)
    double seconds = 0.0;
    int exit_code = 0;
    std::string printed;  // what the command printed on stdout in text form ("" if nothing)
};

/// The summary as one line of JSON (keys: command, exit_code, seconds, output, layers,
/// diagnostics, stages, printed). Files it cannot read are reported under "unread", never
/// an exception: the command itself has already succeeded.
std::string command_summary_json(const CommandSummary& summary, const Context& ctx);

}  // namespace midlink::workflow
