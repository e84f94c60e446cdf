#pragma once
// `midlink matrix`: travel-time and distance skims between two point sets, written as an
// Open Matrix file (OMX, what AequilibraE, Emme, Visum and TransCAD read) or a CSV. Each
// cell is the time and length of the route `midlink route` gives between the two points,
// to the last bit (graph::route_costs). Rows are computed and written in blocks, so the
// matrix is never held whole in memory.
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// The options of `midlink matrix`, one field per flag (docs/cli/matrix.md).
struct MatrixConfig {
    std::string graph;  // read by run_matrix only
    std::string origins;
    std::string origin_layer;
    std::string origin_id;  // default: a field named id, else the row number
    std::string destinations;  // empty: the origins (a square matrix)
    std::string dest_layer;
    std::string dest_id;
    std::string assume_crs;
    double max_snap_m = 1000.0;
    double max_time_min = 0.0;  // 0: no limit; pairs beyond it are NULL
    bool snap_connectors = false;
    std::string output;  // .omx (default) or .csv
};

/// The points of a matrix, read and snapped (a point beyond --max-snap is not ok: its row
/// or column stays NULL, and a diagnostic names it).
struct MatrixPoints {
    std::vector<PointFeature> origins, destinations;
    std::vector<graph::Snap> from, to;
    std::size_t unsnapped_origins = 0, unsnapped_destinations = 0;
    Diagnostics diagnostics;
};

/// A block of rows: origins first_row .. first_row + rows - 1, each row's cells in
/// destination order; NaN where unreachable, unsnapped or beyond the time limit.
struct MatrixBlock {
    std::size_t first_row = 0;
    std::size_t rows = 0;
    std::span<const double> time_min;
    std::span<const double> distance_km;
};

struct MatrixSummary {
    std::size_t rows = 0, columns = 0;
    std::size_t pairs_reached = 0;
    std::size_t unsnapped_origins = 0, unsnapped_destinations = 0;
};

/// Reads and snaps the origins and destinations (cfg's fields) to `graph`, as `midlink
/// route` snaps its points.
MatrixPoints load_matrix_points(const MatrixConfig& cfg, const Context& ctx, const graph::RoadGraph& graph);

/// Computes the skims block by block, in row order, handing each block to `sink` before the
/// next is computed. The values do not depend on the thread count. With ctx.group of
/// several ranks it is collective: block k is computed on rank k mod size, the others send
/// theirs to rank 0, and only rank 0 calls `sink` (every block, in order) and returns the
/// summary's counts.
MatrixSummary compute_matrix(const graph::RoadGraph& graph, const MatrixPoints& points, double max_time_min,
                             const Context& ctx, const std::function<void(const MatrixBlock&)>& sink);

/// `midlink matrix`: reads the graph, computes and writes OUT (.omx or .csv) with
/// OUT.diagnostics.csv beside it, as one output set. Returns 0; errors are thrown.
int run_matrix(const MatrixConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
