#include "midlink/io/line_features.hpp"

#include <filesystem>

#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {

int require_field(const OGRFeatureDefn& defn, const std::string& name, const std::string& source) {
    const int index = defn.GetFieldIndex(name.c_str());
    if (index < 0) throw ConfigError("'" + name + "' is not a field of " + source + "; fields: " + gdal::field_list(defn));
    return index;
}

}  // namespace

std::vector<LineFeature> read_line_features(const LineLayerOptions& options, Diagnostics& diagnostics) {
    require_exists(options.path, "line layer");
    gdal::ErrorCapture errors;
    GDALDatasetUniquePtr ds = gdal::open_vector(options.path, options.input);
    OGRLayer& layer = gdal::choose_layer(*ds, options.path, options.layer, gdal::LayerKind::Line, "corridors");
    const std::string source = options.path + " (layer " + layer.GetName() + ")";
    const OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const int name_field = options.name_field.empty() ? -1 : require_field(defn, options.name_field, source);
    std::vector<int> keep;
    for (const auto& f : options.keep_fields) keep.push_back(require_field(defn, f, source));
    std::string crs = gdal::crs_for_proj(layer.GetSpatialRef());
    if (crs.empty()) {
        if (options.assume_crs.empty()) throw InputError(source + " has no CRS; pass --assume-crs EPSG:xxxx");
        crs = normalise_crs(options.assume_crs);
    }
    const CrsTransform transform(crs, normalise_crs(options.target_crs));
    const std::string file = std::filesystem::path(options.path).filename().string();

    std::vector<LineFeature> out;
    gdal::FeatureLoop features(layer, file + ", layer " + layer.GetName(), options.input, &diagnostics);
    while (const auto feature = features.next()) {
        const std::string where = file + ", layer " + layer.GetName() + ", feature " + std::to_string(feature->GetFID());
        const OGRGeometry* geom = feature->GetGeometryRef();
        if (!geom || geom->IsEmpty() || !gdal::is_kind(geom->getGeometryType(), gdal::LayerKind::Line)) {
            diagnostics.add("not_a_line", where, "no line geometry; feature skipped");
            continue;
        }
        std::vector<const OGRLineString*> parts;
        if (wkbFlatten(geom->getGeometryType()) == wkbLineString) {
            parts.push_back(geom->toLineString());
        } else {
            for (const auto* part : *geom->toMultiLineString()) parts.push_back(part);
        }
        std::string name = name_field >= 0 && feature->IsFieldSetAndNotNull(name_field)
                               ? std::string(detail::trim(feature->GetFieldAsString(name_field)))
                               : std::to_string(feature->GetFID());
        for (std::size_t k = 0; k < parts.size(); ++k) {
            LineFeature lf;
            lf.name = name;
            lf.part = k;
            bool ok = true;
            for (int i = 0; i < parts[k]->getNumPoints(); ++i) {
                Point p{parts[k]->getX(i), parts[k]->getY(i)};
                if (!transform.apply(p)) {
                    ok = false;
                    break;
                }
                if (lf.line.empty() || !(lf.line.back() == p)) lf.line.push_back(p);
            }
            if (!ok || lf.line.size() < 2) {
                diagnostics.add(ok ? "degenerate_line" : "invalid_coordinate", where,
                                ok ? "line part " + std::to_string(k) + " has fewer than 2 distinct points; skipped"
                                   : "coordinates cannot be transformed to " + options.target_crs + "; skipped");
                continue;
            }
            for (std::size_t f = 0; f < keep.size(); ++f) {
                lf.attributes.emplace_back(options.keep_fields[f], feature->IsFieldSetAndNotNull(keep[f])
                                                                       ? feature->GetFieldAsString(keep[f])
                                                                       : "");
            }
            out.push_back(std::move(lf));
        }
    }
    if (out.empty()) throw InputError(source + ": no usable line features");
    return out;
}

}  // namespace midlink::io
