#include "midlink/io/dataset_reader.hpp"

#include <cpl_json.h>

#include <memory>
#include <optional>
#include <string_view>

#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "layer_style.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/file_fingerprint.hpp"

namespace midlink::io {
namespace {

std::string geometry_type_name(OGRwkbGeometryType type) {
    if (wkbFlatten(type) == wkbNone) return "None";
    return OGRGeometryTypeToName(wkbFlatten(type));
}

LineString points_of(const OGRSimpleCurve& curve, const CrsTransform* transform, bool& ok) {
    LineString out;
    out.reserve(static_cast<std::size_t>(curve.getNumPoints()));
    for (int i = 0; i < curve.getNumPoints(); ++i) {
        Point p{curve.getX(i), curve.getY(i)};
        if (transform && !transform->apply(p)) ok = false;
        out.push_back(p);
    }
    return out;
}

// Appends the parts of `g` to `shape`; false when a coordinate could not be transformed.
bool flatten(const OGRGeometry& g, const CrsTransform* transform, Shape& shape) {
    bool ok = true;
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPoint: {
            const auto& p = *g.toPoint();
            if (p.IsEmpty()) return true;
            Point xy{p.getX(), p.getY()};
            if (transform && !transform->apply(xy)) return false;
            shape.kind = Shape::Kind::Point;
            shape.parts.push_back({xy});
            return true;
        }
        case wkbLineString:
            shape.kind = Shape::Kind::Line;
            shape.parts.push_back(points_of(*g.toLineString(), transform, ok));
            return ok;
        case wkbPolygon:
            shape.kind = Shape::Kind::Polygon;
            for (const auto* ring : *g.toPolygon())
                shape.parts.push_back(points_of(*ring, transform, ok));
            return ok;
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection:
            for (const auto* part : *g.toGeometryCollection())
                ok = flatten(*part, transform, shape) && ok;
            return ok;
        default:
            if (g.hasCurveGeometry()) {
                std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
                return linear && flatten(*linear, transform, shape);
            }
            return true;
    }
}

CellValue cell(const OGRFeature& f, int i, ColumnKind kind) {
    if (!f.IsFieldSetAndNotNull(i)) return {};
    switch (kind) {
        case ColumnKind::Integer:
            return CellValue{static_cast<std::int64_t>(f.GetFieldAsInteger64(i))};
        case ColumnKind::Real:
            return CellValue{f.GetFieldAsDouble(i)};
        default:
            return CellValue{std::string(f.GetFieldAsString(i))};
    }
}

ColumnKind kind_of(OGRFieldType t) {
    switch (t) {
        case OFTInteger:
        case OFTInteger64:
            return ColumnKind::Integer;
        case OFTReal:
            return ColumnKind::Real;
        default:
            return ColumnKind::String;
    }
}

LayerData read_layer(const std::string& path, OGRLayer& layer, const std::string& target_crs) {
    LayerData out;
    out.name = layer.GetName();
    out.geometry_type = geometry_type_name(layer.GetGeomType());
    const OGRSpatialReference* srs = layer.GetSpatialRef();
    const std::string source_crs = gdal::crs_for_proj(srs);
    std::optional<CrsTransform> transform;
    out.crs = gdal::crs_display_name(srs);
    if (!source_crs.empty() && !target_crs.empty()) {
        // A CRS PROJ cannot take to the target leaves the layer as it is, named by its own
        // CRS, so the report can say so rather than fail.
        try {
            transform.emplace(source_crs, target_crs);
            out.crs = normalise_crs(target_crs);
        } catch (const ConfigError&) {
            transform.reset();
        }
    }
    const OGRFeatureDefn& defn = *layer.GetLayerDefn();
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        out.columns.push_back(
            {defn.GetFieldDefn(i)->GetNameRef(), kind_of(defn.GetFieldDefn(i)->GetType())});
    }
    const bool spatial = out.geometry_type != "None";
    gdal::FeatureLoop features(layer, path + ", layer " + out.name, {}, nullptr);
    while (const auto f = features.next()) {
        std::vector<CellValue> row;
        row.reserve(out.columns.size());
        for (int i = 0; i < defn.GetFieldCount(); ++i)
            row.push_back(cell(*f, i, out.columns[static_cast<std::size_t>(i)].kind));
        out.rows.push_back(std::move(row));
        if (!spatial) continue;
        Shape shape;
        if (const OGRGeometry* g = f->GetGeometryRef()) {
            const CrsTransform* t = transform && !transform->identity() ? &*transform : nullptr;
            if (!flatten(*g, t, shape)) shape = Shape{};  // untransformable: drawn as absent
        }
        out.shapes.push_back(std::move(shape));
    }
    return out;
}

void flatten_json(const CPLJSONObject& o, const std::string& key,
                  std::vector<std::pair<std::string, std::string>>& out) {
    switch (o.GetType()) {
        case CPLJSONObject::Type::Object:
            for (const auto& child : o.GetChildren())
                flatten_json(child, key.empty() ? child.GetName() : key + "." + child.GetName(),
                             out);
            break;
        case CPLJSONObject::Type::Array: {
            const CPLJSONArray a = o.ToArray();
            for (int i = 0; i < a.Size(); ++i)
                flatten_json(a[i], key + "[" + std::to_string(i) + "]", out);
            break;
        }
        case CPLJSONObject::Type::Null:
            out.emplace_back(key, "null");
            break;
        case CPLJSONObject::Type::String:
            out.emplace_back(key, o.ToString());
            break;
        default:
            out.emplace_back(key, o.Format(CPLJSONObject::PrettyFormat::Plain));
            break;
    }
}

}  // namespace

DatasetData read_dataset(const std::string& path, const std::string& target_crs) {
    require_exists(path, "dataset");
    gdal::ErrorCapture errors;
    auto ds = gdal::open_vector(path);
    DatasetData out;
    out.path = path;
    for (auto* layer : ds->GetLayers()) {
        if (style::kStyleTable == std::string_view(layer->GetName())) continue;  // QGIS styles, not data
        out.layers.push_back(read_layer(path, *layer, target_crs));
    }
    if (!errors.last_error().empty()) throw InputError(path + ": " + errors.last_error());
    return out;
}

Shape shape_from_wkb(const std::vector<std::uint8_t>& wkb) {
    Shape shape;
    if (wkb.empty()) return shape;
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw) return shape;
    const std::unique_ptr<OGRGeometry> g(raw);
    if (!flatten(*g, nullptr, shape)) shape = Shape{};
    return shape;
}

std::vector<std::pair<std::string, std::string>> read_json_entries(const std::string& path) {
    require_exists(path, "JSON file");
    gdal::ErrorCapture errors;
    CPLJSONDocument doc;
    if (!doc.Load(path)) throw InputError(path + ": not a JSON document" + errors.suffix());
    std::vector<std::pair<std::string, std::string>> out;
    flatten_json(doc.GetRoot(), "", out);
    return out;
}

}  // namespace midlink::io
