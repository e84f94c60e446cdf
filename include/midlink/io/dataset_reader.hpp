#pragma once
// Reads whole datasets (every layer, attributes and geometry) for reporting, and small
// JSON files (a run manifest) as flat key/value pairs.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "midlink/core/layer_data.hpp"

namespace midlink::io {

/// Every layer of a GDAL vector dataset. Geometries are transformed to `target_crs`
/// (when the layer has a CRS and it differs); a feature whose geometry cannot be
/// transformed or flattened gets an empty Shape. Throws InputError.
DatasetData read_dataset(const std::string& path, const std::string& target_crs = "EPSG:27700");

/// A geometry given as WKB (what readers keep of areas, what GEOS returns) as a Shape, for
/// tables handed to library users; an empty Shape when the WKB cannot be read.
Shape shape_from_wkb(const std::vector<std::uint8_t>& wkb);

/// A JSON document flattened to ("a.b[2].c", "value") pairs in document order. Throws
/// InputError when the file is missing or not JSON.
std::vector<std::pair<std::string, std::string>> read_json_entries(const std::string& path);

}  // namespace midlink::io
