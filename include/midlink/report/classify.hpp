#pragma once
// Class breaks for choropleth maps. NaN is NULL: it never enters a class and is never
// counted as 0.
#include <cstddef>
#include <string>
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

/// How class breaks are chosen (`midlink report --classification`).
enum class Classification { Quantile, Equal, Jenks, Fixed };
const char* classification_name(Classification m);
/// "quantile", "equal", "jenks" or "fixed"; std::invalid_argument otherwise.
Classification parse_classification(const std::string& name);

struct ClassOptions {
    Classification method = Classification::Quantile;
    std::size_t classes = 5;
    std::vector<double> breaks;  // Fixed: the inner breaks (values outside go to the end classes)
};

/// Equal interval: `k` classes of equal width between the minimum and the maximum.
Classes equal_interval_classes(std::vector<double> values, std::size_t k);
/// Natural breaks (Jenks; Fisher's exact optimisation): up to `k` classes that minimise the
/// sum of squared deviations from the class means; no break inside a run of equal values.
/// Sets over 2,000 values are sampled evenly by rank first.
Classes jenks_classes(std::vector<double> values, std::size_t k);
/// Fixed breaks: the minimum, the given breaks that lie strictly inside the range, the maximum.
Classes fixed_classes(std::vector<double> values, const std::vector<double>& breaks);
/// Breaks rounded for a legend: two significant figures of the mean class width; the lowest
/// break rounded down and the highest up, so every value stays inside; ties merge.
Classes rounded(const Classes& c);
/// The classes a map shows: the method's breaks, rounded (fixed breaks are kept as given).
Classes make_classes(const std::vector<double>& values, const ClassOptions& options);

/// Counts per class (index = class) of `values`; NaN are counted in `nulls`.
std::vector<std::size_t> class_counts(const Classes& c, const std::vector<double>& values,
                                      std::size_t& nulls);

}  // namespace midlink::report
