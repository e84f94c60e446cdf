#include "midlink/analysis/scenario_eval.hpp"

#include <cmath>
#include <functional>
#include <queue>

#include "midlink/graph/reverse_graph.hpp"

namespace midlink::analysis {

std::vector<std::uint8_t> affected_origins(const graph::RoadGraph& g, std::span<const EdgeId> changed_edges,
                                           std::span<const NodeId> new_tails, std::span<const AccessOrigin> origins,
                                           std::span<const Weight> limits) {
    Weight limit = 0;
    for (std::size_t i = 0; i < origins.size(); ++i)
        if (origins[i].at.ok() && limits[i] != kUnreachable) limit = std::max(limit, limits[i]);
    const std::uint32_t n = g.node_count();
    std::vector<std::uint8_t> out(origins.size(), 0);
    std::vector<std::uint8_t> changed(g.edge_count(), 0);
    for (EdgeId e : changed_edges)
        if (e < g.edge_count()) changed[e] = 1;
    const graph::ReverseIndex reverse(g);  // incoming edges grouped by head
    const auto& first_in = reverse.first_in;
    const auto& in_edge = reverse.in_edge;
    const auto& tail = reverse.tail;

    // Cost from every node to the nearest changed tail, within the limit.
    constexpr std::uint64_t kFar = ~std::uint64_t{0};
    std::vector<std::uint64_t> to_change(n, kFar);
    using Item = std::pair<std::uint64_t, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    for (EdgeId e : changed_edges) {
        if (e >= g.edge_count() || to_change[tail[e]] == 0) continue;
        to_change[tail[e]] = 0;
        heap.push({0, tail[e]});
    }
    for (NodeId v : new_tails) {
        if (v >= n || to_change[v] == 0) continue;
        to_change[v] = 0;
        heap.push({0, v});
    }
    const auto& w = g.time_weight;
    while (!heap.empty()) {
        const auto [d, v] = heap.top();
        heap.pop();
        if (d != to_change[v]) continue;
        for (EdgeId k = first_in[v]; k < first_in[v + 1]; ++k) {
            const EdgeId e = in_edge[k];
            if (w[e] == kUnreachable) continue;
            const std::uint64_t nd = d + w[e];
            if (nd > limit || nd >= to_change[tail[e]]) continue;
            to_change[tail[e]] = nd;
            heap.push({nd, tail[e]});
        }
    }
    for (std::size_t i = 0; i < origins.size(); ++i) {
        const auto& at = origins[i].at;
        if (!at.ok()) continue;
        if ((at.along != kInvalidEdge && changed[at.along]) || (at.against != kInvalidEdge && changed[at.against])) {
            out[i] = 1;
            continue;
        }
        for (std::uint8_t k = 0; k < at.count; ++k) {
            const auto d = to_change[at.anchors[k].node];
            if (d != kFar && d + at.anchors[k].cost <= limits[i]) out[i] = 1;
        }
    }
    return out;
}

bool measures_are_per_origin(std::span<const Measure> measures) {
    for (const auto& m : measures) {
        if (m.kind == MeasureKind::HansenPassive || m.kind == MeasureKind::Fca2s || m.kind == MeasureKind::Bfca ||
            m.kind == MeasureKind::BfcaSupply)
            return false;
    }
    return true;
}

AccessResult splice_origins(const AccessResult& base, const AccessResult& part, std::span<const std::size_t> indices) {
    AccessResult r = base;
    const std::size_t cols = base.columns.size();
    for (std::size_t k = 0; k < indices.size(); ++k) {
        const std::size_t i = indices[k];
        std::copy_n(part.values.begin() + static_cast<std::ptrdiff_t>(k * cols), cols,
                    r.values.begin() + static_cast<std::ptrdiff_t>(i * cols));
        r.status[i] = part.status[k];
        r.origin_cutoff[i] = part.origin_cutoff[k];
    }
    r.settled_nodes = part.settled_nodes;
    return r;
}

double population_weighted_mean(const AccessResult& r, std::size_t column, std::span<const double> population) {
    double sum = 0.0, weight = 0.0;
    for (std::size_t i = 0; i < r.status.size(); ++i) {
        const double v = r.value(i, column);
        const double p = population[i];
        if (std::isnan(v) || std::isnan(p) || p <= 0.0) continue;
        sum += p * v;
        weight += p;
    }
    return weight > 0.0 ? sum / weight : std::nan("");
}

}  // namespace midlink::analysis
