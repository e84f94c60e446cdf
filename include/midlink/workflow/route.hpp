#pragma once
// `midlink route` as a library call: one route between two points (text or JSON), or many
// from a pairs CSV, routed in parallel, as a CSV; optionally the route lines as a layer.
//
//   SingleRoute r = compute_route(cfg, graph);        // --from/--to, graph already held
//   run_route(cfg, ctx, std::cout);                   // what `midlink route` does
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"
#include "midlink/workflow/route_pairs.hpp"

namespace midlink::workflow {

/// Options of `midlink route` (docs/cli/route.md); the CLI binds straight into it.
struct RouteConfig {
    std::string graph;
    std::string from;        // "X,Y" or "node:ID"
    std::string to;
    std::string pairs;       // CSV id,from_x,from_y,to_x,to_y
    std::string coords_crs;  // default: the graph's CRS
    std::string metric = "time";
    std::string format = "text";  // single route: text or json
    std::string output;      // CSV for --pairs (default stdout)
    std::string geometry;    // optional layer file with route lines
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
    std::string hierarchy;   // "" (GRAPH.mlg.ch when present and current), "none", or a path
};

/// A --from/--to answer: the route and how far each end was from the network.
struct SingleRoute {
    graph::Snap from;
    graph::Snap to;
    graph::Route route;
    std::vector<std::string> refs;  // road refs along the route, in order, without repeats
};

/// A --pairs answer: one route per row, in the file's order.
struct PairRoutes {
    std::vector<PairRow> rows;
    /// Status, time and distance of each route; its edges, shares and geometry only when
    /// cfg.geometry is given (a national route has thousands of edges: 20,000 of them held
    /// at once cost about 1 GB, and the page faults more time than the routing).
    std::vector<graph::Route> routes;
    std::vector<std::vector<std::string>> refs;  // per row: road refs along the route, as road_refs gives
};

/// Two node snaps take the node-to-node route; otherwise the ends may lie part-way along edges.
graph::Route route_snapped(graph::ShortestPathSearch& search, const graph::Snap& from, const graph::Snap& to);

/// Road refs along a route, in order, without repeats: what a planner reads first.
std::vector<std::string> road_refs(const graph::RoadGraph& g, const std::vector<EdgeId>& edges);

/// Resolves cfg.from and cfg.to on `g` (in cfg.coords_crs) and routes between them. Throws
/// ConfigError for a bad point, a node not in the graph, or X,Y on an abstract graph.
/// With `ch` (a hierarchy of `g` in cfg's metric) the route comes from a hierarchy query:
/// the same cost to the bit (graph/ch_query.hpp).
SingleRoute compute_route(const RouteConfig& cfg, const graph::RoadGraph& g,
                          const graph::ContractionHierarchy* ch = nullptr);
/// Reads cfg.pairs and routes every row in parallel.
PairRoutes compute_route_pairs(const RouteConfig& cfg, const Context& ctx, const graph::RoadGraph& g,
                               const graph::ContractionHierarchy* ch = nullptr);

/// What `route --from --to` prints: the text block, or one line of JSON with cfg.format "json".
std::string single_route_report(const SingleRoute& r, const RouteConfig& cfg);
/// The --pairs CSV: id,time_s,distance_m,status,via.
std::string pair_routes_csv(const PairRoutes& r, const graph::RoadGraph& g);
/// The layer "routes" (id, time_s, distance_m, status) of every route found, as a member of `set`.
void write_route_lines(const std::string& path, const std::string& crs,
                       const std::vector<std::pair<std::string, graph::Route>>& routes, io::OutputSet* set);

/// What `midlink route` does: checks, output locks, graph, routes; reports to `results`
/// (and the pairs CSV there without -o). Returns 0.
int run_route(const RouteConfig& cfg, const Context& ctx, std::ostream& results);

}  // namespace midlink::workflow
