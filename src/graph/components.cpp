#include "midlink/graph/components.hpp"

#include <algorithm>
#include <numeric>

namespace midlink::graph {

Components strongly_connected_components(std::span<const EdgeId> first_out,
                                         std::span<const NodeId> head) {
    const auto n = static_cast<std::uint32_t>(first_out.empty() ? 0 : first_out.size() - 1);
    constexpr std::uint32_t kUnvisited = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> index(n, kUnvisited), low(n, 0), raw_comp(n, kUnvisited);
    std::vector<NodeId> stack;
    std::vector<std::uint8_t> on_stack(n, 0);
    struct Frame {
        NodeId v;
        EdgeId next;
    };
    std::vector<Frame> call;
    std::uint32_t counter = 0, comps = 0;

    // Iterative Tarjan: an explicit call stack so country-sized graphs cannot overflow.
    for (NodeId root = 0; root < n; ++root) {
        if (index[root] != kUnvisited) continue;
        call.push_back({root, first_out[root]});
        index[root] = low[root] = counter++;
        stack.push_back(root);
        on_stack[root] = 1;
        while (!call.empty()) {
            Frame& f = call.back();
            if (f.next < first_out[f.v + 1]) {
                const NodeId w = head[f.next++];
                if (index[w] == kUnvisited) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = 1;
                    call.push_back({w, first_out[w]});
                } else if (on_stack[w]) {
                    low[f.v] = std::min(low[f.v], index[w]);
                }
                continue;
            }
            const NodeId v = f.v;
            call.pop_back();
            if (!call.empty()) low[call.back().v] = std::min(low[call.back().v], low[v]);
            if (low[v] == index[v]) {
                NodeId w;
                do {
                    w = stack.back();
                    stack.pop_back();
                    on_stack[w] = 0;
                    raw_comp[w] = comps;
                } while (w != v);
                ++comps;
            }
        }
    }

    // Renumber by decreasing size, ties by smallest member node, so 0 is the largest.
    std::vector<std::uint32_t> size(comps, 0), min_node(comps, kUnvisited);
    for (NodeId v = 0; v < n; ++v) {
        ++size[raw_comp[v]];
        min_node[raw_comp[v]] = std::min(min_node[raw_comp[v]], v);
    }
    std::vector<std::uint32_t> order(comps);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return size[a] != size[b] ? size[a] > size[b] : min_node[a] < min_node[b];
    });
    std::vector<std::uint32_t> rank(comps);
    Components out;
    out.size.resize(comps);
    for (std::uint32_t i = 0; i < comps; ++i) {
        rank[order[i]] = i;
        out.size[i] = size[order[i]];
    }
    out.component.resize(n);
    for (NodeId v = 0; v < n; ++v) out.component[v] = rank[raw_comp[v]];
    return out;
}

}  // namespace midlink::graph
