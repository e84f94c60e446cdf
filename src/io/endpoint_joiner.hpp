#pragma once
// Builds node topology for line layers that carry none: joins line endpoints that lie
// within a tolerance and, for OSM-derived data, splits lines where they share a vertex.
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"

namespace midlink::io {

/// Vertical level of a line as its attributes tell it (Geofabrik `bridge`/`tunnel`).
enum class Structure : std::uint8_t { Ground, Bridge, Tunnel };

struct JoinOptions {
    double endpoint_tolerance_m = 0.5;
    /// Also split lines at interior vertices shared with another line (OSM-derived data).
    bool split_at_shared_vertices = false;
    /// Shared vertices must coincide this closely: OSM ways share node positions exactly,
    /// so anything wider would invent junctions between roads that merely pass close.
    double shared_vertex_tolerance_m = 0.01;
};

/// A piece of input line `line` from vertex `first` to vertex `last` (inclusive).
struct JoinedPiece {
    std::size_t line = 0;
    std::size_t first = 0;
    std::size_t last = 0;
    NodeKey from = 0;
    NodeKey to = 0;
};

struct JoinResult {
    std::vector<JoinedPiece> pieces;              // in line order, then along each line
    std::unordered_map<NodeKey, Point> node_coords;  // first vertex seen at each node
};

/// `lines[i]` must have at least two points. Node keys are 1, 2, 3, ... in order of first
/// appearance (line order, then vertex order), so the same input always gives the same keys.
JoinResult join_lines(const std::vector<const LineString*>& lines,
                      const std::vector<Structure>& structures, const JoinOptions& options);

}  // namespace midlink::io
