#include "midlink/analysis/link_criticality.hpp"

#include <algorithm>
#include <tuple>

#include "restricted_search.hpp"

namespace midlink::analysis {
namespace {

/// Edges per physical road, for banning a road in both directions.
struct RoadEdges {
    PhysicalRoads roads;
    std::vector<EdgeId> first;
    std::vector<EdgeId> edges;
    explicit RoadEdges(const graph::RoadGraph& g) : roads(physical_roads(g)) {
        first.assign(roads.count + 1, 0);
        for (std::uint32_t r : roads.of_edge) ++first[r + 1];
        for (std::uint32_t r = 0; r < roads.count; ++r) first[r + 1] += first[r];
        edges.resize(g.edge_count());
        std::vector<EdgeId> fill(first.begin(), first.end() - 1);
        for (EdgeId e = 0; e < g.edge_count(); ++e) edges[fill[roads.of_edge[e]]++] = e;
    }
    void ban_road_of(EdgeId e, detail::BanMask& bans) const {
        const std::uint32_t r = roads.of_edge[e];
        for (EdgeId i = first[r]; i < first[r + 1]; ++i) bans.ban_edge(edges[i]);
    }
};

std::uint64_t path_cost(const graph::RoadGraph& g, graph::Metric metric, std::span<const EdgeId> route) {
    std::uint64_t c = 0;
    for (EdgeId e : route) c += g.weights(metric)[e];
    return c;
}

}  // namespace

DisjointAlternative disjoint_alternative(const graph::RoadGraph& g, graph::Metric metric, NodeId from, NodeId to,
                                         std::span<const EdgeId> route) {
    DisjointAlternative out;
    out.route_cost = path_cost(g, metric, route);
    const detail::ReverseIndex reverse(g);
    detail::RestrictedSearch search(g, metric, reverse);
    detail::BanMask bans(g.node_count(), g.edge_count());
    const RoadEdges road_edges(g);
    for (EdgeId e : route) road_edges.ban_road_of(e, bans);
    out.path = search.shortest(from, to, bans);
    if (out.path && out.route_cost > 0) {
        out.redundancy = static_cast<double>(out.path->cost) / static_cast<double>(out.route_cost);
    }
    return out;
}

std::vector<LinkRemoval> removal_deltas(const graph::RoadGraph& g, graph::Metric metric, NodeId from, NodeId to,
                                        std::span<const EdgeId> route) {
    const std::uint64_t base = path_cost(g, metric, route);
    const detail::ReverseIndex reverse(g);
    detail::RestrictedSearch search(g, metric, reverse);
    detail::BanMask bans(g.node_count(), g.edge_count());
    const RoadEdges road_edges(g);
    std::vector<LinkRemoval> rows;
    rows.reserve(route.size());
    for (EdgeId e : route) {
        LinkRemoval r;
        r.edge = e;
        r.road = road_edges.roads.of_edge[e];
        bans.clear();
        road_edges.ban_road_of(e, bans);
        if (const auto p = search.shortest(from, to, bans)) {
            r.cost_without = p->cost;
            r.increase = static_cast<std::int64_t>(p->cost) - static_cast<std::int64_t>(base);
        } else {
            r.disconnects = true;
        }
        rows.push_back(r);
    }
    return rows;
}

PhysicalRoads physical_roads(const graph::RoadGraph& g) {
    PhysicalRoads out;
    const EdgeId m = g.edge_count();
    LinkId links = g.link_count();
    for (LinkId l : g.edge_link) links = std::max<LinkId>(links, l + 1);
    // Which links carry edges in one direction only (by the node order of their ends).
    std::vector<std::uint8_t> directions(links, 0);  // bit 0: tail < head, bit 1: tail > head
    std::vector<NodeId> tail(m);
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            tail[e] = u;
            if (u != g.head[e]) directions[g.edge_link[e]] |= u < g.head[e] ? 1 : 2;
        }
    }
    constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    std::vector<std::uint32_t> road_of_link(links, kNone);
    out.of_edge.assign(m, kNone);
    // One-direction edges between the same node pair: the i-th forward one pairs with the
    // i-th backward one (in edge id order).
    struct Single {
        NodeId a, b;
        bool forward;
        EdgeId e;
    };
    std::vector<Single> singles;
    for (EdgeId e = 0; e < m; ++e) {
        const NodeId u = tail[e], v = g.head[e];
        const std::uint8_t d = directions[g.edge_link[e]];
        if (u != v && (d == 1 || d == 2)) singles.push_back({std::min(u, v), std::max(u, v), u < v, e});
    }
    std::sort(singles.begin(), singles.end(), [](const Single& x, const Single& y) {
        return std::tie(x.a, x.b, x.forward, x.e) < std::tie(y.a, y.b, y.forward, y.e);
    });
    for (std::size_t i = 0; i < singles.size();) {
        std::size_t j = i;
        while (j < singles.size() && singles[j].a == singles[i].a && singles[j].b == singles[i].b) ++j;
        std::size_t back = i;
        while (back < j && !singles[back].forward) ++back;  // [i, back): backward, [back, j): forward
        for (std::size_t f = back, r = i; f < j && r < back; ++f, ++r) {
            const LinkId lf = g.edge_link[singles[f].e], lr = g.edge_link[singles[r].e];
            if (road_of_link[lf] != kNone || road_of_link[lr] != kNone) continue;  // a link pairs once
            road_of_link[lf] = road_of_link[lr] = out.count++;
        }
        i = j;
    }
    for (EdgeId e = 0; e < m; ++e) {
        std::uint32_t& r = road_of_link[g.edge_link[e]];
        if (r == kNone) r = out.count++;
        out.of_edge[e] = r;
    }
    return out;
}

std::vector<std::uint8_t> bridge_edges(const graph::RoadGraph& g) {
    const NodeId n = g.node_count();
    const PhysicalRoads roads = physical_roads(g);
    std::vector<std::uint8_t> road_is_bridge(roads.count, 0);
    // Undirected adjacency with one entry per road at each end: the first directed edge
    // seen stands for its road, so a two-way road is one undirected edge, not two
    // parallel ones (which could never be bridges).
    std::vector<std::uint8_t> seen(roads.count, 0);
    std::vector<std::uint32_t> first(n + 1, 0);
    std::vector<std::pair<NodeId, NodeId>> ends;  // per representative edge
    std::vector<std::uint32_t> rep_road;
    for (NodeId u = 0; u < n; ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            const std::uint32_t r = roads.of_edge[e];
            const NodeId v = g.head[e];
            if (seen[r] || u == v) continue;
            seen[r] = 1;
            ends.emplace_back(u, v);
            rep_road.push_back(r);
            ++first[u + 1];
            ++first[v + 1];
        }
    }
    for (NodeId v = 0; v < n; ++v) first[v + 1] += first[v];
    std::vector<std::pair<NodeId, std::uint32_t>> adj(first[n]);
    {
        std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
        for (std::size_t i = 0; i < ends.size(); ++i) {
            adj[fill[ends[i].first]++] = {ends[i].second, rep_road[i]};
            adj[fill[ends[i].second]++] = {ends[i].first, rep_road[i]};
        }
    }
    constexpr std::uint32_t kUnvisited = 0xFFFFFFFFu;
    std::vector<std::uint32_t> disc(n, kUnvisited), low(n, 0);
    struct Frame {
        NodeId node;
        std::uint32_t via;   // road used to enter (skipped once, so parallel roads count)
        std::uint32_t next;  // next adjacency index to look at
        bool has_via;
    };
    std::vector<Frame> stack;
    std::uint32_t time = 0;
    for (NodeId root = 0; root < n; ++root) {
        if (disc[root] != kUnvisited) continue;
        disc[root] = low[root] = time++;
        stack.push_back({root, 0, first[root], false});
        while (!stack.empty()) {
            Frame& f = stack.back();
            if (f.next < first[f.node + 1]) {
                const auto [w, r] = adj[f.next++];
                if (f.has_via && r == f.via) continue;
                if (disc[w] == kUnvisited) {
                    disc[w] = low[w] = time++;
                    stack.push_back({w, r, first[w], true});
                } else {
                    low[f.node] = std::min(low[f.node], disc[w]);
                }
                continue;
            }
            const Frame done = f;
            stack.pop_back();
            if (!stack.empty()) {
                const NodeId parent = stack.back().node;
                low[parent] = std::min(low[parent], low[done.node]);
                if (low[done.node] > disc[parent]) road_is_bridge[done.via] = 1;
            }
        }
    }
    std::vector<std::uint8_t> out(g.edge_count());
    for (EdgeId e = 0; e < g.edge_count(); ++e) out[e] = road_is_bridge[roads.of_edge[e]];
    return out;
}

std::vector<EdgeId> route_bridges(std::span<const std::uint8_t> edge_is_bridge, std::span<const EdgeId> route) {
    std::vector<EdgeId> out;
    for (EdgeId e : route) {
        if (edge_is_bridge[e]) out.push_back(e);
    }
    return out;
}

}  // namespace midlink::analysis
