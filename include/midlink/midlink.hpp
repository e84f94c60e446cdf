#pragma once
// midlink's stable C++ API: load or build a routing graph, route, and time matrices.
// Studies (access, assign, coverage, ...) are the workflow calls in midlink/workflow/.
// This header names no GDAL, PROJ, GEOS or TBB type, so a consumer needs only
// find_package(midlink) and target_link_libraries(app PRIVATE midlink::midlink).
//
//   auto g = midlink::Graph::load("car.mlg");
//   midlink::Route r = g.route({390973, 343603}, {390954, 343598});
//   if (r.status == midlink::RouteStatus::Ok) std::cout << r.time_s << " s\n";
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/version.hpp"

namespace midlink {

namespace graph {
struct RoadGraph;
}

enum class RouteStatus {
    Ok,           // a route was found
    Unreachable,  // both points snapped, but no path joins them
    Unsnapped,    // a point is farther than max_snap_m from any routable edge
};

/// A point-to-point answer. time_s and distance_m are 0 unless status is Ok.
struct Route {
    RouteStatus status = RouteStatus::Unsnapped;
    double time_s = 0.0;
    double distance_m = 0.0;
    std::vector<Point> geometry;  // from the snapped start to the snapped end, graph CRS
};

/// How points are placed on the network (the CLI's --max-snap and --snap-connectors).
struct QueryOptions {
    double max_snap_m = 1000.0;
    bool snap_connectors = false;  // link-table models: also snap onto zone connectors
    int threads = 0;               // matrix(): 0 = all cores
};

/// How Graph::build reads a network (the CLI's `graph build` options).
struct BuildOptions {
    std::string format = "auto";  // auto, osm, ogr, tntp, gmns, dimacs, junction-csv
    std::string layer;            // GDAL layer name (ogr)
    std::string assume_crs;       // for inputs that declare none, e.g. "EPSG:27700"
    std::string profiles_dir;     // where profile names are looked up; empty = installed profiles
    bool allow_vrt = false;
    bool skip_bad_features = false;
    std::string crs = "EPSG:27700";  // working CRS of the graph
    std::string preset = "auto";     // GDAL field preset: auto, geofabrik, os-open-roads, generic
    double snap_tolerance_m = 0.5;   // joins line endpoints of layers without node topology
    std::string components;          // "largest" or "all" overrides the profile; empty keeps it
    bool strict = false;             // any per-feature diagnostic is an InputError
    /// Progress and warnings (skipped features, ...), one line each; empty = silent.
    /// Called from the thread that called build().
    std::function<void(const std::string& message)> log;
};

struct GraphInfo {
    std::size_t node_count = 0;
    std::size_t edge_count = 0;
    std::string crs;      // e.g. "EPSG:27700"
    std::string profile;  // profile name the graph was built with
    double total_length_m = 0.0;  // each physical link once, as `midlink graph info`
    std::size_t link_count = 0;   // physical links (a two-way road is one link, two edges)
    std::string source;           // the network path the graph was built from
};

/// An immutable routing graph. Copies share the same data; all queries are thread-safe.
class Graph {
public:
    /// Reads a `.mlg` file written by `midlink graph build` or save(). Throws midlink::Error
    /// (InputError for a damaged file, VersionError for another format version).
    static Graph load(const std::string& path);
    /// Reads `network` (a file or folder) and builds a graph for `profile` (a name such as
    /// "car" or a YAML path), as `midlink graph build` does.
    static Graph build(const std::string& network, const std::string& profile, const BuildOptions& options = {});

    /// Takes over a graph built in memory (graph::build_graph, or an edited copy).
    static Graph from_road_graph(graph::RoadGraph graph);

    /// Writes the graph as a `.mlg` file (atomically: a temporary name, then a rename).
    void save(const std::string& path) const;

    /// Fastest route between two points in the graph's CRS, as `midlink route --from X,Y --to
    /// X,Y` finds it. A point within 0.5 m of a node is that node. Throws ConfigError for a
    /// negative or non-finite max_snap_m or a graph without coordinates (DIMACS).
    [[nodiscard]] Route route(Point from, Point to, const QueryOptions& options = {}) const;

    /// Travel times in seconds, row-major: element [i * destinations.size() + j] is origin i
    /// to destination j; +inf where no path exists. Throws InputError naming the first point
    /// farther than options.max_snap_m from the network.
    [[nodiscard]] std::vector<double> matrix(const std::vector<Point>& origins, const std::vector<Point>& destinations,
                                             const QueryOptions& options = {}) const;

    [[nodiscard]] GraphInfo info() const;

    /// The underlying graph, for the library layers (midlink/graph/road_graph.hpp).
    [[nodiscard]] const graph::RoadGraph& road_graph() const;

    struct Impl;

private:
    explicit Graph(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
    std::shared_ptr<const Impl> m_impl;
};

}  // namespace midlink
