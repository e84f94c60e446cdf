#include "midlink/analysis/betweenness.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>

#include "midlink/core/byte_pack.hpp"

#include "restricted_search.hpp"

namespace midlink::analysis {
namespace {

// Sources per chunk. Fixed, never derived from the thread count: the chunking decides
// the order of floating-point sums and so the result's last bits.
constexpr std::size_t kChunk = 16;

/// Per-source demand: weight towards each destination (`demand` is read for settled nodes).
struct SourceJob {
    NodeId source;
    std::vector<std::pair<NodeId, double>> targets;  // empty: every node with weight 1
};

struct Accumulator {
    std::vector<double> edge;
    std::vector<double> node;
    std::uint64_t unreachable_pairs = 0;
    double unreachable_weight = 0.0;
    void reset(std::size_t edges, std::size_t nodes) {
        edge.assign(edges, 0.0);
        node.assign(nodes, 0.0);
        unreachable_pairs = 0;
        unreachable_weight = 0.0;
    }
};

class BrandesState {
public:
    BrandesState(const graph::RoadGraph& g, graph::Metric metric, const detail::ReverseIndex& reverse)
        : m_graph(g),
          m_weight(g.weights(metric)),
          m_reverse(reverse),
          m_dist(g.node_count(), 0),
          m_stamp(g.node_count(), 0),
          m_sigma(g.node_count(), 0.0),
          m_delta(g.node_count(), 0.0),
          m_demand(g.node_count(), 0.0),
          m_rank(g.node_count(), 0) {}

    void run(const SourceJob& job, Accumulator& acc) {
        if (m_round >= 0xFFFFFFF0u) {  // stamps about to wrap: forget them once
            std::fill(m_stamp.begin(), m_stamp.end(), 0);
            m_round = 0;
        }
        m_round += 2;
        const std::uint32_t queued = m_round, done = m_round + 1;
        const NodeId s = job.source;
        m_order.clear();
        m_heap = {};
        m_dist[s] = 0;
        m_stamp[s] = queued;
        m_heap.push({0, s});
        while (!m_heap.empty()) {
            const auto [d, v] = m_heap.top();
            m_heap.pop();
            if (m_stamp[v] == done || d != m_dist[v]) continue;
            m_stamp[v] = done;
            // sigma from predecessors already settled: they are all final.
            double sigma = v == s ? 1.0 : 0.0;
            if (v != s) {
                for (EdgeId i = m_reverse.first_in[v]; i < m_reverse.first_in[v + 1]; ++i) {
                    const EdgeId e = m_reverse.in_edge[i];
                    const NodeId u = m_reverse.tail[e];
                    if (m_stamp[u] == done && u != v && m_dist[u] + m_weight[e] == d) sigma += m_sigma[u];
                }
            }
            m_sigma[v] = sigma;
            m_delta[v] = 0.0;
            m_demand[v] = 0.0;
            m_rank[v] = static_cast<std::uint32_t>(m_order.size());
            m_order.push_back(v);
            for (EdgeId e = m_graph.first_out[v]; e < m_graph.first_out[v + 1]; ++e) {
                const NodeId w = m_graph.head[e];
                if (m_stamp[w] == done) continue;
                const std::uint64_t c = d + m_weight[e];
                if (m_stamp[w] != queued || c < m_dist[w]) {
                    m_stamp[w] = queued;
                    m_dist[w] = c;
                    m_heap.push({c, w});
                }
            }
        }
        if (job.targets.empty()) {
            for (NodeId v : m_order) m_demand[v] = v == s ? 0.0 : 1.0;
        } else {
            for (const auto& [t, w] : job.targets) {
                if (t == s) continue;
                if (m_stamp[t] == done) {
                    m_demand[t] += w;
                } else {
                    ++acc.unreachable_pairs;
                    acc.unreachable_weight += w;
                }
            }
        }
        // Dependencies in reverse settling order: a node's flow is its own demand plus
        // what passes through it, split over its shortest-path predecessors by sigma.
        for (auto it = m_order.rbegin(); it != m_order.rend(); ++it) {
            const NodeId w = *it;
            const double through = m_demand[w] + m_delta[w];
            if (w != s) {
                acc.node[w] += m_delta[w];
                if (through != 0.0) {
                    for (EdgeId i = m_reverse.first_in[w]; i < m_reverse.first_in[w + 1]; ++i) {
                        const EdgeId e = m_reverse.in_edge[i];
                        const NodeId u = m_reverse.tail[e];
                        if (m_stamp[u] != done || u == w || m_dist[u] + m_weight[e] != m_dist[w]) continue;
                        if (m_rank[u] > m_rank[w]) continue;  // zero-cost edge against settling order
                        const double c = m_sigma[u] / m_sigma[w] * through;
                        acc.edge[e] += c;
                        m_delta[u] += c;
                    }
                }
            }
        }
    }

private:
    const graph::RoadGraph& m_graph;
    const std::vector<Weight>& m_weight;
    const detail::ReverseIndex& m_reverse;
    std::vector<std::uint64_t> m_dist;
    std::vector<std::uint32_t> m_stamp;
    std::vector<double> m_sigma, m_delta, m_demand;
    std::vector<std::uint32_t> m_rank;  // position in settling order
    std::vector<NodeId> m_order;
    std::uint32_t m_round = 0;
    using Entry = std::pair<std::uint64_t, NodeId>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_heap;
};

// One chunk's partial sums as a rank sends them to rank 0.
std::string pack_chunk(const Accumulator& acc) {
    BytePacker pack;
    pack.put_array(acc.edge);
    pack.put_array(acc.node);
    pack.put(acc.unreachable_pairs);
    pack.put(acc.unreachable_weight);
    return pack.take();
}

void unpack_chunk(const std::string& bytes, std::size_t c, Accumulator& acc) {
    ByteUnpacker msg(bytes);
    const std::size_t edges = acc.edge.size(), nodes = acc.node.size();
    acc.edge = msg.get_array<double>();
    acc.node = msg.get_array<double>();
    acc.unreachable_pairs = msg.get<std::uint64_t>();
    acc.unreachable_weight = msg.get<double>();
    if (!msg.done() || acc.edge.size() != edges || acc.node.size() != nodes)
        throw std::runtime_error("rank message: betweenness chunk " + std::to_string(c) + " has the wrong size");
}

BetweennessResult run_jobs(const graph::RoadGraph& g, graph::Metric metric, const std::vector<SourceJob>& jobs,
                           const std::function<void(std::size_t, std::size_t)>& progress, const ProcessGroup* ranks) {
    BetweennessResult out;
    out.edge.assign(g.edge_count(), 0.0);
    out.node.assign(g.node_count(), 0.0);
    out.sources = static_cast<std::uint32_t>(jobs.size());
    const detail::ReverseIndex reverse(g);
    tbb::enumerable_thread_specific<BrandesState> states([&] { return BrandesState(g, metric, reverse); });
    const std::size_t chunks = (jobs.size() + kChunk - 1) / kChunk;
    // With several ranks chunk c is a block of rank c mod size; rank 0 adds every chunk's
    // partial sums in chunk order, its own and the others' as they arrive.
    const SoloGroup solo;
    const ProcessGroup& group = ranks ? *ranks : solo;
    const bool distributed = group.size() > 1;
    std::vector<std::size_t> mine;
    for (std::size_t c = 0; c < chunks; ++c) {
        if (group.owns(c)) mine.push_back(c);
    }
    const auto add = [&](const Accumulator& acc) {
        for (std::size_t e = 0; e < acc.edge.size(); ++e) out.edge[e] += acc.edge[e];
        for (std::size_t v = 0; v < acc.node.size(); ++v) out.node[v] += acc.node[v];
        out.unreachable_pairs += acc.unreachable_pairs;
        out.unreachable_weight += acc.unreachable_weight;
    };
    Accumulator incoming;
    incoming.reset(g.edge_count(), g.node_count());
    std::size_t next = 0;  // rank 0: the next chunk to add
    const auto add_others_before = [&](std::size_t c) {
        for (; next < c; ++next) {
            unpack_chunk(group.receive_from(static_cast<int>(next % static_cast<std::size_t>(group.size()))), next, incoming);
            add(incoming);
        }
    };
    // This rank's chunks are computed a wave at a time to bound memory; the wave size only
    // changes how many partial sums exist at once, never the order they are added in.
    const std::size_t wave = std::max<std::size_t>(1, 2 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency()));
    std::vector<Accumulator> partial(std::min(wave, mine.size()));
    double search_s = 0.0, search_cpu_s = 0.0;
    for (std::size_t begin = 0; begin < mine.size(); begin += wave) {
        const std::size_t end = std::min(mine.size(), begin + wave);
        const auto t0 = std::chrono::steady_clock::now();
        const double cpu0 = process_cpu_seconds();
        tbb::parallel_for(begin, end, [&](std::size_t i) {
            const std::size_t c = mine[i];
            try {
                if (distributed) group.starting_block("betweenness", c);
                Accumulator& acc = partial[i - begin];
                acc.reset(g.edge_count(), g.node_count());
                BrandesState& state = states.local();
                const std::size_t last = std::min(jobs.size(), (c + 1) * kChunk);
                for (std::size_t j = c * kChunk; j < last; ++j) state.run(jobs[j], acc);
            } catch (...) {
                if (!distributed) throw;
                rethrow_for_block(group, "source chunk " + std::to_string(c) + " (sources " + std::to_string(c * kChunk + 1) + "-" +
                                             std::to_string(std::min(jobs.size(), (c + 1) * kChunk)) + ")");
            }
        });
        search_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        search_cpu_s += process_cpu_seconds() - cpu0;
        for (std::size_t i = begin; i < end; ++i) {
            if (!group.root()) {
                group.send_to_root(pack_chunk(partial[i - begin]));
                continue;
            }
            add_others_before(mine[i]);
            add(partial[i - begin]);
            next = mine[i] + 1;
        }
        if (progress && group.root()) progress(std::min(jobs.size(), next * kChunk), jobs.size());
    }
    if (group.root() && distributed) {
        add_others_before(chunks);
        if (progress) progress(jobs.size(), jobs.size());
    }
    if (ranks) ranks->record_step("betweenness, " + std::to_string(jobs.size()) + " sources", search_s, mine.size(), search_cpu_s);
    return out;
}

}  // namespace

std::vector<NodeId> sample_sources(std::uint32_t node_count, std::uint32_t samples, std::uint64_t seed) {
    std::vector<NodeId> ids(node_count);
    std::iota(ids.begin(), ids.end(), NodeId{0});
    if (samples == 0 || samples >= node_count) return ids;
    // Partial Fisher-Yates with plain modulo: the same sample on every platform (the
    // standard distributions are implementation-defined).
    std::mt19937_64 rng(seed);
    for (std::uint32_t i = 0; i < samples; ++i) {
        const auto j = i + static_cast<std::uint32_t>(rng() % (node_count - i));
        std::swap(ids[i], ids[j]);
    }
    ids.resize(samples);
    std::sort(ids.begin(), ids.end());
    return ids;
}

BetweennessResult betweenness(const graph::RoadGraph& g, const BetweennessOptions& options) {
    const std::uint32_t n = g.node_count();
    const bool sampled = options.samples > 0 && options.samples < n;
    std::vector<SourceJob> jobs;
    for (NodeId s : sample_sources(n, sampled ? options.samples : 0, options.seed)) jobs.push_back({s, {}});
    BetweennessResult out = run_jobs(g, options.metric, jobs, options.progress, options.group);
    out.sampled = sampled;
    out.seed = options.seed;
    if (sampled) {
        out.scale = static_cast<double>(n) / options.samples;
        for (double& x : out.edge) x *= out.scale;
        for (double& x : out.node) x *= out.scale;
    }
    return out;
}

BetweennessResult od_betweenness(const graph::RoadGraph& g, graph::Metric metric, std::span<const OdPairWeight> demand,
                                 const std::function<void(std::size_t, std::size_t)>& progress, const ProcessGroup* group) {
    std::vector<OdPairWeight> sorted(demand.begin(), demand.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const OdPairWeight& a, const OdPairWeight& b) { return a.origin < b.origin; });
    std::vector<SourceJob> jobs;
    for (const OdPairWeight& d : sorted) {
        if (d.origin >= g.node_count() || d.destination >= g.node_count() || d.weight == 0.0) continue;
        if (jobs.empty() || jobs.back().source != d.origin) jobs.push_back({d.origin, {}});
        jobs.back().targets.emplace_back(d.destination, d.weight);
    }
    return run_jobs(g, metric, jobs, progress, group);
}

}  // namespace midlink::analysis
