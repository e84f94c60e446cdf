#include "centrality_places.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <optional>

#include "midlink/core/error.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/crs_transform.hpp"

namespace midlink::workflow::detail {

std::vector<Place> snap_places(const graph::RoadGraph& g, const std::vector<io::PlaceRow>& rows,
                               const std::string& coords_crs, double max_snap_m, bool snap_connectors) {
    if (!g.has_coordinates()) throw ConfigError("--od needs a graph with coordinates");
    std::optional<io::CrsTransform> transform;
    if (!coords_crs.empty() && !g.meta.crs.empty()) transform.emplace(coords_crs, g.meta.crs);
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = snap_connectors});
    std::vector<Place> places;
    places.reserve(rows.size());
    for (const auto& row : rows) {
        Place& p = places.emplace_back(Place{row});
        Point xy = row.xy;
        if (transform && !transform->apply(xy)) continue;
        const auto snap = snapper.snap(xy, max_snap_m);
        if (!snap.ok) continue;
        const auto anchors = graph::origin_anchors(g, graph::Metric::Time, snap);
        Weight best = kUnreachable;
        for (std::uint8_t i = 0; i < anchors.count; ++i) {
            if (p.node == kInvalidNode || anchors.anchors[i].cost < best) {
                p.node = anchors.anchors[i].node;
                best = anchors.anchors[i].cost;
            }
        }
    }
    return places;
}

std::vector<analysis::OdPairWeight> gravity_demand(const graph::RoadGraph& g, const std::vector<Place>& places) {
    std::vector<std::vector<analysis::OdPairWeight>> rows(places.size());
    tbb::parallel_for(std::size_t{0}, places.size(), [&](std::size_t a) {
        if (places[a].node == kInvalidNode || places[a].row.population == 0) return;
        graph::ShortestPathSearch search(g, graph::Metric::Time);
        search.run(places[a].node);
        for (std::size_t b = 0; b < places.size(); ++b) {
            if (b == a || places[b].node == kInvalidNode || places[b].node == places[a].node) continue;
            const Weight t = search.distance(places[b].node);
            if (t == kUnreachable) continue;
            const double minutes = std::max(1.0, g.cost_value(graph::Metric::Time, t) / 60.0);
            rows[a].push_back({places[a].node, places[b].node, places[a].row.population * places[b].row.population / minutes});
        }
    });
    std::vector<analysis::OdPairWeight> all;
    for (auto& r : rows) all.insert(all.end(), r.begin(), r.end());
    return all;
}

}  // namespace midlink::workflow::detail
