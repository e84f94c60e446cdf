#pragma once
// Text for HTML: escaping and number formatting shared by every part of the report.
#include <string>
#include <string_view>

namespace midlink::report {

/// Escapes & < > " ' for element text and attribute values.
std::string escape(std::string_view text);

/// A coordinate or length for SVG markup: fixed, `decimals` places ("%.0f", "%.1f").
std::string svg_number(double v, int decimals = 0);

/// A number for people: "1,234", "12.3", "0.0123"; "NULL" for NaN.
std::string format_number(double v);

}  // namespace midlink::report
