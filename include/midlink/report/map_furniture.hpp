#pragma once
// What makes a drawing read as a map: a scale bar in EPSG:27700 metres and a north arrow.
#include <string>

#include "midlink/report/svg_geometry.hpp"

namespace midlink::report {

/// A scale bar's length: the largest 1, 2 or 5 × 10^n metres not above `max_m` (at least
/// 1 m). 0 when `max_m` is not positive.
double scale_bar_metres(double max_m);

/// A distance for people: "500 m", "2 km", "2.5 km".
std::string distance_label(double metres);

/// SVG elements for a map in `frame`: a scale bar in the lower left (about a quarter of the
/// map's width, rounded by scale_bar_metres) and a north arrow in the upper right, sized in
/// displayed pixels (`units_per_px` SVG units each). Both carry class names (scalebar,
/// northarrow) and a <title>.
std::string map_furniture_svg(const MapFrame& frame, double units_per_px);

}  // namespace midlink::report
