#pragma once
// manifest.json of `midlink run`: what ran, from which inputs, with which equivalent
// command lines, and how long each stage took.
#include <string>
#include <utility>
#include <vector>

#include "midlink/io/output_set.hpp"
#include "midlink/io/project_reader.hpp"

namespace midlink::workflow {

struct StageRecord {
    std::string name;
    std::string status;  // ran | reused | skipped (not in the project) | not run (...) | failed: ...
    std::vector<std::string> command;  // an equivalent midlink command line
    double seconds = 0.0;
    std::vector<std::string> outputs;
};

/// Writes the manifest atomically (as a member of `set` when given). `ranks_json`: the
/// per-rank step times of an MPI job (rank_steps_json), kept under "ranks" when not empty.
void write_run_manifest(const std::string& path, const io::Project& project,
                        const std::vector<std::pair<std::string, std::string>>& inputs,
                        const std::vector<StageRecord>& stages, io::OutputSet* set = nullptr,
                        const std::string& ranks_json = "[]");

}  // namespace midlink::workflow
