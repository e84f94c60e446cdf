#pragma once
// Interpretation of OSM tags for routing (pure functions, unit-tested without files).
#include <optional>
#include <string_view>

#include "midlink/core/link_table.hpp"

namespace midlink::io {

/// "30", "30 mph", "50 km/h", "GB:nsl_single", "GB:nsl_dual", "GB:motorway", "none",
/// "walk"... Unparseable -> Kind::None.
SpeedLimit parse_maxspeed(std::string_view value);

}  // namespace midlink::io
