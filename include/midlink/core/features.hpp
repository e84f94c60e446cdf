#pragma once
// Plain point and area features in the working CRS, as io readers produce them for
// accessibility, coverage and aggregation. Geometry for output is kept as WKB so analyses
// never need a geometry library.
#include <cstdint>
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink {

struct PointFeature {
    std::string id;            // from the id field, else the row/FID number as text
    Point xy;                  // working CRS
    double weight = 1.0;       // opportunities, capacity, population...
    std::string category;      // empty when no category field
    std::int64_t row = -1;     // FID or 1-based data row, for messages
    /// Fields kept on request (PointLayerOptions::keep_fields), by field name; "" = NULL.
    std::vector<std::pair<std::string, std::string>> attributes;

    [[nodiscard]] const std::string* attribute(const std::string& name) const {
        for (const auto& [k, v] : attributes) {
            if (k == name) return &v;
        }
        return nullptr;
    }
};

enum class RepresentativePoint : std::uint8_t {
    Supplied,        // from an origin-points layer/table keyed by the area code
    PointOnSurface,  // computed: guaranteed inside the polygon (GEOS PointOnSurface)
};

struct AreaFeature {
    std::string id;
    Point representative;                        // working CRS
    RepresentativePoint representative_kind = RepresentativePoint::PointOnSurface;
    std::vector<std::uint8_t> wkb;               // (Multi)Polygon in the working CRS
    BBox bbox;
    std::int64_t row = -1;
    /// Further attributes kept from the layer (e.g. LADCD_ACTIVE), by field name.
    std::vector<std::pair<std::string, std::string>> attributes;

    [[nodiscard]] const std::string* attribute(const std::string& name) const {
        for (const auto& [k, v] : attributes) {
            if (k == name) return &v;
        }
        return nullptr;
    }
};

}  // namespace midlink
