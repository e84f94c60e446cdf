#pragma once
// The catchment of each corridor segment: the part of the whole line's buffer (round caps
// and joins) that lies beside it: its flat-capped buffer less the segments' before it,
// plus the leftovers (outer wedges at bends, the end caps) nearest to it. The pieces
// partition the line's buffer, so areal weighting over them preserves premises totals. Each piece is intersected with the areas (STRtree +
// GEOS), giving the overlap areas that analysis::areal weighting needs. GEOS stays here.
#include <cstdint>
#include <vector>

#include "midlink/core/features.hpp"
#include "midlink/core/geometry.hpp"

namespace midlink::io {

struct AreaOverlap {
    std::uint32_t area = 0;  // index into the areas given
    double overlap_m2 = 0.0;
};

struct SegmentCatchment {
    double piece_m2 = 0.0;                // area of the segment's own piece of the buffer
    std::vector<AreaOverlap> overlaps;    // areas the piece overlaps, by area index
    std::vector<std::uint8_t> piece_wkb;  // the piece (ISO WKB MultiPolygon), when asked
};

/// `segments` are consecutive pieces of one line (analysis::cut_line).
/// Throws midlink::Error when GEOS fails or an area's WKB cannot be read.
std::vector<SegmentCatchment> segment_catchments(const std::vector<LineString>& segments, double buffer_m,
                                                 const std::vector<AreaFeature>& areas, bool keep_geometry = false);

/// Planar area (m²) of each area polygon.
std::vector<double> area_sizes_m2(const std::vector<AreaFeature>& areas);

}  // namespace midlink::io
