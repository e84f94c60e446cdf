#include "midlink/analysis/aggregate.hpp"

#include <cmath>
#include <limits>

#include "midlink/analysis/area_rollup.hpp"

namespace midlink::analysis {
namespace {

/// One area's running totals: the counts, and per column Σ w m and Σ w.
struct AreaSums {
    double population = 0.0;
    std::uint32_t origins = 0, unsnapped = 0, unreachable = 0, population_missing = 0;
    std::vector<double> weighted, weight;
};

}  // namespace

AreaTable aggregate(const AccessResult& r, const std::vector<double>& population,
                    const std::vector<std::int64_t>& group_of, std::size_t groups) {
    const std::size_t cols = r.columns.size();
    bool any_population = false;
    for (std::size_t i = 0; i < r.status.size(); ++i) any_population = any_population || (population[i] > 0.0);

    AreaSums empty;
    empty.weighted.assign(cols, 0.0);
    empty.weight.assign(cols, 0.0);
    const auto sums = roll_up_groups(
        group_of, groups,
        [&](AreaSums& s, std::size_t i) {
            ++s.origins;
            const double p = population[i];
            if (std::isnan(p)) {
                ++s.population_missing;
            } else {
                s.population += p;
            }
            if (r.status[i] == OriginStatus::Unsnapped) ++s.unsnapped;
            if (r.status[i] == OriginStatus::Unreachable) ++s.unreachable;
            const double w = any_population ? (std::isnan(p) ? 0.0 : p) : 1.0;
            for (std::size_t c = 0; c < cols; ++c) {
                const double v = r.values[i * cols + c];
                if (std::isnan(v)) continue;
                s.weighted[c] += w * v;
                s.weight[c] += w;
            }
        },
        empty);

    AreaTable t;
    t.columns = cols;
    t.values.assign(groups * cols, std::numeric_limits<double>::quiet_NaN());
    for (const auto& s : sums) {
        t.population.push_back(s.population);
        t.origins.push_back(s.origins);
        t.unsnapped.push_back(s.unsnapped);
        t.unreachable.push_back(s.unreachable);
        t.population_missing.push_back(s.population_missing);
    }
    for (std::size_t g = 0; g < groups; ++g) {
        for (std::size_t c = 0; c < cols; ++c) {
            if (sums[g].weight[c] > 0.0) t.values[g * cols + c] = sums[g].weighted[c] / sums[g].weight[c];
        }
    }
    return t;
}

}  // namespace midlink::analysis
