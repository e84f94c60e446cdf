#include "midlink/io/dataset_info.hpp"

#include <geos_c.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "layer_style.hpp"
#include "midlink/core/error.hpp"

namespace midlink::io {
namespace {

/// A GEOS thread-safe context with a WKB reader; GEOS messages are dropped because an
/// invalid geometry is a count here, not an error.
class GeosValidator {
public:
    GeosValidator() : m_ctx(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(m_ctx, [](const char*, void*) {}, nullptr);
        GEOSContext_setNoticeMessageHandler_r(m_ctx, [](const char*, void*) {}, nullptr);
        m_reader = GEOSWKBReader_create_r(m_ctx);
    }
    ~GeosValidator() {
        GEOSWKBReader_destroy_r(m_ctx, m_reader);
        GEOS_finish_r(m_ctx);
    }
    GeosValidator(const GeosValidator&) = delete;
    GeosValidator& operator=(const GeosValidator&) = delete;

    bool is_valid(const OGRGeometry& geom) {
        std::vector<unsigned char> wkb(geom.WkbSize());
        if (geom.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) return false;
        GEOSGeometry* g = GEOSWKBReader_read_r(m_ctx, m_reader, wkb.data(), wkb.size());
        if (!g) return false;
        const char valid = GEOSisValid_r(m_ctx, g);
        GEOSGeom_destroy_r(m_ctx, g);
        return valid == 1;
    }

private:
    GEOSContextHandle_t m_ctx;
    GEOSWKBReader* m_reader = nullptr;
};

std::string geometry_type_name(OGRwkbGeometryType type) {
    std::string name;
    switch (wkbFlatten(type)) {
        case wkbNone: return "None";
        case wkbPoint: name = "Point"; break;
        case wkbLineString: name = "LineString"; break;
        case wkbPolygon: name = "Polygon"; break;
        case wkbMultiPoint: name = "MultiPoint"; break;
        case wkbMultiLineString: name = "MultiLineString"; break;
        case wkbMultiPolygon: name = "MultiPolygon"; break;
        case wkbGeometryCollection: name = "GeometryCollection"; break;
        case wkbUnknown: return "Unknown";
        default: name = OGRGeometryTypeToName(type); return name;
    }
    if (wkbHasZ(type)) name += " Z";
    return name;
}

struct GeometryCheck {
    std::int64_t non_finite = 0;  // coordinates
    bool short_line = false;      // a line with fewer than 2 points
};

void check_coordinates(const OGRGeometry& geom, GeometryCheck& check) {
    const auto flat = wkbFlatten(geom.getGeometryType());
    if (flat == wkbPoint) {
        const auto* p = geom.toPoint();
        if (!std::isfinite(p->getX()) || !std::isfinite(p->getY())) ++check.non_finite;
    } else if (OGR_GT_IsCurve(flat) && dynamic_cast<const OGRSimpleCurve*>(&geom)) {
        const auto* c = dynamic_cast<const OGRSimpleCurve*>(&geom);
        if (c->getNumPoints() < 2) check.short_line = true;
        for (int i = 0; i < c->getNumPoints(); ++i) {
            if (!std::isfinite(c->getX(i)) || !std::isfinite(c->getY(i))) ++check.non_finite;
        }
    } else if (flat == wkbPolygon) {
        for (const auto* ring : *geom.toPolygon()) check_coordinates(*ring, check);
    } else if (OGR_GT_IsSubClassOf(flat, wkbGeometryCollection)) {
        for (const auto* part : *geom.toGeometryCollection()) check_coordinates(*part, check);
    }
}

bool is_polygonal(const OGRGeometry& geom) {
    const auto flat = wkbFlatten(geom.getGeometryType());
    return flat == wkbPolygon || flat == wkbMultiPolygon;
}

LayerInfo describe_layer(const std::string& file, OGRLayer& layer, GeosValidator& geos, const InputPolicy& policy) {
    LayerInfo info;
    info.name = layer.GetName();
    info.geometry_type = geometry_type_name(layer.GetGeomType());
    info.crs = gdal::crs_display_name(layer.GetSpatialRef());
    info.feature_count = layer.GetFeatureCount(TRUE);
    OGRFeatureDefn* defn = layer.GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(i);
        info.fields.push_back(std::string(f->GetNameRef()) + ":" + OGRFieldDefn::GetFieldTypeName(f->GetType()));
    }
    const bool spatial = layer.GetGeomType() != wkbNone;
    OGREnvelope env;
    if (spatial && info.feature_count > 0 && layer.GetExtent(&env, TRUE) == OGRERR_NONE) {
        info.extent.expand({env.MinX, env.MinY});
        info.extent.expand({env.MaxX, env.MaxY});
    }
    // Every feature is read, tables too: a damaged file must not be called clean.
    gdal::FeatureLoop features(layer, file + ", layer " + info.name, policy, nullptr);
    while (const auto feature = features.next()) {
        if (!spatial) continue;
        const OGRGeometry* geom = feature->GetGeometryRef();
        if (!geom || geom->IsEmpty()) {
            ++info.empty_geometries;
            continue;
        }
        GeometryCheck check;
        check_coordinates(*geom, check);
        info.non_finite_coordinates += check.non_finite;
        // Non-finite coordinates make any geometry invalid; GEOS is not given them.
        bool invalid = check.short_line || check.non_finite > 0;
        if (!invalid && is_polygonal(*geom)) invalid = !geos.is_valid(*geom);
        if (invalid) ++info.invalid_geometries;
    }
    info.unreadable_features = features.features_skipped();
    return info;
}

}  // namespace

DatasetInfo describe_dataset(const std::string& path, const InputPolicy& policy) {
    gdal::ErrorCapture errors;
    GDALDatasetUniquePtr ds = gdal::open_vector(path, policy);
    DatasetInfo info;
    info.path = path;
    info.driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    GeosValidator geos;
    const std::string file = std::filesystem::path(path).filename().string();
    for (auto* layer : ds->GetLayers()) {
        if (style::kStyleTable == std::string_view(layer->GetName())) continue;  // QGIS styles, not data
        info.layers.push_back(describe_layer(file, *layer, geos, policy));
    }
    return info;
}

std::string to_text(const DatasetInfo& info) {
    std::ostringstream os;
    os.precision(10);
    os << info.path << " (" << info.driver << "), " << info.layers.size() << " layer"
       << (info.layers.size() == 1 ? "" : "s") << "\n";
    for (const auto& l : info.layers) {
        os << "\nlayer " << l.name << "\n";
        os << "  geometry: " << l.geometry_type << "\n";
        os << "  crs: " << (l.crs.empty() ? "(none)" : l.crs) << "\n";
        os << "  features: " << l.feature_count << "\n";
        if (!l.extent.empty()) {
            os << "  extent: " << l.extent.min_x << ", " << l.extent.min_y << " - " << l.extent.max_x
               << ", " << l.extent.max_y << "\n";
        }
        os << "  fields:";
        for (const auto& f : l.fields) os << " " << f;
        os << "\n";
        os << "  empty geometries: " << l.empty_geometries << ", invalid geometries: " << l.invalid_geometries
           << ", non-finite coordinates: " << l.non_finite_coordinates << "\n";
        if (l.unreadable_features > 0) os << "  unreadable features (skipped): " << l.unreadable_features << "\n";
    }
    return os.str();
}

std::string to_json(const DatasetInfo& info) {
    using nlohmann::ordered_json;
    auto layers = ordered_json::array();
    for (const LayerInfo& l : info.layers) {
        ordered_json extent;  // null when empty
        if (!l.extent.empty()) {
            extent = ordered_json::array();
            // JSON has no NaN or infinity: a non-finite bound is null.
            for (const double v : {l.extent.min_x, l.extent.min_y, l.extent.max_x, l.extent.max_y})
                extent.push_back(std::isfinite(v) ? ordered_json(v) : ordered_json());
        }
        layers.push_back({{"name", l.name},
                          {"geometry_type", l.geometry_type},
                          {"crs", l.crs.empty() ? ordered_json() : ordered_json(l.crs)},
                          {"feature_count", l.feature_count},
                          {"extent", std::move(extent)},
                          {"fields", l.fields},
                          {"empty_geometries", l.empty_geometries},
                          {"invalid_geometries", l.invalid_geometries},
                          {"non_finite_coordinates", l.non_finite_coordinates},
                          {"unreadable_features", l.unreadable_features}});
    }
    const ordered_json out{{"path", info.path}, {"driver", info.driver}, {"layers", std::move(layers)}};
    // Layer and field names come from the file: bytes that are not UTF-8 become U+FFFD.
    return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace midlink::io
