#include "midlink/graph/snap_anchors.hpp"

#include <cmath>

namespace midlink::graph {
namespace {
Weight share(const RoadGraph& g, Metric m, EdgeId e, double s) {
    return static_cast<Weight>(std::llround(s * g.weights(m)[e]));
}

SnapAnchors base(const Snap& snap) {
    SnapAnchors a;
    a.link = snap.link;
    a.fraction = snap.fraction;
    a.along = snap.along;
    a.against = snap.against;
    return a;
}

// A point on a graph node (given by id, or within the snapper's node tolerance): it is
// its own anchor at no cost, so it leaves and arrives by every edge of the node.
bool node_anchor(const Snap& snap, SnapAnchors& a) {
    if (snap.node == kInvalidNode) return false;
    a.anchors[0] = {snap.node, 0};
    a.count = 1;
    a.along = a.against = kInvalidEdge;
    return true;
}
}  // namespace

SnapAnchors origin_anchors(const RoadGraph& g, Metric m, const Snap& snap) {
    SnapAnchors a = base(snap);
    if (!snap.ok || node_anchor(snap, a)) return a;
    if (snap.along != kInvalidEdge) a.anchors[a.count++] = {g.head[snap.along], share(g, m, snap.along, 1.0 - snap.fraction)};
    if (snap.against != kInvalidEdge) a.anchors[a.count++] = {g.head[snap.against], share(g, m, snap.against, snap.fraction)};
    return a;
}

SnapAnchors destination_anchors(const RoadGraph& g, Metric m, const Snap& snap) {
    SnapAnchors a = base(snap);
    if (!snap.ok || node_anchor(snap, a)) return a;
    if (snap.along != kInvalidEdge) a.anchors[a.count++] = {g.tail(snap.along), share(g, m, snap.along, snap.fraction)};
    if (snap.against != kInvalidEdge) a.anchors[a.count++] = {g.tail(snap.against), share(g, m, snap.against, 1.0 - snap.fraction)};
    return a;
}

Weight direct_cost(const RoadGraph& g, Metric m, const SnapAnchors& from, const SnapAnchors& to) {
    if (!from.ok() || !to.ok() || from.link != to.link) return kUnreachable;
    // A node end has no partial edge: the search reaches it through its anchor.
    const auto on_node = [](const SnapAnchors& a) { return a.along == kInvalidEdge && a.against == kInvalidEdge; };
    if (on_node(from) || on_node(to)) return kUnreachable;
    Weight best = kUnreachable;
    if (from.along != kInvalidEdge && to.fraction >= from.fraction) {
        best = std::min(best, share(g, m, from.along, to.fraction - from.fraction));
    }
    if (from.against != kInvalidEdge && to.fraction <= from.fraction) {
        best = std::min(best, share(g, m, from.against, from.fraction - to.fraction));
    }
    return best;
}

}  // namespace midlink::graph
