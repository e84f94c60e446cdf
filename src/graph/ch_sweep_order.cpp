#include "midlink/graph/ch_sweep_order.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <utility>

namespace midlink::graph {
namespace {
// Rebuilds one CSR (rows by position, `other` a position) under a new numbering, each row
// sorted by its new `other`, as the builder lays them out.
// Middles (positions of the contracted node, or kNoMiddle) move with their arcs.
void renumber_csr(const std::vector<std::uint32_t>& new_pos, const std::vector<std::uint32_t>& old_at,
                  std::vector<std::uint32_t>& first, std::vector<std::uint32_t>& other, std::vector<Weight>& weight,
                  std::vector<std::uint32_t>& middle) {
    const bool with_middle = !middle.empty();
    const auto n = static_cast<std::uint32_t>(new_pos.size());
    std::vector<std::uint32_t> nfirst(n + 1, 0);
    for (std::uint32_t q = 0; q < n; ++q) nfirst[q + 1] = nfirst[q] + (first[old_at[q] + 1] - first[old_at[q]]);
    std::vector<std::uint32_t> nother(other.size());
    std::vector<Weight> nweight(weight.size());
    std::vector<std::uint32_t> nmiddle(middle.size());
    std::vector<std::tuple<std::uint32_t, Weight, std::uint32_t>> row;
    for (std::uint32_t q = 0; q < n; ++q) {
        const auto p = old_at[q];
        row.clear();
        for (auto e = first[p]; e < first[p + 1]; ++e) {
            const auto m = with_middle ? middle[e] : kNoMiddle;
            row.push_back({new_pos[other[e]], weight[e], m == kNoMiddle ? kNoMiddle : new_pos[m]});
        }
        std::sort(row.begin(), row.end());
        for (std::size_t k = 0; k < row.size(); ++k) {
            nother[nfirst[q] + k] = std::get<0>(row[k]);
            nweight[nfirst[q] + k] = std::get<1>(row[k]);
            if (with_middle) nmiddle[nfirst[q] + k] = std::get<2>(row[k]);
        }
    }
    first = std::move(nfirst);
    other = std::move(nother);
    weight = std::move(nweight);
    middle = std::move(nmiddle);
}
}  // namespace

void order_sweep_by_level(ContractionHierarchy& ch) {
    const auto n = static_cast<std::uint32_t>(ch.node_count());
    // Lowest rank first (largest position): each node's level is final before it raises
    // the levels of its higher-ranked neighbours.
    std::vector<std::uint32_t> level(n, 0);
    for (std::uint32_t q = n; q-- > 0;) {
        for (auto e = ch.up_first[q]; e < ch.up_first[q + 1]; ++e) level[ch.up_head[e]] = std::max(level[ch.up_head[e]], level[q] + 1);
        for (auto e = ch.down_first[q]; e < ch.down_first[q + 1]; ++e) {
            level[ch.down_tail[e]] = std::max(level[ch.down_tail[e]], level[q] + 1);
        }
    }
    std::vector<std::uint32_t> old_at(n);  // new position -> old position
    std::iota(old_at.begin(), old_at.end(), 0u);
    std::sort(old_at.begin(), old_at.end(), [&](std::uint32_t a, std::uint32_t b) {
        return level[a] != level[b] ? level[a] > level[b] : ch.node_at[a] < ch.node_at[b];
    });
    std::vector<std::uint32_t> new_pos(n);
    for (std::uint32_t q = 0; q < n; ++q) new_pos[old_at[q]] = q;
    renumber_csr(new_pos, old_at, ch.up_first, ch.up_head, ch.up_weight, ch.up_middle);
    renumber_csr(new_pos, old_at, ch.down_first, ch.down_tail, ch.down_weight, ch.down_middle);
    std::vector<NodeId> node_at(n);
    for (std::uint32_t q = 0; q < n; ++q) {
        node_at[q] = ch.node_at[old_at[q]];
        ch.position_of[node_at[q]] = q;
    }
    ch.node_at = std::move(node_at);
}

}  // namespace midlink::graph
