#pragma once
// Per-rank time and balance of a multi-rank run (midlink-mpi): printed after the run and
// written into summaries and manifests.
#include <string>

#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// "ranks: 3; access searches: 10.2 s to 11.0 s per rank (blocks 43/43/42), imbalance 4.1 %"
/// through ctx.info, on rank 0 of a job of several ranks; nothing otherwise.
void report_ranks(const Context& ctx);

/// The steps rank 0 recorded as a JSON array ("[]" for one process):
/// [{"step": "...", "seconds": [..per rank..], "blocks": [..], "imbalance": 0.041}].
std::string rank_steps_json(const Context& ctx);

}  // namespace midlink::workflow
