#pragma once
// Generalised link cost for assignment: BPR time plus a fixed per-link cost (toll and
// distance weighted into time units). The fixed part moves no derivative, so the
// Beckmann objective's Hessian, and every step that uses it, is the BPR one.
#include <cmath>
#include <vector>

#include "midlink/analysis/assignment.hpp"

namespace midlink::analysis::detail {

/// (V/C)^power with the common integer powers done by multiplication.
inline double ratio_power(double ratio, double power) {
    if (power == 4.0) {
        const double r2 = ratio * ratio;
        return r2 * r2;
    }
    if (power == 1.0) return ratio;
    return std::pow(ratio, power);
}

struct LinkCost {
    const AssignmentNetwork& net;

    double fixed(std::size_t a) const { return net.fixed_cost.empty() ? 0.0 : net.fixed_cost[a]; }
    /// BPR time alone.
    double time(std::size_t a, double v) const {
        return bpr_time(net.free_flow_time[a], net.capacity[a], net.alpha[a], net.power[a], v);
    }
    /// Generalised cost: what travellers minimise.
    double cost(std::size_t a, double v) const { return time(a, v) + fixed(a); }
    /// d cost / d v, the diagonal of the Beckmann objective's Hessian.
    double slope(std::size_t a, double v) const {
        const double c = net.capacity[a];
        const double p = net.power[a];
        if (c <= 0.0 || v <= 0.0 || p <= 0.0) return 0.0;
        return net.free_flow_time[a] * net.alpha[a] * p * ratio_power(v / c, p - 1.0) / c;
    }
    /// d cost / d v from the right, also at v = 0, where a linear BPR link (power 1) has
    /// slope t0 b / C, not 0. Newton steps need it: with 0 there, a step onto an empty
    /// linear link moves all the flow, and the next moves it all back.
    double right_slope(std::size_t a, double v) const {
        const double c = net.capacity[a];
        if (v <= 0.0 && c > 0.0 && net.power[a] == 1.0)
            return net.free_flow_time[a] * net.alpha[a] / c;
        return slope(a, v);
    }
    void costs(const std::vector<double>& v, std::vector<double>& out) const {
        out.resize(v.size());
        for (std::size_t a = 0; a < v.size(); ++a) out[a] = cost(a, v[a]);
    }
    void times(const std::vector<double>& v, std::vector<double>& out) const {
        out.resize(v.size());
        for (std::size_t a = 0; a < v.size(); ++a) out[a] = time(a, v[a]);
    }
};

/// (TSTC - SPTC) / TSTC; 0 when nothing moves.
inline double relative_gap(double total_cost, double shortest_path_cost) {
    return total_cost > 0.0 ? (total_cost - shortest_path_cost) / total_cost : 0.0;
}

}  // namespace midlink::analysis::detail
