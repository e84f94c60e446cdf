#pragma once
// (Multi)Polygon WKB, as the area readers keep it, into a plain Shape for LayerData.
#include <cstdint>
#include <vector>

#include "midlink/core/layer_data.hpp"

namespace midlink::workflow::detail {

/// ISO or extended WKB Polygon/MultiPolygon (Z and M dropped) as every ring of every part.
/// An empty Shape (Kind::None) when the bytes are not such WKB.
Shape polygon_shape_from_wkb(const std::vector<std::uint8_t>& wkb);

}  // namespace midlink::workflow::detail
