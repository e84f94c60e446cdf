#pragma once
#include <string>

#include "midlink/core/diagnostics.hpp"
#include "midlink/io/output_set.hpp"

namespace midlink::workflow {

/// code,severity,where,message, written to a temporary name: with `set`, as one of its
/// members (the set renames it); without, renamed at once.
void write_diagnostics_csv(const Diagnostics& d, const std::string& path, io::OutputSet* set = nullptr);

}  // namespace midlink::workflow
