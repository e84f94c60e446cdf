#include "block_grid.hpp"

#include <algorithm>
#include <cmath>

namespace midlink::workflow::england {
namespace {

constexpr double kBlock_m = BlockGrid::kUnit_m * BlockGrid::kBlockUnits;
constexpr double kEmptyBlockPopulation = 400.0;  // so that empty land still gets roads
constexpr double kDensityExponent = 0.7;

int level_for(double population, double multiplier) {
    const double nodes = multiplier * std::pow(population + kEmptyBlockPopulation, kDensityExponent);
    const double cells = static_cast<double>(BlockGrid::kBlockUnits) * BlockGrid::kBlockUnits;
    const double level = std::round(0.5 * std::log2(cells / std::max(nodes, 1.0)));
    return static_cast<int>(std::clamp(level, 0.0, static_cast<double>(BlockGrid::kMaxLevel)));
}

}  // namespace

int BlockGrid::finest_step_at(int i, int j) const {
    const int bx_hi = i / kBlockUnits, by_hi = j / kBlockUnits;
    const int bx_lo = i % kBlockUnits == 0 ? bx_hi - 1 : bx_hi;
    const int by_lo = j % kBlockUnits == 0 ? by_hi - 1 : by_hi;
    int best = 0;
    for (int by = by_lo; by <= by_hi; ++by) {
        for (int bx = bx_lo; bx <= bx_hi; ++bx) {
            const int s = step_at(bx, by);
            if (s > 0 && (best == 0 || s < best)) best = s;
        }
    }
    return best;
}

bool BlockGrid::on_land(double x, double y) const {
    const auto bx = static_cast<int>(std::floor((x - x0) / kBlock_m));
    const auto by = static_cast<int>(std::floor((y - y0) / kBlock_m));
    return level_at(bx, by) >= 0;
}

double estimated_nodes(const BlockGrid& grid) {
    double n = 0.0;
    for (int by = 0; by < grid.nby; ++by) {
        for (int bx = 0; bx < grid.nbx; ++bx) {
            const int s = grid.step_at(bx, by);
            if (s == 0) continue;
            const double per_side = static_cast<double>(BlockGrid::kBlockUnits) / s;
            n += per_side * per_side;
            // The left and bottom boundaries take the finer spacing of the two sides.
            const int left = grid.step_at(bx - 1, by), below = grid.step_at(bx, by - 1);
            if (left > 0 && left < s) n += static_cast<double>(BlockGrid::kBlockUnits) / left - per_side;
            if (below > 0 && below < s) n += static_cast<double>(BlockGrid::kBlockUnits) / below - per_side;
        }
    }
    return n;
}

BlockGrid make_block_grid(const std::vector<PopPlace>& places, double target_nodes) {
    BlockGrid g;
    g.nbx = static_cast<int>(std::ceil((660'000.0 - g.x0) / kBlock_m));
    g.nby = static_cast<int>(std::ceil((660'000.0 - g.y0) / kBlock_m));
    const auto n = static_cast<std::size_t>(g.nbx) * static_cast<std::size_t>(g.nby);
    g.level.assign(n, -1);
    g.population.assign(n, 0.0);
    std::vector<char> land(n, 0);
    for (const auto& p : places) {
        const double reach = std::clamp(0.8 * p.spacing_m, 1'500.0, 6'000.0);
        const int bx0 = static_cast<int>(std::floor((p.x - reach - g.x0) / kBlock_m));
        const int bx1 = static_cast<int>(std::floor((p.x + reach - g.x0) / kBlock_m));
        const int by0 = static_cast<int>(std::floor((p.y - reach - g.y0) / kBlock_m));
        const int by1 = static_cast<int>(std::floor((p.y + reach - g.y0) / kBlock_m));
        for (int by = std::max(by0, 0); by <= std::min(by1, g.nby - 1); ++by) {
            for (int bx = std::max(bx0, 0); bx <= std::min(bx1, g.nbx - 1); ++bx) {
                // Distance from the centre to the block's rectangle.
                const double left = g.x0 + bx * kBlock_m, bottom = g.y0 + by * kBlock_m;
                const double dx = std::max({left - p.x, 0.0, p.x - (left + kBlock_m)});
                const double dy = std::max({bottom - p.y, 0.0, p.y - (bottom + kBlock_m)});
                if (dx * dx + dy * dy < reach * reach) land[static_cast<std::size_t>(by) * g.nbx + bx] = 1;
            }
        }
        const int bx = static_cast<int>(std::floor((p.x - g.x0) / kBlock_m));
        const int by = static_cast<int>(std::floor((p.y - g.y0) / kBlock_m));
        if (bx >= 0 && by >= 0 && bx < g.nbx && by < g.nby) g.population[static_cast<std::size_t>(by) * g.nbx + bx] += p.population;
    }
    // Bisection on the multiplier (log scale): the node count falls as levels coarsen.
    const auto apply = [&](double multiplier) {
        for (std::size_t b = 0; b < n; ++b) g.level[b] = land[b] ? static_cast<std::int8_t>(level_for(g.population[b], multiplier)) : -1;
        return estimated_nodes(g);
    };
    double lo = -20.0, hi = 20.0;
    for (int it = 0; it < 80; ++it) {
        const double mid = 0.5 * (lo + hi);
        (apply(std::exp(mid)) < target_nodes ? lo : hi) = mid;
    }
    apply(std::exp(hi));
    return g;
}

}  // namespace midlink::workflow::england
