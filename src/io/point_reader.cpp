// read_points: CSV files go to point_csv_reader.cpp; anything else is a GDAL layer whose
// points come from its geometry, or from coordinate fields when it has no geometry.
#include <filesystem>

#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/feature_readers.hpp"
#include "point_assembler.hpp"
#include "table_source.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {

std::vector<std::string> field_names(const OGRFeatureDefn& defn) {
    std::vector<std::string> out;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        out.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    return out;
}

std::string text_of(OGRFeature& f, int field) {
    if (field < 0 || !f.IsFieldSetAndNotNull(field)) return {};
    return f.GetFieldAsString(field);
}

class GdalPointReader {
  public:
    GdalPointReader(const PointLayerOptions& options, OGRLayer& layer, Diagnostics& diagnostics)
        : m_options(options), m_layer(layer), m_diagnostics(diagnostics) {
        m_file = std::filesystem::path(options.path).filename().string();
        m_source = options.path + " (layer " + layer.GetName() + ")";
        const OGRFeatureDefn& defn = *layer.GetLayerDefn();
        m_fields = field_names(defn);
        m_id = detail::id_column(m_fields, options, m_source);
        m_weight = detail::require_column(m_fields, options.weight_field, "weight field", m_source);
        m_category =
            detail::require_column(m_fields, options.category_field, "category field", m_source);
        for (const auto& name : options.keep_fields)
            m_keep.push_back(detail::require_column(m_fields, name, "kept field", m_source));
    }

    std::vector<PointFeature> read() {
        // A table without geometry (or with explicit coordinate fields) reads like a CSV.
        const bool from_fields = !m_options.x_field.empty() || !m_options.y_field.empty() ||
                                 m_layer.GetGeomType() == wkbNone;
        std::string crs;
        int x = -1;
        int y = -1;
        if (from_fields) {
            const auto xy = detail::detect_xy_columns(m_fields, m_options, m_source, m_diagnostics);
            crs = xy.crs;
            x = m_layer.GetLayerDefn()->GetFieldIndex(xy.x.c_str());
            y = m_layer.GetLayerDefn()->GetFieldIndex(xy.y.c_str());
        } else {
            crs = gdal::crs_for_proj(m_layer.GetSpatialRef());
            if (crs.empty()) {
                if (m_options.assume_crs.empty()) {
                    throw InputError(m_source + " has no CRS; pass --assume-crs EPSG:xxxx");
                }
                crs = normalise_crs(m_options.assume_crs);
            }
        }
        detail::PointAssembler assembler(m_options, m_source, crs, m_diagnostics);
        gdal::FeatureLoop features(m_layer, m_file + ", layer " + m_layer.GetName(), m_options.input,
                                   &m_diagnostics);
        while (const auto feature = features.next()) {
            const std::string where = m_file + ", layer " + m_layer.GetName() + ", feature " +
                                      std::to_string(feature->GetFID());
            if (from_fields) {
                const auto xv = detail::parse_coordinate(text_of(*feature, x));
                const auto yv = detail::parse_coordinate(text_of(*feature, y));
                if (!xv || !yv) {
                    assembler.missing_coordinates(where,
                                                  "coordinate fields are empty or not numbers");
                    continue;
                }
                add(assembler, *feature, where, {*xv, *yv});
            } else {
                read_geometry(assembler, *feature, where);
            }
        }
        return assembler.finish();
    }

  private:
    void read_geometry(detail::PointAssembler& assembler, OGRFeature& feature,
                       const std::string& where) {
        const OGRGeometry* geom = feature.GetGeometryRef();
        if (!geom || geom->IsEmpty()) {
            assembler.missing_coordinates(where, "no geometry");
            return;
        }
        const auto type = wkbFlatten(geom->getGeometryType());
        if (type == wkbPoint) {
            const auto* p = geom->toPoint();
            add(assembler, feature, where, {p->getX(), p->getY()});
        } else if (type == wkbMultiPoint) {
            const auto* first = geom->toMultiPoint()->getGeometryRef(0);
            m_diagnostics.add("multipoint_first_point", where,
                              "MultiPoint with " +
                                  std::to_string(geom->toMultiPoint()->getNumGeometries()) +
                                  " points; the first is used");
            add(assembler, feature, where, {first->getX(), first->getY()});
        } else {
            assembler.reject(
                where, "not_a_point",
                std::string("geometry is ") + OGRGeometryTypeToName(geom->getGeometryType()));
        }
    }

    void add(detail::PointAssembler& assembler, OGRFeature& feature, const std::string& where,
             Point xy) {
        const std::int64_t fid = feature.GetFID();
        std::vector<std::pair<std::string, std::string>> kept;
        for (std::size_t k = 0; k < m_keep.size(); ++k) {
            kept.emplace_back(m_options.keep_fields[k],
                              std::string(detail::trim(text_of(feature, m_keep[k]))));
        }
        assembler.add(where, fid, std::string(detail::trim(text_of(feature, m_id))), xy,
                      text_of(feature, m_weight),
                      std::string(detail::trim(text_of(feature, m_category))), std::move(kept));
    }

    const PointLayerOptions& m_options;
    OGRLayer& m_layer;
    Diagnostics& m_diagnostics;
    std::string m_file;
    std::string m_source;
    std::vector<std::string> m_fields;
    int m_id = -1;
    int m_weight = -1;
    int m_category = -1;
    std::vector<int> m_keep;
};

}  // namespace

std::vector<PointFeature> read_points(const PointLayerOptions& options, Diagnostics& diagnostics) {
    if (detail::is_csv_path(options.path)) return detail::read_points_csv(options, diagnostics);
    gdal::ErrorCapture errors;
    GDALDatasetUniquePtr ds = gdal::open_vector(options.path, options.input);
    OGRLayer& layer = gdal::choose_layer(*ds, options.path, options.layer, gdal::LayerKind::Point);
    return GdalPointReader(options, layer, diagnostics).read();
}

}  // namespace midlink::io
