#pragma once
// An AccessResult as bytes and back, for the ranks of one job (core/process_group.hpp):
// the scenario sweep sends each scenario's result to rank 0 and the baseline to every rank.
#include "midlink/analysis/access_engine.hpp"
#include "midlink/core/byte_pack.hpp"

namespace midlink::analysis {

void pack_access_result(BytePacker& out, const AccessResult& result);
AccessResult unpack_access_result(ByteUnpacker& in);

/// Collective: every rank leaves with rank 0's `result` (the others' is replaced).
void share_from_root(const ProcessGroup& group, AccessResult& result);

}  // namespace midlink::analysis
