#pragma once
// Numbers from the text attributes the feature readers keep (coverage shares, weights).
#include <limits>
#include <string>

#include "midlink/core/features.hpp"

namespace midlink::workflow::detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The number `v` spells, NaN when empty or not a number. With `prefix`, a number followed
/// by other text counts (std::stod's reading, as corridor weights have always been read).
inline double number_or_nan_text(const std::string& v, bool prefix = false) {
    if (v.empty()) return kNaN;
    try {
        std::size_t used = 0;
        const double d = std::stod(v, &used);
        return prefix || used == v.size() ? d : kNaN;
    } catch (...) {
        return kNaN;
    }
}

inline double number_or_nan(const AreaFeature& a, const std::string& field) {
    const std::string* v = a.attribute(field);
    return v ? number_or_nan_text(*v) : kNaN;
}

}  // namespace midlink::workflow::detail
