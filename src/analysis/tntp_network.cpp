#include "midlink/analysis/tntp_network.hpp"

#include <algorithm>
#include <string>

#include "midlink/core/error.hpp"

namespace midlink::analysis {

CostFactors cost_factors_from_tntp(const TntpAssignmentNet& net) {
    return {net.toll_factor.value_or(0.0), net.distance_factor.value_or(0.0)};
}

AssignmentNetwork assignment_network_from_tntp(const TntpAssignmentNet& net,
                                               const CostFactors& factors) {
    AssignmentNetwork n;
    n.node_count = static_cast<std::uint32_t>(net.nodes + 1);  // TNTP ids are 1-based: id = index
    n.first_thru_node = static_cast<std::uint32_t>(std::max<std::int64_t>(0, net.first_thru_node));
    for (const auto& l : net.links) {
        n.from.push_back(static_cast<std::uint32_t>(l.init_node));
        n.to.push_back(static_cast<std::uint32_t>(l.term_node));
        n.free_flow_time.push_back(l.free_flow_time);
        n.capacity.push_back(l.capacity);
        n.alpha.push_back(l.b);
        n.power.push_back(l.power);
        if (factors.toll == 0.0 && factors.distance == 0.0) continue;
        const double fixed = factors.toll * l.toll + factors.distance * l.length;
        if (!(fixed >= 0.0)) {
            throw InputError(net.path + ": link " + std::to_string(n.from.size()) + " (" +
                             std::to_string(l.init_node) + " -> " + std::to_string(l.term_node) +
                             "): toll and length give a negative generalised cost " +
                             std::to_string(fixed));
        }
        n.fixed_cost.push_back(fixed);
    }
    return n;
}

OdMatrix od_matrix_from_tntp(const TntpTrips& trips, const TntpAssignmentNet& net) {
    OdMatrix od;
    const auto check = [&](NodeKey id, const char* what) {
        if (id < 1 || id > net.nodes) {
            throw InputError(trips.path + ": " + what + " " + std::to_string(id) +
                             " is not a node of " + net.path);
        }
        return static_cast<std::uint32_t>(id);
    };
    for (const auto& o : trips.origins) {
        auto& row = od.emplace_back();
        row.origin = check(o.origin, "origin");
        for (const auto& d : o.demands) {
            if (d.flow > 0.0)
                row.destinations.push_back({check(d.destination, "destination"), d.flow});
        }
    }
    return od;
}

}  // namespace midlink::analysis
