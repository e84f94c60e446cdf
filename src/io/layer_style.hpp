#pragma once
// Default QGIS styles for GeoPackage layers (docs/qgis.md): a graduated style on the
// layer's main measure, as QML (what QGIS reads) and SLD (what other tools read), with
// quantile classes computed from the values written and NULL drawn apart as "no data".
// They are stored in the QGIS table `layer_styles` by DatasetWriter.
#include <string>
#include <vector>

#include "midlink/io/layer_writer.hpp"

namespace midlink::io::style {

/// The QGIS table of styles, and the layer readers skip when they list a dataset's layers.
inline constexpr const char* kStyleTable = "layer_styles";

/// Class bounds: up to `classes` quantile classes of the values, the breaks rounded to two
/// significant digits of the range. Ascending; n+1 bounds for n classes, the first at or
/// below the smallest value and the last at or above the largest. Empty for no values.
struct Classes {
    std::vector<double> bounds;
    int decimals = 0;  // enough to print every bound exactly as rounded
};
Classes quantile_classes(std::vector<double> values, int classes = 5);

struct StyleRequest {
    std::string layer;
    GeometryKind geometry = GeometryKind::Point;
    std::string measure;  // empty: one symbol for every feature
    Classes classes;
    /// Real columns QGIS shows with 2 decimals (times in minutes); the values keep every digit.
    std::vector<std::string> two_decimal_fields;
};

std::string style_qml(const StyleRequest& request);
std::string style_sld(const StyleRequest& request);

/// Columns named for minutes (`*_min`), shown to 0.01 min: the precision a time in
/// minutes means. The stored values are not rounded.
bool is_minutes_column(const std::string& name);

}  // namespace midlink::io::style
