#include "midlink/analysis/isochrone.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <tuple>

namespace midlink::analysis {
namespace {

using graph::RoadGraph;

// One way of reaching the points of a physical link: leaving link position `origin` at
// `start_s` and moving with (dir = +1) or against (dir = -1) the drawing order at
// `s_per_link` seconds per whole link. A link is reached by at most four rays: from each
// end node through the network, and from the snapped origin in each direction. Working
// per link rather than per directed edge is what lets each road point be claimed by the
// one direction that reaches it first.
struct Ray {
    EdgeId edge = kInvalidEdge;
    double origin = 0.0;
    double start_s = 0.0;
    double s_per_link = 0.0;
    int dir = 1;

    [[nodiscard]] bool covers(double p) const { return dir > 0 ? p >= origin : p <= origin; }
    [[nodiscard]] double time_at(double p) const { return start_s + std::abs(p - origin) * s_per_link; }
    // time_at as a line over the whole link: slope * p + intercept.
    [[nodiscard]] double slope() const { return dir * s_per_link; }
    [[nodiscard]] double intercept() const { return start_s - dir * origin * s_per_link; }
};

struct LinkEdge {
    LinkId link;
    EdgeId edge;
    NodeId tail;
    friend bool operator<(const LinkEdge& a, const LinkEdge& b) {
        return std::tie(a.link, a.edge) < std::tie(b.link, b.edge);
    }
    friend bool operator==(const LinkEdge& a, const LinkEdge& b) { return a.link == b.link && a.edge == b.edge; }
};

bool is_reversed(const RoadGraph& g, EdgeId e) { return (g.edge_flags[e] & graph::kReversed) != 0; }

// Splits one ray's winning stretch [p0, p1] of link positions into pieces per band.
void emit_pieces(const Ray& r, double p0, double p1, std::span<const double> limits,
                 std::vector<ReachableEdge>& out) {
    // In the edge's own travel order the stretch runs from a to b with times t_a <= t_b.
    const bool along = r.dir > 0;
    const double a = along ? p0 : 1.0 - p1;
    const double b = along ? p1 : 1.0 - p0;
    const double t_a = r.time_at(along ? p0 : p1);
    const double t_b = r.time_at(along ? p1 : p0);
    const double last = limits.back();
    if (t_a > last) return;
    auto fraction_at = [&](double t) { return t_b > t_a ? a + (t - t_a) / (t_b - t_a) * (b - a) : b; };
    double from_f = a, from_t = t_a;
    for (std::uint32_t band = 0; band < limits.size(); ++band) {
        const double limit = limits[band];
        if (from_t > limit) continue;
        const bool ends_here = t_b <= limit;
        const double to_f = ends_here ? b : fraction_at(limit);
        const double to_t = ends_here ? t_b : limit;
        if (to_f > from_f) out.push_back({r.edge, from_t, to_t, from_f, to_f, band});
        if (ends_here) return;
        from_f = to_f;
        from_t = to_t;
    }
}

// Pieces of one link given every ray that reaches it.
void link_pieces(const std::vector<Ray>& rays, std::span<const double> limits,
                 std::vector<ReachableEdge>& out) {
    // Between consecutive breakpoints (link ends, ray origins, pairwise crossings) one
    // ray is the minimum throughout, so testing the midpoint decides the whole stretch.
    std::vector<double> cuts{0.0, 1.0};
    for (std::size_t i = 0; i < rays.size(); ++i) {
        cuts.push_back(rays[i].origin);
        for (std::size_t j = i + 1; j < rays.size(); ++j) {
            const double ds = rays[i].slope() - rays[j].slope();
            if (ds == 0.0) continue;
            const double p = (rays[j].intercept() - rays[i].intercept()) / ds;
            if (p > 0.0 && p < 1.0) cuts.push_back(p);
        }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    std::size_t run_ray = rays.size();  // winner of the stretch being extended
    double run_from = 0.0, run_to = 0.0;
    auto flush = [&] {
        if (run_ray < rays.size()) emit_pieces(rays[run_ray], run_from, run_to, limits, out);
        run_ray = rays.size();
    };
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        const double mid = 0.5 * (cuts[k] + cuts[k + 1]);
        std::size_t best = rays.size();
        for (std::size_t i = 0; i < rays.size(); ++i) {
            // Strictly less: on a tie the earlier ray (the origin's own) keeps the stretch.
            if (rays[i].covers(mid) && (best == rays.size() || rays[i].time_at(mid) < rays[best].time_at(mid))) best = i;
        }
        if (best != run_ray) {
            flush();
            run_ray = best;
            run_from = cuts[k];
        }
        run_to = cuts[k + 1];
    }
    flush();
}

}  // namespace

std::vector<graph::SearchSource> isochrone_sources(const RoadGraph& g, const graph::Snap& from) {
    std::vector<graph::SearchSource> sources;
    if (!from.ok) return sources;
    if (from.node != kInvalidNode) {
        sources.push_back({from.node, 0});
        return sources;
    }
    // Same partial costs as route_between: the head of `along` lies (1 - f) of the edge
    // ahead, the head of `against` f of it.
    const auto partial = [&](EdgeId e, double share) { return static_cast<Weight>(std::llround(share * g.time_weight[e])); };
    if (from.along != kInvalidEdge) sources.push_back({g.head[from.along], partial(from.along, 1.0 - from.fraction)});
    if (from.against != kInvalidEdge) sources.push_back({g.head[from.against], partial(from.against, from.fraction)});
    return sources;
}

std::vector<ReachableEdge> collect_reachable_edges(const graph::ShortestPathSearch& search, const graph::Snap& from,
                                                   std::span<const double> band_limits_s) {
    assert(search.metric() == graph::Metric::Time);
    assert(!band_limits_s.empty() && band_limits_s.front() > 0.0);
    assert(std::is_sorted(band_limits_s.begin(), band_limits_s.end()));
    std::vector<ReachableEdge> out;
    if (!from.ok || band_limits_s.empty()) return out;
    const RoadGraph& g = search.graph();

    // Every directed edge of a link touched by the search: out-edges of settled nodes,
    // their opposite directions (which may reach the far part first), and the start link.
    std::vector<LinkEdge> touched;
    for (NodeId u : search.settled()) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            touched.push_back({g.edge_link[e], e, u});
            const NodeId v = g.head[e];
            for (EdgeId r = g.first_out[v]; r < g.first_out[v + 1]; ++r) {
                if (g.edge_link[r] == g.edge_link[e] && g.head[r] == u && is_reversed(g, r) != is_reversed(g, e)) {
                    touched.push_back({g.edge_link[r], r, v});
                }
            }
        }
    }
    const bool mid_edge = from.node == kInvalidNode;
    if (mid_edge && from.along != kInvalidEdge) touched.push_back({g.edge_link[from.along], from.along, g.tail(from.along)});
    if (mid_edge && from.against != kInvalidEdge) touched.push_back({g.edge_link[from.against], from.against, g.tail(from.against)});
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());

    const double last = band_limits_s.back();
    std::vector<Ray> rays;
    for (std::size_t i = 0; i < touched.size();) {
        const LinkId link = touched[i].link;
        rays.clear();
        // The origin's own rays first, so they win ties.
        // `against` may be a reverse twin on its own link (snapper.hpp): its ray starts at
        // the origin's position in that link's own drawing order.
        for (const EdgeId e : {from.along, from.against}) {
            if (!mid_edge || e == kInvalidEdge || g.edge_link[e] != link) continue;
            const double travel = e == from.along ? from.fraction : 1.0 - from.fraction;
            const bool rev = is_reversed(g, e);
            rays.push_back({e, rev ? 1.0 - travel : travel, 0.0, g.time_s(e), rev ? -1 : +1});
        }
        for (; i < touched.size() && touched[i].link == link; ++i) {
            const auto& t = touched[i];
            const Weight d = search.distance(t.tail);
            if (d == kUnreachable) continue;
            const double start_s = g.cost_value(graph::Metric::Time, d);
            if (start_s > last) continue;  // reaches nothing within the last band
            const bool rev = is_reversed(g, t.edge);
            rays.push_back({t.edge, rev ? 1.0 : 0.0, start_s, g.time_s(t.edge), rev ? -1 : +1});
        }
        if (!rays.empty()) link_pieces(rays, band_limits_s, out);
    }
    std::sort(out.begin(), out.end(), [](const ReachableEdge& a, const ReachableEdge& b) {
        return std::tie(a.edge, a.start_fraction) < std::tie(b.edge, b.start_fraction);
    });
    return out;
}

std::vector<ReachableEdge> reachable_edges(graph::ShortestPathSearch& search, const graph::Snap& from,
                                           std::span<const double> band_limits_s) {
    if (!from.ok || band_limits_s.empty()) return {};
    const RoadGraph& g = search.graph();
    const auto sources = isochrone_sources(g, from);
    // Nodes at exactly the last limit must be settled: round the cut-off up.
    const double cutoff_units = std::ceil(band_limits_s.back() / g.time_unit_s);
    const Weight cutoff = cutoff_units >= static_cast<double>(kUnreachable - 1) ? kUnreachable - 1
                                                                               : static_cast<Weight>(cutoff_units);
    search.run(sources, cutoff);
    return collect_reachable_edges(search, from, band_limits_s);
}

std::vector<double> reachable_length_m(const RoadGraph& g, std::span<const ReachableEdge> pieces,
                                       std::size_t band_count) {
    std::vector<double> per_band(band_count, 0.0);
    for (const auto& p : pieces) {
        if (p.band < band_count) per_band[p.band] += (p.end_fraction - p.start_fraction) * g.length_m(p.edge);
    }
    for (std::size_t b = 1; b < band_count; ++b) per_band[b] += per_band[b - 1];
    return per_band;
}

LineString piece_geometry(const RoadGraph& g, const ReachableEdge& piece) {
    const LineString line = g.edge_geometry(piece.edge);
    const double total = length_m(line);
    if (line.size() < 2 || total <= 0.0) return line;
    const double from_m = piece.start_fraction * total;
    const double to_m = piece.end_fraction * total;
    LineString out;
    double walked = 0.0;
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        const double seg = distance_m(line[i], line[i + 1]);
        const auto at = [&](double offset) {
            const double t = seg > 0.0 ? std::clamp((offset - walked) / seg, 0.0, 1.0) : 0.0;
            return Point{line[i].x + t * (line[i + 1].x - line[i].x), line[i].y + t * (line[i + 1].y - line[i].y)};
        };
        const bool last_segment = i + 2 == line.size();
        if (out.empty() && (from_m <= walked + seg || last_segment)) out.push_back(at(from_m));
        if (!out.empty()) {
            if (to_m <= walked + seg || last_segment) {
                out.push_back(at(to_m));
                break;
            }
            if (!(out.back() == line[i + 1])) out.push_back(line[i + 1]);
        }
        walked += seg;
    }
    return out;
}

}  // namespace midlink::analysis
