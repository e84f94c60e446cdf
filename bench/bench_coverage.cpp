// Point-in-polygon throughput for counting premises into areas: midlink's AreaIndex (GEOS
// prepared geometries behind an STR tree) against plain GEOS loops without prepared
// geometries, on the 6,421 Midlands LSOA21 polygons and seeded synthetic premises.
#include <benchmark/benchmark.h>
#include <geos_c.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <random>

#include "midlink/io/coverage_readers.hpp"
#include "midlink/io/feature_readers.hpp"

#ifndef MIDLINK_GEODATA
#define MIDLINK_GEODATA "../shared/geodata"
#endif

namespace {

struct Inputs {
    std::vector<midlink::AreaFeature> areas;
    std::vector<midlink::Point> points;  // inside some LSOA's bbox; most inside the LSOA
    std::string error;
};

// Premises drawn in random areas' bounding boxes (seeded), so dense areas are not favoured
// and nearly every point lands in some area, as real premises do.
const Inputs& inputs() {
    static const Inputs in = [] {
        Inputs r;
        const std::string dir = std::string(MIDLINK_GEODATA) + "/drkane-geo-lookups/lsoa21";
        if (!std::filesystem::is_directory(dir)) {
            r.error = "input not found: " + dir;
            return r;
        }
        midlink::Diagnostics d;
        midlink::io::AreaLayerOptions o;
        o.path = dir;
        o.id_field = "LSOA21CD";
        r.areas = midlink::io::read_areas(o, d);
        std::mt19937_64 rng(20261128);
        std::uniform_int_distribution<std::size_t> pick(0, r.areas.size() - 1);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (int i = 0; i < 200000; ++i) {
            const auto& b = r.areas[pick(rng)].bbox;
            r.points.push_back({b.min_x + u(rng) * (b.max_x - b.min_x), b.min_y + u(rng) * (b.max_y - b.min_y)});
        }
        return r;
    }();
    return in;
}

void no_message(const char*, ...) {}

// The GEOS geometries of the areas, for the plain loops.
struct PlainGeos {
    GEOSContextHandle_t h = nullptr;
    std::vector<GEOSGeometry*> geoms;
    PlainGeos() {
        h = GEOS_init_r();
        GEOSContext_setErrorHandler_r(h, no_message);
        GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
        for (const auto& a : inputs().areas) geoms.push_back(GEOSWKBReader_read_r(h, reader, a.wkb.data(), a.wkb.size()));
        GEOSWKBReader_destroy_r(h, reader);
    }
    ~PlainGeos() {
        for (auto* g : geoms) GEOSGeom_destroy_r(h, g);
        GEOS_finish_r(h);
    }
    // First area (in input order) whose geometry intersects p, as AreaIndex's rule.
    std::int64_t locate(const midlink::Point& p, bool bbox_first) const {
        GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(h, p.x, p.y);
        std::int64_t found = -1;
        const auto& areas = inputs().areas;
        for (std::size_t i = 0; i < geoms.size(); ++i) {
            const auto& b = areas[i].bbox;
            if (bbox_first && (p.x < b.min_x || p.x > b.max_x || p.y < b.min_y || p.y > b.max_y)) continue;
            if (GEOSIntersects_r(h, geoms[i], pt) == 1) {
                found = static_cast<std::int64_t>(i);
                break;
            }
        }
        GEOSGeom_destroy_r(h, pt);
        return found;
    }
};

void BM_AreaIndexPreparedStrTree(benchmark::State& state) {
    const auto& in = inputs();
    if (!in.error.empty()) return state.SkipWithError(in.error.c_str());
    const std::vector<midlink::Point> pts(in.points.begin(), in.points.begin() + state.range(0));
    std::size_t located = 0;
    for (auto _ : state) {
        // Index build included: a coverage run builds it once per area layer.
        const auto out = midlink::io::locate_points(in.areas, pts);
        located = static_cast<std::size_t>(std::count_if(out.begin(), out.end(), [](auto a) { return a >= 0; }));
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["located"] = static_cast<double>(located);
}

void plain(benchmark::State& state, bool bbox_first) {
    const auto& in = inputs();
    if (!in.error.empty()) return state.SkipWithError(in.error.c_str());
    const PlainGeos g;
    std::size_t located = 0;
    for (auto _ : state) {
        located = 0;
        for (std::int64_t i = 0; i < state.range(0); ++i) located += g.locate(in.points[static_cast<std::size_t>(i)], bbox_first) >= 0;
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["located"] = static_cast<double>(located);
}
void BM_PlainGeosBboxThenIntersects(benchmark::State& state) { plain(state, true); }
void BM_PlainGeosIntersectsEveryArea(benchmark::State& state) { plain(state, false); }

}  // namespace

BENCHMARK(BM_AreaIndexPreparedStrTree)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainGeosBboxThenIntersects)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainGeosIntersectsEveryArea)->Arg(200)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
