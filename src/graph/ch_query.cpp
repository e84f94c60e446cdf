#include "midlink/graph/ch_query.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace midlink::graph {
namespace {
constexpr std::uint64_t kNoPath = std::numeric_limits<std::uint64_t>::max();

// Index of `key` in the sorted range other[first, last); the hierarchy guarantees it is there.
std::uint32_t find_arc(const std::vector<std::uint32_t>& other, std::uint32_t first, std::uint32_t last, std::uint32_t key) {
    const auto begin = other.begin() + first, end = other.begin() + last;
    const auto it = std::lower_bound(begin, end, key);
    return it != end && *it == key ? static_cast<std::uint32_t>(it - other.begin()) : kNoMiddle;
}
}  // namespace

EdgeId original_edge(const RoadGraph& g, Metric metric, NodeId tail, NodeId head) {
    const auto& w = g.weights(metric);
    EdgeId best = kInvalidEdge;
    for (EdgeId e = g.first_out[tail]; e < g.first_out[tail + 1]; ++e) {
        if (g.head[e] != head || w[e] == kUnreachable) continue;
        if (best == kInvalidEdge || w[e] < w[best]) best = e;  // ascending ids: ties keep the lowest
    }
    return best;
}

ChQuery::ChQuery(const RoadGraph& graph, Metric metric, const ContractionHierarchy& ch)
    : m_graph(graph), m_metric(metric), m_ch(ch), m_fwd(ch.node_count(), State{0, 0, 0, 0}),
      m_bwd(ch.node_count(), State{0, 0, 0, 0}) {}

Weight ChQuery::run(std::span<const SearchSource> sources, std::span<const SearchSource> targets) {
    if (++m_round == 0) {  // wrapped: old stamps could look current
        for (auto& s : m_fwd) s.stamp = 0;
        for (auto& s : m_bwd) s.stamp = 0;
        m_round = 1;
    }
    const std::uint32_t round = m_round;
    m_fheap.clear();
    m_bheap.clear();
    m_meet = kNoMiddle;
    m_settled = 0;
    const auto n = static_cast<std::uint32_t>(m_ch.node_count());
    auto seed = [&](std::vector<State>& state, RadixHeap<std::uint32_t>& heap, std::span<const SearchSource> roots) {
        for (std::size_t k = 0; k < roots.size(); ++k) {
            if (roots[k].node >= n || roots[k].initial == kUnreachable) continue;
            const std::uint32_t p = m_ch.position_of[roots[k].node];
            State& s = state[p];
            if (s.stamp != round || roots[k].initial < s.dist) {
                s = {roots[k].initial, round, static_cast<std::uint32_t>(k), kNoMiddle};
                heap.push(roots[k].initial, p);
            }
        }
    };
    seed(m_fwd, m_fheap, sources);
    seed(m_bwd, m_bheap, targets);

    const std::uint32_t* up_first = m_ch.up_first.data();
    const std::uint32_t* up_head = m_ch.up_head.data();
    const Weight* up_weight = m_ch.up_weight.data();
    const std::uint32_t* down_first = m_ch.down_first.data();
    const std::uint32_t* down_tail = m_ch.down_tail.data();
    const Weight* down_weight = m_ch.down_weight.data();
    State* fwd = m_fwd.data();
    State* bwd = m_bwd.data();
    std::uint64_t best = kNoPath;
    std::size_t settled = 0;
    // One step of one direction. `mine` is searched over `first/other/weight` (the up arcs
    // forward, the down arcs backward); the opposite arcs of a node serve to stall it: a
    // higher-ranked neighbour that reaches it cheaper proves its cost is not final.
    auto step = [&](State* mine, const State* theirs, RadixHeap<std::uint32_t>& heap, const std::uint32_t* first,
                    const std::uint32_t* other, const Weight* weight, const std::uint32_t* stall_first,
                    const std::uint32_t* stall_other, const Weight* stall_weight) {
        Weight d = 0;
        const std::uint32_t p = heap.pop(d);
        if (d != mine[p].dist) return;  // stale entry
        ++settled;
        if (theirs[p].stamp == round) {
            const std::uint64_t via = std::uint64_t{d} + theirs[p].dist;
            if (via < best) {
                best = via;
                m_meet = p;
            }
        }
        if (m_stall) {
            for (auto e = stall_first[p]; e < stall_first[p + 1]; ++e) {
                const State& u = mine[stall_other[e]];
                if (u.stamp == round && std::uint64_t{u.dist} + stall_weight[e] < d) return;
            }
        }
        for (auto e = first[p]; e < first[p + 1]; ++e) {
            const std::uint64_t c = std::uint64_t{d} + weight[e];
            if (c >= kUnreachable) continue;  // saturate as Dijkstra does
            State& s = mine[other[e]];
            if (s.stamp != round || c < s.dist) {
                s = {static_cast<Weight>(c), round, e, p};
                heap.push(static_cast<Weight>(c), other[e]);
            }
        }
    };
    for (;;) {
        const std::uint64_t fmin = m_fheap.empty() ? kNoPath : m_fheap.top_key();
        const std::uint64_t bmin = m_bheap.empty() ? kNoPath : m_bheap.top_key();
        const bool forward = fmin < best, backward = bmin < best;
        if (!forward && !backward) break;
        if (forward && (!backward || fmin <= bmin)) {
            step(fwd, bwd, m_fheap, up_first, up_head, up_weight, down_first, down_tail, down_weight);
        } else {
            step(bwd, fwd, m_bheap, down_first, down_tail, down_weight, up_first, up_head, up_weight);
        }
    }
    m_settled = settled;
    if (best >= kUnreachable) {
        m_meet = kNoMiddle;
        return kUnreachable;
    }
    std::uint32_t p = m_meet;
    while (fwd[p].parent_pos != kNoMiddle) p = fwd[p].parent_pos;
    m_best_source = fwd[p].parent;
    p = m_meet;
    while (bwd[p].parent_pos != kNoMiddle) p = bwd[p].parent_pos;
    m_best_target = bwd[p].parent;
    return static_cast<Weight>(best);
}

void ChQuery::unpack(std::uint32_t tail, std::uint32_t head, std::uint32_t middle, std::vector<EdgeId>& out) const {
    auto& stack = m_unpack_stack;
    stack.clear();
    stack.push_back({tail, head, middle});
    while (!stack.empty()) {
        const UnpackArc a = stack.back();
        stack.pop_back();
        if (a.middle == kNoMiddle) {
            out.push_back(original_edge(m_graph, m_metric, m_ch.node_at[a.tail], m_ch.node_at[a.head]));
            continue;
        }
        // tail -> middle is a down arc into the middle (higher-ranked tail); middle -> head an
        // up arc out of it. Both rows are sorted by the other end.
        const std::uint32_t m = a.middle;
        const std::uint32_t down = find_arc(m_ch.down_tail, m_ch.down_first[m], m_ch.down_first[m + 1], a.tail);
        const std::uint32_t up = find_arc(m_ch.up_head, m_ch.up_first[m], m_ch.up_first[m + 1], a.head);
        if (down == kNoMiddle || up == kNoMiddle) {
            out.push_back(kInvalidEdge);  // a damaged hierarchy; callers treat it as no path
            continue;
        }
        stack.push_back({m, a.head, m_ch.up_middle[up]});  // the second half comes out last
        stack.push_back({a.tail, m, m_ch.down_middle[down]});
    }
}

std::vector<EdgeId> ChQuery::path_edges() const {
    std::vector<EdgeId> out;
    if (m_meet == kNoMiddle) return out;
    // Forward: up arcs from the source to the meeting node (tail = parent_pos), collected
    // backwards.
    auto& arcs = m_path_scratch;
    arcs.clear();
    for (std::uint32_t p = m_meet; m_fwd[p].parent_pos != kNoMiddle; p = m_fwd[p].parent_pos) arcs.push_back(p);
    for (auto it = arcs.rbegin(); it != arcs.rend(); ++it) {
        const State& s = m_fwd[*it];
        unpack(s.parent_pos, *it, m_ch.up_middle[s.parent], out);
    }
    // Backward: down arcs from the meeting node towards the target, already in travel order.
    for (std::uint32_t p = m_meet; m_bwd[p].parent_pos != kNoMiddle; p = m_bwd[p].parent_pos) {
        unpack(p, m_bwd[p].parent_pos, m_ch.down_middle[m_bwd[p].parent], out);
    }
    return out;
}

Route route_between(ChQuery& query, const Snap& from, const Snap& to, const RouteOptions& options) {
    Route route;
    if (!from.ok || !to.ok) return route;
    const RoadGraph& g = query.graph();
    const Metric metric = query.metric();
    const auto& w = g.weights(metric);
    const SnapAnchors out = origin_anchors(g, metric, from);
    const SnapAnchors in = destination_anchors(g, metric, to);
    std::array<SearchSource, 2> sources{}, targets{};
    for (std::uint8_t k = 0; k < out.count; ++k) sources[k] = {out.anchors[k].node, out.anchors[k].cost};
    for (std::uint8_t k = 0; k < in.count; ++k) targets[k] = {in.anchors[k].node, in.anchors[k].cost};

    // A direct run along the link both points lie on, compared first and kept on a tie, as
    // route_between (Dijkstra) does.
    double direct_cost = std::numeric_limits<double>::infinity();
    EdgeId direct_edge = kInvalidEdge;
    if (from.link == to.link && from.node == kInvalidNode && to.node == kInvalidNode) {
        const double fs = from.fraction, ft = to.fraction;
        auto consider = [&](EdgeId e, double share) {
            const auto c = static_cast<double>(std::llround(share * w[e]));
            if (c < direct_cost) {
                direct_cost = c;
                direct_edge = e;
            }
        };
        if (from.along != kInvalidEdge && ft >= fs) consider(from.along, ft - fs);
        if (from.against != kInvalidEdge && ft <= fs) consider(from.against, fs - ft);
    }
    const Weight via = query.run(std::span(sources.data(), out.count), std::span(targets.data(), in.count));
    const bool routed = via != kUnreachable && static_cast<double>(via) < direct_cost;
    if (!routed && direct_edge == kInvalidEdge) {
        route.status = RouteStatus::Unreachable;
        return route;
    }
    if (!routed) return assemble_route(g, from, to, {true, kInvalidEdge, {}, direct_edge, options.geometry});
    // Anchors list the along edge first, then the against edge (snap_anchors.cpp); a node
    // end has one anchor and no partial edge.
    auto anchor_edge = [](const Snap& s, std::size_t k) {
        if (s.node != kInvalidNode) return kInvalidEdge;
        return k == 0 && s.along != kInvalidEdge ? s.along : s.against;
    };
    const auto path = query.path_edges();
    if (std::find(path.begin(), path.end(), kInvalidEdge) != path.end()) {
        route.status = RouteStatus::Unreachable;  // only a damaged hierarchy gets here
        return route;
    }
    return assemble_route(g, from, to,
                          {false, anchor_edge(from, query.best_source()), path, anchor_edge(to, query.best_target()),
                           options.geometry});
}

}  // namespace midlink::graph
