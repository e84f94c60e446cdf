#include "midlink/analysis/fibre_cost.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <tuple>

#include "midlink/analysis/steiner_tree.hpp"
#include "midlink/core/error.hpp"

namespace midlink::analysis {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// One undirected physical link: its end nodes in drawing order and its length.
struct LinkEnds {
    NodeId start = kInvalidNode;
    NodeId end = kInvalidNode;
    Weight length_dm = 0;
};

std::vector<LinkEnds> undirected_links(const graph::RoadGraph& g) {
    std::vector<LinkEnds> links(g.link_count());
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            auto& l = links[g.edge_link[e]];
            if (l.start != kInvalidNode) continue;
            const bool reversed = g.edge_flags[e] & graph::kReversed;
            l.start = reversed ? g.head[e] : u;
            l.end = reversed ? u : g.head[e];
            l.length_dm = g.length_dm[e];
        }
    }
    return links;
}

// The road graph cut at every snapped point: nodes are the graph's nodes followed by one
// node per distinct interior point; each edge remembers the link part it stands for.
struct CutGraph {
    SteinerInput problem;
    std::vector<BuildSegment> parts;       // per problem edge: link and fractions
    std::vector<std::uint32_t> served_at;  // per served snap: node, or kNone
    std::vector<std::uint32_t> premises_at;
};

struct Placed {
    LinkId link;
    double fraction;
    bool premises;
    std::size_t index;
};

std::uint32_t end_node(const LinkEnds& l, double fraction) {
    return fraction <= 0.0 ? l.start : l.end;
}

CutGraph cut_graph(const graph::RoadGraph& g, std::span<const graph::Snap> served,
                   std::span<const graph::Snap> premises) {
    const auto links = undirected_links(g);
    CutGraph cg;
    cg.served_at.assign(served.size(), kNone);
    cg.premises_at.assign(premises.size(), kNone);
    auto at = [&](bool is_premises, std::size_t i) -> std::uint32_t& {
        return is_premises ? cg.premises_at[i] : cg.served_at[i];
    };

    std::vector<Placed> interior;
    auto place = [&](const graph::Snap& s, bool is_premises, std::size_t i) {
        if (!s.ok) return;
        if (s.node != kInvalidNode) {
            at(is_premises, i) = s.node;
            return;
        }
        if (s.link >= links.size() || links[s.link].start == kInvalidNode)
            return;  // no routable edge
        if (s.fraction <= 0.0 || s.fraction >= 1.0) {
            at(is_premises, i) = end_node(links[s.link], s.fraction);
            return;
        }
        interior.push_back({s.link, s.fraction, is_premises, i});
    };
    for (std::size_t i = 0; i < served.size(); ++i) place(served[i], false, i);
    for (std::size_t i = 0; i < premises.size(); ++i) place(premises[i], true, i);
    std::sort(interior.begin(), interior.end(), [](const Placed& a, const Placed& b) {
        return std::tie(a.link, a.fraction) < std::tie(b.link, b.fraction);
    });

    auto& p = cg.problem;
    p.node_count = g.node_count();
    auto add_part = [&](LinkId link, std::uint32_t u, std::uint32_t v, double f0, double f1,
                        std::int64_t from_dm, std::int64_t to_dm) {
        p.edges.push_back(
            {u, v, static_cast<std::uint64_t>(std::max<std::int64_t>(0, to_dm - from_dm))});
        BuildSegment s;
        s.link = link;
        s.from_fraction = f0;
        s.to_fraction = f1;
        cg.parts.push_back(s);
    };
    std::size_t k = 0;
    for (LinkId l = 0; l < links.size(); ++l) {
        const auto& le = links[l];
        if (le.start == kInvalidNode) continue;
        std::uint32_t prev = le.start;
        double prev_f = 0.0;
        std::int64_t prev_dm = 0;
        bool interior_node = false;  // prev is a cut node of this link (else the start node)
        for (; k < interior.size() && interior[k].link == l; ++k) {
            const auto& pt = interior[k];
            if (!interior_node || pt.fraction != prev_f) {
                const std::uint32_t node = p.node_count++;
                const auto dm = std::clamp<std::int64_t>(std::llround(pt.fraction * le.length_dm),
                                                         prev_dm, le.length_dm);
                add_part(l, prev, node, prev_f, pt.fraction, prev_dm, dm);
                prev = node;
                prev_f = pt.fraction;
                prev_dm = dm;
                interior_node = true;
            }
            at(pt.premises, pt.index) = prev;
        }
        add_part(l, prev, le.end, prev_f, 1.0, prev_dm, le.length_dm);
    }
    for (auto v : cg.served_at) {
        if (v != kNone) p.roots.push_back(v);
    }
    for (auto v : cg.premises_at) {
        if (v != kNone) p.terminals.push_back(v);
    }
    return cg;
}

}  // namespace

FibreCase fibre_cost(const graph::RoadGraph& g, std::span<const graph::Snap> served,
                     std::span<const graph::Snap> premises, const FibreCostParams& params) {
    CutGraph cg = cut_graph(g, served, premises);
    const auto& problem = cg.problem;
    FibreCase fc;
    fc.served_on_network = problem.roots.size();
    if (problem.roots.empty()) {
        throw InputError("no served location lies on the road network (all " +
                         std::to_string(served.size()) + " are unsnapped): nothing to build from");
    }
    const SteinerResult tree = steiner_tree_mehlhorn(problem);
    const std::vector<std::uint64_t> to_served_dm = distances_from_roots(problem);

    // Premises per cut-graph node (connected ones only) and the status of every row.
    std::vector<std::uint32_t> count_at(problem.node_count, 0);
    fc.premises.resize(premises.size());
    for (std::size_t i = 0, t = 0; i < premises.size(); ++i) {
        auto& pc = fc.premises[i];
        pc.drop_m = premises[i].distance_m;
        pc.path_to_served_m = pc.route_share_gbp = pc.drop_gbp = pc.attached_cost_gbp = kNaN;
        if (cg.premises_at[i] == kNone) {
            pc.status = PremisesStatus::Unsnapped;
            ++fc.unsnapped;
            continue;
        }
        if (!tree.connected[t++]) {
            pc.status = PremisesStatus::Unreachable;
            ++fc.unreachable;
            continue;
        }
        pc.status = PremisesStatus::Connected;
        ++fc.connected;
        ++count_at[cg.premises_at[i]];
        pc.path_to_served_m = static_cast<double>(to_served_dm[cg.premises_at[i]]) / 10.0;
    }

    // Root the tree at the served side (breadth first from every served node), then count
    // premises downstream of each segment and hand its cost down in equal shares.
    std::vector<std::vector<std::uint32_t>> incident(problem.node_count);
    for (auto e : tree.edges) {
        incident[problem.edges[e].u].push_back(e);
        incident[problem.edges[e].v].push_back(e);
    }
    std::vector<std::uint32_t> parent_edge(problem.node_count, kNone);
    std::vector<std::uint8_t> seen(problem.node_count, 0);
    std::vector<std::uint32_t> order;
    std::vector<std::int64_t> served_of(problem.node_count,
                                        -1);  // first served point at each root node
    for (std::size_t i = 0; i < served.size(); ++i) {
        const std::uint32_t r = cg.served_at[i];
        if (r == kNone || seen[r]) continue;
        seen[r] = 1;
        served_of[r] = static_cast<std::int64_t>(i);
        order.push_back(r);
    }
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::uint32_t v = order[k];
        for (auto e : incident[v]) {
            const std::uint32_t w =
                problem.edges[e].u == v ? problem.edges[e].v : problem.edges[e].u;
            if (seen[w]) continue;
            seen[w] = 1;
            parent_edge[w] = e;
            served_of[w] = served_of[v];
            order.push_back(w);
        }
    }
    std::vector<std::uint32_t> downstream(count_at);
    for (std::size_t k = order.size(); k-- > 0;) {
        const std::uint32_t v = order[k];
        if (parent_edge[v] == kNone) continue;
        const auto& e = problem.edges[parent_edge[v]];
        downstream[e.u == v ? e.v : e.u] += downstream[v];
    }
    const double per_m = params.route_cost_per_km_gbp / 1000.0;
    std::vector<double> share(problem.node_count, 0.0);
    std::vector<std::uint32_t> segment_of_edge(problem.edges.size(), kNone);
    for (auto e : tree.edges) {
        BuildSegment s = cg.parts[e];
        s.length_m = static_cast<double>(problem.edges[e].weight) / 10.0;
        s.cost_gbp = s.length_m * per_m;
        segment_of_edge[e] = static_cast<std::uint32_t>(fc.segments.size());
        fc.segments.push_back(s);
        fc.route_m += s.length_m;
    }
    for (const std::uint32_t v : order) {
        const std::uint32_t e = parent_edge[v];
        if (e == kNone) continue;
        auto& s = fc.segments[segment_of_edge[e]];
        s.premises_downstream = downstream[v];
        const std::uint32_t up = problem.edges[e].u == v ? problem.edges[e].v : problem.edges[e].u;
        // After pruning every segment leads to at least one premises; guard anyway.
        share[v] = share[up] + (downstream[v] > 0 ? s.cost_gbp / downstream[v] : 0.0);
    }

    const double drop_per_m = params.drop_cost_per_km_gbp / 1000.0;
    for (std::size_t i = 0; i < premises.size(); ++i) {
        auto& pc = fc.premises[i];
        if (!pc.connected()) continue;
        pc.route_share_gbp = share[cg.premises_at[i]];
        pc.served_index = served_of[cg.premises_at[i]];
        pc.drop_gbp = pc.drop_m * drop_per_m;
        pc.attached_cost_gbp = pc.route_share_gbp + pc.drop_gbp + params.connection_cost_gbp;
        fc.drop_m += pc.drop_m;
        fc.drop_cost_gbp += pc.drop_gbp;
        fc.connection_cost_gbp += params.connection_cost_gbp;
        if (pc.attached_cost_gbp <= params.uso_cap_gbp) ++fc.under_uso_cap;
    }
    fc.route_cost_gbp = fc.route_m * per_m;
    fc.capital_gbp = fc.route_cost_gbp + fc.drop_cost_gbp + fc.connection_cost_gbp;
    fc.cost_per_premises_gbp =
        fc.connected ? fc.capital_gbp / static_cast<double>(fc.connected) : kNaN;
    fc.share_under_uso_cap =
        fc.connected ? static_cast<double>(fc.under_uso_cap) / static_cast<double>(fc.connected)
                     : kNaN;
    return fc;
}

}  // namespace midlink::analysis
