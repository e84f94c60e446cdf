// Equal interval, natural breaks (Jenks), fixed breaks, the choice among them, and breaks
// rounded for a legend. Quantiles are in classify.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "midlink/report/classify.hpp"

namespace midlink::report {
namespace {

std::vector<double> sorted_known(std::vector<double> values) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    std::sort(values.begin(), values.end());
    return values;
}

// Ascending, distinct; one value gives one class (two equal breaks).
Classes from_breaks(std::vector<double> b) {
    Classes c;
    for (double v : b) {
        if (c.breaks.empty() || v > c.breaks.back()) c.breaks.push_back(v);
    }
    if (c.breaks.size() == 1) c.breaks.push_back(c.breaks.front());
    return c;
}

constexpr std::size_t kJenksMaxValues = 2000;  // larger sets are sampled evenly by rank

}  // namespace

const char* classification_name(Classification m) {
    switch (m) {
        case Classification::Quantile:
            return "quantile";
        case Classification::Equal:
            return "equal";
        case Classification::Jenks:
            return "jenks";
        case Classification::Fixed:
            return "fixed";
    }
    return "quantile";
}

Classification parse_classification(const std::string& name) {
    for (auto m : {Classification::Quantile, Classification::Equal, Classification::Jenks,
                   Classification::Fixed}) {
        if (name == classification_name(m)) return m;
    }
    throw std::invalid_argument("unknown classification '" + name +
                                "' (quantile, equal, jenks or fixed)");
}

Classes equal_interval_classes(std::vector<double> values, std::size_t k) {
    const auto v = sorted_known(std::move(values));
    if (v.empty() || k == 0) return {};
    const double lo = v.front(), hi = v.back();
    std::vector<double> b;
    for (std::size_t i = 0; i <= k; ++i)
        b.push_back(i == k ? hi : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(k));
    return from_breaks(b);
}

Classes jenks_classes(std::vector<double> values, std::size_t k) {
    auto v = sorted_known(std::move(values));
    if (v.empty() || k == 0) return {};
    if (v.size() > kJenksMaxValues) {
        std::vector<double> s;
        for (std::size_t i = 0; i < kJenksMaxValues; ++i)
            s.push_back(v[i * (v.size() - 1) / (kJenksMaxValues - 1)]);
        v = std::move(s);
    }
    const std::size_t n = v.size();
    std::size_t distinct = 1;
    for (std::size_t i = 1; i < n; ++i) distinct += v[i] > v[i - 1];
    k = std::min(k, distinct);
    // Fisher's exact optimisation: cost[j][i] = least sum of squared deviations of the
    // first i values in j classes; first[j][i] = where the last of those classes starts.
    std::vector<double> sum(n + 1, 0.0), sum2(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        sum[i + 1] = sum[i] + v[i];
        sum2[i + 1] = sum2[i] + v[i] * v[i];
    }
    auto ssd = [&](std::size_t a, std::size_t b) {  // values a..b-1
        const double s = sum[b] - sum[a], m = static_cast<double>(b - a);
        return (sum2[b] - sum2[a]) - s * s / m;
    };
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> cost(k + 1, std::vector<double>(n + 1, inf));
    std::vector<std::vector<std::size_t>> first(k + 1, std::vector<std::size_t>(n + 1, 0));
    for (std::size_t i = 1; i <= n; ++i) cost[1][i] = ssd(0, i);
    for (std::size_t j = 2; j <= k; ++j) {
        for (std::size_t i = j; i <= n; ++i) {
            for (std::size_t a = j - 1; a < i; ++a) {
                // A class never starts inside a run of equal values.
                if (v[a] == v[a - 1]) continue;
                const double c = cost[j - 1][a] + ssd(a, i);
                if (c < cost[j][i]) {
                    cost[j][i] = c;
                    first[j][i] = a;
                }
            }
        }
    }
    std::vector<double> b{v.back()};
    std::size_t end = n;
    for (std::size_t j = k; j >= 2; --j) {
        end = first[j][end];
        b.push_back(v[end - 1]);  // a class's upper break is its largest value
    }
    b.push_back(v.front());
    std::reverse(b.begin(), b.end());
    return from_breaks(b);
}

Classes fixed_classes(std::vector<double> values, const std::vector<double>& breaks) {
    const auto v = sorted_known(std::move(values));
    if (v.empty()) return {};
    std::vector<double> inner = breaks;
    std::sort(inner.begin(), inner.end());
    std::vector<double> b{v.front()};
    for (double x : inner) {
        if (x > v.front() && x < v.back()) b.push_back(x);
    }
    b.push_back(v.back());
    return from_breaks(b);
}

Classes rounded(const Classes& c) {
    if (c.count() == 0) return c;
    const double lo = c.breaks.front(), hi = c.breaks.back();
    const double width = (hi - lo) / static_cast<double>(c.count());
    if (!(width > 0.0)) return c;
    // Two significant figures of a class's width.
    const double unit = std::pow(10.0, std::floor(std::log10(width)) - 1.0);
    std::vector<double> b{std::floor(lo / unit) * unit};
    for (std::size_t i = 1; i + 1 < c.breaks.size(); ++i)
        b.push_back(std::round(c.breaks[i] / unit) * unit);
    b.push_back(std::ceil(hi / unit) * unit);
    // Clean the binary noise of the multiplications (0.30000000000000004).
    for (double& x : b) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.12g", x);
        x = std::strtod(buf, nullptr);
    }
    return from_breaks(b);
}

Classes make_classes(const std::vector<double>& values, const ClassOptions& o) {
    switch (o.method) {
        case Classification::Equal:
            return rounded(equal_interval_classes(values, o.classes));
        case Classification::Jenks:
            return rounded(jenks_classes(values, o.classes));
        case Classification::Fixed:
            return fixed_classes(values, o.breaks);
        case Classification::Quantile:
            break;
    }
    return rounded(quantile_classes(values, o.classes));
}

}  // namespace midlink::report
