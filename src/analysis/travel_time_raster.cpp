#include "midlink/analysis/travel_time_raster.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <cmath>
#include <limits>

#include "midlink/graph/snap_anchors.hpp"

namespace midlink::analysis {

RasterGrid RasterGrid::covering(const BBox& box, double cell_m, bool align) {
    RasterGrid grid;
    grid.cell_m = cell_m;
    double min_x = box.min_x, max_x = box.max_x, min_y = box.min_y, max_y = box.max_y;
    if (align) {
        min_x = std::floor(min_x / cell_m) * cell_m;
        min_y = std::floor(min_y / cell_m) * cell_m;
        max_x = std::ceil(max_x / cell_m) * cell_m;
        max_y = std::ceil(max_y / cell_m) * cell_m;
    }
    grid.min_x = min_x;
    grid.max_y = max_y;
    // A degenerate box (one point, or a line along an axis) still gets one cell.
    grid.cols = static_cast<std::uint32_t>(std::max(1.0, std::ceil((max_x - min_x) / cell_m - 1e-9)));
    grid.rows = static_cast<std::uint32_t>(std::max(1.0, std::ceil((max_y - min_y) / cell_m - 1e-9)));
    return grid;
}

double default_cell_max_snap_m(double cell_m) { return std::max(250.0, cell_m * std::sqrt(2.0) / 2.0); }

Weight minutes_to_weight(const graph::RoadGraph& g, double minutes) {
    if (!std::isfinite(minutes)) return kUnreachable;
    const double w = std::floor(minutes * 60.0 / g.time_unit_s);
    return w >= double(kUnreachable) ? kUnreachable - 1 : static_cast<Weight>(std::max(0.0, w));
}

TravelTimeRaster travel_time_raster(const graph::RoadGraph& g, const graph::Snapper& snapper,
                                    const NearestDestinationField& field, const RasterGrid& grid,
                                    const TravelTimeRasterOptions& options,
                                    const std::function<void(std::size_t)>& progress) {
    TravelTimeRaster out;
    out.minutes.assign(grid.cells(), std::numeric_limits<float>::quiet_NaN());
    const Weight limit = minutes_to_weight(g, options.max_minutes);
    // Per-cell outcome, counted after the parallel loop so the counts need no atomics.
    enum : std::uint8_t { kValued, kOffNetwork, kUnreached };
    std::vector<std::uint8_t> outcome(grid.cells(), kOffNetwork);
    std::atomic<std::size_t> rows_done{0};
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, grid.rows, 1), [&](const auto& rows) {
        for (std::uint32_t r = rows.begin(); r != rows.end(); ++r) {
            for (std::uint32_t c = 0; c < grid.cols; ++c) {
                const std::size_t i = std::size_t{r} * grid.cols + c;
                const auto snap = snapper.snap(grid.centre(c, r), options.max_snap_m);
                const auto from = graph::origin_anchors(g, graph::Metric::Time, snap);
                if (!from.ok()) continue;  // off the network
                const Weight cost = field.cost_from(from);
                if (cost == kUnreachable || cost > limit) {
                    outcome[i] = kUnreached;
                } else {
                    outcome[i] = kValued;
                    out.minutes[i] = static_cast<float>(g.cost_value(graph::Metric::Time, cost) / 60.0);
                }
            }
            const std::size_t done = ++rows_done;
            if (progress) progress(done);
        }
    });
    for (const auto o : outcome) {
        out.cells_valued += o == kValued;
        out.cells_off_network += o == kOffNetwork;
        out.cells_unreached += o == kUnreached;
    }
    return out;
}

}  // namespace midlink::analysis
