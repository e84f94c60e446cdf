#pragma once
#include <string>

#include "midlink/core/diagnostics.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// code,severity,where,message, written to a temporary name: with `set`, as one of its
/// members (the set renames it); without, renamed at once. Every kept diagnostic is a row;
/// if some were counted but not kept (Diagnostics' limit), a last row
/// `diagnostics_truncated` says how many and gives the counts by code, and `ctx` (when
/// given) warns on the console too. Never a silently short file.
void write_diagnostics_csv(const Diagnostics& d, const std::string& path, io::OutputSet* set = nullptr,
                           const Context* ctx = nullptr);

}  // namespace midlink::workflow
