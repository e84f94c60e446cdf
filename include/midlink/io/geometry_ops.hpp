#pragma once
// Polygon operations the analyses need but may not do themselves (only io touches GEOS).
// Geometries cross this boundary as plain lines in and ISO WKB out, so callers never see
// a GEOS type. Each call makes its own GEOS context: safe to call from several threads.
#include <cstdint>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink::io {

/// The union of `lines` each buffered by `buffer_m` (round caps and joins), as ISO WKB
/// (little-endian, 2D) of a MultiPolygon: enclosed areas the lines do not reach stay
/// holes, and disconnected pieces stay separate parts. No lines (or only degenerate
/// ones) give an empty MultiPolygon. Throws midlink::Error if GEOS fails.
std::vector<std::uint8_t> buffer_union_wkb(const std::vector<LineString>& lines, double buffer_m);

/// Planar area of a WKB geometry in squared CRS units (m² in EPSG:27700); 0 for empty or
/// non-areal geometry. Throws midlink::Error on unreadable WKB.
double area_of_wkb(const std::vector<std::uint8_t>& wkb);

}  // namespace midlink::io
