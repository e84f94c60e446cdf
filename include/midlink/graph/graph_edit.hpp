#pragma once
// Edits a scenario makes to a routing graph: new travel times on existing edges, closures,
// and new links between existing nodes. Existing nodes keep their ids. Existing edges keep
// their order (new edges go last among their tail's), so old edge ids map to new ones
// through `new_edge_id`; closures keep the edge and give it an infinite weight, which the
// search never relaxes.
#include <limits>
#include <string>
#include <vector>

#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"

namespace midlink::graph {

struct NewLink {
    NodeId from = kInvalidNode;
    NodeId to = kInvalidNode;
    double time_s = 0.0;       // each direction
    double length_m = 0.0;
    RoadClass road_class = RoadClass::Unknown;
    bool two_way = true;
    std::string ref;           // e.g. the scenario's name for the link
    double capacity_vph = std::numeric_limits<double>::quiet_NaN();  // per direction; NaN = unknown
};

struct GraphEdits {
    std::vector<std::pair<EdgeId, double>> set_time_s;  // (edge, new time in seconds)
    std::vector<EdgeId> close;                          // edges closed (weight infinite)
    std::vector<std::pair<EdgeId, double>> set_capacity_vph;  // (edge, new capacity of its link)
    std::vector<NewLink> add;
};

struct EditedGraph {
    RoadGraph graph;
    std::vector<EdgeId> new_edge_id;   // old edge id -> id in `graph`
    std::vector<EdgeId> changed;       // edges (new ids) whose time changed, closed or added
};

/// Throws std::invalid_argument for an edge or node id out of range.
EditedGraph apply_edits(const RoadGraph& g, const GraphEdits& edits);

/// A point snapped on the baseline, placed on the edited graph: the same link and
/// fraction, the edges' new ids. Only `graph` renumbers edge ids.
Snap moved_snap(const Snap& snap, const EditedGraph& edited);

/// Anchors computed on the baseline, recomputed on the edited graph: new edge ids and,
/// for retimed edges, new partial costs. `origin` picks origin or destination anchors.
SnapAnchors moved_anchors(const SnapAnchors& at, const EditedGraph& edited, bool origin, Metric metric = Metric::Time);

}  // namespace midlink::graph
