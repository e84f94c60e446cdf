#include "midlink/report/html.hpp"

#include <cmath>
#include <cstdio>

#include "midlink/core/markup.hpp"

namespace midlink::report {

std::string svg_number(double v, int decimals) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string escape(std::string_view text) { return markup_escape(text); }

std::string format_number(double v) {
    if (std::isnan(v)) return "NULL";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[64];
    if (std::fabs(v) >= 1000.0) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        // Thousands separators for the integer part.
        std::string digits(buf);
        const bool negative = digits[0] == '-';
        if (negative) digits.erase(0, 1);
        std::string grouped;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
            grouped += digits[i];
        }
        return (negative ? "-" : "") + grouped;
    }
    if (v == std::floor(v) || std::fabs(v) >= 100.0) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    std::snprintf(buf, sizeof buf, std::fabs(v) < 0.001 ? "%.2g" : "%.3g", v);
    return buf;
}

}  // namespace midlink::report
