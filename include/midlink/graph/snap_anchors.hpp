#pragma once
// Where a snapped point joins the graph: the nodes a search starts from (origin side) or
// arrives through (destination side), each with the cost of the partial edge between the
// point and that node. Routes, accessibility and isochrones all use these.
#include <array>
#include <cstdint>

#include "midlink/graph/snapper.hpp"

namespace midlink::graph {

struct Anchor {
    NodeId node = kInvalidNode;
    Weight cost = 0;  // partial-edge cost in the metric's weight units
};

struct SnapAnchors {
    std::array<Anchor, 2> anchors{};
    std::uint8_t count = 0;  // 0: unsnapped or on no routable edge
    LinkId link = 0;
    double fraction = 0.0;
    EdgeId along = kInvalidEdge;
    EdgeId against = kInvalidEdge;
    [[nodiscard]] bool ok() const { return count > 0; }
};

/// Leaving the point: heads of the edges it lies on, with the cost of the rest of each edge.
SnapAnchors origin_anchors(const RoadGraph& g, Metric metric, const Snap& snap);
/// Reaching the point: tails of the edges it lies on, with the cost of the edge part before it.
SnapAnchors destination_anchors(const RoadGraph& g, Metric metric, const Snap& snap);
/// Cost from `from` to `to` along their common link without passing a node; kUnreachable
/// when they are on different links or the one-way direction forbids it.
Weight direct_cost(const RoadGraph& g, Metric metric, const SnapAnchors& from, const SnapAnchors& to);

}  // namespace midlink::graph
