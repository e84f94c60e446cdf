#pragma once
// A layer as plain values: what io reads back for `midlink report` and what a study gives a
// library user. Header-only, no GDAL types, so every layer can take it as it is.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink {

/// monostate = NULL.
using CellValue = std::variant<std::monostate, std::int64_t, double, std::string>;

enum class ColumnKind { Integer, Real, String };

struct ColumnData {
    std::string name;
    ColumnKind kind = ColumnKind::String;
};

/// One feature's geometry. Polygons: every ring of every part (outer rings and holes;
/// an even-odd fill tells them apart). Lines: each part. Points: one point per part.
struct Shape {
    enum class Kind { None, Point, Line, Polygon };
    Kind kind = Kind::None;
    std::vector<LineString> parts;
};

struct LayerData {
    std::string name;
    std::string geometry_type;  // "None", "MultiPolygon", "LineString", ...
    std::string crs;            // of the coordinates below ("EPSG:27700"), "" when none
    std::vector<ColumnData> columns;
    std::vector<std::vector<CellValue>> rows;
    std::vector<Shape> shapes;  // one per row for spatial layers, empty otherwise

    [[nodiscard]] bool spatial() const {
        return !shapes.empty() || (geometry_type != "None" && !geometry_type.empty());
    }
    /// Index of a column, -1 when absent.
    [[nodiscard]] int column(const std::string& n) const {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (columns[i].name == n) return static_cast<int>(i);
        }
        return -1;
    }
};

struct DatasetData {
    std::string path;
    std::vector<LayerData> layers;

    [[nodiscard]] const LayerData* layer(const std::string& n) const {
        for (const auto& l : layers) {
            if (l.name == n) return &l;
        }
        return nullptr;
    }
};

}  // namespace midlink
