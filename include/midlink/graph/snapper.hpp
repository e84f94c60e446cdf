#pragma once
// Snaps points to the nearest edge (not just the nearest node) through an R-tree over
// link segments. The snap distance is always returned; points beyond the limit are
// reported as unsnapped, never dropped.
#include <memory>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

struct Snap {
    bool ok = false;
    double distance_m = 0.0;         // from the input point to the snapped point
    Point point;                     // on the link
    LinkId link = 0;
    double fraction = 0.0;           // along the link's length in drawing order, 0..1
    EdgeId along = kInvalidEdge;     // directed edge in drawing order, if routable
    EdgeId against = kInvalidEdge;   // directed edge against drawing order, if routable
    NodeId node = kInvalidNode;      // set when the point is a graph node given by id
};

class Snapper {
public:
    explicit Snapper(const RoadGraph& graph);
    ~Snapper();
    Snapper(const Snapper&) = delete;
    Snapper& operator=(const Snapper&) = delete;

    /// Nearest link within `max_distance_m`; ties by smaller link id. Thread-safe.
    [[nodiscard]] Snap snap(const Point& p, double max_distance_m) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace midlink::graph
