// midlink::Graph queries: route() as `midlink route` answers it, and matrix() as one search
// per origin whose entries equal route() times to the last bit (graph::route_times).
#include <tbb/enumerable_thread_specific.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>

#include "facade_impl.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/workflow/route.hpp"

namespace midlink {
namespace {

void check_options(const QueryOptions& o) {
    if (!std::isfinite(o.max_snap_m) || o.max_snap_m < 0.0) {
        throw ConfigError("max_snap_m must be a distance in metres (a finite number >= 0), not " +
                          std::to_string(o.max_snap_m));
    }
    if (o.threads < 0) throw ConfigError("threads must be 0 (all cores) or more, not " + std::to_string(o.threads));
}

// As `midlink route` resolves X,Y in the graph's own CRS: a non-finite point is unsnapped,
// and a graph without coordinates cannot place points at all.
graph::Snap snap_point(const graph::RoadGraph& g, const graph::Snapper& snapper, Point p, double max_snap_m) {
    if (!g.meta.crs.empty() && !is_finite(p)) return {};
    if (!g.has_coordinates()) {
        throw ConfigError("this graph has no coordinates (abstract graph): it cannot route between points");
    }
    return snapper.snap(p, max_snap_m);
}

RouteStatus status_of(graph::RouteStatus s) {
    switch (s) {
        case graph::RouteStatus::Ok: return RouteStatus::Ok;
        case graph::RouteStatus::Unreachable: return RouteStatus::Unreachable;
        case graph::RouteStatus::Unsnapped: break;
    }
    return RouteStatus::Unsnapped;
}

std::string unsnapped_text(const char* what, std::size_t index, Point p, const graph::Snap& s, double max_snap_m) {
    char buf[160];
    if (!is_finite(p)) {
        std::snprintf(buf, sizeof buf, "%s %zu has no finite coordinates", what, index);
    } else {
        std::snprintf(buf, sizeof buf, "%s %zu (%.1f, %.1f) is %.0f m from the network, farther than max_snap_m (%g m)",
                      what, index, p.x, p.y, s.distance_m, max_snap_m);
    }
    return buf;
}

}  // namespace

Route Graph::route(Point from, Point to, const QueryOptions& options) const {
    check_options(options);
    const auto& g = m_impl->graph;
    const auto& snapper = m_impl->snapper(options.snap_connectors);
    const auto a = snap_point(g, snapper, from, options.max_snap_m);
    const auto b = snap_point(g, snapper, to, options.max_snap_m);
    graph::ShortestPathSearch search(g, graph::Metric::Time);  // per call: queries share nothing
    auto r = workflow::route_snapped(search, a, b);  // as the CLI routes them
    Route out;
    out.status = status_of(r.status);
    if (out.status == RouteStatus::Ok) {
        out.time_s = r.time_s;
        out.distance_m = r.distance_m;
        out.geometry = std::move(r.geometry);
    }
    return out;
}

std::vector<double> Graph::matrix(const std::vector<Point>& origins, const std::vector<Point>& destinations,
                                  const QueryOptions& options) const {
    check_options(options);
    const auto& g = m_impl->graph;
    const std::size_t n = origins.size(), m = destinations.size();
    std::vector<double> times(n * m, std::numeric_limits<double>::infinity());
    if (n == 0 || m == 0) return times;
    const auto& snapper = m_impl->snapper(options.snap_connectors);
    std::vector<graph::Snap> from(n), to(m);
    // More threads than cores buys nothing, and TBB would print a warning about it.
    tbb::task_arena arena(options.threads > 0 ? std::min(options.threads, tbb::info::default_concurrency())
                                              : tbb::task_arena::automatic);
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, n + m, [&](std::size_t i) {
            if (i < n) from[i] = snap_point(g, snapper, origins[i], options.max_snap_m);
            else to[i - n] = snap_point(g, snapper, destinations[i - n], options.max_snap_m);
        });
    });
    for (std::size_t i = 0; i < n; ++i) {
        if (!from[i].ok) throw InputError(unsnapped_text("origin", i, origins[i], from[i], options.max_snap_m));
    }
    for (std::size_t j = 0; j < m; ++j) {
        if (!to[j].ok) throw InputError(unsnapped_text("destination", j, destinations[j], to[j], options.max_snap_m));
    }
    struct RowState {
        graph::ShortestPathSearch search;
        std::vector<double> node_time_s;
    };
    tbb::enumerable_thread_specific<RowState> rows([&] { return RowState{graph::ShortestPathSearch(g, graph::Metric::Time), {}}; });
    arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
            auto& row = rows.local();
            graph::route_times(row.search, from[i], to, std::span(times.data() + i * m, m), row.node_time_s);
        });
    });
    return times;
}

}  // namespace midlink
