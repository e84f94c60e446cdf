#include "midlink/graph/contraction_hierarchy.hpp"


#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <tuple>

#include "chunked_array.hpp"
#include "node_priority_queue.hpp"
#include "witness_search.hpp"

namespace midlink::graph {
namespace {
// Adds an arc or lowers an existing one to the same node (parallel edges keep the minimum;
// an arc of equal weight keeps what it was, so its middle stays valid).
bool add_or_improve(ContractionAdjacency& adjacency, NodeId v, NodeId other, Weight w, NodeId middle = kNoMiddle,
                    std::uint32_t hops = 1) {
    for (auto& a : adjacency.items(v)) {
        if (a.other == other) {
            if (w < a.w) {
                a.w = w;
                a.middle = middle;
                a.hops = hops;
            }
            return false;
        }
    }
    adjacency.push_back(v, {other, w, middle, hops});
    return true;
}

void remove_arc(ContractionAdjacency& adjacency, NodeId v, NodeId other) {
    const auto arcs = adjacency.items(v);
    for (std::size_t i = 0; i < arcs.size(); ++i) {
        if (arcs[i].other == other) {
            adjacency.erase(v, i);
            return;
        }
    }
}

struct Shortcut {
    NodeId from, to;
    Weight w;
    NodeId middle = kNoMiddle;
    std::uint32_t hops = 1;
};

// An arc of a contracted node, kept until the layout.
struct FrozenArc {
    NodeId other;
    Weight w;
    NodeId middle;
};

// The arcs of the contracted nodes in contraction order: node k of the order has
// [end[k - 1], end[k]) (from 0 for k = 0).
struct FrozenArcs {
    ChunkedArray<FrozenArc> arcs;
    std::vector<std::size_t> end;
};

// What one thread needs to simulate or perform a contraction.
struct ThreadScratch {
    explicit ThreadScratch(std::size_t n) : witness(n) {}
    WitnessSearch witness;
    std::vector<Shortcut> shortcuts;
    std::vector<std::uint8_t> needed;  // in-arc x out-arc: the path through the node needs a shortcut
};

// Below these sizes the work is not worth handing to other threads (a task costs about a
// microsecond; a witness search of the contraction several).
constexpr std::size_t kParallelWitnessSearches = 6;
constexpr std::size_t kParallelPriorities = 12;

std::vector<std::uint32_t> degrees(const RoadGraph& g, std::span<const Weight> weight, bool incoming) {
    std::vector<std::uint32_t> degree(g.node_count(), 0);
    for (NodeId v = 0; v < g.node_count(); ++v) {
        for (EdgeId e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
            if (g.head[e] == v || weight[e] == kUnreachable) continue;
            ++degree[incoming ? g.head[e] : v];
        }
    }
    return degree;
}

class Contractor {
public:
    Contractor(const RoadGraph& g, Metric metric, const ContractionOptions& opt)
        : m_n(g.node_count()), m_opt(opt), m_out(degrees(g, g.weights(metric), false)),
          m_in(degrees(g, g.weights(metric), true)), m_deleted_neighbours(m_n, 0), m_level(m_n, 0),
          m_scratch([n = m_n] { return ThreadScratch(n); }) {
        const auto weight = g.weights(metric);
        for (NodeId v = 0; v < m_n; ++v) {
            for (EdgeId e = g.first_out[v]; e < g.first_out[v + 1]; ++e) {
                const NodeId w = g.head[e];
                if (w == v || weight[e] == kUnreachable) continue;
                add_or_improve(m_out, v, w, weight[e]);
                add_or_improve(m_in, w, v, weight[e]);
            }
        }
        m_up.end.reserve(m_n);
        m_down.end.reserve(m_n);
    }

    ContractionHierarchy run() {
        // The parallel parts change nothing but the time: each priority and each witness
        // search reads the graph as the sequential builder would, and results are used in
        // node and arc order, so the hierarchy is the same for any number of threads.
        NodePriorityQueue queue(m_n);
        {
            std::vector<std::int64_t> initial(m_n);
            tbb::parallel_for(tbb::blocked_range<NodeId>(0, static_cast<NodeId>(m_n), 256), [&](const auto& range) {
                auto& local = m_scratch.local();
                for (NodeId v = range.begin(); v < range.end(); ++v) initial[v] = priority(v, local);
            });
            for (NodeId v = 0; v < m_n; ++v) queue.set(v, initial[v]);
        }
        std::vector<NodeId> order;
        order.reserve(m_n);
        std::vector<Shortcut> shortcuts;
        std::vector<std::int64_t> touched_priority;
        const std::size_t progress_step = std::max<std::size_t>(1, m_n / 100);
        while (!queue.empty()) {
            const NodeId v = queue.pop();
            contract(v, shortcuts);
            order.push_back(v);
            if (m_opt.progress && order.size() % progress_step == 0) m_opt.progress(order.size(), m_n);
            // Neighbours' priorities change with each contraction and are updated at once.
            // (Re-checking each node's priority again when it is popped doubled the build
            // time for no fewer shortcuts.)
            for (NodeId u : m_touched) {
                ++m_deleted_neighbours[u];
                m_level[u] = std::max(m_level[u], m_level[v] + 1);
            }
            touched_priority.resize(m_touched.size());
            auto update = [&](std::size_t i) { touched_priority[i] = priority(m_touched[i], m_scratch.local()); };
            if (m_touched.size() >= kParallelPriorities) {
                tbb::parallel_for(std::size_t{0}, m_touched.size(), update);
            } else {
                for (std::size_t i = 0; i < m_touched.size(); ++i) update(i);
            }
            for (std::size_t i = 0; i < m_touched.size(); ++i) queue.set(m_touched[i], touched_priority[i]);
        }
        if (m_opt.progress) m_opt.progress(m_n, m_n);
        m_out.clear();
        m_in.clear();
        return layout(order);
    }

private:
    // Shortcuts needed to contract v, with witness searches bounded by `settle_limit`: one
    // search from each in-neighbour, in parallel when `parallel` and there are enough.
    void needed_shortcuts(NodeId v, std::size_t settle_limit, bool parallel, ThreadScratch& local,
                          std::vector<Shortcut>& out) {
        const auto incoming = m_in.items(v);
        const auto outgoing = m_out.items(v);
        auto& needed = local.needed;
        needed.assign(incoming.size() * outgoing.size(), 0);
        auto search = [&](std::size_t i, WitnessSearch& witness) {
            const auto& in = incoming[i];
            std::uint64_t max_via = 0;
            bool any = false;
            for (const auto& o : outgoing) {
                if (o.other == in.other) continue;
                any = true;
                max_via = std::max<std::uint64_t>(max_via, std::uint64_t{in.w} + o.w);
            }
            if (!any) return;
            witness.run(m_out, in.other, v, max_via, settle_limit, outgoing);
            for (std::size_t j = 0; j < outgoing.size(); ++j) {
                const auto& o = outgoing[j];
                if (o.other == in.other) continue;
                const std::uint64_t via = std::uint64_t{in.w} + o.w;
                if (via >= kUnreachable) continue;  // as the search: sums that large are unreachable
                if (witness.distance(o.other) > via) needed[i * outgoing.size() + j] = 1;
            }
        };
        if (parallel && incoming.size() >= kParallelWitnessSearches) {
            tbb::parallel_for(std::size_t{0}, incoming.size(), [&](std::size_t i) { search(i, m_scratch.local().witness); });
        } else {
            for (std::size_t i = 0; i < incoming.size(); ++i) search(i, local.witness);
        }
        for (std::size_t i = 0; i < incoming.size(); ++i) {
            for (std::size_t j = 0; j < outgoing.size(); ++j) {
                if (!needed[i * outgoing.size() + j]) continue;
                const auto &in = incoming[i], &o = outgoing[j];
                out.push_back({in.other, o.other, static_cast<Weight>(std::uint64_t{in.w} + o.w), v, in.hops + o.hops});
            }
        }
    }

    // Edge difference plus contracted neighbours: small first, so the hierarchy stays sparse
    // and contraction spreads evenly over the graph.
    std::int64_t priority(NodeId v, ThreadScratch& local) {
        auto& shortcuts = local.shortcuts;
        shortcuts.clear();
        needed_shortcuts(v, std::min<std::size_t>(m_opt.witness_settle_limit, m_opt.simulation_settle_limit), false, local,
                         shortcuts);
        const auto removed = static_cast<std::int64_t>(m_in.items(v).size() + m_out.items(v).size());
        const auto added = static_cast<std::int64_t>(shortcuts.size());
        // The edge quotient (shortcuts added per arc removed) keeps the dense core small:
        // on PRISM it gives fewer shortcuts and a faster build than the edge difference.
        // Level (one more than the highest contracted neighbour) and the hop quotient keep the
        // hierarchy shallow: on FLA point-to-point queries settle 138 nodes instead of 358
        // (2.3 times fewer arcs scanned) for 1.88 M shortcuts instead of 1.40 M (issue 14).
        std::int64_t added_hops = 0, removed_hops = 1;
        for (const auto& sc : shortcuts) added_hops += sc.hops;
        for (const auto& a : m_in.items(v)) removed_hops += a.hops;
        for (const auto& a : m_out.items(v)) removed_hops += a.hops;
        return 1000 * static_cast<std::int64_t>(m_level[v]) + 1000 * (added + 1) / (removed + 1) + 1000 * added_hops / removed_hops + m_deleted_neighbours[v];
    }

    // Contracts v: its arcs are frozen (to nodes contracted later: higher rank), its
    // neighbours lose their arcs to it and gain the shortcuts; m_touched lists them.
    void contract(NodeId v, std::vector<Shortcut>& shortcuts) {
        shortcuts.clear();
        needed_shortcuts(v, m_opt.witness_settle_limit, true, m_scratch.local(), shortcuts);
        freeze(m_out.items(v), m_up);
        freeze(m_in.items(v), m_down);
        m_touched.clear();
        for (const auto& a : m_out.items(v)) m_touched.push_back(a.other);
        for (const auto& a : m_in.items(v)) m_touched.push_back(a.other);
        std::sort(m_touched.begin(), m_touched.end());
        m_touched.erase(std::unique(m_touched.begin(), m_touched.end()), m_touched.end());
        for (const auto& a : m_in.items(v)) remove_arc(m_out, a.other, v);
        for (const auto& a : m_out.items(v)) remove_arc(m_in, a.other, v);
        for (const auto& s : shortcuts) {
            if (add_or_improve(m_out, s.from, s.to, s.w, s.middle, s.hops)) ++m_shortcut_count;
            add_or_improve(m_in, s.to, s.from, s.w, s.middle, s.hops);
        }
        m_out.release(v);
        m_in.release(v);
    }

    static void freeze(std::span<const ContractionArc> arcs, FrozenArcs& frozen) {
        for (const auto& a : arcs) frozen.arcs.push_back({a.other, a.w, a.middle});
        frozen.end.push_back(frozen.arcs.size());
    }

    ContractionHierarchy layout(const std::vector<NodeId>& order) {
        ContractionHierarchy ch;
        ch.node_at.resize(m_n);
        ch.position_of.resize(m_n);
        for (std::size_t k = 0; k < order.size(); ++k) {
            const auto pos = static_cast<std::uint32_t>(m_n - 1 - k);  // last contracted sweeps first
            ch.node_at[pos] = order[k];
            ch.position_of[order[k]] = pos;
        }
        // Position p holds order index k = n - 1 - p: the rows are read from the end of the
        // frozen arcs backwards, and each chunk is freed once read.
        auto fill = [&](FrozenArcs& frozen, std::vector<std::uint32_t>& first, std::vector<std::uint32_t>& other,
                        std::vector<Weight>& weight, std::vector<std::uint32_t>& middle) {
            auto begin_of = [&](std::size_t k) { return k == 0 ? std::size_t{0} : frozen.end[k - 1]; };
            first.assign(m_n + 1, 0);
            for (std::uint32_t p = 0; p < m_n; ++p) {
                const std::size_t k = m_n - 1 - p;
                first[p + 1] = first[p] + static_cast<std::uint32_t>(frozen.end[k] - begin_of(k));
            }
            other.resize(first.back());
            weight.resize(first.back());
            middle.resize(first.back());
            std::vector<std::tuple<std::uint32_t, Weight, std::uint32_t>> row;
            for (std::uint32_t p = 0; p < m_n; ++p) {
                const std::size_t k = m_n - 1 - p;
                row.clear();
                for (std::size_t i = begin_of(k); i < frozen.end[k]; ++i) {
                    const auto& a = frozen.arcs[i];
                    row.push_back({ch.position_of[a.other], a.w, a.middle == kNoMiddle ? kNoMiddle : ch.position_of[a.middle]});
                }
                frozen.arcs.truncate(begin_of(k));
                std::sort(row.begin(), row.end());
                for (std::size_t i = 0; i < row.size(); ++i) {
                    other[first[p] + i] = std::get<0>(row[i]);
                    weight[first[p] + i] = std::get<1>(row[i]);
                    middle[first[p] + i] = std::get<2>(row[i]);
                }
            }
            std::vector<std::size_t>().swap(frozen.end);
        };
        fill(m_up, ch.up_first, ch.up_head, ch.up_weight, ch.up_middle);
        fill(m_down, ch.down_first, ch.down_tail, ch.down_weight, ch.down_middle);
        ch.shortcuts = m_shortcut_count;
        return ch;
    }

    std::size_t m_n;
    ContractionOptions m_opt;
    ContractionAdjacency m_out, m_in;  // among nodes not yet contracted
    FrozenArcs m_up, m_down;           // of the contracted nodes, in contraction order
    std::vector<std::int64_t> m_deleted_neighbours;
    std::vector<std::uint32_t> m_level;
    std::vector<NodeId> m_touched;
    tbb::enumerable_thread_specific<ThreadScratch> m_scratch;
    std::size_t m_shortcut_count = 0;
};
}  // namespace

ContractionHierarchy build_contraction_hierarchy(const RoadGraph& graph, Metric metric,
                                                 const ContractionOptions& options) {
    // Positions stay in contraction order. Re-sorting them by level (then node id), as the
    // PHAST paper suggests, made sweeps slower on FLA: 7.8 against 4.0 ms of CPU per tree for
    // one source, 1.75 against 1.60 ms for sixteen (2026-12-07): contraction already
    // proceeds locally, and the re-sort scattered neighbours.
    return Contractor(graph, metric, options).run();
}

PhastSearch::PhastSearch(const ContractionHierarchy& ch) : m_ch(ch), m_dist(ch.node_count(), kUnreachable) {}

void PhastSearch::run(std::span<const SearchSource> sources) {
    std::fill(m_dist.begin(), m_dist.end(), kUnreachable);
    Weight* dist = m_dist.data();
    m_heap.clear();
    for (const auto& s : sources) {
        if (s.node >= m_ch.node_count()) continue;
        const auto p = m_ch.position_of[s.node];
        dist[p] = std::min(dist[p], s.initial);
    }
    for (const auto& s : sources) {
        if (s.node >= m_ch.node_count() || s.initial == kUnreachable) continue;
        const auto p = m_ch.position_of[s.node];
        if (dist[p] == s.initial) m_heap.push(s.initial, p);
    }
    // Upward search: only arcs to higher ranks, so it stays small.
    const std::uint32_t* up_first = m_ch.up_first.data();
    const std::uint32_t* up_head = m_ch.up_head.data();
    const Weight* up_weight = m_ch.up_weight.data();
    while (!m_heap.empty()) {
        Weight key = 0;
        const auto p = m_heap.pop(key);
        if (key != dist[p]) continue;
        for (auto e = up_first[p]; e < up_first[p + 1]; ++e) {
            const std::uint64_t c = std::uint64_t{key} + up_weight[e];
            if (c < dist[up_head[e]]) {
                dist[up_head[e]] = static_cast<Weight>(c);
                m_heap.push(static_cast<Weight>(c), up_head[e]);
            }
        }
    }
    // Downward sweep in descending rank: every tail is final before its heads are read.
    const std::uint32_t* down_first = m_ch.down_first.data();
    const std::uint32_t* down_tail = m_ch.down_tail.data();
    const Weight* down_weight = m_ch.down_weight.data();
    const auto n = static_cast<std::uint32_t>(m_ch.node_count());
    for (std::uint32_t p = 0; p < n; ++p) {
        std::uint64_t d = dist[p];
        for (auto e = down_first[p]; e < down_first[p + 1]; ++e) {
            const std::uint64_t c = std::uint64_t{dist[down_tail[e]]} + down_weight[e];
            d = c < d ? c : d;
        }
        dist[p] = static_cast<Weight>(d);
    }
}

}  // namespace midlink::graph
