#include "midlink/report/charts.hpp"

#include <algorithm>
#include <cmath>

#include "midlink/report/html.hpp"
#include "midlink/report/palette.hpp"

namespace midlink::report {
namespace {

std::string num(double v) { return svg_number(v, 1); }

std::string text(double x, double y, const std::string& s, const char* anchor = "middle",
                 const char* extra = "") {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" +
           extra + ">" + escape(s) + "</text>";
}

}  // namespace

std::string histogram_svg(const HistogramSpec& spec) {
    constexpr double W = 420, H = 230, L = 48, R = 12, T = 14, B = 48;
    std::vector<double> v;
    std::size_t nulls = 0;
    for (double x : spec.values) {
        if (std::isnan(x))
            ++nulls;
        else
            v.push_back(x);
    }
    std::string s =
        "<svg class=\"chart\" viewBox=\"0 0 420 230\" role=\"img\" aria-label=\"histogram of " +
        escape(spec.label) + "\">";
    if (v.empty()) return s + text(W / 2, H / 2, "no non-NULL values") + "</svg>";
    const auto [lo_it, hi_it] = std::minmax_element(v.begin(), v.end());
    const double lo = *lo_it;
    const double hi = *hi_it > lo ? *hi_it : lo + 1.0;
    const std::size_t bins = std::max<std::size_t>(1, spec.bins);
    std::vector<std::size_t> count(bins, 0);
    for (double x : v)
        count[std::min(bins - 1, static_cast<std::size_t>((x - lo) / (hi - lo) *
                                                          static_cast<double>(bins)))]++;
    const std::size_t top = *std::max_element(count.begin(), count.end());
    const double bw = (W - L - R) / static_cast<double>(bins);
    const auto colours =
        spec.classes ? sequential_colours(spec.classes->count()) : std::vector<std::string>{};
    for (std::size_t b = 0; b < bins; ++b) {
        if (count[b] == 0) continue;
        const double h = (H - T - B) * static_cast<double>(count[b]) / static_cast<double>(top);
        std::string fill = "#41b6c4";
        if (spec.classes && spec.classes->count() > 0) {
            const double mid =
                lo + (static_cast<double>(b) + 0.5) * (hi - lo) / static_cast<double>(bins);
            fill = colours[static_cast<std::size_t>(std::max(0, spec.classes->class_of(mid)))];
        }
        s += "<rect x=\"" + num(L + static_cast<double>(b) * bw) + "\" y=\"" + num(H - B - h) +
             "\" width=\"" + num(bw - 1) + "\" height=\"" + num(h) + "\" fill=\"" + fill +
             "\" stroke=\"#555\" stroke-width=\"0.5\"/>";
    }
    s += "<path d=\"M" + num(L) + " " + num(T) + "V" + num(H - B) + "H" + num(W - R) +
         "\" fill=\"none\" stroke=\"#333\"/>";
    s += text(L, H - B + 14, format_number(lo), "start");
    s += text(W - R, H - B + 14, format_number(*hi_it), "end");
    s += text(L - 4, T + 4, std::to_string(top), "end");
    s += text(L - 4, H - B, "0", "end");
    s += text((L + W - R) / 2, H - B + 30, spec.label);
    s += text((L + W - R) / 2, H - 4,
              std::to_string(v.size()) + " values; NULL: " + std::to_string(nulls), "middle",
              " class=\"note\"");
    return s + "</svg>";
}

std::string scatter_svg(const ScatterSpec& spec) {
    constexpr double S = 300, M = 44;
    std::vector<std::pair<double, double>> pts;
    std::size_t left_out = 0;
    for (std::size_t i = 0; i < std::min(spec.before.size(), spec.after.size()); ++i) {
        if (std::isnan(spec.before[i]) || std::isnan(spec.after[i]))
            ++left_out;
        else
            pts.emplace_back(spec.before[i], spec.after[i]);
    }
    std::string s =
        "<svg class=\"chart\" viewBox=\"0 0 300 300\" role=\"img\" aria-label=\"before and "
        "after\">";
    if (pts.empty()) return s + text(S / 2, S / 2, "no pairs with both values") + "</svg>";
    double lo = pts[0].first, hi = lo;
    for (const auto& [a, b] : pts) {
        lo = std::min({lo, a, b});
        hi = std::max({hi, a, b});
    }
    if (hi <= lo) hi = lo + 1.0;
    const double span = S - 2 * M + 12;
    auto px = [&](double x) { return M + (x - lo) / (hi - lo) * span; };
    auto py = [&](double y) { return S - M - (y - lo) / (hi - lo) * span; };
    s += "<path d=\"M" + num(px(lo)) + " " + num(py(lo)) + "L" + num(px(hi)) + " " + num(py(hi)) +
         "\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>";
    s += "<g fill=\"#0072B2\" fill-opacity=\"0.5\">";
    for (const auto& [a, b] : pts)
        s += "<circle cx=\"" + num(px(a)) + "\" cy=\"" + num(py(b)) + "\" r=\"2\"/>";
    s += "</g><path d=\"M" + num(M) + " " + num(M - 12) + "V" + num(S - M) + "H" + num(S - M + 12) +
         "\" fill=\"none\" stroke=\"#333\"/>";
    s += text(M, S - M + 14, format_number(lo), "start") +
         text(S - M + 12, S - M + 14, format_number(hi), "end");
    s += text(S / 2, S - 10, spec.before_label + " (before)");
    s += "<text transform=\"translate(12 " + num(S / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(spec.after_label) + " (after)</text>";
    s += text(S / 2, 14,
              std::to_string(pts.size()) + " areas; left out (NULL): " + std::to_string(left_out),
              "middle", " class=\"note\"");
    return s + "</svg>";
}

std::string bar_svg(const BarSpec& spec) {
    const std::size_t n = std::min(spec.labels.size(), spec.values.size());
    const double row = 18, L = 170, W = 560, T = 8;
    const double H = T + row * static_cast<double>(n) + 30;
    std::string s = "<svg class=\"chart wide\" viewBox=\"0 0 560 " + num(H) +
                    "\" role=\"img\" aria-label=\"" + escape(spec.value_label) + "\">";
    double top = 0.0, bottom = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(spec.values[i])) continue;
        top = std::max(top, spec.values[i]);
        bottom = std::min(bottom, spec.values[i]);
    }
    const double span = top - bottom > 0 ? top - bottom : 1.0;
    auto px = [&](double v) { return L + (v - bottom) / span * (W - L - 60); };
    for (std::size_t i = 0; i < n; ++i) {
        const double y = T + row * static_cast<double>(i);
        s += text(L - 6, y + 12, spec.labels[i], "end");
        if (std::isnan(spec.values[i])) {
            s += text(L + 4, y + 12, "NULL", "start", " class=\"note\"");
            continue;
        }
        const double x0 = px(std::min(0.0, spec.values[i])), x1 = px(std::max(0.0, spec.values[i]));
        s += "<rect x=\"" + num(x0) + "\" y=\"" + num(y + 2) + "\" width=\"" +
             num(std::max(1.0, x1 - x0)) + "\" height=\"" + num(row - 5) + "\" fill=\"" +
             category_colour(0) + "\"/>";
        s += text(x1 + 4, y + 12, format_number(spec.values[i]), "start");
    }
    s += text((L + W) / 2, H - 8, spec.value_label);
    return s + "</svg>";
}

}  // namespace midlink::report
