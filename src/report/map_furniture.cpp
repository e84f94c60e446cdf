#include "midlink/report/map_furniture.hpp"

#include <cmath>
#include <cstdio>

#include "midlink/report/html.hpp"

namespace midlink::report {
namespace {
std::string num(double v) { return svg_number(v); }
}  // namespace

double scale_bar_metres(double max_m) {
    if (!(max_m > 0.0)) return 0.0;
    if (max_m < 1.0) return 1.0;
    const double p = std::pow(10.0, std::floor(std::log10(max_m)));
    for (double m : {5.0, 2.0, 1.0}) {
        // A little slack so that 2000 given as 1999.9999 still gives 2000.
        if (m * p <= max_m * (1.0 + 1e-9)) return m * p;
    }
    return p;
}

std::string distance_label(double metres) {
    char buf[32];
    if (metres >= 1000.0) {
        const double km = metres / 1000.0;
        std::snprintf(buf, sizeof buf, km == std::floor(km) ? "%.0f km" : "%.1f km", km);
    } else {
        std::snprintf(buf, sizeof buf, "%.0f m", metres);
    }
    return buf;
}

std::string map_furniture_svg(const MapFrame& frame, double units_per_px) {
    const double px = units_per_px;
    const double metres = scale_bar_metres(frame.width / frame.scale / 4.0);
    std::string s;
    if (metres > 0.0) {
        const double len = metres * frame.scale;
        const double x0 = 12 * px, y0 = frame.height - 14 * px, h = 5 * px;
        const std::string label = distance_label(metres);
        s += "<g class=\"scalebar\" font-size=\"" + num(11 * px) +
             "\" font-family=\"sans-serif\"><title>scale bar: " + label + "</title>";
        s += "<rect x=\"" + num(x0 - 4 * px) + "\" y=\"" + num(y0 - 18 * px) + "\" width=\"" +
             num(len + 8 * px) + "\" height=\"" + num(h + 22 * px) +
             "\" fill=\"#ffffff\" fill-opacity=\"0.75\"/>";
        s += "<rect x=\"" + num(x0) + "\" y=\"" + num(y0) + "\" width=\"" + num(len / 2) +
             "\" height=\"" + num(h) + "\" fill=\"#222\"/>";
        s += "<rect x=\"" + num(x0 + len / 2) + "\" y=\"" + num(y0) + "\" width=\"" +
             num(len / 2) + "\" height=\"" + num(h) +
             "\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"" + num(px) + "\"/>";
        s += "<text x=\"" + num(x0) + "\" y=\"" + num(y0 - 4 * px) + "\">0</text>";
        s += "<text x=\"" + num(x0 + len) + "\" y=\"" + num(y0 - 4 * px) +
             "\" text-anchor=\"end\">" + label + "</text></g>";
    }
    // North arrow: the frame is north up (y = −northing), so it always points up.
    const double cx = frame.width - 20 * px, top = 10 * px;
    s += "<g class=\"northarrow\" font-size=\"" + num(12 * px) +
         "\" font-family=\"sans-serif\" font-weight=\"bold\"><title>north arrow: grid north "
         "(EPSG:27700)</title>";
    s += "<path d=\"M" + num(cx) + " " + num(top + 14 * px) + "l" + num(-8 * px) + " " +
         num(22 * px) + "l" + num(8 * px) + " " + num(-6 * px) + "l" + num(8 * px) + " " +
         num(6 * px) + "z\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"" + num(px) + "\"/>";
    s += "<text x=\"" + num(cx) + "\" y=\"" + num(top + 11 * px) +
         "\" text-anchor=\"middle\" stroke=\"#fff\" stroke-width=\"" + num(3 * px) +
         "\" paint-order=\"stroke\">N</text></g>";
    return s;
}

}  // namespace midlink::report
