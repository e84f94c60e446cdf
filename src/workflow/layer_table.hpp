#pragma once
// A study's output layer as a schema and a way to make each row. The writer streams the
// rows into a DatasetWriter and tables() turns them into LayerData, so both use the same
// column definitions (study_layers.hpp) and the same values.
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "midlink/core/layer_data.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow {

/// The geometry of one row: none, a point, a line, or WKB (polygons as readers keep them).
using RowGeometry = std::variant<std::monostate, Point, const LineString*, const std::vector<std::uint8_t>*>;

struct LayerTable {
    std::string name;
    io::GeometryKind kind = io::GeometryKind::None;
    std::vector<io::FieldDef> fields;
    std::size_t size = 0;
    std::function<std::vector<io::FieldValue>(std::size_t row)> values;
    std::function<RowGeometry(std::size_t row)> geometry;  // empty for tables without geometry
    bool with_csv = true;  // written to a CSV beside the main output as well
};

template <std::size_t N>
void append_fields(std::vector<io::FieldDef>& fields, const std::array<schema::Column, N>& columns) {
    for (const auto& c : columns) fields.push_back({c.name, c.type});
}
inline io::FieldDef field(const schema::Column& c) { return {c.name, c.type}; }

/// Adds every row to a writer whose layer has been begun; without `spatial` (a CSV) the
/// geometry is left out.
void add_rows(io::DatasetWriter& w, const LayerTable& table, bool spatial);

/// The rows as plain values, with a Shape per row when the layer has geometry.
LayerData to_layer_data(const LayerTable& table, const std::string& crs);

}  // namespace midlink::workflow
