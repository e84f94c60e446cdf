#include "midlink/analysis/network_criticality.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <queue>

#include "midlink/analysis/link_criticality.hpp"
#include "midlink/graph/shortest_path.hpp"

namespace midlink::analysis {
namespace {

constexpr std::uint64_t kNoPath = std::numeric_limits<std::uint64_t>::max();

struct OriginDemand {
    NodeId origin = kInvalidNode;
    std::vector<std::pair<NodeId, double>> destinations;  // (node, weight)
    std::vector<std::uint64_t> base_cost;                 // per destination, kNoPath if none
    std::vector<std::uint32_t> roads_used;                // sorted candidate roads on its paths
};

/// Plain Dijkstra that skips one road's edges; stops once every target is settled.
class ClosedRoadSearch {
public:
    ClosedRoadSearch(const graph::RoadGraph& g, graph::Metric metric, const std::vector<std::uint32_t>& road_of)
        : m_g(g),
          m_w(g.weights(metric)),
          m_road_of(road_of),
          m_dist(g.node_count(), kNoPath),
          m_is_target(g.node_count(), 0) {}

    void run(NodeId source, std::uint32_t closed_road, std::span<const std::pair<NodeId, double>> targets) {
        for (NodeId v : m_touched) m_dist[v] = kNoPath;
        m_touched.clear();
        std::size_t pending = 0;
        for (const auto& [t, w] : targets) {
            if (!m_is_target[t]) ++pending;
            m_is_target[t] = 1;
        }
        using Item = std::pair<std::uint64_t, NodeId>;
        std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
        m_dist[source] = 0;
        m_touched.push_back(source);
        heap.push({0, source});
        while (!heap.empty() && pending > 0) {
            const auto [d, u] = heap.top();
            heap.pop();
            if (d != m_dist[u]) continue;
            if (m_is_target[u]) {
                m_is_target[u] = 0;
                --pending;
            }
            for (EdgeId e = m_g.first_out[u]; e < m_g.first_out[u + 1]; ++e) {
                if (m_road_of[e] == closed_road) continue;
                const NodeId v = m_g.head[e];
                const std::uint64_t nd = d + m_w[e];
                if (nd < m_dist[v]) {
                    if (m_dist[v] == kNoPath) m_touched.push_back(v);
                    m_dist[v] = nd;
                    heap.push({nd, v});
                }
            }
        }
        for (const auto& [t, w] : targets) m_is_target[t] = 0;
    }
    [[nodiscard]] std::uint64_t distance(NodeId v) const { return m_dist[v]; }

private:
    const graph::RoadGraph& m_g;
    const std::vector<Weight>& m_w;
    const std::vector<std::uint32_t>& m_road_of;
    std::vector<std::uint64_t> m_dist;
    std::vector<NodeId> m_touched;
    std::vector<std::uint8_t> m_is_target;
};

}  // namespace

std::vector<ClosureImpact> network_criticality(const graph::RoadGraph& g, graph::Metric metric,
                                               std::span<const OdPairWeight> demand,
                                               std::span<const EdgeId> candidates) {
    const PhysicalRoads roads = physical_roads(g);
    std::vector<std::uint8_t> is_candidate_road(roads.count, 0);
    for (EdgeId e : candidates) is_candidate_road[roads.of_edge[e]] = 1;

    // Demand grouped by origin, origins in ascending node order (deterministic sums).
    std::map<NodeId, OriginDemand> grouped;
    for (const auto& d : demand) {
        if (d.origin == d.destination || d.weight == 0.0) continue;
        auto& od = grouped[d.origin];
        od.origin = d.origin;
        od.destinations.emplace_back(d.destination, d.weight);
    }
    std::vector<OriginDemand> origins;
    for (auto& [o, od] : grouped) origins.push_back(std::move(od));

    // Base costs and the candidate roads each origin's chosen paths use.
    tbb::parallel_for(std::size_t{0}, origins.size(), [&](std::size_t i) {
        auto& od = origins[i];
        graph::ShortestPathSearch search(g, metric);
        search.run(od.origin);
        for (const auto& [t, w] : od.destinations) {
            const Weight d = search.distance(t);
            od.base_cost.push_back(d == kUnreachable ? kNoPath : d);
            if (d == kUnreachable) continue;
            for (NodeId v = t; v != od.origin;) {
                const EdgeId e = search.parent_edge(v);
                if (e == kInvalidEdge) break;
                if (is_candidate_road[roads.of_edge[e]]) od.roads_used.push_back(roads.of_edge[e]);
                v = g.tail(e);
            }
        }
        std::sort(od.roads_used.begin(), od.roads_used.end());
        od.roads_used.erase(std::unique(od.roads_used.begin(), od.roads_used.end()), od.roads_used.end());
    });
    double base_total = 0.0;
    for (const auto& od : origins) {
        for (std::size_t k = 0; k < od.destinations.size(); ++k) {
            if (od.base_cost[k] != kNoPath) {
                base_total += od.destinations[k].second * g.cost_value(metric, static_cast<Weight>(od.base_cost[k]));
            }
        }
    }

    std::vector<ClosureImpact> out(candidates.size());
    tbb::parallel_for(std::size_t{0}, candidates.size(), [&](std::size_t c) {
        ClosureImpact& impact = out[c];
        impact.edge = candidates[c];
        impact.road = roads.of_edge[candidates[c]];
        impact.base_weighted_cost = base_total;
        ClosedRoadSearch search(g, metric, roads.of_edge);
        for (const auto& od : origins) {
            if (!std::binary_search(od.roads_used.begin(), od.roads_used.end(), impact.road)) continue;
            ++impact.origins_searched;
            search.run(od.origin, impact.road, od.destinations);
            for (std::size_t k = 0; k < od.destinations.size(); ++k) {
                if (od.base_cost[k] == kNoPath) continue;
                const double w = od.destinations[k].second;
                const std::uint64_t after = search.distance(od.destinations[k].first);
                if (after == kNoPath) {
                    impact.disconnected_demand += w;
                    ++impact.pairs_affected;
                } else if (after > od.base_cost[k]) {
                    const auto delta = static_cast<Weight>(after - od.base_cost[k]);
                    impact.weighted_increase += w * g.cost_value(metric, delta);
                    ++impact.pairs_affected;
                }
            }
        }
    });
    return out;
}

}  // namespace midlink::analysis
