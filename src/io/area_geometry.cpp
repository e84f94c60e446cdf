#include "area_geometry.hpp"

#include <cmath>

namespace midlink::io::detail {
namespace {

bool is_polygonal(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
        case wkbPolygon:
        case wkbMultiPolygon:
        case wkbCurvePolygon:
        case wkbMultiSurface:
            return true;
        default:
            return false;
    }
}

void collect_polygons(GEOSContextHandle_t h, const GEOSGeometry& g,
                      std::vector<GEOSGeometry*>& out) {
    const int type = GEOSGeomTypeId_r(h, &g);
    if (type == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(h, &g)) out.push_back(GEOSGeom_clone_r(h, &g));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(h, &g); ++i) {
            collect_polygons(h, *GEOSGetGeometryN_r(h, &g, i), out);
        }
    }
}

}  // namespace

bool AreaGeometryBuilder::transform(OGRMultiPolygon& geom) const {
    for (auto* polygon : geom) {
        for (auto* ring : *polygon) {
            for (int i = 0; i < ring->getNumPoints(); ++i) {
                Point p{ring->getX(i), ring->getY(i)};
                if (!m_transform.apply(p)) return false;
                ring->setPoint(i, p.x, p.y);
            }
        }
    }
    return true;
}

geos::GeometryPtr AreaGeometryBuilder::polygonal_part(const GEOSGeometry& g) const {
    const GEOSContextHandle_t h = m_geos.handle();
    std::vector<GEOSGeometry*> parts;
    collect_polygons(h, g, parts);
    if (parts.empty()) return m_geos.own(nullptr);
    // The collection takes ownership of the parts.
    return m_geos.own(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(),
                                                  static_cast<unsigned>(parts.size())));
}

bool AreaGeometryBuilder::build(const OGRGeometry* source, const std::string& where,
                                AreaFeature& area) {
    if (!source || source->IsEmpty()) {
        m_diagnostics.add("empty_geometry", where, "no geometry; area skipped");
        return false;
    }
    if (!is_polygonal(source->getGeometryType())) {
        m_diagnostics.add("not_a_polygon", where,
                          std::string("geometry is ") +
                              OGRGeometryTypeToName(source->getGeometryType()) + "; area skipped");
        return false;
    }
    // forceToMultiPolygon linearises curves; the clone is owned by the unique_ptr after it.
    std::unique_ptr<OGRGeometry> ogr(OGRGeometryFactory::forceToMultiPolygon(source->clone()));
    if (!ogr || wkbFlatten(ogr->getGeometryType()) != wkbMultiPolygon) {
        m_diagnostics.add("not_a_polygon", where,
                          "geometry cannot be read as polygons; area skipped");
        return false;
    }
    ogr->flattenTo2D();
    if (!transform(*ogr->toMultiPolygon())) {
        m_diagnostics.add(
            "invalid_coordinate", where,
            "a vertex is not finite or cannot be transformed to the working CRS; area skipped");
        return false;
    }
    std::vector<std::uint8_t> wkb(static_cast<std::size_t>(ogr->WkbSize()));
    ogr->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);

    const GEOSContextHandle_t h = m_geos.handle();
    geos::GeometryPtr g = m_geos.read_wkb(wkb);
    if (!g) {
        m_diagnostics.add("invalid_geometry", where,
                          "GEOS cannot read the polygon: " + m_geos.last_error());
        return false;
    }
    if (GEOSisValid_r(h, g.get()) != 1) {
        char* reason_raw = GEOSisValidReason_r(h, g.get());
        const std::string reason = reason_raw ? reason_raw : "invalid";
        GEOSFree_r(h, reason_raw);
        geos::GeometryPtr repaired = m_geos.own(GEOSMakeValid_r(h, g.get()));
        geos::GeometryPtr polygons = repaired ? polygonal_part(*repaired) : m_geos.own(nullptr);
        if (!polygons || GEOSisEmpty_r(h, polygons.get()) ||
            GEOSisValid_r(h, polygons.get()) != 1) {
            m_diagnostics.add("invalid_geometry", where,
                              "invalid polygon (" + reason + ") cannot be repaired; area skipped");
            return false;
        }
        double before = 0.0;
        double after = 0.0;
        GEOSArea_r(h, g.get(), &before);
        GEOSArea_r(h, polygons.get(), &after);
        m_diagnostics.add("invalid_geometry_repaired", where,
                          "invalid polygon (" + reason + ") repaired with MakeValid; area " +
                              std::to_string(std::lround(before)) + " -> " +
                              std::to_string(std::lround(after)) + " square units");
        g = std::move(polygons);
    }
    if (GEOSisEmpty_r(h, g.get())) {
        m_diagnostics.add("empty_geometry", where, "empty polygon; area skipped");
        return false;
    }
    geos::GeometryPtr surface_point = m_geos.own(GEOSPointOnSurface_r(h, g.get()));
    double x = NAN;
    double y = NAN;
    if (!surface_point || !GEOSGeomGetX_r(h, surface_point.get(), &x) ||
        !GEOSGeomGetY_r(h, surface_point.get(), &y)) {
        m_diagnostics.add("invalid_geometry", where,
                          "no point on surface: " + m_geos.last_error() + "; area skipped");
        return false;
    }
    area.representative = {x, y};
    area.representative_kind = RepresentativePoint::PointOnSurface;
    GEOSGeom_getXMin_r(h, g.get(), &area.bbox.min_x);
    GEOSGeom_getYMin_r(h, g.get(), &area.bbox.min_y);
    GEOSGeom_getXMax_r(h, g.get(), &area.bbox.max_x);
    GEOSGeom_getYMax_r(h, g.get(), &area.bbox.max_y);
    area.wkb = m_geos.write_iso_wkb(*g);
    return !area.wkb.empty();
}

}  // namespace midlink::io::detail
