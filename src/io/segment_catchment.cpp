#include "midlink/io/segment_catchment.hpp"

#include <geos_c.h>

#include <algorithm>
#include <limits>
#include <string>

#include "geos_context.hpp"
#include "midlink/core/error.hpp"

namespace midlink::io {
namespace {

using geos::Context;
using GeomPtr = geos::GeometryPtr;

GeomPtr own(const Context& c, GEOSGeometry* g, const char* what) {
    if (!g) throw Error(std::string("GEOS ") + what + " failed" + (c.last_error().empty() ? "" : ": " + c.last_error()));
    return c.own(g);
}

GeomPtr line_of(const Context& c, const LineString& line) {
    std::vector<double> xy;
    for (const auto& p : line) {
        xy.push_back(p.x);
        xy.push_back(p.y);
    }
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(c.handle(), xy.data(), static_cast<unsigned>(line.size()), 0, 0);
    return own(c, seq ? GEOSGeom_createLineString_r(c.handle(), seq) : nullptr, "line construction");
}

std::vector<GeomPtr> read_areas(const Context& c, const std::vector<AreaFeature>& areas) {
    std::vector<GeomPtr> out;
    out.reserve(areas.size());
    for (const auto& a : areas) {
        auto g = c.read_wkb(a.wkb);
        if (!g) throw Error("area '" + a.id + "': unreadable geometry: " + c.last_error());
        out.push_back(std::move(g));
    }
    return out;
}

double area_of(const Context& c, const GEOSGeometry* g) {
    double a = 0.0;
    if (!GEOSArea_r(c.handle(), g, &a)) throw Error("GEOS area failed: " + c.last_error());
    return a;
}

}  // namespace

std::vector<double> area_sizes_m2(const std::vector<AreaFeature>& areas) {
    Context c;
    const auto geoms = read_areas(c, areas);
    std::vector<double> out;
    for (const auto& g : geoms) out.push_back(area_of(c, g.get()));
    return out;
}

std::vector<SegmentCatchment> segment_catchments(const std::vector<LineString>& segments, double buffer_m,
                                                 const std::vector<AreaFeature>& areas, bool keep_geometry) {
    Context c;
    const auto area_geoms = read_areas(c, areas);
    GEOSSTRtree* tree = GEOSSTRtree_create_r(c.handle(), 10);
    if (!tree) throw Error("GEOS STRtree failed: " + c.last_error());
    // Indices are stored as pointers into this vector, which is not resized afterwards.
    std::vector<std::uint32_t> ids(areas.size());
    for (std::uint32_t i = 0; i < areas.size(); ++i) {
        ids[i] = i;
        GEOSSTRtree_insert_r(c.handle(), tree, area_geoms[i].get(), &ids[i]);
    }
    std::vector<SegmentCatchment> out(segments.size());
    // Pieces: each segment's flat-capped buffer less those of the segments before it (the
    // inner sides of bends), then what the whole line's round-capped buffer has left over
    // (outer wedges at bends, the two end caps) given to the nearest segment. The pieces
    // partition the line's buffer, and each lies beside its own segment.
    GEOSBufferParams* flat = GEOSBufferParams_create_r(c.handle());
    GEOSBufferParams_setEndCapStyle_r(c.handle(), flat, GEOSBUF_CAP_FLAT);
    GEOSBufferParams_setQuadrantSegments_r(c.handle(), flat, 8);
    std::vector<GeomPtr> lines, flats, pieces;
    LineString whole;
    for (const auto& seg : segments) {
        for (const auto& p : seg)
            if (whole.empty() || !(whole.back() == p)) whole.push_back(p);
    }
    for (std::size_t k = 0; k < segments.size(); ++k) {
        if (segments[k].size() < 2) {
            lines.push_back(own(c, GEOSGeom_createEmptyLineString_r(c.handle()), "empty line"));
            flats.push_back(own(c, GEOSGeom_createEmptyPolygon_r(c.handle()), "empty polygon"));
            pieces.push_back(own(c, GEOSGeom_createEmptyPolygon_r(c.handle()), "empty polygon"));
            continue;
        }
        lines.push_back(line_of(c, segments[k]));
        flats.push_back(own(c, GEOSBufferWithParams_r(c.handle(), lines.back().get(), flat, buffer_m), "buffer"));
        GeomPtr piece = own(c, GEOSGeom_clone_r(c.handle(), flats.back().get()), "clone");
        for (std::size_t i = 0; i < k; ++i) {
            if (GEOSisEmpty_r(c.handle(), flats[i].get())) continue;
            if (GEOSIntersects_r(c.handle(), flats[i].get(), piece.get()) != 1) continue;
            piece = own(c, GEOSDifference_r(c.handle(), piece.get(), flats[i].get()), "difference");
        }
        pieces.push_back(std::move(piece));
    }
    GEOSBufferParams_destroy_r(c.handle(), flat);
    if (whole.size() >= 2 && !pieces.empty()) {
        const GeomPtr full = own(c, GEOSBuffer_r(c.handle(), line_of(c, whole).get(), buffer_m, 8), "buffer");
        std::vector<GEOSGeometry*> parts;
        for (const auto& p : pieces) parts.push_back(GEOSGeom_clone_r(c.handle(), p.get()));
        const GeomPtr all = own(c, GEOSGeom_createCollection_r(c.handle(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                               static_cast<unsigned>(parts.size())),
                                "collection");
        const GeomPtr covered = own(c, GEOSUnaryUnion_r(c.handle(), all.get()), "union");
        const GeomPtr rest = own(c, GEOSDifference_r(c.handle(), full.get(), covered.get()), "difference");
        const int n = GEOSGetNumGeometries_r(c.handle(), rest.get());
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(c.handle(), rest.get(), i);
            if (GEOSisEmpty_r(c.handle(), part)) continue;
            std::size_t best = 0;
            double best_d = std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k < lines.size(); ++k) {
                if (GEOSisEmpty_r(c.handle(), lines[k].get())) continue;
                double d = 0.0;
                if (GEOSDistance_r(c.handle(), part, lines[k].get(), &d) && d < best_d) {
                    best_d = d;
                    best = k;
                }
            }
            pieces[best] = own(c, GEOSUnion_r(c.handle(), pieces[best].get(), part), "union");
        }
    }
    for (std::size_t k = 0; k < segments.size(); ++k) {
        const GeomPtr& piece = pieces[k];
        SegmentCatchment& sc = out[k];
        sc.piece_m2 = area_of(c, piece.get());
        if (GEOSisEmpty_r(c.handle(), piece.get())) continue;
        std::vector<std::uint32_t> hits;
        GEOSSTRtree_query_r(
            c.handle(), tree, piece.get(),
            [](void* item, void* user) { static_cast<std::vector<std::uint32_t>*>(user)->push_back(*static_cast<std::uint32_t*>(item)); },
            &hits);
        std::sort(hits.begin(), hits.end());
        for (std::uint32_t a : hits) {
            const GeomPtr inter = own(c, GEOSIntersection_r(c.handle(), piece.get(), area_geoms[a].get()), "intersection");
            const double m2 = area_of(c, inter.get());
            if (m2 > 0.0) sc.overlaps.push_back({a, m2});
        }
        if (keep_geometry) sc.piece_wkb = c.write_iso_wkb(*piece);
    }
    GEOSSTRtree_destroy_r(c.handle(), tree);
    return out;
}

}  // namespace midlink::io
