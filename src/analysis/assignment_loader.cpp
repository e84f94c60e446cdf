#include "assignment_loader.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>

namespace midlink::analysis::detail {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNoEdge = std::numeric_limits<std::uint32_t>::max();
// Chunk loads are held at once: bound them (64 chunks, at most 32 M doubles in all).
constexpr std::size_t kMaxChunks = 64;
constexpr std::size_t kMaxChunkValues = std::size_t{1} << 25;
}  // namespace

/// Per-thread search state, reset only where the last search touched it.
struct AonLoader::Search {
    std::vector<double> dist;
    std::vector<std::uint32_t> pred_edge;
    std::vector<double> node_flow;
    std::vector<std::uint32_t> settled;  // in settling order: parents before children
    std::priority_queue<std::pair<double, std::uint32_t>,
                        std::vector<std::pair<double, std::uint32_t>>, std::greater<>>
        heap;

    explicit Search(std::size_t n) : dist(n, kInf), pred_edge(n, kNoEdge), node_flow(n, 0.0) {}
};

AonLoader::AonLoader(const AssignmentNetwork& net, const OdMatrix& od) : m_net(net), m_od(od) {
    const std::size_t n = net.node_count;
    const std::size_t m = net.link_count();
    m_first_out.assign(n + 1, 0);
    for (std::size_t a = 0; a < m; ++a) ++m_first_out[net.from[a] + 1];
    for (std::size_t v = 0; v < n; ++v) m_first_out[v + 1] += m_first_out[v];
    m_head.resize(m);
    m_link.resize(m);
    std::vector<std::uint32_t> next(m_first_out.begin(), m_first_out.end() - 1);
    for (std::size_t a = 0; a < m; ++a) {
        const auto e = next[net.from[a]]++;
        m_head[e] = net.to[a];
        m_link[e] = static_cast<std::uint32_t>(a);
    }
    const std::size_t origins = std::max<std::size_t>(1, od.size());
    const std::size_t chunks = std::clamp<std::size_t>(
        std::min(kMaxChunks, kMaxChunkValues / std::max<std::size_t>(1, m)), 1, origins);
    m_chunk = (origins + chunks - 1) / chunks;
}

void AonLoader::load_origin(Search& s, const OriginDemand& o, const std::vector<double>& edge_cost,
                            std::vector<double>& volume, double& unassigned) const {
    const std::uint32_t origin = o.origin;
    s.dist[origin] = 0.0;
    s.heap.emplace(0.0, origin);
    while (!s.heap.empty()) {
        const auto [d, u] = s.heap.top();
        s.heap.pop();
        if (d > s.dist[u]) continue;
        s.settled.push_back(u);
        // Zones are path ends only: their connectors are not a short cut between others.
        if (u != origin && u < m_net.first_thru_node) continue;
        for (std::uint32_t e = m_first_out[u]; e < m_first_out[u + 1]; ++e) {
            const double nd = d + edge_cost[e];
            const std::uint32_t v = m_head[e];
            if (nd < s.dist[v]) {
                s.dist[v] = nd;
                s.pred_edge[v] = e;
                s.heap.emplace(nd, v);
            }
        }
    }
    for (const auto& dd : o.destinations) {
        if (dd.demand <= 0.0) continue;
        if (dd.destination == origin || s.dist[dd.destination] == kInf) {
            unassigned += dd.demand;
        } else {
            s.node_flow[dd.destination] += dd.demand;
        }
    }
    // Children before parents: each node hands its flow to its tree edge and parent.
    for (auto it = s.settled.rbegin(); it != s.settled.rend(); ++it) {
        const std::uint32_t v = *it;
        const double f = s.node_flow[v];
        if (v != origin && f != 0.0) {
            const std::uint32_t e = s.pred_edge[v];
            volume[m_link[e]] += f;
            s.node_flow[m_net.from[m_link[e]]] += f;
        }
    }
    for (const std::uint32_t v : s.settled) {
        s.dist[v] = kInf;
        s.pred_edge[v] = kNoEdge;
        s.node_flow[v] = 0.0;
    }
    s.settled.clear();
}

double AonLoader::load(const std::vector<double>& cost, std::vector<double>& volume) const {
    const std::size_t m = m_net.link_count();
    std::vector<double> edge_cost(m);
    for (std::size_t e = 0; e < m; ++e) edge_cost[e] = cost[m_link[e]];
    const std::size_t n = m_od.size();
    const std::size_t chunks = (n + m_chunk - 1) / m_chunk;
    std::vector<std::vector<double>> chunk_volume(chunks);
    std::vector<double> chunk_unassigned(chunks, 0.0);
    tbb::enumerable_thread_specific<Search> searches([&] { return Search(m_net.node_count); });
    tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
        Search& s = searches.local();
        chunk_volume[c].assign(m, 0.0);
        for (std::size_t i = c * m_chunk; i < std::min(n, (c + 1) * m_chunk); ++i) {
            load_origin(s, m_od[i], edge_cost, chunk_volume[c], chunk_unassigned[c]);
        }
    });
    volume.assign(m, 0.0);
    double unassigned = 0.0;
    for (std::size_t c = 0; c < chunks; ++c) {
        for (std::size_t a = 0; a < m; ++a) volume[a] += chunk_volume[c][a];
        unassigned += chunk_unassigned[c];
    }
    return unassigned;
}

}  // namespace midlink::analysis::detail
