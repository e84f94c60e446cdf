#pragma once
// Identifiers shared by every layer. 32-bit ids keep the hot arrays small;
// a graph with more than 4 billion nodes or edges is out of scope.
#include <cstdint>
#include <limits>

namespace midlink {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
using LinkId = std::uint32_t;  // index of a row in a LinkTable (one physical road piece)

/// Key of a node as the input names it (OSM node id, TNTP/GMNS/DIMACS node number, or a
/// synthetic key made by a reader that joins endpoints).
using NodeKey = std::int64_t;

inline constexpr NodeId kInvalidNode = std::numeric_limits<NodeId>::max();
inline constexpr EdgeId kInvalidEdge = std::numeric_limits<EdgeId>::max();

/// Search weights are integers: milliseconds for time, decimetres for distance.
using Weight = std::uint32_t;
inline constexpr Weight kUnreachable = std::numeric_limits<Weight>::max();

}  // namespace midlink
