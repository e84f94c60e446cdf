#include "midlink/report/svg_geometry.hpp"

#include <algorithm>
#include <cmath>

namespace midlink::report {
namespace {

double segment_distance(const Point& p, const Point& a, const Point& b) {
    double t = 0.0;
    return distance_m(p, project_on_segment(p, a, b, t));
}

void dp_keep(const LineString& line, std::size_t first, std::size_t last, double tol,
             std::vector<char>& keep) {
    // Iterative over a stack so long lines cannot exhaust the call stack.
    std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        if (b <= a + 1) continue;
        double worst = -1.0;
        std::size_t at = a;
        for (std::size_t i = a + 1; i < b; ++i) {
            const double d = segment_distance(line[i], line[a], line[b]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        if (worst > tol) {
            keep[at] = 1;
            stack.emplace_back(a, at);
            stack.emplace_back(at, b);
        }
    }
}

// Whole-unit points, consecutive repeats removed.
std::vector<std::pair<long, long>> rounded(const LineString& pts) {
    std::vector<std::pair<long, long>> out;
    out.reserve(pts.size());
    for (const auto& p : pts) {
        const std::pair<long, long> q{std::lround(p.x), std::lround(p.y)};
        if (out.empty() || out.back() != q) out.push_back(q);
    }
    return out;
}

void append_path(std::string& d, const std::vector<std::pair<long, long>>& pts, bool close) {
    d += 'M';
    d += std::to_string(pts[0].first);
    d += ' ';
    d += std::to_string(pts[0].second);
    if (pts.size() > 1) d += 'l';
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const long dx = pts[i].first - pts[i - 1].first;
        const long dy = pts[i].second - pts[i - 1].second;
        if (i > 1 && dx >= 0) d += ' ';
        d += std::to_string(dx);
        if (dy >= 0) d += ' ';
        d += std::to_string(dy);
    }
    if (close) d += 'z';
}

// A ring simplified as two open halves split at the point farthest from its start, so
// that the start point is not privileged.
LineString simplify_ring(const LineString& ring, double tol, bool outer) {
    if (ring.size() < 4) return ring;
    std::size_t far = 0;
    double best = -1.0;
    for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
        const double d = distance_m(ring[0], ring[i]);
        if (d > best) {
            best = d;
            far = i;
        }
    }
    std::vector<char> keep(ring.size(), 0);
    keep[0] = keep[far] = keep[ring.size() - 1] = 1;
    dp_keep(ring, 0, far, tol, keep);
    dp_keep(ring, far, ring.size() - 1, tol, keep);
    LineString out;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        if (keep[i]) out.push_back(ring[i]);
    }
    if (out.size() < 4 && outer) {
        // Keep a visible triangle: the point farthest from the chord start-far.
        std::size_t third = 0;
        double d3 = -1.0;
        for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
            const double d = segment_distance(ring[i], ring[0], ring[far]);
            if (i != far && d > d3) {
                d3 = d;
                third = i;
            }
        }
        out.clear();
        for (std::size_t i :
             {std::size_t{0}, std::min(far, third), std::max(far, third), ring.size() - 1})
            out.push_back(ring[i]);
    }
    return out;
}

}  // namespace

MapFrame make_frame(BBox extent, double width, double margin) {
    if (extent.empty()) extent = BBox{0, 0, 1000, 1000};
    if (extent.max_x - extent.min_x < 1.0 && extent.max_y - extent.min_y < 1.0) {
        extent =
            BBox{extent.min_x - 500, extent.min_y - 500, extent.max_x + 500, extent.max_y + 500};
    }
    const double pad = margin * std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y);
    extent.min_x -= pad;
    extent.min_y -= pad;
    extent.max_x += pad;
    extent.max_y += pad;
    MapFrame f;
    f.extent = extent;
    // Very tall extents are fitted by height instead, so a map never runs off the page.
    const double dx = extent.max_x - extent.min_x;
    const double dy = extent.max_y - extent.min_y;
    f.scale = width / dx;
    if (dy * f.scale > 1.4 * width) f.scale = 1.4 * width / dy;
    f.width = std::ceil(dx * f.scale);
    f.height = std::ceil(dy * f.scale);
    return f;
}

LineString douglas_peucker(const LineString& line, double tol) {
    if (line.size() < 3) return line;
    std::vector<char> keep(line.size(), 0);
    keep.front() = keep.back() = 1;
    dp_keep(line, 0, line.size() - 1, tol, keep);
    LineString out;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (keep[i]) out.push_back(line[i]);
    }
    return out;
}

BBox shape_bbox(const midlink::Shape& shape) {
    BBox b;
    for (const auto& part : shape.parts) {
        for (const auto& p : part) b.expand(p);
    }
    return b;
}

std::string path_data(const midlink::Shape& shape, const MapFrame& frame, double tol) {
    std::string d;
    bool first_ring = true;
    for (const auto& part : shape.parts) {
        if (part.empty()) continue;
        LineString pts;
        pts.reserve(part.size());
        for (const auto& p : part) pts.push_back(frame.to_svg(p));
        if (shape.kind == midlink::Shape::Kind::Polygon) {
            // Only the shape's first ring (an outer ring) is kept when it collapses below
            // the resolution, so every area stays visible; tiny islands and holes go.
            // An even-odd fill draws holes whichever ring is which.
            auto r = rounded(simplify_ring(pts, tol, first_ring));
            first_ring = false;
            if (r.size() > 1 && r.front() == r.back()) r.pop_back();
            if (r.size() < 3) continue;
            append_path(d, r, true);
        } else if (shape.kind == midlink::Shape::Kind::Line) {
            const auto r = rounded(douglas_peucker(pts, tol));
            if (r.size() < 2) {
                if (!r.empty())
                    append_path(d, {r[0], {r[0].first + 1, r[0].second}},
                                false);  // shorter than a unit: a dot
                continue;
            }
            append_path(d, r, false);
        } else if (shape.kind == midlink::Shape::Kind::Point) {
            const auto r = rounded(pts);
            append_path(d, {r[0], {r[0].first, r[0].second}}, false);
        }
    }
    return d;
}

}  // namespace midlink::report
