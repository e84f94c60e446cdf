#include "midlink/analysis/hgv_comparison.hpp"

#include <unordered_map>
#include <unordered_set>

namespace midlink::analysis {

std::vector<RestrictedLink> hgv_restricted_links(const graph::RoadGraph& car, std::span<const EdgeId> car_route,
                                                 std::span<const double> edge_share, const graph::RoadGraph& hgv,
                                                 const std::function<std::string(std::int64_t)>& reason_of) {
    std::unordered_set<std::int64_t> in_hgv, penalised;
    for (LinkId l = 0; l < hgv.link_count(); ++l) in_hgv.insert(hgv.link_source(l));
    for (EdgeId e = 0; e < hgv.edge_count(); ++e) {
        if (hgv.edge_flags[e] & graph::kPenalised) penalised.insert(hgv.link_source(hgv.edge_link[e]));
    }
    std::vector<RestrictedLink> out;
    std::unordered_map<std::int64_t, std::size_t> row_of;
    for (std::size_t i = 0; i < car_route.size(); ++i) {
        const EdgeId e = car_route[i];
        const std::int64_t id = car.link_source(car.edge_link[e]);
        if (id < 0) continue;
        const bool excluded = !in_hgv.count(id), pen = !excluded && penalised.count(id);
        if (!excluded && !pen) continue;
        const double m = (i < edge_share.size() ? edge_share[i] : 1.0) * car.length_m(e);
        if (const auto it = row_of.find(id); it != row_of.end()) {
            out[it->second].length_m += m;
            continue;
        }
        row_of[id] = out.size();
        out.push_back({e, id, excluded, pen, reason_of ? reason_of(id) : std::string(), m});
    }
    return out;
}

}  // namespace midlink::analysis
