#include "midlink/analysis/east_west_discovery.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snap_anchors.hpp"

namespace midlink::analysis {

double compass_bearing_deg(Point a, Point b) {
    double deg = std::atan2(b.x - a.x, b.y - a.y) * 180.0 / std::numbers::pi;
    if (deg < 0.0) deg += 360.0;
    return deg;
}

DiscoveryResult discover_east_west(const graph::RoadGraph& g, const graph::Snapper& snapper,
                                   std::span<const Place> places, const DiscoveryOptions& options) {
    DiscoveryResult result;
    const auto metric = graph::Metric::Time;
    std::vector<graph::SnapAnchors> out(places.size()), in(places.size());
    for (std::size_t i = 0; i < places.size(); ++i) {
        const auto snap = snapper.snap(places[i].xy, options.max_snap_m);
        if (snap.ok) {
            out[i] = graph::origin_anchors(g, metric, snap);
            in[i] = graph::destination_anchors(g, metric, snap);
        }
        if (!out[i].ok() || !in[i].ok()) result.unsnapped.push_back(i);
    }
    graph::ShortestPathSearch search(g, metric);
    // Time from place a to place b, kUnreachable when there is no path.
    const auto time_between = [&](std::size_t a, std::size_t b) -> std::uint64_t {
        std::array<graph::SearchSource, 2> sources{};
        for (std::uint8_t k = 0; k < out[a].count; ++k) sources[k] = {out[a].anchors[k].node, out[a].anchors[k].cost};
        std::array<NodeId, 2> targets{};
        for (std::uint8_t k = 0; k < in[b].count; ++k) targets[k] = in[b].anchors[k].node;
        search.run(std::span(sources.data(), out[a].count), kUnreachable, std::span(targets.data(), in[b].count));
        std::uint64_t best = graph::direct_cost(g, metric, out[a], in[b]);
        for (std::uint8_t k = 0; k < in[b].count; ++k) {
            const Weight d = search.distance(in[b].anchors[k].node);
            if (d != kUnreachable) best = std::min<std::uint64_t>(best, std::uint64_t(d) + in[b].anchors[k].cost);
        }
        return best;
    };
    for (std::size_t i = 0; i < places.size(); ++i) {
        for (std::size_t j = i + 1; j < places.size(); ++j) {
            const bool i_west = places[i].xy.x <= places[j].xy.x;
            const std::size_t w = i_west ? i : j, e = i_west ? j : i;
            PlacePair p;
            p.west = w;
            p.east = e;
            p.bearing_deg = compass_bearing_deg(places[w].xy, places[e].xy);
            p.angle_from_east_west = std::abs(p.bearing_deg - 90.0);
            p.straight_km = std::hypot(places[e].xy.x - places[w].xy.x, places[e].xy.y - places[w].xy.y) / 1000.0;
            if (p.angle_from_east_west > options.max_angle_deg || p.straight_km < options.min_km) continue;
            if (!out[w].ok() || !in[e].ok() || !out[e].ok() || !in[w].ok()) continue;
            // West to east; the other way round only when that direction has no path.
            std::uint64_t t = time_between(w, e);
            if (t >= kUnreachable) t = time_between(e, w);
            if (t >= kUnreachable) {
                ++result.unreachable_pairs;
                continue;
            }
            p.time_min = g.cost_value(metric, static_cast<Weight>(t)) / 60.0;
            p.gravity = places[w].population * places[e].population / std::max(1.0, p.time_min);
            result.pairs.push_back(p);
        }
    }
    std::stable_sort(result.pairs.begin(), result.pairs.end(),
                     [](const PlacePair& a, const PlacePair& b) { return a.gravity > b.gravity; });
    return result;
}

}  // namespace midlink::analysis
