#pragma once
// The home of the study outputs' layer and column names (docs/outputs.md), and of the
// layers themselves: name, geometry kind, columns, and a function that yields the rows.
// The writer sends them to the main output (and a CSV beside it); a study's tables() turns
// the very same rows into plain LayerData for C++ and Python users, so layer names, column
// names and their order cannot drift apart. Names used in more than one place (writers,
// tests) are constants in `schema` below; columns named after the data (one per measure,
// codes kept from the origins) come after the fixed ones listed there.
#include <array>
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
/// How a stored field type reads back in LayerData.
ColumnKind column_kind(io::FieldType type);

}  // namespace midlink::workflow

namespace midlink::workflow::schema {

/// A fixed column: its name and how it is stored.
struct Column {
    const char* name;
    io::FieldType type;
};

namespace access {
using io::FieldType;

// Layers. Level 0 holds one row per origin; each roll-up level is named after its
// --aggregate-name (or file name), or after the --aggregate-code field.
inline constexpr const char* kAreasLayer = "areas";      // level 0 when the origins are polygons
inline constexpr const char* kOriginsLayer = "origins";  // level 0 when the origins are points
inline constexpr const char* kDestinationsLayer = "destinations";
inline constexpr const char* kMeasuresLayer = "measures";  // what each column means; no CSV
inline constexpr const char* kOdMatrixTable = "od_matrix"; // the --od-matrix CSV, as a table

// Area layers (level 0 and every roll-up): id; at level 0 the origin fields used by the
// roll-ups, then point_source; the counts; at level 0 snap_m; then one Real per measure.
inline constexpr Column kId{"id", FieldType::String};
inline constexpr Column kPointSource{"point_source", FieldType::String};
inline constexpr std::array kCounts{
    Column{"population", FieldType::Real},        Column{"origins", FieldType::Integer},
    Column{"unsnapped", FieldType::Integer},      Column{"unreachable", FieldType::Integer},
    Column{"population_missing", FieldType::Integer},
};
inline constexpr Column kSnapM{"snap_m", FieldType::Real};

// point_source values
inline constexpr const char* kSourcePoint = "point";              // the origin is a point
inline constexpr const char* kSourceSupplied = "supplied";        // from --origin-points
inline constexpr const char* kSourceOnSurface = "point_on_surface";

// Destinations: these, then one Real per destination measure (passive Hansen, FCA ratios).
inline constexpr std::array kDestinationColumns{
    Column{"id", FieldType::String},     Column{"service", FieldType::String}, Column{"weight", FieldType::Real},
    Column{"snapped", FieldType::Integer}, Column{"snap_m", FieldType::Real},
};
inline constexpr std::array kMeasureColumns{
    Column{"column", FieldType::String},
    Column{"definition", FieldType::String},
    Column{"null_means", FieldType::String},
};
inline constexpr std::array kOdColumns{
    Column{"origin_id", FieldType::String},
    Column{"destination_id", FieldType::String},
    Column{"service", FieldType::String},
    Column{"time_min", FieldType::Real},
};
}  // namespace access

namespace isochrone {
using io::FieldType;

inline constexpr const char* kEdgesLayer = "edges";  // reachable road, cut at band limits
inline constexpr const char* kBandsLayer = "bands";  // buffered reachable road per band
inline constexpr std::array kEdgeColumns{
    Column{"origin_id", FieldType::String}, Column{"edge_id", FieldType::Integer64},
    Column{"from_time_s", FieldType::Real}, Column{"to_time_s", FieldType::Real},
    Column{"band_min", FieldType::Real},
};
inline constexpr std::array kBandColumns{
    Column{"origin_id", FieldType::String},  Column{"band_min", FieldType::Real},
    Column{"area_km2", FieldType::Real},     Column{"reachable_km", FieldType::Real},
    Column{"status", FieldType::String},
};
// status values
inline constexpr const char* kStatusOk = "ok";
inline constexpr const char* kStatusUnsnapped = "unsnapped";
}  // namespace isochrone

}  // namespace midlink::workflow::schema
