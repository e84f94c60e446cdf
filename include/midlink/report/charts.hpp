#pragma once
// Small inline SVG charts: a histogram of one column, before/after scatter, and a
// horizontal bar chart for ranked items.
#include <string>
#include <vector>

#include "midlink/report/classify.hpp"

namespace midlink::report {

struct HistogramSpec {
    std::vector<double> values;  // NaN = NULL, counted apart
    std::string label;           // x axis: column and unit
    std::size_t bins = 20;
    const Classes* classes = nullptr;  // colours bars by the map's classes when given
};
std::string histogram_svg(const HistogramSpec& spec);

struct ScatterSpec {
    std::vector<double> before;
    std::vector<double> after;  // same length; pairs with a NaN are left out and counted
    std::string before_label;
    std::string after_label;
};
/// Each point one area; the diagonal is "no change".
std::string scatter_svg(const ScatterSpec& spec);

struct BarSpec {
    std::vector<std::string> labels;
    std::vector<double> values;
    std::string value_label;
};
std::string bar_svg(const BarSpec& spec);

}  // namespace midlink::report
