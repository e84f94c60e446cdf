#pragma once
#include <string>

#include "midlink/core/diagnostics.hpp"

namespace midlink::cli {

/// code,severity,where,message, written to a temporary name and renamed.
void write_diagnostics_csv(const Diagnostics& d, const std::string& path);

}  // namespace midlink::cli
