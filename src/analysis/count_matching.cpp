#include "midlink/analysis/count_matching.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "midlink/graph/snapper.hpp"

namespace midlink::analysis {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

struct LinkEdges {
    EdgeId first = kInvalidEdge;   // its geometry gives the link's direction below
    EdgeId second = kInvalidEdge;  // the opposite direction, when the link is two-way
};

struct Nearest {
    double distance_m = kInf;
    Point on;
    Point direction;  // unit vector of the nearest segment in `first`'s travel order
};

Nearest nearest_on(const LineString& line, const Point& p) {
    Nearest best;
    for (std::size_t i = 1; i < line.size(); ++i) {
        double t = 0.0;
        const Point q = project_on_segment(p, line[i - 1], line[i], t);
        const double d = distance_m(p, q);
        const double len = distance_m(line[i - 1], line[i]);
        if (d < best.distance_m && len > 0.0) {
            best.distance_m = d;
            best.on = q;
            best.direction = {(line[i].x - line[i - 1].x) / len, (line[i].y - line[i - 1].y) / len};
        }
    }
    return best;
}

Point compass(const std::string& d) {
    if (d == "N") return {0, 1};
    if (d == "S") return {0, -1};
    if (d == "E") return {1, 0};
    if (d == "W") return {-1, 0};
    return {0, 0};
}

double dot(const Point& a, const Point& b) { return a.x * b.x + a.y * b.y; }

/// The edges of link `l` a count in `direction` ("" = both) lands on; empty when the
/// link is one-way against it. A two-way link always offers the better-aligned edge.
std::vector<EdgeId> edges_for(const LinkEdges& le, const Nearest& n, const std::string& direction) {
    if (direction.empty()) {
        std::vector<EdgeId> out{le.first};
        if (le.second != kInvalidEdge) out.push_back(le.second);
        return out;
    }
    const double along = dot(n.direction, compass(direction));
    if (le.second == kInvalidEdge)
        return along > 0.0 ? std::vector<EdgeId>{le.first} : std::vector<EdgeId>{};
    return {along >= 0.0 ? le.first : le.second};
}

std::string metres(double d) {
    return std::to_string(static_cast<long long>(std::llround(d))) + " m";
}

}  // namespace

std::string_view count_match_status_name(CountMatchStatus s) {
    switch (s) {
        case CountMatchStatus::Matched:
            return "matched";
        case CountMatchStatus::NoCoordinates:
            return "no_coordinates";
        case CountMatchStatus::NoRoadNumber:
            return "no_road_number";
        case CountMatchStatus::NoEdgeWithRef:
            return "no_edge_with_ref";
        case CountMatchStatus::TooFar:
            return "too_far";
        case CountMatchStatus::Superseded:
            return "superseded";
    }
    return "";
}

std::vector<std::string> road_number_parts(std::string_view ref) {
    std::vector<std::string> parts(1);
    for (char c : ref) {
        if (c == ';' || c == ',') {
            parts.emplace_back();
        } else if (!std::isspace(static_cast<unsigned char>(c))) {
            parts.back() += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    std::erase_if(parts, [](const std::string& s) { return s.empty(); });
    return parts;
}

std::vector<CountMatch> match_counts(const graph::RoadGraph& g,
                                     const std::vector<TrafficCount>& counts,
                                     const CountMatchOptions& options) {
    std::vector<LinkEdges> link_edges(g.link_count());
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        auto& le = link_edges[g.edge_link[e]];
        (le.first == kInvalidEdge ? le.first : le.second) = e;
    }
    std::unordered_map<std::string, std::vector<LinkId>> links_of_ref;
    for (LinkId l = 0; l < g.link_count(); ++l) {
        if (link_edges[l].first == kInvalidEdge) continue;
        for (auto& part : road_number_parts(g.edge_ref(link_edges[l].first)))
            links_of_ref[part].push_back(l);
    }
    const graph::Snapper snapper(g);
    const auto nearest_any = [&](const Point& p) { return snapper.snap(p, 20000.0); };

    std::vector<CountMatch> out(counts.size());
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const TrafficCount& c = counts[i];
        CountMatch& m = out[i];
        if (!c.xy || !g.has_coordinates()) {
            m.status = CountMatchStatus::NoCoordinates;
            m.reason = c.coordinate_problem.empty() ? "no coordinates" : c.coordinate_problem;
            continue;
        }
        const Point p = *c.xy;
        const auto parts = road_number_parts(c.road);
        const std::vector<LinkId>* candidates = nullptr;
        for (const auto& part : parts) {
            if (auto it = links_of_ref.find(part); it != links_of_ref.end()) {
                candidates = &it->second;
                break;
            }
        }
        // Nearest compatible link carrying the road number.
        double nearest_with_ref = kInf;
        double best = kInf;
        if (candidates) {
            for (LinkId l : *candidates) {
                const Nearest n = nearest_on(g.edge_geometry(link_edges[l].first), p);
                nearest_with_ref = std::min(nearest_with_ref, n.distance_m);
                if (n.distance_m > options.tolerance_m || n.distance_m >= best) continue;
                auto edges = edges_for(link_edges[l], n, c.direction);
                if (edges.empty()) continue;
                m.status = CountMatchStatus::Matched;
                m.link = l;
                m.edges = std::move(edges);
                m.distance_m = best = n.distance_m;
                m.on_link = n.on;
            }
            // A two-way count on one carriageway of a dual road: the other carriageway too.
            if (m.status == CountMatchStatus::Matched && c.direction.empty() &&
                m.edges.size() == 1) {
                const Point first_dir = nearest_on(g.edge_geometry(m.edges[0]), p).direction;
                double other_best = kInf;
                EdgeId other = kInvalidEdge;
                for (LinkId l : *candidates) {
                    if (l == m.link || link_edges[l].second != kInvalidEdge) continue;
                    const Nearest n = nearest_on(g.edge_geometry(link_edges[l].first), p);
                    if (n.distance_m <= options.tolerance_m && n.distance_m < other_best &&
                        dot(n.direction, first_dir) < 0.0) {
                        other_best = n.distance_m;
                        other = link_edges[l].first;
                    }
                }
                if (other != kInvalidEdge) m.edges.push_back(other);
            }
        }
        if (m.status == CountMatchStatus::Matched) {
            m.reason = "nearest " + c.road + " link, " + metres(m.distance_m);
            continue;
        }
        const graph::Snap any = nearest_any(p);
        const std::string any_text =
            any.ok ? "nearest link of any road number is " + metres(any.distance_m) + " away" +
                         (g.edge_ref(link_edges[any.link].first).empty()
                              ? std::string()
                              : " (" + g.edge_ref(link_edges[any.link].first) + ")")
                   : "no link within 20 km";
        if (options.any_ref_fallback && any.ok && any.distance_m <= options.tolerance_m) {
            const Nearest n = nearest_on(g.edge_geometry(link_edges[any.link].first), p);
            auto edges = edges_for(link_edges[any.link], n, c.direction);
            if (!edges.empty()) {
                m.status = CountMatchStatus::Matched;
                m.by_fallback = true;
                m.link = any.link;
                m.edges = std::move(edges);
                m.distance_m = any.distance_m;
                m.on_link = any.point;
                m.reason = "fallback: " + any_text;
                continue;
            }
        }
        m.distance_m = candidates ? nearest_with_ref : (any.ok ? any.distance_m : std::nan(""));
        if (parts.empty()) {
            m.status = CountMatchStatus::NoRoadNumber;
            m.reason = "the count names no road; " + any_text;
        } else if (!candidates) {
            m.status = CountMatchStatus::NoEdgeWithRef;
            m.reason = "no link carries road number " + c.road + "; " + any_text;
        } else {
            m.status = CountMatchStatus::TooFar;
            m.reason = "nearest " + c.road + " link " +
                       (c.direction.empty() ? "" : "running " + c.direction + " ") +
                       "is beyond the " + metres(options.tolerance_m) + " tolerance (nearest " +
                       c.road + " link in any direction: " + metres(nearest_with_ref) + ")";
        }
    }

    // One count per directed edge: the nearest keeps it.
    std::vector<std::size_t> order(counts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool ma = out[a].status == CountMatchStatus::Matched;
        const bool mb = out[b].status == CountMatchStatus::Matched;
        if (ma != mb) return ma;
        return ma && out[a].distance_m < out[b].distance_m;
    });
    std::unordered_map<EdgeId, std::size_t> taken;
    for (std::size_t i : order) {
        CountMatch& m = out[i];
        if (m.status != CountMatchStatus::Matched) continue;
        std::string holder;
        std::erase_if(m.edges, [&](EdgeId e) {
            auto [it, inserted] = taken.emplace(e, i);
            if (!inserted) holder = counts[it->second].count_point_id;
            return !inserted;
        });
        if (m.edges.empty()) {
            m.status = CountMatchStatus::Superseded;
            m.reason =
                "its link already carries count " + holder + ", nearer, for the same direction";
        }
    }
    return out;
}

std::vector<EdgeFlow> edge_flows(const graph::RoadGraph& g, const std::vector<TrafficCount>& counts,
                                 const std::vector<CountMatch>& matches,
                                 const FlowOptions& options) {
    std::vector<EdgeFlow> flows(g.edge_count());
    for (std::size_t i = 0; i < matches.size(); ++i) {
        if (matches[i].status != CountMatchStatus::Matched) continue;
        const TrafficCount& c = counts[i];
        for (EdgeId e : matches[i].edges) {
            EdgeFlow& f = flows[e];
            f.count = static_cast<std::int64_t>(i);
            f.directional = !c.direction.empty();
            f.peak_hour_vph = c.all_motor_vehicles * options.peak_hour_factor *
                              (f.directional ? 1.0 : options.directional_split);
            const double capacity = g.link_capacity(g.edge_link[e]);
            if (capacity > 0.0 && !std::isnan(f.peak_hour_vph))
                f.vc_ratio = f.peak_hour_vph / capacity;
        }
    }
    return flows;
}

}  // namespace midlink::analysis
