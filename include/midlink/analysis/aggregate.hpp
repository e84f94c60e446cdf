#pragma once
// Population-weighted aggregation of per-origin measures to areas (metrics.md §1.5), the
// access weighting of the shared roll-up (area_rollup.hpp):
// m_area = Σ P_i m_i / Σ P_i over the area's origins whose m_i is not NULL. Counts travel
// with every row: population, origins, unsnapped, unreachable, population missing.
#include <cstdint>
#include <vector>

#include "midlink/analysis/access_engine.hpp"

namespace midlink::analysis {

struct AreaTable {
    std::size_t columns = 0;
    std::vector<double> values;          // groups x columns, NaN = NULL
    std::vector<double> population;      // Σ P_i of the group's origins with known population
    std::vector<std::uint32_t> origins;
    std::vector<std::uint32_t> unsnapped;
    std::vector<std::uint32_t> unreachable;  // snapped but reached no destination within the limit
    std::vector<std::uint32_t> population_missing;

    [[nodiscard]] double value(std::size_t group, std::size_t column) const { return values[group * columns + column]; }
};

/// `population[i]` NaN = unknown (weight 0, counted as missing). When no origin has a known
/// positive population at all, every origin weighs 1 (a plain mean). `group_of[i]` < 0
/// leaves origin i out of every group.
AreaTable aggregate(const AccessResult& result, const std::vector<double>& population,
                    const std::vector<std::int64_t>& group_of, std::size_t groups);

}  // namespace midlink::analysis
