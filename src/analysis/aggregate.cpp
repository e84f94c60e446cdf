#include "midlink/analysis/aggregate.hpp"

#include <cmath>
#include <limits>

namespace midlink::analysis {

AreaTable aggregate(const AccessResult& r, const std::vector<double>& population,
                    const std::vector<std::int64_t>& group_of, std::size_t groups) {
    const std::size_t cols = r.columns.size();
    const std::size_t n = r.status.size();
    AreaTable t;
    t.columns = cols;
    t.population.assign(groups, 0.0);
    t.origins.assign(groups, 0);
    t.unsnapped.assign(groups, 0);
    t.unreachable.assign(groups, 0);
    t.population_missing.assign(groups, 0);
    bool any_population = false;
    for (std::size_t i = 0; i < n; ++i) any_population = any_population || (population[i] > 0.0);

    std::vector<double> weighted(groups * cols, 0.0), weight(groups * cols, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const auto gi = group_of[i];
        if (gi < 0) continue;
        const auto g = static_cast<std::size_t>(gi);
        ++t.origins[g];
        const double p = population[i];
        if (std::isnan(p)) {
            ++t.population_missing[g];
        } else {
            t.population[g] += p;
        }
        if (r.status[i] == OriginStatus::Unsnapped) ++t.unsnapped[g];
        if (r.status[i] == OriginStatus::Unreachable) ++t.unreachable[g];
        const double w = any_population ? (std::isnan(p) ? 0.0 : p) : 1.0;
        for (std::size_t c = 0; c < cols; ++c) {
            const double v = r.values[i * cols + c];
            if (std::isnan(v)) continue;
            weighted[g * cols + c] += w * v;
            weight[g * cols + c] += w;
        }
    }
    t.values.assign(groups * cols, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < t.values.size(); ++k) {
        if (weight[k] > 0.0) t.values[k] = weighted[k] / weight[k];
    }
    return t;
}

}  // namespace midlink::analysis
