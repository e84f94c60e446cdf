#pragma once
// Private: one area polygon from OGR to what AreaFeature holds (ISO WKB MultiPolygon in the
// working CRS, bbox, point on surface), repairing invalid polygons on the way.
#include <ogr_geometry.h>

#include <optional>
#include <string>

#include "geos_context.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/io/crs_transform.hpp"

namespace midlink::io::detail {

class AreaGeometryBuilder {
  public:
    AreaGeometryBuilder(const CrsTransform& transform, Diagnostics& diagnostics)
        : m_transform(transform), m_diagnostics(diagnostics) {}

    /// Fills area.wkb, bbox, representative (PointOnSurface). False, with a diagnostic at
    /// `where`, when the geometry is not polygonal, cannot be transformed, or is empty or
    /// unrepairable.
    bool build(const OGRGeometry* source, const std::string& where, AreaFeature& area);

  private:
    /// The polygons of a repaired geometry as one MultiPolygon (null when there are none).
    geos::GeometryPtr polygonal_part(const GEOSGeometry& g) const;
    bool transform(OGRMultiPolygon& geom) const;

    const CrsTransform& m_transform;
    Diagnostics& m_diagnostics;
    geos::Context m_geos;
};

}  // namespace midlink::io::detail
