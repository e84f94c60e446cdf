#pragma once
// WKT LINESTRING text for link-table geometry columns (GMNS `geometry`).
#include <optional>
#include <string>
#include <string_view>

#include "midlink/core/geometry.hpp"

namespace midlink::io::detail {

/// Parses "LINESTRING (x y, x y ...)", also with Z/M/ZM (extra ordinates dropped) and
/// "LINESTRING EMPTY" (an empty line). nullopt for anything else.
std::optional<LineString> parse_wkt_linestring(std::string_view wkt);

/// "LINESTRING (x y, ...)" with shortest round-trip numbers; empty text for no points.
std::string format_wkt_linestring(const LineString& line);

/// Shortest text that reads back to exactly `v`.
std::string format_number(double v);

}  // namespace midlink::io::detail
