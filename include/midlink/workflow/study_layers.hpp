#pragma once
// A study's output layers, defined once: name, geometry kind, columns, and a function that
// yields the rows. The writer sends them to the main output (and a CSV beside it); a
// study's tables() turns the very same rows into plain LayerData for C++ and Python users,
// so layer names, column names and their order cannot drift apart.
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/output_paths.hpp"

namespace midlink::workflow {

/// One feature's geometry as written: none (NULL), a point, a line, or (Multi)Polygon WKB
/// owned by the study.
using FeatureGeometry = std::variant<std::monostate, Point, LineString, const std::vector<std::uint8_t>*>;

/// Receives one row: values in the layer's column order, and its geometry.
using RowSink = std::function<void(const std::vector<io::FieldValue>&, const FeatureGeometry&)>;

struct StudyLayer {
    io::LayerSpec spec;
    bool csv = true;  // also OUT_<layer>.csv beside the main output (LayersWithCsv)
    /// Calls the sink once per row, in output order. May be called more than once.
    std::function<void(const RowSink&)> rows;
};

/// Each layer to the main output with its geometry and, where `csv`, to its CSV.
void write_layers(LayersWithCsv& out, const std::vector<StudyLayer>& layers);
/// Each layer to one dataset, no CSVs.
void write_layers(io::DatasetWriter& out, const std::vector<StudyLayer>& layers);

/// The layers as plain tables. Spatial layers get one Shape per row, in `crs`.
std::vector<LayerData> layer_tables(const std::vector<StudyLayer>& layers, const std::string& crs);

/// "None", "Point", "LineString", "MultiPolygon".
std::string geometry_type_name(io::GeometryKind kind);

}  // namespace midlink::workflow
