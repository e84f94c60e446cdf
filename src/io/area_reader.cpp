// read_areas: one polygon dataset, or a directory of them (the common ONS layout: one
// file per authority), into AreaFeatures with unique codes.
#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "area_geometry.hpp"
#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/io/feature_readers.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace fs = std::filesystem;
namespace {

/// The dataset files of a directory, by name; a file path stands for itself.
std::vector<std::string> area_files(const std::string& path) {
    if (!fs::is_directory(path)) return {path};
    static const std::vector<std::string> kExtensions = {".geojson", ".json", ".gpkg", ".fgb",
                                                         ".shp"};
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(path)) {
        const std::string ext = detail::to_lower(entry.path().extension().string());
        if (entry.is_regular_file() &&
            std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end()) {
            out.push_back(entry.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    if (out.empty()) {
        throw InputError(path +
                         ": directory holds no GeoJSON, GeoPackage, FlatGeobuf or Shapefile files");
    }
    return out;
}

int require_field(const OGRFeatureDefn& defn, const std::string& name, const char* option,
                  const std::string& source) {
    const int index = defn.GetFieldIndex(name.c_str());
    if (index < 0) {
        throw ConfigError(std::string(option) + " '" + name + "' is not a field of " + source +
                          "; fields: " + gdal::field_list(defn));
    }
    return index;
}

class AreaReader {
  public:
    AreaReader(const AreaLayerOptions& options, Diagnostics& diagnostics)
        : m_options(options), m_diagnostics(diagnostics) {}

    void read_file(const std::string& path);
    std::vector<AreaFeature> take() { return std::move(m_areas); }

  private:
    const AreaLayerOptions& m_options;
    Diagnostics& m_diagnostics;
    std::vector<AreaFeature> m_areas;
    std::unordered_map<std::string, std::string> m_first_where;  // area code -> where first seen
};

void AreaReader::read_file(const std::string& path) {
    gdal::ErrorCapture errors;
    GDALDatasetUniquePtr ds = gdal::open_vector(path, m_options.input);
    OGRLayer& layer = gdal::choose_layer(*ds, path, m_options.layer, gdal::LayerKind::Polygon);
    const std::string source = path + " (layer " + layer.GetName() + ")";
    const OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const int id_field = require_field(defn, m_options.id_field, "area id field", source);
    std::vector<int> keep;
    for (const auto& name : m_options.keep_fields)
        keep.push_back(require_field(defn, name, "kept field", source));

    std::string crs = gdal::crs_for_proj(layer.GetSpatialRef());
    if (crs.empty()) {
        if (m_options.assume_crs.empty())
            throw InputError(source + " has no CRS; pass --assume-crs EPSG:xxxx");
        crs = normalise_crs(m_options.assume_crs);
    }
    const CrsTransform transform(crs, normalise_crs(m_options.target_crs));
    detail::AreaGeometryBuilder builder(transform, m_diagnostics);
    if (!m_options.where.empty() && layer.SetAttributeFilter(m_options.where.c_str()) != OGRERR_NONE) {
        throw ConfigError(source + ": cannot apply the filter \"" + m_options.where + "\"");
    }
    const std::string file = fs::path(path).filename().string();

    gdal::FeatureLoop features(layer, file + ", layer " + layer.GetName(), m_options.input, &m_diagnostics,
                               !m_options.where.empty());
    while (const auto feature = features.next()) {
        const std::string where =
            file + ", layer " + layer.GetName() + ", feature " + std::to_string(feature->GetFID());
        AreaFeature area;
        area.row = feature->GetFID();
        area.id = feature->IsFieldSetAndNotNull(id_field)
                      ? std::string(detail::trim(feature->GetFieldAsString(id_field)))
                      : std::string();
        if (area.id.empty()) {
            m_diagnostics.add("missing_area_code", where,
                              "empty " + m_options.id_field + "; area skipped");
            continue;
        }
        if (const auto it = m_first_where.find(area.id); it != m_first_where.end()) {
            m_diagnostics.add("duplicate_area_code", where,
                              "area code '" + area.id + "' already read at " + it->second +
                                  "; the first is kept");
            continue;
        }
        if (!builder.build(feature->GetGeometryRef(), where, area)) continue;
        for (std::size_t k = 0; k < keep.size(); ++k) {
            const bool set = feature->IsFieldSetAndNotNull(keep[k]);
            area.attributes.emplace_back(m_options.keep_fields[k],
                                         set ? feature->GetFieldAsString(keep[k]) : "");
        }
        m_first_where.emplace(area.id, where);
        m_areas.push_back(std::move(area));
    }
}

}  // namespace

std::vector<AreaFeature> read_areas(const AreaLayerOptions& options, Diagnostics& diagnostics) {
    if (options.id_field.empty())
        throw ConfigError(options.path + ": an area id field is required");
    if (!fs::exists(options.path) && options.path.rfind("/vsi", 0) != 0 &&
        !is_database_path(options.path)) {
        throw InputError(options.path + ": no such file or directory");
    }
    AreaReader reader(options, diagnostics);
    for (const auto& file : area_files(options.path)) reader.read_file(file);
    std::vector<AreaFeature> areas = reader.take();
    if (areas.empty()) throw InputError(options.path + ": no usable areas (see the diagnostics)");
    return areas;
}

}  // namespace midlink::io
