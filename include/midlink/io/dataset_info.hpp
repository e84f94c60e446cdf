#pragma once
// What midlink will make of a file before using it: layers, CRS, counts, geometry types,
// extent and a validity summary (`midlink info PATH`).
#include <cstdint>
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/io/input_policy.hpp"

namespace midlink::io {

struct LayerInfo {
    std::string name;
    std::string geometry_type;  // "LineString", "MultiPolygon", "None", ...
    std::string crs;            // "EPSG:4326", a CRS name, or empty when the layer has none
    std::int64_t feature_count = 0;
    BBox extent;                // in the layer's own CRS
    std::vector<std::string> fields;  // "name:type"
    std::int64_t invalid_geometries = 0;   // GEOS-invalid (polygons) or fewer than 2 points
    std::int64_t empty_geometries = 0;
    std::int64_t non_finite_coordinates = 0;
    std::int64_t unreadable_features = 0;  // skipped under --skip-bad-features
};

struct DatasetInfo {
    std::string path;
    std::string driver;
    std::vector<LayerInfo> layers;
};

/// Opens any GDAL-readable dataset (zip files through /vsizip/) and reads every feature.
/// Throws InputError, also for a feature GDAL cannot read unless policy.skip_bad_features.
DatasetInfo describe_dataset(const std::string& path, const InputPolicy& policy = {});

std::string to_text(const DatasetInfo& info);
std::string to_json(const DatasetInfo& info);

}  // namespace midlink::io
