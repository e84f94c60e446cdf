#include "midlink/graph/snapper.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <limits>
#include <mutex>

namespace midlink::graph {
namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BSegment = bg::model::segment<BPoint>;
struct SegmentRef {
    LinkId link;
    std::uint32_t index;  // segment index within the link's line
};
using Value = std::pair<BSegment, SegmentRef>;

// Distances closer than this are ties (then the smaller link id wins).
constexpr double kTie = 1e-9;
// Grid cells a search may read before the R-tree takes over (points far from the network,
// where rings of cells around them are mostly empty).
constexpr std::int64_t kMaxCells = 1 << 15;

// Same line within a centimetre per vertex: link tables draw both directions straight
// between the same nodes, GMNS/OGR inputs may repeat a shared geometry reversed.
bool same_line_reversed(const LineString& a, const LineString& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (distance_m(a[i], b[b.size() - 1 - i]) > 0.01) return false;
    }
    return true;
}

// A uniform grid over the network's box: per cell, the link segments that pass through it
// (a segment is listed in every cell it touches) and the snappable nodes in it, each as
// a compressed sparse row. A nearest-segment query searches rings of cells outwards until
// no unseen cell can hold anything nearer; no allocation per query.
struct SnapGrid {
    struct Entry {
        LinkId link;
        std::uint32_t point;  // index of the segment's first point in Impl::line_points
    };
    double origin_x = 0.0, origin_y = 0.0, cell = 1.0;
    std::int64_t cols = 0, rows = 0;
    double slack = 0.0;  // rounding allowance of cell arithmetic, in metres
    std::vector<std::uint32_t> segment_first;  // cols*rows + 1
    std::vector<Entry> segments;
    std::vector<std::uint32_t> node_first;  // cols*rows + 1
    std::vector<NodeId> nodes;

    // Column and row of a coordinate, clamped to the grid (clamped as doubles first: a point
    // far away must not overflow the integer).
    [[nodiscard]] std::int64_t col_of(double x) const { return index_of((x - origin_x) / cell, cols); }
    [[nodiscard]] std::int64_t row_of(double y) const { return index_of((y - origin_y) / cell, rows); }
    static std::int64_t index_of(double v, std::int64_t n) {
        const double f = std::floor(v);
        return f <= 0.0 ? 0 : f >= static_cast<double>(n - 1) ? n - 1 : static_cast<std::int64_t>(f);
    }
    [[nodiscard]] std::size_t cell_index(std::int64_t c, std::int64_t r) const {
        return static_cast<std::size_t>(r * cols + c);
    }
    // Squared distance from p to the box of cell (c, r).
    [[nodiscard]] double cell_distance2(const Point& p, std::int64_t c, std::int64_t r) const {
        const double x0 = origin_x + static_cast<double>(c) * cell, y0 = origin_y + static_cast<double>(r) * cell;
        const double dx = std::max({x0 - p.x, 0.0, p.x - (x0 + cell)});
        const double dy = std::max({y0 - p.y, 0.0, p.y - (y0 + cell)});
        return dx * dx + dy * dy;
    }
    // Every cell segment a-b touches (conservatively: a hair more, never less), column by column.
    template <class Visit>
    void for_cells(const Point& a, const Point& b, const Visit& visit) const {
        const double pad = slack;
        const std::int64_t c0 = col_of(std::min(a.x, b.x) - pad), c1 = col_of(std::max(a.x, b.x) + pad);
        const double dx = b.x - a.x;
        for (std::int64_t c = c0; c <= c1; ++c) {
            double ylo = std::min(a.y, b.y), yhi = std::max(a.y, b.y);
            if (c0 != c1 && dx != 0.0) {
                const double xl = std::max(std::min(a.x, b.x), origin_x + static_cast<double>(c) * cell);
                const double xr = std::min(std::max(a.x, b.x), origin_x + static_cast<double>(c + 1) * cell);
                const double s = (b.y - a.y) / dx;
                const double yl = a.y + (xl - a.x) * s, yr = a.y + (xr - a.x) * s;
                ylo = std::max(ylo, std::min(yl, yr));
                yhi = std::min(yhi, std::max(yl, yr));
            }
            const std::int64_t r0 = row_of(ylo - pad), r1 = row_of(yhi + pad);
            for (std::int64_t r = r0; r <= r1; ++r) visit(cell_index(c, r));
        }
    }
};
}  // namespace

struct Snapper::Impl {
    const RoadGraph& graph;
    SnapOptions options;
    std::vector<EdgeId> along;            // per link: drawing-order edge (own or twin)
    std::vector<EdgeId> against;          // per link: reverse edge (own or twin)
    std::vector<std::uint32_t> line_first;  // per link + 1: its line (drawing order) in line_points
    std::vector<Point> line_points;
    std::vector<double> line_length_m;    // per link
    std::size_t segment_count = 0;
    SnapGrid grid;
    // Far points (beyond kMaxCells cells): the R-tree, built on first need.
    mutable std::once_flag tree_once;
    mutable bgi::rtree<Value, bgi::rstar<16>> tree;

    Impl(const RoadGraph& g, SnapOptions o) : graph(g), options(o) {
        const auto links = g.link_count();
        along.assign(links, kInvalidEdge);
        against.assign(links, kInvalidEdge);
        std::vector<NodeId> tail(g.edge_count());
        for (NodeId v = 0; v < g.node_count(); ++v) {
            for (EdgeId e = g.first_out[v]; e < g.first_out[v + 1]; ++e) tail[e] = v;
        }
        const auto usable = [&](EdgeId e) { return options.connectors || g.edge_class[e] != RoadClass::Connector; };
        std::vector<std::uint8_t> node_usable(g.node_count(), 0);
        for (EdgeId e = 0; e < g.edge_count(); ++e) {
            if (!usable(e)) continue;
            node_usable[tail[e]] = node_usable[g.head[e]] = 1;
            const LinkId l = g.edge_link[e];
            auto& slot = (g.edge_flags[e] & kReversed) ? against[l] : along[l];
            if (slot == kInvalidEdge) slot = e;
        }
        add_twins(tail, usable);
        line_length_m.assign(links, 0.0);
        line_first.assign(static_cast<std::size_t>(links) + 1, 0);
        for (LinkId l = 0; l < links; ++l) {
            line_first[l] = static_cast<std::uint32_t>(line_points.size());
            if (along[l] == kInvalidEdge && against[l] == kInvalidEdge) continue;  // no target
            const auto [first, last] = g.link_point_range(l);
            LineString line(g.link_points.begin() + first, g.link_points.begin() + last);
            if (line.size() < 2 && g.has_coordinates()) {
                // Links without their own geometry run straight between their nodes.
                const EdgeId e = along[l] != kInvalidEdge ? along[l] : against[l];
                line = {g.node_xy[tail[e]], g.node_xy[g.head[e]]};
                if (along[l] == kInvalidEdge) std::swap(line[0], line[1]);
            }
            if (line.size() >= 2) segment_count += line.size() - 1;
            line_length_m[l] = length_m(line);
            line_points.insert(line_points.end(), line.begin(), line.end());
        }
        line_first[links] = static_cast<std::uint32_t>(line_points.size());
        build_grid(node_usable);
    }

    [[nodiscard]] const Point* line(LinkId l) const { return line_points.data() + line_first[l]; }
    [[nodiscard]] std::uint32_t line_size(LinkId l) const { return line_first[l + 1] - line_first[l]; }

    void build_grid(const std::vector<std::uint8_t>& node_usable) {
        if (segment_count == 0) return;
        const RoadGraph& g = graph;
        BBox box;
        for (const Point& p : line_points) box.expand(p);
        const bool with_nodes = g.has_coordinates();
        if (with_nodes) {
            for (NodeId v = 0; v < g.node_count(); ++v) {
                if (node_usable[v]) box.expand(g.node_xy[v]);
            }
        }
        // About one segment per cell: a query then reads a few cells of a few segments.
        const double w = box.max_x - box.min_x, h = box.max_y - box.min_y;
        const auto n = static_cast<double>(segment_count);
        double cell = std::sqrt(w * h / n);
        cell = std::max({cell, std::max(w, h) / n, 1e-3});
        while ((std::floor(w / cell) + 1) * (std::floor(h / cell) + 1) > 4 * n + 16) cell *= 1.5;
        grid.cell = cell;
        grid.origin_x = box.min_x;
        grid.origin_y = box.min_y;
        grid.cols = static_cast<std::int64_t>(std::floor(w / cell)) + 1;
        grid.rows = static_cast<std::int64_t>(std::floor(h / cell)) + 1;
        grid.slack = 1e-9 * (cell + std::max({std::abs(box.min_x), std::abs(box.max_x), std::abs(box.min_y), std::abs(box.max_y)}));
        const auto cells = static_cast<std::size_t>(grid.cols * grid.rows);
        // Two passes over the segments: count per cell, then fill.
        grid.segment_first.assign(cells + 1, 0);
        auto each_segment = [&](const auto& fn) {
            for (LinkId l = 0; l < g.link_count(); ++l) {
                for (std::uint32_t k = line_first[l]; k + 1 < line_first[l + 1]; ++k) fn(l, k);
            }
        };
        each_segment([&](LinkId, std::uint32_t k) {
            grid.for_cells(line_points[k], line_points[k + 1], [&](std::size_t c) { ++grid.segment_first[c + 1]; });
        });
        for (std::size_t c = 0; c < cells; ++c) grid.segment_first[c + 1] += grid.segment_first[c];
        grid.segments.resize(grid.segment_first[cells]);
        std::vector<std::uint32_t> fill(grid.segment_first.begin(), grid.segment_first.end() - 1);
        each_segment([&](LinkId l, std::uint32_t k) {
            grid.for_cells(line_points[k], line_points[k + 1], [&](std::size_t c) { grid.segments[fill[c]++] = {l, k}; });
        });
        grid.node_first.assign(cells + 1, 0);
        if (!with_nodes) return;
        for (NodeId v = 0; v < g.node_count(); ++v) {
            if (node_usable[v]) ++grid.node_first[grid.cell_index(grid.col_of(g.node_xy[v].x), grid.row_of(g.node_xy[v].y)) + 1];
        }
        for (std::size_t c = 0; c < cells; ++c) grid.node_first[c + 1] += grid.node_first[c];
        grid.nodes.resize(grid.node_first[cells]);
        fill.assign(grid.node_first.begin(), grid.node_first.end() - 1);
        for (NodeId v = 0; v < g.node_count(); ++v) {
            if (node_usable[v]) grid.nodes[fill[grid.cell_index(grid.col_of(g.node_xy[v].x), grid.row_of(g.node_xy[v].y))]++] = v;
        }
    }

    const bgi::rtree<Value, bgi::rstar<16>>& rtree() const {
        std::call_once(tree_once, [this] {
            std::vector<Value> values;
            values.reserve(segment_count);
            for (LinkId l = 0; l < graph.link_count(); ++l) {
                const Point* pts = line(l);
                for (std::uint32_t i = 0; i + 1 < line_size(l); ++i) {
                    values.push_back({BSegment(BPoint(pts[i].x, pts[i].y), BPoint(pts[i + 1].x, pts[i + 1].y)), SegmentRef{l, i}});
                }
            }
            tree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());  // bulk load
        });
        return tree;
    }

    // The nearest segment so far: link, its first point in line_points, distance, the point
    // on it and its parameter. A candidate replaces it when nearer by more than kTie, or as
    // near with a smaller link id (then an earlier segment of the link).
    struct Nearest {
        double d = std::numeric_limits<double>::infinity();
        LinkId link = 0;
        std::uint32_t point = 0;
        Point on;
        double t = 0.0;
        bool found = false;
        void consider(const Point& p, const Point& a, const Point& b, LinkId l, std::uint32_t k) {
            double s = 0.0;
            const Point q = project_on_segment(p, a, b, s);
            // hypot() is slow; the plain square root of the same sum is within a few ulps of
            // it, so a candidate clearly beyond the best so far is dropped without it.
            const double dx = p.x - q.x, dy = p.y - q.y, reach = d + kTie;
            if (dx * dx + dy * dy > reach * reach * (1.0 + 1e-9)) return;
            const double dq = distance_m(p, q);
            if (dq < d - kTie || (std::abs(dq - d) <= kTie && (l < link || (l == link && k < point)))) {
                d = dq;
                link = l;
                point = k;
                on = q;
                t = s;
                found = true;
            }
        }
    };

    // Grid search; false when it would read more than kMaxCells cells (a point far from the
    // network: the R-tree answers those).
    bool nearest_in_grid(const Point& p, Nearest& best) const {
        const std::int64_t cx = grid.col_of(p.x), cy = grid.row_of(p.y);  // clamped: p may lie outside
        const SnapGrid::Entry* entries = grid.segments.data();
        const std::uint32_t* first = grid.segment_first.data();
        std::int64_t cells_read = 0;
        auto scan = [&](std::int64_t c, std::int64_t r) {
            if (c < 0 || r < 0 || c >= grid.cols || r >= grid.rows) return;
            ++cells_read;
            if (best.found) {
                const double reach = best.d + kTie + grid.slack;
                if (grid.cell_distance2(p, c, r) > reach * reach) return;
            }
            const std::size_t cell = grid.cell_index(c, r);
            for (std::uint32_t k = first[cell]; k < first[cell + 1]; ++k) {
                const SnapGrid::Entry e = entries[k];
                best.consider(p, line_points[e.point], line_points[e.point + 1], e.link, e.point);
            }
        };
        const double gx0 = grid.origin_x, gy0 = grid.origin_y;
        const double gx1 = gx0 + static_cast<double>(grid.cols) * grid.cell, gy1 = gy0 + static_cast<double>(grid.rows) * grid.cell;
        auto box_distance2 = [&](double x0, double y0, double x1, double y1) {
            const double dx = std::max({x0 - p.x, 0.0, p.x - x1}), dy = std::max({y0 - p.y, 0.0, p.y - y1});
            return dx * dx + dy * dy;
        };
        for (std::int64_t r = 0; cells_read <= kMaxCells; ++r) {
            if (r == 0) {
                scan(cx, cy);
            } else {
                for (std::int64_t c = cx - r; c <= cx + r; ++c) {
                    scan(c, cy - r);
                    scan(c, cy + r);
                }
                for (std::int64_t y = cy - r + 1; y <= cy + r - 1; ++y) {
                    scan(cx - r, y);
                    scan(cx + r, y);
                }
            }
            // Anything unseen lies in the grid outside the searched block of cells: in one of
            // the four boxes beside it, each at least `bound` away.
            const double x0 = gx0 + static_cast<double>(cx - r) * grid.cell, x1 = gx0 + static_cast<double>(cx + r + 1) * grid.cell;
            const double y0 = gy0 + static_cast<double>(cy - r) * grid.cell, y1 = gy0 + static_cast<double>(cy + r + 1) * grid.cell;
            constexpr double kInf = std::numeric_limits<double>::infinity();
            const double bound2 = std::min({cx - r > 0 ? box_distance2(gx0, gy0, x0, gy1) : kInf,
                                            cx + r < grid.cols - 1 ? box_distance2(x1, gy0, gx1, gy1) : kInf,
                                            cy - r > 0 ? box_distance2(gx0, gy0, gx1, y0) : kInf,
                                            cy + r < grid.rows - 1 ? box_distance2(gx0, y1, gx1, gy1) : kInf});
            if (bound2 == kInf) return best.found;  // the whole grid is searched
            if (best.found) {
                const double reach = best.d + kTie + grid.slack;
                if (reach * reach < bound2) return true;
            }
        }
        return false;
    }

    void nearest_in_tree(const Point& p, Nearest& best) const {
        best = Nearest{};
        const BPoint q(p.x, p.y);
        // Several candidates so equal distances resolve by link id, not by tree layout.
        const auto& t = rtree();
        for (auto it = t.qbegin(bgi::nearest(q, 8)); it != t.qend(); ++it) {
            const auto& ref = it->second;
            const std::uint32_t k = line_first[ref.link] + ref.index;
            best.consider(p, line_points[k], line_points[k + 1], ref.link, k);
        }
    }

    // The nearest snappable node (ties by smaller id) if it is within the node tolerance.
    [[nodiscard]] NodeId node_within_tolerance(const Point& p, double& node_d) const {
        node_d = std::numeric_limits<double>::infinity();
        if (grid.nodes.empty()) return kInvalidNode;
        const double reach = options.node_tolerance_m + kTie + grid.slack;
        const double grid_x1 = grid.origin_x + static_cast<double>(grid.cols) * grid.cell;
        const double grid_y1 = grid.origin_y + static_cast<double>(grid.rows) * grid.cell;
        if (p.x + reach < grid.origin_x || p.y + reach < grid.origin_y || p.x - reach > grid_x1 || p.y - reach > grid_y1) {
            return kInvalidNode;
        }
        NodeId node = kInvalidNode;
        const std::int64_t c0 = grid.col_of(p.x - reach), c1 = grid.col_of(p.x + reach);
        const std::int64_t r0 = grid.row_of(p.y - reach), r1 = grid.row_of(p.y + reach);
        for (std::int64_t r = r0; r <= r1; ++r) {
            for (std::int64_t c = c0; c <= c1; ++c) {
                const std::size_t cell = grid.cell_index(c, r);
                for (std::uint32_t k = grid.node_first[cell]; k < grid.node_first[cell + 1]; ++k) {
                    const NodeId v = grid.nodes[k];
                    // As in Nearest::consider: a node clearly beyond the best so far (it
                    // cannot win even a tie) is dropped without hypot().
                    const double dx = p.x - graph.node_xy[v].x, dy = p.y - graph.node_xy[v].y, within = node_d + kTie;
                    if (dx * dx + dy * dy > within * within * (1.0 + 1e-9)) continue;
                    const double d = distance_m(p, graph.node_xy[v]);
                    if (d < node_d - kTie || (std::abs(d - node_d) <= kTie && v < node)) {
                        node_d = d;
                        node = v;
                    }
                }
            }
        }
        return node != kInvalidNode && node_d <= options.node_tolerance_m ? node : kInvalidNode;
    }

    // A link with a single direction gets the other from a reverse twin: an edge between
    // the same nodes the other way with the same geometry (a link-table model's other
    // direction of the same road). Cheapest twin in time wins; ties by smaller edge id.
    template <class Usable>
    void add_twins(const std::vector<NodeId>& tail, const Usable& usable) {
        const RoadGraph& g = graph;
        for (LinkId l = 0; l < g.link_count(); ++l) {
            const bool has_along = along[l] != kInvalidEdge;
            if (has_along == (against[l] != kInvalidEdge)) continue;  // both or none
            const EdgeId e = has_along ? along[l] : against[l];
            const NodeId from = g.head[e], to = tail[e];
            EdgeId twin = kInvalidEdge;
            LineString line;
            for (EdgeId r = g.first_out[from]; r < g.first_out[from + 1]; ++r) {
                if (g.head[r] != to || g.edge_link[r] == l || !usable(r)) continue;
                if (twin != kInvalidEdge && g.time_weight[r] >= g.time_weight[twin]) continue;
                if (line.empty()) line = g.edge_geometry(e);
                if (same_line_reversed(line, g.edge_geometry(r))) twin = r;
            }
            if (twin != kInvalidEdge) (has_along ? against[l] : along[l]) = twin;
        }
    }
};

Snapper::Snapper(const RoadGraph& graph, SnapOptions options) : m_impl(std::make_unique<Impl>(graph, options)) {}
Snapper::~Snapper() = default;

const SnapOptions& Snapper::options() const { return m_impl->options; }

Snap Snapper::snap(const Point& p, double max_distance_m) const {
    Snap best;
    if (!is_finite(p) || m_impl->segment_count == 0) return best;
    Impl::Nearest nearest;
    if (!m_impl->nearest_in_grid(p, nearest)) m_impl->nearest_in_tree(p, nearest);
    const Point* line = m_impl->line(nearest.link);
    const std::uint32_t index = nearest.point - m_impl->line_first[nearest.link];
    double before = 0.0;
    for (std::uint32_t i = 0; i < index; ++i) before += distance_m(line[i], line[i + 1]);
    before += nearest.t * distance_m(line[index], line[index + 1]);
    const double total = m_impl->line_length_m[nearest.link];
    best.link = nearest.link;
    best.point = nearest.on;
    best.fraction = total > 0.0 ? std::clamp(before / total, 0.0, 1.0) : 0.0;
    best.distance_m = nearest.d;
    best.ok = nearest.d <= max_distance_m;
    best.along = m_impl->along[best.link];
    best.against = m_impl->against[best.link];

    // A point on a node is that node, whatever link the search above found first.
    double node_d = 0.0;
    const NodeId node = m_impl->node_within_tolerance(p, node_d);
    if (node != kInvalidNode) {
        best.node = node;
        best.point = m_impl->graph.node_xy[node];
        best.distance_m = node_d;
        best.ok = node_d <= max_distance_m;
        best.along = best.against = kInvalidEdge;
    }
    return best;
}

}  // namespace midlink::graph
