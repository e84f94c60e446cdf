#pragma once
// Plain geometry in the working CRS (projected metres, x = easting, y = northing).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace midlink {

struct Point {
    double x = 0.0;
    double y = 0.0;
    friend bool operator==(const Point&, const Point&) = default;
};

using LineString = std::vector<Point>;

struct BBox {
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = std::numeric_limits<double>::infinity();
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = -std::numeric_limits<double>::infinity();

    void expand(const Point& p) {
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    [[nodiscard]] bool empty() const { return min_x > max_x; }
};

inline double distance_m(const Point& a, const Point& b) { return std::hypot(a.x - b.x, a.y - b.y); }

inline double length_m(const LineString& line) {
    double total = 0.0;
    for (std::size_t i = 1; i < line.size(); ++i) total += distance_m(line[i - 1], line[i]);
    return total;
}

inline bool is_finite(const Point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

/// Closest point on segment [a, b] to p; `t` receives the fraction along the segment.
inline Point project_on_segment(const Point& p, const Point& a, const Point& b, double& t) {
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    t = len2 > 0.0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    return {a.x + t * dx, a.y + t * dy};
}

}  // namespace midlink
