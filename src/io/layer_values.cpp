#include "midlink/io/layer_values.hpp"

#include <set>

#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/file_fingerprint.hpp"

namespace midlink::io {
namespace {
OGRLayer& open_layer(GDALDataset& ds, const std::string& path, const std::string& layer) {
    OGRLayer* l = layer.empty() ? ds.GetLayer(0) : ds.GetLayerByName(layer.c_str());
    if (!l) throw InputError(path + ": no layer '" + layer + "'");
    return *l;
}
}  // namespace

std::vector<std::string> layer_fields(const std::string& path, const std::string& layer) {
    require_exists(path, "layer file");
    gdal::ErrorCapture errors;
    auto ds = gdal::open_vector(path);
    const OGRFeatureDefn& defn = *open_layer(*ds, path, layer).GetLayerDefn();
    std::vector<std::string> out;
    for (int i = 0; i < defn.GetFieldCount(); ++i) out.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    return out;
}

std::vector<std::string> distinct_values(const std::string& path, const std::string& layer, const std::string& field) {
    require_exists(path, "layer file");
    gdal::ErrorCapture errors;
    auto ds = gdal::open_vector(path);
    OGRLayer& l = open_layer(*ds, path, layer);
    const int index = l.GetLayerDefn()->GetFieldIndex(field.c_str());
    if (index < 0) throw ConfigError("'" + field + "' is not a field of " + path + " (layer " + l.GetName() + ")");
    std::set<std::string> values;
    gdal::FeatureLoop features(l, path + ", layer " + l.GetName(), {}, nullptr);
    while (const auto f = features.next())
        if (f->IsFieldSetAndNotNull(index)) values.insert(f->GetFieldAsString(index));
    return {values.begin(), values.end()};
}

}  // namespace midlink::io
