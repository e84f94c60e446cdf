#pragma once
// Snaps points to the nearest edge (not just the nearest node) through an R-tree over
// link segments. The snap distance is always returned; points beyond the limit are
// reported as unsnapped, never dropped.
//
// Three rules make a snapped point route like the place it stands for (docs/snapping.md):
// - a point within SnapOptions::node_tolerance_m of a graph node is that node (Snap::node),
//   so it can leave and arrive by every edge of the node;
// - a link with one directed edge whose reverse twin exists (same end nodes, same geometry
//   reversed: the two directions of a road in TNTP/GMNS/junction-CSV models) is one
//   physical road: the twin fills the missing direction (Snap::against or Snap::along);
// - zone connectors (RoadClass::Connector) are no snap target unless asked for.
#include <memory>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

struct Snap {
    bool ok = false;
    double distance_m = 0.0;         // from the input point to the snapped point
    Point point;                     // on the link (the node's position for node snaps)
    LinkId link = 0;
    double fraction = 0.0;           // along the link's length in drawing order, 0..1
    // Directed edge from the link's first point to its last (drawing order), if routable;
    // the link's own edge or its reverse twin's. Position on it: `fraction`.
    EdgeId along = kInvalidEdge;
    // Directed edge from the link's last point to its first, if routable; the link's own
    // reversed edge or its twin. Position on it in travel order: 1 - `fraction`.
    EdgeId against = kInvalidEdge;
    // Set when the point is a graph node (given by id, or within the node tolerance);
    // then along/against are kInvalidEdge and the node is the point's only anchor.
    NodeId node = kInvalidNode;
};

/// A point this close (m) to a node is that node. Half a metre: well below the spacing
/// of real junctions, well above the rounding of coordinates printed to 0.1 m.
inline constexpr double kDefaultNodeToleranceM = 0.5;

struct SnapOptions {
    double node_tolerance_m = kDefaultNodeToleranceM;
    /// Zone connectors of link-table models are artificial: off unless asked for.
    bool connectors = false;
};

class Snapper {
public:
    explicit Snapper(const RoadGraph& graph, SnapOptions options = {});
    ~Snapper();
    Snapper(const Snapper&) = delete;
    Snapper& operator=(const Snapper&) = delete;

    /// Nearest link within `max_distance_m`; ties by smaller link id; a node within the
    /// node tolerance wins (ties by smaller node id). Thread-safe.
    [[nodiscard]] Snap snap(const Point& p, double max_distance_m) const;

    [[nodiscard]] const SnapOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace midlink::graph
