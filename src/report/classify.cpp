#include "midlink/report/classify.hpp"

#include <algorithm>
#include <cmath>

namespace midlink::report {

int Classes::class_of(double v) const {
    if (std::isnan(v) || count() == 0) return -1;
    // First upper bound >= v; values outside the range go to the end classes.
    const auto it = std::lower_bound(breaks.begin() + 1, breaks.end(), v);
    const auto i = std::min<std::ptrdiff_t>(it - (breaks.begin() + 1),
                                            static_cast<std::ptrdiff_t>(count()) - 1);
    return static_cast<int>(i);
}

Classes quantile_classes(std::vector<double> values, std::size_t k) {
    Classes c;
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    if (values.empty() || k == 0) return c;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    for (std::size_t i = 0; i <= k; ++i) {
        const auto rank = static_cast<std::size_t>(std::llround(
            static_cast<double>(i) * static_cast<double>(n - 1) / static_cast<double>(k)));
        const double b = values[std::min(rank, n - 1)];
        if (c.breaks.empty() || b > c.breaks.back()) c.breaks.push_back(b);
    }
    if (c.breaks.size() == 1) c.breaks.push_back(c.breaks.front());  // one value: one class
    return c;
}

std::vector<std::size_t> class_counts(const Classes& c, const std::vector<double>& values,
                                      std::size_t& nulls) {
    std::vector<std::size_t> counts(c.count(), 0);
    nulls = 0;
    for (double v : values) {
        const int k = c.class_of(v);
        if (k < 0)
            ++nulls;
        else
            ++counts[static_cast<std::size_t>(k)];
    }
    return counts;
}

}  // namespace midlink::report
