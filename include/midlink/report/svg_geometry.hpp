#pragma once
// Projected coordinates (EPSG:27700 metres, y = northing) to SVG user units (y down),
// Douglas-Peucker simplification at the drawing's resolution, and compact path data.
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/layer_data.hpp"

namespace midlink::report {

/// Maps an extent onto a viewBox `width` units wide, north up: x' = (x - min_x)·s,
/// y' = (max_y - y)·s, so the northern edge is at y' = 0.
struct MapFrame {
    BBox extent;
    double scale = 1.0;  // units per metre
    double width = 0.0;
    double height = 0.0;

    [[nodiscard]] Point to_svg(const Point& p) const {
        return {(p.x - extent.min_x) * scale, (extent.max_y - p.y) * scale};
    }
    [[nodiscard]] bool intersects(const BBox& b) const {
        return !(b.max_x < extent.min_x || b.min_x > extent.max_x || b.max_y < extent.min_y ||
                 b.min_y > extent.max_y);
    }
};

/// A frame `width` units wide around `extent` grown by `margin` (a fraction of its larger
/// side). A degenerate extent becomes a 1 km square.
MapFrame make_frame(BBox extent, double width, double margin = 0.02);

/// Douglas-Peucker: the points of `line` kept at tolerance `tol` (ends always kept).
LineString douglas_peucker(const LineString& line, double tol);

/// The bounding box of a shape's points.
BBox shape_bbox(const midlink::Shape& shape);

/// SVG path data for a shape in the frame, simplified at `tol` units and rounded to whole
/// units: "M x y l dx dy ..." with "z" closing polygon rings. A ring that collapses keeps
/// three points (outer) or is dropped; "" when nothing is left.
std::string path_data(const midlink::Shape& shape, const MapFrame& frame, double tol);

}  // namespace midlink::report
