#pragma once
// `midlink run` as a library call: a whole study from its project file, in this process.
//   graph -> access -> corridors -> gaps -> scenarios -> report
// The graph is read (or built) once and held for every stage; the baseline accessibility
// of the access stage is reused by the scenarios stage. Outputs go to the folder, and
// manifest.json records the inputs (with checksums), an equivalent command line for each
// stage, the version and the timings.
#include <string>
#include <vector>

#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct RunConfig {
    std::string project;
    std::string outdir;
    std::string from = "graph";  // first stage to run; stages before it must have run
    std::string to = "report";   // last stage to run
};

/// The stages in order.
const std::vector<std::string>& run_stages();

/// Runs the project's stages from cfg.from to cfg.to. A failed stage is recorded in the
/// manifest (with the later stages "not run") and its error rethrown. Returns 0.
int run_project(const RunConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
