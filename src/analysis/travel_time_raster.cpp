#include "midlink/analysis/travel_time_raster.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
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

namespace {
// Cells whose centre may lie within `reach` of a road, so that the many cells of a
// regional grid that are far from every road skip their snap query. Row by row, a point
// (x, yc) within reach of a segment has its nearest segment point in the part of the
// segment with y in [yc - reach, yc + reach], and x within reach of that part; the cells
// over that x-range (one more on each side against rounding) are marked. Conservative:
// a cell left unmarked has no road within reach, so no result changes.
std::vector<std::uint8_t> near_road_mask(const graph::RoadGraph& g, const RasterGrid& grid, double reach) {
    std::vector<std::uint8_t> mask(grid.cells(), 0);
    const double cell = grid.cell_m;
    const auto row_of = [&](double y) { return (grid.max_y - y) / cell - 0.5; };  // fractional row of a centre
    const auto col_of = [&](double x) { return (x - grid.min_x) / cell - 0.5; };
    const auto clamp_index = [](double v, std::uint32_t n) {
        return static_cast<std::int64_t>(std::clamp(v, -1.0, static_cast<double>(n)));
    };
    const auto mark_segment = [&](const Point& a, const Point& b) {
        const auto r0 = std::max<std::int64_t>(0, clamp_index(std::floor(row_of(std::max(a.y, b.y) + reach)), grid.rows) - 1);
        const auto r1 = std::min<std::int64_t>(grid.rows - 1, clamp_index(std::ceil(row_of(std::min(a.y, b.y) - reach)), grid.rows) + 1);
        for (auto r = r0; r <= r1; ++r) {
            const double yc = grid.max_y - (static_cast<double>(r) + 0.5) * cell;
            double x_lo = 0, x_hi = 0;
            if (a.y == b.y) {
                if (std::abs(a.y - yc) > reach + cell) continue;
                x_lo = std::min(a.x, b.x);
                x_hi = std::max(a.x, b.x);
            } else {
                // The part of the segment with y in [yc - reach - cell, yc + reach + cell].
                double t0 = (yc - reach - cell - a.y) / (b.y - a.y), t1 = (yc + reach + cell - a.y) / (b.y - a.y);
                if (t0 > t1) std::swap(t0, t1);
                t0 = std::max(t0, 0.0);
                t1 = std::min(t1, 1.0);
                if (t0 > t1) continue;
                const double xa = a.x + t0 * (b.x - a.x), xb = a.x + t1 * (b.x - a.x);
                x_lo = std::min(xa, xb);
                x_hi = std::max(xa, xb);
            }
            const auto c0 = std::max<std::int64_t>(0, clamp_index(std::floor(col_of(x_lo - reach)), grid.cols) - 1);
            const auto c1 = std::min<std::int64_t>(grid.cols - 1, clamp_index(std::ceil(col_of(x_hi + reach)), grid.cols) + 1);
            if (c0 <= c1) std::fill_n(mask.begin() + r * grid.cols + c0, c1 - c0 + 1, std::uint8_t{1});
        }
    };
    std::vector<std::uint8_t> link_done(g.link_count(), 0);
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        const LinkId l = g.edge_link[e];
        if (l < g.link_count()) {
            if (link_done[l]) continue;  // both directions draw the same line
            link_done[l] = 1;
        }
        const LineString line = g.edge_geometry(e);
        for (std::size_t i = 0; i + 1 < line.size(); ++i) mark_segment(line[i], line[i + 1]);
    }
    return mask;
}
}  // namespace

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
    const std::vector<std::uint8_t> near_road = g.has_coordinates() ? near_road_mask(g, grid, options.max_snap_m)
                                                                     : std::vector<std::uint8_t>(grid.cells(), 1);
    std::atomic<std::size_t> rows_done{0};
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, grid.rows, 1), [&](const auto& rows) {
        for (std::uint32_t r = rows.begin(); r != rows.end(); ++r) {
            for (std::uint32_t c = 0; c < grid.cols; ++c) {
                const std::size_t i = std::size_t{r} * grid.cols + c;
                if (!near_road[i]) continue;
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
