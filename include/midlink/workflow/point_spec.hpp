#pragma once
// A user-given point: "X,Y" or "node:KEY" (route's --from/--to, isochrone's --from).
#include <optional>
#include <string>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"

namespace midlink::workflow {

struct PointSpec {
    std::optional<Point> xy;        // in the coordinates' CRS
    std::optional<NodeKey> node;    // "node:KEY": a node by the id the input gave it
};

/// Throws ConfigError naming `option` when the text is neither "X,Y" nor "node:KEY".
PointSpec parse_point_spec(const std::string& text, const std::string& option);

}  // namespace midlink::workflow
