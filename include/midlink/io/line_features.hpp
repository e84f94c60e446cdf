#pragma once
// Named lines from any GDAL line layer (corridor routes from `midlink corridors`, or any
// road or rail line), in the working CRS. A MultiLineString keeps its parts in order as
// separate lines of the same name.
#include <string>
#include <vector>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/geometry.hpp"
#include "midlink/io/input_policy.hpp"

namespace midlink::io {

struct LineFeature {
    std::string name;     // from the name field, else the FID as text
    std::size_t part = 0; // part index within a MultiLineString
    LineString line;      // working CRS
    std::vector<std::pair<std::string, std::string>> attributes;  // kept fields
};

struct LineLayerOptions {
    std::string path;
    std::string layer;        // empty = the only line layer (or a layer named "corridors")
    std::string name_field;   // empty = FID
    std::vector<std::string> keep_fields;
    std::string target_crs = "EPSG:27700";
    std::string assume_crs;   // for layers without a CRS; empty = refuse them
    InputPolicy input;        // VRT and damaged-feature policy
};

/// Throws InputError for a missing file, missing layer or a layer without a CRS (unless
/// assume_crs), ConfigError for unknown fields. Features without usable line geometry are
/// skipped with a diagnostic naming file, layer and feature.
std::vector<LineFeature> read_line_features(const LineLayerOptions& options, Diagnostics& diagnostics);

}  // namespace midlink::io
