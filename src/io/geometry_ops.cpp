#include "midlink/io/geometry_ops.hpp"

#include <geos_c.h>

#include <memory>
#include <string>

#include "geos_context.hpp"
#include "midlink/core/error.hpp"

namespace midlink::io {
namespace {

using geos::Context;
using GeomPtr = geos::GeometryPtr;

[[noreturn]] void fail(const Context& c, const std::string& what) {
    throw Error("GEOS " + what + " failed" + (c.last_error().empty() ? "" : ": " + c.last_error()));
}

GeomPtr own(const Context& c, GEOSGeometry* g, const char* what) {
    if (!g) fail(c, what);
    return c.own(g);
}

GeomPtr make_multilinestring(const Context& c, const std::vector<LineString>& lines) {
    std::vector<GEOSGeometry*> parts;
    parts.reserve(lines.size());
    std::vector<double> xy;
    for (const auto& line : lines) {
        if (line.size() < 2) continue;  // a point has no road to buffer
        xy.clear();
        for (const auto& p : line) {
            xy.push_back(p.x);
            xy.push_back(p.y);
        }
        GEOSCoordSequence* seq =
            GEOSCoordSeq_copyFromBuffer_r(c.handle(), xy.data(), static_cast<unsigned>(line.size()), 0, 0);
        GEOSGeometry* ls = seq ? GEOSGeom_createLineString_r(c.handle(), seq) : nullptr;
        if (!ls) {
            for (auto* g : parts) GEOSGeom_destroy_r(c.handle(), g);
            fail(c, "line construction");
        }
        parts.push_back(ls);
    }
    // The collection takes ownership of the parts.
    return own(c, GEOSGeom_createCollection_r(c.handle(), GEOS_MULTILINESTRING, parts.data(),
                                              static_cast<unsigned>(parts.size())),
               "collection construction");
}

// Polygon -> one-part MultiPolygon; anything empty or non-areal -> empty MultiPolygon, so
// every band row has the layer's geometry type.
GeomPtr as_multipolygon(const Context& c, GeomPtr g) {
    const int type = GEOSGeomTypeId_r(c.handle(), g.get());
    if (type == GEOS_MULTIPOLYGON && !GEOSisEmpty_r(c.handle(), g.get())) return g;
    if (type == GEOS_POLYGON && !GEOSisEmpty_r(c.handle(), g.get())) {
        GEOSGeometry* part = g.release();
        return own(c, GEOSGeom_createCollection_r(c.handle(), GEOS_MULTIPOLYGON, &part, 1), "multipolygon construction");
    }
    return own(c, GEOSGeom_createEmptyCollection_r(c.handle(), GEOS_MULTIPOLYGON), "empty multipolygon");
}

}  // namespace

std::vector<std::uint8_t> buffer_union_wkb(const std::vector<LineString>& lines, double buffer_m) {
    Context c;
    // Pieces meeting end to end are merged first: fewer, longer lines to buffer and union.
    const GeomPtr pieces = make_multilinestring(c, lines);
    const GeomPtr multi = own(c, GEOSLineMerge_r(c.handle(), pieces.get()), "line merge");
    // Each line is buffered on its own and the polygons are then merged by the cascaded
    // unary union. Buffering the whole MultiLineString at once gives the same polygon but
    // nodes every offset curve against every other: 40 s instead of about 1 s for the
    // 15-minute band of a market town.
    const int quadrant_segments = 8;
    const int n = GEOSGetNumGeometries_r(c.handle(), multi.get());
    std::vector<GEOSGeometry*> parts;
    parts.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        GEOSGeometry* b = GEOSBuffer_r(c.handle(), GEOSGetGeometryN_r(c.handle(), multi.get(), i), buffer_m, quadrant_segments);
        if (!b) {
            for (auto* p : parts) GEOSGeom_destroy_r(c.handle(), p);
            fail(c, "buffer");
        }
        parts.push_back(b);
    }
    const GeomPtr buffered = own(c, GEOSGeom_createCollection_r(c.handle(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                                static_cast<unsigned>(parts.size())),
                                 "collection construction");
    GeomPtr merged = own(c, GEOSUnaryUnion_r(c.handle(), buffered.get()), "union");
    const GeomPtr result = as_multipolygon(c, std::move(merged));
    return c.write_iso_wkb(*result);
}

double area_of_wkb(const std::vector<std::uint8_t>& wkb) {
    Context c;
    const GeomPtr g = c.read_wkb(wkb);
    if (!g) fail(c, "WKB reading");
    double area = 0.0;
    if (GEOSArea_r(c.handle(), g.get(), &area) != 1) fail(c, "area");
    return area;
}

}  // namespace midlink::io
