// User-equilibrium assignment by Frank-Wolfe and conjugate Frank-Wolfe (the bush method is in
// bush_assignment.cpp); see assignment.hpp. Costs are generalised: BPR time + fixed cost.
#include "midlink/analysis/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "assignment_loader.hpp"
#include "bush_assignment.hpp"
#include "link_cost.hpp"

namespace midlink::analysis {
namespace {

// CFW's conjugate weight is kept at or below 1 - delta so each direction keeps some of
// the fresh all-or-nothing load (Mitradjieva & Lindberg). delta = 0.01: on Sioux Falls
// 1e-6 to 0.2 perform alike; on a small grid 1e-6 stalled near a gap of 1e-4.
constexpr double kMaxConjugateWeight = 0.99;
constexpr int kBisectionSteps = 60;  // halves [0, 1] below 1e-18: beyond double spacing

using Bpr = detail::LinkCost;

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

/// Step in [0, 1] along `dir` minimising the Beckmann objective: bisection on its
/// derivative sum t(x + l d) d, which increases with l as every t is non-decreasing.
double line_search(const Bpr& bpr, const std::vector<double>& x, const std::vector<double>& dir) {
    const auto derivative = [&](double l) {
        double g = 0.0;
        for (std::size_t a = 0; a < x.size(); ++a) {
            if (dir[a] != 0.0) g += bpr.cost(a, x[a] + l * dir[a]) * dir[a];
        }
        return g;
    };
    if (derivative(1.0) <= 0.0) return 1.0;
    if (derivative(0.0) >= 0.0) return 0.0;
    double lo = 0.0;
    double hi = 1.0;
    for (int i = 0; i < kBisectionSteps && hi - lo > 1e-16; ++i) {
        const double mid = 0.5 * (lo + hi);
        (derivative(mid) < 0.0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

/// Conjugate weight a for s = a s_prev + (1 - a) y, making s - x conjugate to s_prev - x
/// under the Hessian at x (Mitradjieva & Lindberg 2013, eq. for the CFW direction).
double conjugate_weight(const Bpr& bpr, const std::vector<double>& x,
                        const std::vector<double>& s_prev, const std::vector<double>& y) {
    double num = 0.0;
    double den = 0.0;
    for (std::size_t a = 0; a < x.size(); ++a) {
        const double h = bpr.slope(a, x[a]);
        const double dbar = s_prev[a] - x[a];
        num += dbar * h * (y[a] - x[a]);
        den += dbar * h * (y[a] - s_prev[a]);
    }
    if (den == 0.0) return 0.0;
    return std::clamp(num / den, 0.0, kMaxConjugateWeight);
}

/// BFW target s = b0 y + b1 s1 + b2 s2 (b0 + b1 + b2 = 1, all >= 0, so s is feasible)
/// with s - x conjugate under the Hessian at x to both earlier directions: s1 - x (the
/// last direction, shortened by its step) and p2 (the one before). Mitradjieva &
/// Lindberg 2013 write the same two conditions in closed form; here they are the 2 x 2
/// system they are. False when it is singular or the weights are not a convex combination.
bool biconjugate_target(const Bpr& bpr, const std::vector<double>& x, const std::vector<double>& y,
                        const std::vector<double>& s1, const std::vector<double>& s2,
                        const std::vector<double>& p2, std::vector<double>& s) {
    // Rows: condition against p1 = s1 - x, then against p2. Unknowns b1, b2; b0 = 1 - b1 - b2.
    double m00 = 0, m01 = 0, m10 = 0, m11 = 0, r0 = 0, r1 = 0;
    for (std::size_t a = 0; a < x.size(); ++a) {
        const double h = bpr.slope(a, x[a]);
        if (h == 0.0) continue;
        const double ya = y[a] - x[a];
        const double ba = s1[a] - x[a] - ya;
        const double ca = s2[a] - x[a] - ya;
        const double p1 = h * (s1[a] - x[a]);
        const double q2 = h * p2[a];
        m00 += p1 * ba;
        m01 += p1 * ca;
        r0 -= p1 * ya;
        m10 += q2 * ba;
        m11 += q2 * ca;
        r1 -= q2 * ya;
    }
    const double det = m00 * m11 - m01 * m10;
    const double scale = std::abs(m00 * m11) + std::abs(m01 * m10);
    if (!(std::abs(det) > 1e-12 * scale)) return false;
    const double b1 = (r0 * m11 - m01 * r1) / det;
    const double b2 = (m00 * r1 - m10 * r0) / det;
    if (!(b1 >= 0.0 && b2 >= 0.0 && b1 + b2 <= kMaxConjugateWeight)) return false;
    const double b0 = 1.0 - b1 - b2;
    for (std::size_t a = 0; a < x.size(); ++a) s[a] = b0 * y[a] + b1 * s1[a] + b2 * s2[a];
    return true;
}

bool is_descent(const std::vector<double>& cost, const std::vector<double>& x,
                const std::vector<double>& s) {
    double slope = 0.0;
    for (std::size_t a = 0; a < x.size(); ++a) slope += cost[a] * (s[a] - x[a]);
    return slope < 0.0;
}

void validate(const AssignmentNetwork& net, const OdMatrix& od) {
    const std::size_t m = net.link_count();
    if (net.to.size() != m || net.free_flow_time.size() != m || net.capacity.size() != m ||
        net.alpha.size() != m || net.power.size() != m ||
        (!net.fixed_cost.empty() && net.fixed_cost.size() != m)) {
        throw std::invalid_argument("assignment network: link columns differ in length");
    }
    for (const double c : net.fixed_cost) {
        // Negative costs would let a path gain by looping, and break the bushes' order.
        if (!(c >= 0.0)) throw std::invalid_argument("assignment network: negative fixed cost");
    }
    for (std::size_t a = 0; a < m; ++a) {
        if (net.from[a] >= net.node_count || net.to[a] >= net.node_count) {
            throw std::invalid_argument("assignment network: link " + std::to_string(a) +
                                        " has a node out of range");
        }
    }
    for (const auto& o : od) {
        if (o.origin >= net.node_count)
            throw std::invalid_argument("OD matrix: origin out of range");
        for (const auto& d : o.destinations) {
            if (d.destination >= net.node_count)
                throw std::invalid_argument("OD matrix: destination out of range");
        }
    }
}

}  // namespace

double bpr_time(double t0, double capacity, double alpha, double power, double volume) {
    if (capacity <= 0.0 || volume <= 0.0) return t0;
    return t0 * (1.0 + alpha * detail::ratio_power(volume / capacity, power));
}

bool parse_assignment_method(std::string_view name, AssignmentMethod& out) {
    for (const auto& m : kAssignmentMethods) {
        if (m.name == name) {
            out = m.value;
            return true;
        }
    }
    return false;
}

std::string_view assignment_method_name(AssignmentMethod m) {
    const auto name = enum_name(m, kAssignmentMethods);
    return name.empty() ? "?" : name;
}

AssignmentResult assign_traffic(const AssignmentNetwork& net, const OdMatrix& od,
                                const AssignmentOptions& options) {
    validate(net, od);
    const Bpr bpr{net};
    const detail::AonLoader loader(net, od);
    if (options.method == AssignmentMethod::Bush)
        return detail::assign_by_bushes(net, od, loader, options);
    const std::size_t m = net.link_count();
    AssignmentResult r;
    std::vector<double>& x = r.volume;
    std::vector<double>& cost = r.cost;
    bpr.costs(std::vector<double>(m, 0.0), cost);
    r.unassigned_demand = loader.load(cost, x);

    const bool conjugate = options.method == AssignmentMethod::ConjugateFrankWolfe ||
                           options.method == AssignmentMethod::BiconjugateFrankWolfe;
    const bool biconjugate = options.method == AssignmentMethod::BiconjugateFrankWolfe;
    const bool equilibrate = options.method != AssignmentMethod::AllOrNothing;
    // s1, s2: the last two targets; dir1, dir2: the last two directions.
    std::vector<double> y(m), s(m), s1, s2, dir(m), dir1, dir2;
    for (;;) {
        bpr.costs(x, cost);
        r.total_cost = dot(x, cost);
        loader.load(cost, y);
        r.relative_gap = detail::relative_gap(r.total_cost, dot(y, cost));
        if (options.on_iteration) options.on_iteration(r.iterations, r.relative_gap);
        r.converged = r.relative_gap <= options.target_gap;
        if (!equilibrate || r.converged || r.iterations >= options.max_iterations) break;

        // Conjugate targets must stay descent directions; otherwise the next simpler one.
        bool found = biconjugate && !s2.empty() && biconjugate_target(bpr, x, y, s1, s2, dir2, s) &&
                     is_descent(cost, x, s);
        if (!found && conjugate && !s1.empty()) {
            const double w = conjugate_weight(bpr, x, s1, y);
            for (std::size_t a = 0; a < m; ++a) s[a] = w * s1[a] + (1.0 - w) * y[a];
            found = is_descent(cost, x, s);
        }
        if (!found) s = y;
        for (std::size_t a = 0; a < m; ++a) dir[a] = s[a] - x[a];
        const double step = line_search(bpr, x, dir);
        for (std::size_t a = 0; a < m; ++a) x[a] += step * dir[a];
        std::swap(s2, s1);
        s1 = s;
        std::swap(dir2, dir1);
        std::swap(dir1, dir);
        dir.resize(m);
        ++r.iterations;
    }
    bpr.times(x, r.time);
    r.total_travel_time = dot(x, r.time);
    return r;
}

}  // namespace midlink::analysis
