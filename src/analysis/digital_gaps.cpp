#include "midlink/analysis/digital_gaps.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace midlink::analysis {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

std::vector<LineString> cut_line(const LineString& line, double segment_m) {
    std::vector<LineString> out;
    if (line.size() < 2 || !(segment_m > 0.0)) return out;
    LineString current{line.front()};
    double left = segment_m;  // metres until the current piece is full
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        Point a = line[i];
        const Point b = line[i + 1];
        double seg = distance_m(a, b);
        while (seg >= left && seg > 0.0) {
            const double t = left / seg;
            const Point cut{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            current.push_back(cut);
            out.push_back(std::move(current));
            current = {cut};
            a = cut;
            seg -= left;
            left = segment_m;
        }
        if (seg > 0.0) {
            current.push_back(b);
            left -= seg;
        }
    }
    // A remainder shorter than a millimetre is rounding, not a segment.
    if (current.size() >= 2 && length_m(current) > 1e-3) out.push_back(std::move(current));
    if (out.empty()) out.push_back(line);
    return out;
}

double SegmentCoverage::share() const { return premises > 0.0 ? covered / premises : kNaN; }
double GapRun::share() const { return premises > 0.0 ? covered / premises : kNaN; }

SegmentCoverage weight_segment(std::span<const Overlap> overlaps, std::span<const AreaCounts> areas,
                               std::span<const double> area_m2) {
    SegmentCoverage sc;
    for (const auto& o : overlaps) {
        sc.areas.push_back(o.area);
        const auto& a = areas[o.area];
        if (!(area_m2[o.area] > 0.0)) continue;
        if (std::isnan(a.premises) || std::isnan(a.covered)) {
            sc.unknown_premises_m2 += o.overlap_m2;
            continue;
        }
        const double f = std::min(1.0, o.overlap_m2 / area_m2[o.area]);
        sc.premises += a.premises * f;
        sc.covered += a.covered * f;
    }
    std::sort(sc.areas.begin(), sc.areas.end());
    sc.areas.erase(std::unique(sc.areas.begin(), sc.areas.end()), sc.areas.end());
    return sc;
}

std::vector<GapRun> find_gap_runs(std::span<const SegmentCoverage> segments, std::span<const double> segment_km,
                                  double threshold) {
    std::vector<GapRun> runs;
    double at_km = 0.0;
    bool open = false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const double share = segments[i].share();
        const bool below = !std::isnan(share) && share < threshold;
        if (below) {
            if (!open) {
                runs.push_back({});
                runs.back().first = i;
                runs.back().from_km = at_km;
                open = true;
            }
            GapRun& r = runs.back();
            r.last = i;
            r.to_km = at_km + segment_km[i];
            r.premises += segments[i].premises;
            r.covered += segments[i].covered;
            r.areas.insert(r.areas.end(), segments[i].areas.begin(), segments[i].areas.end());
        } else {
            open = false;
        }
        at_km += segment_km[i];
    }
    for (auto& r : runs) {
        std::sort(r.areas.begin(), r.areas.end());
        r.areas.erase(std::unique(r.areas.begin(), r.areas.end()), r.areas.end());
    }
    return runs;
}

double digital_gap(double below_uso, double gigabit, double white, const GapWeights& w) {
    double sum = 0.0, weight = 0.0;
    const auto add = [&](double value, double wt) {
        if (std::isnan(value) || wt == 0.0) return;
        sum += wt * value;
        weight += wt;
    };
    add(below_uso, w.below_uso);
    add(std::isnan(gigabit) ? kNaN : 1.0 - gigabit, w.not_gigabit);
    add(white, w.white);
    return weight > 0.0 ? sum / weight : kNaN;
}

std::vector<double> transport_gaps(std::span<const double> values, bool time_like, double ref_percentile) {
    std::vector<double> known;
    for (double v : values)
        if (!std::isnan(v)) known.push_back(v);
    std::sort(known.begin(), known.end());
    std::vector<double> out(values.size(), kNaN);
    if (known.empty()) return out;
    if (time_like) {
        for (std::size_t i = 0; i < values.size(); ++i) {
            if (std::isnan(values[i])) continue;
            const auto below = std::lower_bound(known.begin(), known.end(), values[i]) - known.begin();
            out[i] = static_cast<double>(below) / static_cast<double>(known.size());
        }
        return out;
    }
    // Nearest-rank percentile: the smallest value with at least p% of values at or below it.
    const double p = std::clamp(ref_percentile, 0.0, 100.0);
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(known.size())));
    const double ref = known[std::min(known.size() - 1, rank == 0 ? 0 : rank - 1)];
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) continue;
        out[i] = ref > 0.0 ? std::max(0.0, 1.0 - values[i] / ref) : 0.0;
    }
    return out;
}

double gap_score(double exposure, double transport_gap, double digital_gap_value, const GapWeights& w) {
    if (std::isnan(exposure) || std::isnan(transport_gap) || std::isnan(digital_gap_value)) return kNaN;
    if (w.product) return exposure * transport_gap * digital_gap_value;
    const double total = w.transport + w.digital;
    if (total <= 0.0) return kNaN;
    return exposure * (w.transport * transport_gap + w.digital * digital_gap_value) / total;
}

}  // namespace midlink::analysis
