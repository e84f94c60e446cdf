#include "midlink/graph/reverse_graph.hpp"

namespace midlink::graph {

ReverseIndex::ReverseIndex(const RoadGraph& g) {
    const NodeId n = g.node_count();
    const EdgeId m = g.edge_count();
    first_in.assign(n + 1, 0);
    tail.resize(m);
    for (NodeId u = 0; u < n; ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            tail[e] = u;
            ++first_in[g.head[e] + 1];
        }
    }
    for (NodeId v = 0; v < n; ++v) first_in[v + 1] += first_in[v];
    in_edge.resize(m);
    std::vector<EdgeId> fill(first_in.begin(), first_in.end() - 1);
    for (EdgeId e = 0; e < m; ++e) in_edge[fill[g.head[e]]++] = e;  // ascending edge id per head
}

RoadGraph transposed_graph(const RoadGraph& g, const ReverseIndex& reverse) {
    RoadGraph t;
    const EdgeId m = g.edge_count();
    t.first_out = reverse.first_in;
    t.head.resize(m);
    t.time_weight.resize(m);
    t.length_dm.resize(m);
    for (EdgeId k = 0; k < m; ++k) {
        const EdgeId e = reverse.in_edge[k];
        t.head[k] = reverse.tail[e];
        t.time_weight[k] = g.time_weight[e];
        t.length_dm[k] = g.length_dm[e];
    }
    t.time_unit_s = g.time_unit_s;
    t.meta = g.meta;
    t.strings = {""};
    return t;
}

}  // namespace midlink::graph
