#include "midlink/graph/ch_query.hpp"

#include "midlink/core/huge_pages.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <type_traits>

namespace midlink::graph {
namespace {
constexpr std::uint64_t kNoPath = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint32_t kPrefetchAhead = 8;

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

ChSearchIndex::ChSearchIndex(const RoadGraph& g, Metric m, const ContractionHierarchy& h)
    : graph(g), metric(m), ch(h) {
    const std::size_t n = ch.node_count();
    resize_on_huge_pages(rows, n + 1);
    for (std::size_t p = 0; p < n; ++p) {
        rows[p].up = rows[p].first + (ch.down_first[p + 1] - ch.down_first[p]);
        rows[p + 1].first = rows[p].up + (ch.up_first[p + 1] - ch.up_first[p]);
    }
    rows[n].up = rows[n].first;
    resize_on_huge_pages(arcs, rows[n].first);
    resize_on_huge_pages(unpack, arcs.size());
    // The index of the hierarchy's up arc e (in position p's up row) or down arc e here.
    auto up_index = [&](std::uint32_t p, std::uint32_t e) { return rows[p].up + (e - ch.up_first[p]); };
    auto down_index = [&](std::uint32_t p, std::uint32_t e) { return rows[p].first + (e - ch.down_first[p]); };
    // Arc `e` from `tail` to `head` (positions) with its middle.
    auto resolve = [&](std::uint32_t tail, std::uint32_t head, std::uint32_t middle) -> Unpack {
        if (middle == kNoMiddle) return {original_edge(graph, metric, ch.node_at[tail], ch.node_at[head]), kNoMiddle};
        // tail -> middle is a down arc into the middle (higher-ranked tail); middle -> head an
        // up arc out of it. Both rows are sorted by the other end.
        const std::uint32_t d = find_arc(ch.down_tail, ch.down_first[middle], ch.down_first[middle + 1], tail);
        const std::uint32_t u = find_arc(ch.up_head, ch.up_first[middle], ch.up_first[middle + 1], head);
        if (d == kNoMiddle || u == kNoMiddle) return {kInvalidEdge, kNoMiddle};  // a damaged hierarchy
        return {down_index(middle, d), up_index(middle, u)};
    };
    // Each position writes its own row only: the result does not depend on the threads.
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(n), 4096), [&](const auto& range) {
        for (std::uint32_t p = range.begin(); p < range.end(); ++p) {
            for (auto e = ch.down_first[p]; e < ch.down_first[p + 1]; ++e) {
                const std::uint32_t k = down_index(p, e);
                arcs[k] = {ch.down_tail[e], ch.down_weight[e]};
                unpack[k] = resolve(ch.down_tail[e], p, ch.down_middle[e]);
            }
            for (auto e = ch.up_first[p]; e < ch.up_first[p + 1]; ++e) {
                const std::uint32_t k = up_index(p, e);
                arcs[k] = {ch.up_head[e], ch.up_weight[e]};
                unpack[k] = resolve(p, ch.up_head[e], ch.up_middle[e]);
            }
        }
    });
    // Halves that are original arcs become their graph edges, tagged. Only shortcut entries
    // change here and only original arcs' entries are read: positions run in parallel.
    constexpr std::uint32_t kLeaf = 1u << 31;
    if (arcs.size() >= kLeaf || graph.edge_count() >= kLeaf) return;
    leaf_bit = kLeaf;
    // Which arcs are original, read while shortcut entries are rewritten (never those).
    std::vector<std::uint8_t> original(arcs.size());
    for (std::size_t k = 0; k < arcs.size(); ++k) original[k] = unpack[k].second == kNoMiddle;
    auto tag = [&](std::uint32_t half) {
        if (half == kInvalidEdge || !original[half]) return half;
        const std::uint32_t edge = unpack[half].first;
        return edge < kLeaf ? edge | kLeaf : half;
    };
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(n), 4096), [&](const auto& range) {
        for (std::uint32_t p = range.begin(); p < range.end(); ++p) {
            for (auto k = rows[p].first; k < rows[p + 1].first; ++k) {
                Unpack& u = unpack[k];
                if (u.second != kNoMiddle) u = {tag(u.first), tag(u.second)};
            }
        }
    });
}

ChQuery::ChQuery(const ChSearchIndex& index) : m_index(index) {
    const std::size_t n = index.ch.node_count();
    for (Side* side : {&m_fwd, &m_bwd}) {
        side->dist = std::make_unique_for_overwrite<Weight[]>(n);
        side->parent = std::make_unique_for_overwrite<Parent[]>(n);
        advise_huge_pages(side->dist.get(), n * sizeof(Weight));
        advise_huge_pages(side->parent.get(), n * sizeof(Parent));
        // Touched once here, in order: left to the searches, the first touches came at
        // random and cost 0.2 s in a national 20,000-pair run; this costs a few ms.
        std::fill_n(side->dist.get(), n, Weight{0});
        std::fill_n(side->parent.get(), n, Parent{0, 0});
        side->reached.assign(n / 64 + 1, 0);
    }
}

namespace {
inline bool is_reached(const std::uint64_t* bits, std::uint32_t p) { return (bits[p >> 6] >> (p & 63)) & 1; }
}  // namespace

Weight ChQuery::run(std::span<const SearchSource> sources, std::span<const SearchSource> targets) {
    for (Side* side : {&m_fwd, &m_bwd}) {
        for (const std::uint32_t p : side->touched) side->reached[p >> 6] = 0;
        side->touched.clear();
    }
    m_fheap.clear();
    m_bheap.clear();
    m_meet = kNoMiddle;
    m_settled = 0;
    const auto n = static_cast<std::uint32_t>(m_index.ch.node_count());
    // Sets dist and parent of position p in `side` to (c, from), marking it reached.
    auto label = [](Side& side, std::uint32_t p, Weight c, Parent from) {
        std::uint64_t& word = side.reached[p >> 6];
        const std::uint64_t bit = std::uint64_t{1} << (p & 63);
        if (!(word & bit)) {
            word |= bit;
            side.touched.push_back(p);
        }
        side.dist[p] = c;
        side.parent[p] = from;
    };
    auto seed = [&](Side& side, RadixHeap<std::uint32_t>& heap, std::span<const SearchSource> roots) {
        for (std::size_t k = 0; k < roots.size(); ++k) {
            if (roots[k].node >= n || roots[k].initial == kUnreachable) continue;
            const std::uint32_t p = m_index.ch.position_of[roots[k].node];
            if (!is_reached(side.reached.data(), p) || roots[k].initial < side.dist[p]) {
                label(side, p, roots[k].initial, {static_cast<std::uint32_t>(k), kNoMiddle});
                heap.push(roots[k].initial, p);
            }
        }
    };
    seed(m_fwd, m_fheap, sources);
    seed(m_bwd, m_bheap, targets);

    using Arc = ChSearchIndex::Arc;
    using Rows = ChSearchIndex::Rows;
    const Rows* rows = m_index.rows.data();
    const Arc* arcs = m_index.arcs.data();
    std::uint64_t best = kNoPath;
    std::size_t settled = 0;
    // One step of one direction: `mine` relaxes a node's up arcs (forward) or down arcs
    // (backward); the other direction's arcs of the same row serve to stall it: a
    // higher-ranked neighbour that reaches it cheaper proves its cost is not final.
    auto step = [&]<bool forward>(Side& mine, const Side& theirs, RadixHeap<std::uint32_t>& heap, RadixHeap<std::uint32_t>& other_heap,
                                  std::bool_constant<forward>) {
        Weight d = 0;
        const std::uint32_t p = heap.pop(d);
        Weight* dist = mine.dist.get();
        const std::uint64_t* reached = mine.reached.data();
        if (d != dist[p]) return;  // stale entry
        ++settled;
        if (is_reached(theirs.reached.data(), p)) {
            const std::uint64_t via = std::uint64_t{d} + theirs.dist[p];
            if (via < best) {
                best = via;
                m_meet = p;
            }
        }
        const Rows r0 = rows[p];
        const std::uint32_t end = rows[p + 1].first;
        // The row of the node this direction settles next, read while this one is scanned.
        if (!heap.empty()) __builtin_prefetch(&arcs[rows[heap.peek()].first]);
        if (!other_heap.empty()) __builtin_prefetch(&arcs[rows[other_heap.peek()].first]);
        const std::uint32_t first = forward ? r0.up : r0.first, last = forward ? end : r0.up;
        if (m_stall) {
            const std::uint32_t stall_first = forward ? r0.first : r0.up, stall_last = forward ? r0.up : end;
            for (auto e = stall_first; e < stall_last; ++e) {
                const std::uint32_t u = arcs[e].other;
                if (is_reached(reached, u) && std::uint64_t{dist[u]} + arcs[e].w < d) return;
            }
        }
        for (auto e = first; e < last; ++e) {
            // Labels of arcs a few ahead: a high node's row is hundreds of arcs to scattered heads.
            if (e + kPrefetchAhead < last) __builtin_prefetch(&dist[arcs[e + kPrefetchAhead].other]);
            const std::uint64_t c = std::uint64_t{d} + arcs[e].w;
            if (c >= kUnreachable) continue;  // saturate as Dijkstra does
            const std::uint32_t head = arcs[e].other;
            if (!is_reached(reached, head) || c < dist[head]) {
                __builtin_prefetch(&rows[head]);  // for settling it later
                label(mine, head, static_cast<Weight>(c), {e, p});
                heap.push(static_cast<Weight>(c), head);
            }
        }
    };
    for (;;) {
        const std::uint64_t fmin = m_fheap.empty() ? kNoPath : m_fheap.top_key();
        const std::uint64_t bmin = m_bheap.empty() ? kNoPath : m_bheap.top_key();
        const bool forward = fmin < best, backward = bmin < best;
        if (!forward && !backward) break;
        if (forward && (!backward || fmin <= bmin)) {
            step(m_fwd, m_bwd, m_fheap, m_bheap, std::true_type{});
        } else {
            step(m_bwd, m_fwd, m_bheap, m_fheap, std::false_type{});
        }
    }
    m_settled = settled;
    if (best >= kUnreachable) {
        m_meet = kNoMiddle;
        return kUnreachable;
    }
    const Parent* fwd_parent = m_fwd.parent.get();
    const Parent* bwd_parent = m_bwd.parent.get();
    std::uint32_t p = m_meet;
    while (fwd_parent[p].pos != kNoMiddle) p = fwd_parent[p].pos;
    m_best_source = fwd_parent[p].arc;
    p = m_meet;
    while (bwd_parent[p].pos != kNoMiddle) p = bwd_parent[p].pos;
    m_best_target = bwd_parent[p].arc;
    return static_cast<Weight>(best);
}

void ChQuery::unpack(std::uint32_t arc, std::vector<EdgeId>& out) const {
    const ChSearchIndex::Unpack* table = m_index.unpack.data();
    const std::uint32_t leaf = m_index.leaf_bit;
    auto& stack = m_unpack_stack;  // second halves still to expand
    stack.clear();
    std::uint32_t e = arc;
    for (;;) {
        if (e & leaf) {
            out.push_back(e & ~leaf);  // a half that is a graph edge
        } else {
            const ChSearchIndex::Unpack u = table[e];
            if (u.second == kNoMiddle) {
                out.push_back(u.first);  // kInvalidEdge only in a damaged hierarchy: callers treat it as no path
            } else {
                // The second half is read only after the whole first half: fetching it now
                // overlaps its cache miss with that work.
                if (!(u.second & leaf)) __builtin_prefetch(&table[u.second]);
                stack.push_back(u.second);  // middle -> head comes out last
                e = u.first;                // tail -> middle first
                continue;
            }
        }
        if (stack.empty()) break;
        e = stack.back();
        stack.pop_back();
    }
}

void ChQuery::append_path_edges(std::vector<EdgeId>& out) const {
    if (m_meet == kNoMiddle) return;
    // Forward: up arcs from the source to the meeting node, collected backwards.
    auto& arcs = m_path_scratch;
    arcs.clear();
    for (std::uint32_t p = m_meet; m_fwd.parent[p].pos != kNoMiddle; p = m_fwd.parent[p].pos) arcs.push_back(m_fwd.parent[p].arc);
    for (auto it = arcs.rbegin(); it != arcs.rend(); ++it) unpack(*it, out);
    // Backward: down arcs from the meeting node towards the target, already in travel order.
    for (std::uint32_t p = m_meet; m_bwd.parent[p].pos != kNoMiddle; p = m_bwd.parent[p].pos) unpack(m_bwd.parent[p].arc, out);
}

std::vector<EdgeId> ChQuery::path_edges() const {
    std::vector<EdgeId> out;
    append_path_edges(out);
    return out;
}

std::span<const EdgeId> ChQuery::path_edges_view() {
    m_path_edges.clear();
    append_path_edges(m_path_edges);
    return m_path_edges;
}

Route route_between(ChQuery& query, const Snap& from, const Snap& to, const RouteOptions& options) {
    Route route;
    route_between(query, from, to, route, options);
    return route;
}

void route_between(ChQuery& query, const Snap& from, const Snap& to, Route& route, const RouteOptions& options) {
    reset_route(route);
    if (!from.ok || !to.ok) return;
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
        return;
    }
    if (!routed) {
        assemble_route(g, from, to, {true, kInvalidEdge, {}, direct_edge, options.geometry}, route);
        return;
    }
    // Anchors list the along edge first, then the against edge (snap_anchors.cpp); a node
    // end has one anchor and no partial edge.
    auto anchor_edge = [](const Snap& s, std::size_t k) {
        if (s.node != kInvalidNode) return kInvalidEdge;
        return k == 0 && s.along != kInvalidEdge ? s.along : s.against;
    };
    const auto path = query.path_edges_view();
    if (std::find(path.begin(), path.end(), kInvalidEdge) != path.end()) {
        route.status = RouteStatus::Unreachable;  // only a damaged hierarchy gets here
        return;
    }
    assemble_route(g, from, to,
                   {false, anchor_edge(from, query.best_source()), path, anchor_edge(to, query.best_target()),
                    options.geometry},
                   route);
}

}  // namespace midlink::graph
