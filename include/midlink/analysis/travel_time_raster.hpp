#pragma once
// A travel-time surface: for every cell of a north-up grid, the time in minutes from the
// cell centre to the nearest destination. The centre snaps to the nearest routable edge
// within a limit and leaves along it (graph::origin_anchors); the walk from the centre to
// the road is not counted. Cells with no value (no road within the limit, no destination
// reachable, or beyond the time limit) are NaN: never 0 and never the cut-off.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "midlink/analysis/nearest_destination.hpp"
#include "midlink/core/geometry.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snapper.hpp"

namespace midlink::analysis {

/// A north-up grid of square cells; row 0 is the northernmost.
struct RasterGrid {
    double min_x = 0.0;
    double max_y = 0.0;
    double cell_m = 100.0;
    std::uint32_t cols = 0;
    std::uint32_t rows = 0;

    [[nodiscard]] Point centre(std::uint32_t col, std::uint32_t row) const {
        return {min_x + (col + 0.5) * cell_m, max_y - (row + 0.5) * cell_m};
    }
    [[nodiscard]] std::size_t cells() const { return std::size_t{cols} * rows; }
    /// Covers `box` with whole cells; when `align` the edges fall on multiples of cell_m,
    /// so rasters of the same cell size from different runs line up.
    static RasterGrid covering(const BBox& box, double cell_m, bool align);
};

/// Default snap limit for cell centres: half the cell diagonal, but at least 250 m.
double default_cell_max_snap_m(double cell_m);

struct TravelTimeRasterOptions {
    double max_snap_m = 250.0;  // cell centre to road
    double max_minutes = std::numeric_limits<double>::infinity();  // cells beyond: no value
};

struct TravelTimeRaster {
    std::vector<float> minutes;  // row-major, row 0 first; NaN = no value
    std::size_t cells_valued = 0;
    std::size_t cells_off_network = 0;  // no routable road within max_snap_m
    std::size_t cells_unreached = 0;    // on the network, but no destination within max_minutes
};

/// Search cut-off in weight units for a time limit in minutes (kUnreachable for infinity).
Weight minutes_to_weight(const graph::RoadGraph& g, double minutes);

/// Fills the grid in parallel (TBB); the result does not depend on the thread count.
/// `field` must have been built with at least the cut-off of `options.max_minutes` (a
/// field without a cut-off is fine). `progress` (optional) is called from worker threads,
/// possibly at once, with the number of rows done so far.
TravelTimeRaster travel_time_raster(const graph::RoadGraph& g, const graph::Snapper& snapper,
                                    const NearestDestinationField& field, const RasterGrid& grid,
                                    const TravelTimeRasterOptions& options,
                                    const std::function<void(std::size_t rows_done)>& progress = {});

}  // namespace midlink::analysis
