#include "synth_points.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "synth_hash.hpp"

namespace midlink::workflow::england {
namespace {

Point scatter(const PopPlace& p, std::uint64_t seed, std::uint64_t stream, std::uint64_t key) {
    const double r = std::clamp(0.5 * p.spacing_m, 50.0, 3'000.0) * std::sqrt(unit(seed, stream, key));
    const double a = 2.0 * std::numbers::pi * unit(seed, stream + 1000, key);
    return {std::round(p.x + r * std::cos(a)), std::round(p.y + r * std::sin(a))};
}

}  // namespace

void set_spacing(std::vector<PopPlace>& places) {
    constexpr double kCell = 2'000.0;
    const auto key = [](double x, double y) {
        return (static_cast<std::int64_t>(std::floor(x / kCell)) << 20) ^ static_cast<std::int64_t>(std::floor(y / kCell));
    };
    std::unordered_map<std::int64_t, std::vector<std::size_t>> cells;
    for (std::size_t i = 0; i < places.size(); ++i) cells[key(places[i].x, places[i].y)].push_back(i);
    for (std::size_t i = 0; i < places.size(); ++i) {
        auto& p = places[i];
        double best = -1.0;
        for (int r = 0; r <= 40; ++r) {
            for (int dy = -r; dy <= r; ++dy) {
                for (int dx = -r; dx <= r; ++dx) {
                    if (std::max(std::abs(dx), std::abs(dy)) != r) continue;
                    const auto it = cells.find(key(p.x + dx * kCell, p.y + dy * kCell));
                    if (it == cells.end()) continue;
                    for (auto j : it->second) {
                        if (j == i) continue;
                        const double d = std::hypot(places[j].x - p.x, places[j].y - p.y);
                        if (best < 0.0 || d < best) best = d;
                    }
                }
            }
            if (best >= 0.0 && best <= r * kCell) break;
        }
        p.spacing_m = best < 0.0 ? 5'000.0 : best;
    }
}

std::vector<Origin> make_origins(const std::vector<PopPlace>& places, std::size_t count, std::uint64_t seed) {
    double total = 0.0;
    for (const auto& p : places) total += p.population;
    // Systematic sampling: LSOA i gets floor(C_i + u) - floor(C_(i-1) + u) points, C being
    // the running expected count, so the total is exactly `count`.
    const double offset = unit(seed, kOriginCount, 0);
    double cumulative = 0.0;
    auto before = static_cast<std::int64_t>(std::floor(offset));
    std::vector<Origin> out;
    out.reserve(count);
    for (std::size_t i = 0; i < places.size(); ++i) {
        const auto& p = places[i];
        cumulative += p.population * static_cast<double>(count) / total;
        const auto upto = std::min(static_cast<std::int64_t>(std::floor(cumulative + offset)), static_cast<std::int64_t>(count));
        const std::int64_t n = upto - before;
        before = upto;
        if (n <= 0) continue;
        const auto pop = static_cast<std::int64_t>(std::llround(p.population));
        for (std::int64_t k = 0; k < n; ++k) {
            const Point at = scatter(p, seed, kOriginPlace, (static_cast<std::uint64_t>(i) << 16) + static_cast<std::uint64_t>(k));
            out.push_back({at.x, at.y, pop / n + (k < pop % n ? 1 : 0)});
        }
    }
    return out;
}

std::vector<Point> pick_weighted(const std::vector<PopPlace>& places, std::size_t count, double min_separation_m,
                                 std::uint64_t seed, std::uint64_t stream) {
    std::vector<double> cumulative(places.size());
    double total = 0.0;
    for (std::size_t i = 0; i < places.size(); ++i) cumulative[i] = total += places[i].population;
    std::vector<Point> out;
    const double sep2 = min_separation_m * min_separation_m;
    for (std::uint64_t draw_no = 0; out.size() < count; ++draw_no) {
        const double u = unit(seed, stream, draw_no) * total;
        const auto i = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
        const Point at = scatter(places[std::min(i, places.size() - 1)], seed, stream + 100, draw_no);
        // Separation is a preference: after 50 draws per point it is dropped.
        const bool relaxed = draw_no > 50 * count;
        const bool clear = relaxed || std::none_of(out.begin(), out.end(), [&](const Point& q) {
            return (q.x - at.x) * (q.x - at.x) + (q.y - at.y) * (q.y - at.y) < sep2;
        });
        if (clear) out.push_back(at);
    }
    return out;
}

std::vector<std::size_t> subsample(std::size_t n, std::size_t count, std::uint64_t seed, std::uint64_t stream) {
    std::vector<std::size_t> idx(n);
    for (std::size_t i = 0; i < n; ++i) idx[i] = i;
    if (count < n) {
        std::nth_element(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(count), idx.end(),
                         [&](std::size_t a, std::size_t b) { return draw(seed, stream, a) < draw(seed, stream, b); });
        idx.resize(count);
        std::sort(idx.begin(), idx.end());
    }
    return idx;
}

}  // namespace midlink::workflow::england
