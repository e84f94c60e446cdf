#include "midlink/graph/node_order.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace midlink::graph {
namespace {
// Position along a Hilbert curve of order 16 (Skilling/Wikipedia xy2d).
std::uint64_t hilbert_index(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t n = 1u << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0;
        const std::uint32_t ry = (y & s) ? 1 : 0;
        d += std::uint64_t{s} * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}
}  // namespace

std::vector<NodeId> hilbert_order(std::span<const Point> xy) {
    BBox box;
    for (const auto& p : xy) box.expand(p);
    const double span = std::max({box.max_x - box.min_x, box.max_y - box.min_y, 1e-9});
    const double scale = 65535.0 / span;
    std::vector<std::uint64_t> key(xy.size());
    for (std::size_t i = 0; i < xy.size(); ++i) {
        const auto gx = static_cast<std::uint32_t>((xy[i].x - box.min_x) * scale);
        const auto gy = static_cast<std::uint32_t>((xy[i].y - box.min_y) * scale);
        key[i] = hilbert_index(gx, gy);
    }
    std::vector<NodeId> order(xy.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](NodeId a, NodeId b) { return key[a] < key[b]; });
    std::vector<NodeId> new_id(xy.size());
    for (NodeId i = 0; i < order.size(); ++i) new_id[order[i]] = i;
    return new_id;
}

std::vector<NodeId> breadth_first_order(std::span<const EdgeId> first_out, std::span<const NodeId> head) {
    const auto n = static_cast<NodeId>(first_out.size() - 1);
    // Undirected adjacency so one-way streets do not scatter a neighbourhood.
    std::vector<EdgeId> deg(n + 1, 0);
    for (NodeId v = 0; v < n; ++v) {
        for (EdgeId e = first_out[v]; e < first_out[v + 1]; ++e) {
            ++deg[v + 1];
            ++deg[head[e] + 1];
        }
    }
    std::partial_sum(deg.begin(), deg.end(), deg.begin());
    std::vector<NodeId> adj(deg[n]);
    std::vector<EdgeId> fill(deg.begin(), deg.end() - 1);
    for (NodeId v = 0; v < n; ++v) {
        for (EdgeId e = first_out[v]; e < first_out[v + 1]; ++e) {
            adj[fill[v]++] = head[e];
            adj[fill[head[e]]++] = v;
        }
    }
    std::vector<NodeId> new_id(n, kInvalidNode);
    std::vector<NodeId> queue;
    queue.reserve(n);
    NodeId next = 0;
    for (NodeId root = 0; root < n; ++root) {
        if (new_id[root] != kInvalidNode) continue;
        new_id[root] = next++;
        queue.assign(1, root);
        for (std::size_t i = 0; i < queue.size(); ++i) {
            const NodeId v = queue[i];
            for (EdgeId k = deg[v]; k < deg[v + 1]; ++k) {
                if (new_id[adj[k]] == kInvalidNode) {
                    new_id[adj[k]] = next++;
                    queue.push_back(adj[k]);
                }
            }
        }
    }
    return new_id;
}

}  // namespace midlink::graph
