// Algorithm B (Dial 2006, "A path-based user-equilibrium traffic assignment algorithm that
// obviates path storage and enumeration"); see bush_assignment.hpp. Per-link data is held
// in flat arrays in link order; each bush is a link mask and its own link flows, walked in
// its topological order.
#include "bush_assignment.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "link_cost.hpp"

namespace midlink::analysis::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// A shortcut joins a bush only if it beats the longest path by more than rounding: ties
// would make links come and go on every update once the bush is at equilibrium.
constexpr double kShortcutMargin = 1e-13;
// Extra sweeps of flow shifting over all bushes after each round of bush updates (Dial's
// suggestion). Shifting is cheap next to an update, and origins share links, so one
// origin's shifts unsettle the others: on Sioux Falls, one pass per update took 200 sweeps
// to a gap of 3e-9; 10 extra passes reach 1e-10 in 14 sweeps, 20 in 9 (Anaheim: 8).
constexpr int kShiftPassesPerUpdate = 20;

struct Bush {
    std::uint32_t origin = 0;
    std::vector<std::pair<std::uint32_t, double>> demand;  // assignable (destination, trips)
    std::vector<double> flow;                              // this origin's flow, per link
    std::vector<char> member;                              // link is in the bush
    std::vector<std::uint32_t> order;                      // bush nodes, topological
};

class BushSolver {
  public:
    BushSolver(const AssignmentNetwork& net, const OdMatrix& od)
        : m_net(net), m_od(od), m_cost_of{net}, m_n(net.node_count), m_m(net.link_count()) {
        m_first_out.assign(m_n + 1, 0);
        m_first_in.assign(m_n + 1, 0);
        for (std::size_t a = 0; a < m_m; ++a) {
            ++m_first_out[net.from[a] + 1];
            ++m_first_in[net.to[a] + 1];
        }
        for (std::size_t v = 0; v < m_n; ++v) {
            m_first_out[v + 1] += m_first_out[v];
            m_first_in[v + 1] += m_first_in[v];
        }
        m_out.resize(m_m);
        m_in.resize(m_m);
        std::vector<std::uint32_t> next_out(m_first_out.begin(), m_first_out.end() - 1);
        std::vector<std::uint32_t> next_in(m_first_in.begin(), m_first_in.end() - 1);
        for (std::size_t a = 0; a < m_m; ++a) {
            m_out[next_out[net.from[a]]++] = static_cast<std::uint32_t>(a);
            m_in[next_in[net.to[a]]++] = static_cast<std::uint32_t>(a);
        }
        m_volume.assign(m_m, 0.0);
        m_cost.resize(m_m);
        m_slope.resize(m_m);
        m_min.resize(m_n);
        m_max.resize(m_n);
        m_pred_min.resize(m_n);
        m_pred_max.resize(m_n);
        m_pos.assign(m_n, kNone);
        m_indegree.assign(m_n, 0);
    }

    /// Bushes of shortest-path links at free flow, all demand on the shortest paths.
    /// Returns the demand that cannot be assigned.
    double initialise() {
        refresh_costs();
        double unassigned = 0.0;
        for (const auto& o : m_od) {
            Bush b;
            b.origin = o.origin;
            b.flow.assign(m_m, 0.0);
            b.member.assign(m_m, 0);
            unassigned += initial_bush(o, b);
            if (!b.demand.empty()) m_bushes.push_back(std::move(b));
        }
        sum_volumes();
        return unassigned;
    }

    /// One sweep: every bush updated and equilibrated once in turn, then more passes of
    /// shifting over all bushes; volumes are then summed afresh (in origin order, so
    /// rounding drift from the shifts does not accumulate).
    void sweep() {
        for (auto& b : m_bushes) {
            take_positions(b);
            update_bush(b);
            shift_flows(b);
        }
        for (int pass = 0; pass < kShiftPassesPerUpdate; ++pass) {
            for (auto& b : m_bushes) {
                take_positions(b);
                shift_flows(b);
            }
        }
        sum_volumes();
    }

    const std::vector<double>& volume() const { return m_volume; }
    const std::vector<double>& cost() const { return m_cost; }

  private:
    bool passable(std::uint32_t u, std::uint32_t origin) const {
        return u == origin || u >= m_net.first_thru_node;
    }

    void refresh_link(std::uint32_t a) {
        m_cost[a] = m_cost_of.cost(a, m_volume[a]);
        m_slope[a] = m_cost_of.right_slope(a, m_volume[a]);
    }
    void refresh_costs() {
        for (std::uint32_t a = 0; a < m_m; ++a) refresh_link(a);
    }
    void sum_volumes() {
        std::fill(m_volume.begin(), m_volume.end(), 0.0);
        for (const auto& b : m_bushes) {
            for (std::size_t a = 0; a < m_m; ++a) m_volume[a] += b.flow[a];
        }
        refresh_costs();
    }

    double initial_bush(const OriginDemand& o, Bush& b) {
        // Dijkstra on current (free-flow) costs; zones other than the origin are ends only.
        std::vector<double> dist(m_n, kInf);
        std::vector<std::uint32_t> pred(m_n, kNone);
        std::vector<std::uint32_t> settled;
        std::priority_queue<std::pair<double, std::uint32_t>,
                            std::vector<std::pair<double, std::uint32_t>>, std::greater<>>
            heap;
        dist[o.origin] = 0.0;
        heap.emplace(0.0, o.origin);
        while (!heap.empty()) {
            const auto [d, u] = heap.top();
            heap.pop();
            if (d > dist[u]) continue;
            settled.push_back(u);
            if (!passable(u, o.origin)) continue;
            for (std::uint32_t i = m_first_out[u]; i < m_first_out[u + 1]; ++i) {
                const std::uint32_t a = m_out[i];
                const std::uint32_t v = m_net.to[a];
                if (d + m_cost[a] < dist[v]) {
                    dist[v] = d + m_cost[a];
                    pred[v] = a;
                    heap.emplace(dist[v], v);
                }
            }
        }
        // The tree, plus every link that leads strictly away from the origin: acyclic,
        // and gives the first shifts some alternatives.
        for (std::uint32_t a = 0; a < m_m; ++a) {
            const std::uint32_t i = m_net.from[a];
            const std::uint32_t j = m_net.to[a];
            if (dist[i] == kInf || !passable(i, o.origin) || j == o.origin) continue;
            if (pred[j] == a || dist[i] < dist[j]) b.member[a] = 1;
        }
        double unassigned = 0.0;
        std::vector<double> node_flow(m_n, 0.0);
        for (const auto& d : o.destinations) {
            if (d.demand <= 0.0) continue;
            if (d.destination == o.origin || dist[d.destination] == kInf) {
                unassigned += d.demand;
            } else {
                node_flow[d.destination] += d.demand;
                b.demand.emplace_back(d.destination, d.demand);
            }
        }
        for (auto it = settled.rbegin(); it != settled.rend(); ++it) {
            const std::uint32_t v = *it;
            if (v == o.origin || node_flow[v] == 0.0) continue;
            b.flow[pred[v]] += node_flow[v];
            node_flow[m_net.from[pred[v]]] += node_flow[v];
        }
        topological_order(b);
        return unassigned;
    }

    /// Kahn's order of the nodes the bush reaches from its origin; m_pos holds each
    /// node's place in it (kNone for nodes outside).
    void topological_order(Bush& b) {
        clear_positions();
        for (std::uint32_t a = 0; a < m_m; ++a) {
            if (b.member[a]) ++m_indegree[m_net.to[a]];
        }
        b.order.clear();
        b.order.push_back(b.origin);
        for (std::size_t k = 0; k < b.order.size(); ++k) {
            const std::uint32_t u = b.order[k];
            m_pos[u] = static_cast<std::uint32_t>(k);
            m_positioned.push_back(u);
            for (std::uint32_t i = m_first_out[u]; i < m_first_out[u + 1]; ++i) {
                const std::uint32_t a = m_out[i];
                if (b.member[a] && --m_indegree[m_net.to[a]] == 0) b.order.push_back(m_net.to[a]);
            }
        }
        assert(std::all_of(m_indegree.begin(), m_indegree.end(), [](auto d) { return d == 0; }));
        std::fill(m_indegree.begin(), m_indegree.end(), 0u);
    }

    void clear_positions() {
        for (const std::uint32_t v : m_positioned) m_pos[v] = kNone;
        m_positioned.clear();
    }
    /// m_pos for `b`'s current order.
    void take_positions(const Bush& b) {
        clear_positions();
        for (std::size_t k = 0; k < b.order.size(); ++k)
            m_pos[b.order[k]] = static_cast<std::uint32_t>(k);
        m_positioned = b.order;
    }

    /// Shortest and longest path costs from the origin within the bush, in topological
    /// order. The longest paths use only links carrying flow when `used_only`.
    void label(const Bush& b, bool used_only) {
        for (const std::uint32_t v : b.order) {
            m_min[v] = kInf;
            m_max[v] = -kInf;
            m_pred_min[v] = kNone;
            m_pred_max[v] = kNone;
            if (v == b.origin) {
                m_min[v] = m_max[v] = 0.0;
                continue;
            }
            for (std::uint32_t i = m_first_in[v]; i < m_first_in[v + 1]; ++i) {
                const std::uint32_t a = m_in[i];
                if (!b.member[a]) continue;
                const std::uint32_t u = m_net.from[a];
                if (m_min[u] + m_cost[a] < m_min[v]) {
                    m_min[v] = m_min[u] + m_cost[a];
                    m_pred_min[v] = a;
                }
                if ((!used_only || b.flow[a] > 0.0) && m_max[u] > -kInf &&
                    m_max[u] + m_cost[a] > m_max[v]) {
                    m_max[v] = m_max[u] + m_cost[a];
                    m_pred_max[v] = a;
                }
            }
        }
    }

    /// Drops unused links that are not on a shortest path, then takes in every link that
    /// is a short cut against the bush's longest path to its head (Dial's rule) or against
    /// its shortest path. Longest-path costs rise along every bush link and strictly along
    /// every new one, so the bush stays acyclic. The second rule matters while a bush is
    /// not yet at equilibrium: on Sioux Falls Dial's rule alone left bushes without the
    /// network's shortest paths for many sweeps.
    void update_bush(Bush& b) {
        label(b, false);
        for (const std::uint32_t v : b.order) {
            for (std::uint32_t i = m_first_in[v]; i < m_first_in[v + 1]; ++i) {
                const std::uint32_t a = m_in[i];
                if (b.member[a] && b.flow[a] <= 0.0 && m_pred_min[v] != a) {
                    b.member[a] = 0;
                    b.flow[a] = 0.0;
                }
            }
        }
        label(b, false);
        bool added = false;
        for (std::uint32_t a = 0; a < m_m; ++a) {
            const std::uint32_t i = m_net.from[a];
            const std::uint32_t j = m_net.to[a];
            if (b.member[a] || m_pos[i] == kNone || j == b.origin || !passable(i, b.origin))
                continue;
            if (m_pos[j] == kNone) {  // a node the bush does not reach yet
                b.member[a] = 1;
                added = true;
                continue;
            }
            const auto beats = [](double via, double to) {
                return via < to - kShortcutMargin * to;
            };
            const bool shortcut = beats(m_max[i] + m_cost[a], m_max[j]) ||
                                  (beats(m_min[i] + m_cost[a], m_min[j]) && m_max[i] < m_max[j]);
            if (shortcut) {
                b.member[a] = 1;
                added = true;
            }
        }
        if (added) topological_order(b);
    }

    /// One pass of Newton shifts, last node first: at each node, flow moves from the
    /// longest used path to the shortest, over the segments after they part.
    void shift_flows(Bush& b) {
        label(b, true);
        for (auto it = b.order.rbegin(); it != b.order.rend(); ++it) {
            const std::uint32_t v = *it;
            if (m_pred_max[v] == kNone || m_pred_max[v] == m_pred_min[v]) continue;
            m_short_seg.clear();
            m_long_seg.clear();
            // Walk both paths back, always from the later node in topological order,
            // until they meet where they part.
            std::uint32_t u = m_net.from[m_pred_min[v]];
            std::uint32_t w = m_net.from[m_pred_max[v]];
            m_short_seg.push_back(m_pred_min[v]);
            m_long_seg.push_back(m_pred_max[v]);
            bool ok = true;
            while (u != w) {
                if (m_pos[u] > m_pos[w]) {
                    m_short_seg.push_back(m_pred_min[u]);
                    u = m_net.from[m_pred_min[u]];
                } else if (m_pred_max[w] == kNone) {  // stale label: that path lost its flow
                    ok = false;
                    break;
                } else {
                    m_long_seg.push_back(m_pred_max[w]);
                    w = m_net.from[m_pred_max[w]];
                }
            }
            if (!ok) continue;
            double c_short = 0.0, c_long = 0.0, slope = 0.0, room = kInf;
            for (const std::uint32_t a : m_short_seg) {
                c_short += m_cost[a];
                slope += m_slope[a];
            }
            for (const std::uint32_t a : m_long_seg) {
                c_long += m_cost[a];
                slope += m_slope[a];
                room = std::min(room, b.flow[a]);
            }
            if (!(c_long > c_short) || !(room > 0.0)) continue;
            const double step = slope > 0.0 ? std::min(room, (c_long - c_short) / slope) : room;
            for (const std::uint32_t a : m_long_seg) {
                b.flow[a] = std::max(0.0, b.flow[a] - step);  // the narrowest link to exactly 0
                m_volume[a] = std::max(0.0, m_volume[a] - step);
                refresh_link(a);
            }
            for (const std::uint32_t a : m_short_seg) {
                b.flow[a] += step;
                m_volume[a] += step;
                refresh_link(a);
            }
        }
    }

    const AssignmentNetwork& m_net;
    const OdMatrix& m_od;
    const LinkCost m_cost_of;
    const std::uint32_t m_n;
    const std::uint32_t m_m;
    std::vector<std::uint32_t> m_first_out, m_out;  // CSR by tail: link indices
    std::vector<std::uint32_t> m_first_in, m_in;    // CSR by head
    std::vector<double> m_volume, m_cost, m_slope;  // per link: all origins together
    std::vector<Bush> m_bushes;
    // Per-node scratch for the bush being worked on.
    std::vector<double> m_min, m_max;
    std::vector<std::uint32_t> m_pred_min, m_pred_max, m_pos, m_indegree;
    std::vector<std::uint32_t> m_positioned;  // nodes whose m_pos is set
    std::vector<std::uint32_t> m_short_seg, m_long_seg;
};

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

}  // namespace

AssignmentResult assign_by_bushes(const AssignmentNetwork& net, const OdMatrix& od,
                                  const AonLoader& loader, const AssignmentOptions& options) {
    BushSolver solver(net, od);
    AssignmentResult r;
    r.unassigned_demand = solver.initialise();
    std::vector<double> y;
    for (;;) {
        r.total_cost = dot(solver.volume(), solver.cost());
        loader.load(solver.cost(), y);
        r.relative_gap = relative_gap(r.total_cost, dot(y, solver.cost()));
        if (options.on_iteration) options.on_iteration(r.iterations, r.relative_gap);
        r.converged = r.relative_gap <= options.target_gap;
        if (r.converged || r.iterations >= options.max_iterations) break;
        solver.sweep();
        ++r.iterations;
    }
    r.volume = solver.volume();
    r.cost = solver.cost();
    const LinkCost cost_of{net};
    cost_of.times(r.volume, r.time);
    r.total_travel_time = dot(r.volume, r.time);
    return r;
}

}  // namespace midlink::analysis::detail
