#pragma once
// Class breaks for choropleth maps. NaN is NULL: it never enters a class and is never
// counted as 0.
#include <cstddef>
#include <vector>

namespace midlink::report {

struct Classes {
    /// Ascending, distinct: breaks[0] = minimum, breaks.back() = maximum. Class i holds
    /// (breaks[i], breaks[i+1]], the first class also its lower bound. One value only:
    /// two equal breaks and one class. No values: empty.
    std::vector<double> breaks;

    [[nodiscard]] std::size_t count() const { return breaks.size() < 2 ? 0 : breaks.size() - 1; }
    /// Class of a value, -1 for NaN or when there are no classes.
    [[nodiscard]] int class_of(double v) const;
};

/// Quantile classes (nearest rank) of the non-NaN values: up to `k` classes with roughly
/// equal counts; tied breaks merge, so a skewed column may get fewer.
Classes quantile_classes(std::vector<double> values, std::size_t k);

/// Counts per class (index = class) of `values`; NaN are counted in `nulls`.
std::vector<std::size_t> class_counts(const Classes& c, const std::vector<double>& values,
                                      std::size_t& nulls);

}  // namespace midlink::report
