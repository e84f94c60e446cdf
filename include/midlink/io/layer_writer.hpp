#pragma once
// Writes vector layers through GDAL: GeoPackage (default), CSV, GeoJSON, FlatGeobuf,
// Shapefile, or PostGIS via a "PG:..." connection string. File outputs are written to a
// temporary name in the same folder and renamed on commit(), so a failure never leaves a
// half-written file.
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink::io {

class OutputSet;

enum class FieldType { Integer, Integer64, Real, String };
enum class GeometryKind { None, Point, LineString, MultiPolygon };

struct FieldDef {
    std::string name;
    FieldType type = FieldType::String;
};

/// monostate writes NULL (for example an unreachable travel time).
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;
/// A real value, or NULL for NaN (unknown, unreachable, withheld: never written as 0).
inline FieldValue real_or_null(double v) { return v != v ? FieldValue{} : FieldValue{v}; }
/// A count held as a double (whole by definition: premises counted or published as counts)
/// as an integer, or NULL for NaN. Only for columns whose every value is whole: a value that
/// is not would reach an integer column as a real, which GDAL truncates.
inline FieldValue count_or_null(double v) {
    if (v != v) return {};
    const auto n = static_cast<std::int64_t>(v);
    return static_cast<double>(n) == v ? FieldValue{n} : FieldValue{v};
}

/// A GDAL database connection string ("PG:dbname=... host=...") rather than a file path.
inline bool is_database_path(const std::string& path) { return path.rfind("PG:", 0) == 0; }

/// The extensions a table or layer output may have: .gpkg (or none: GeoPackage), .geojson,
/// .json, .fgb, .csv, .shp, or a PG: connection. Anything else is a ConfigError naming the
/// path, never silently a GeoPackage under another name.
void check_vector_output_path(const std::string& path);

struct LayerSpec {
    std::string name;
    GeometryKind geometry = GeometryKind::None;
    std::vector<FieldDef> fields;
    // What a GeoPackage carries for QGIS (docs/qgis.md); other formats ignore them.
    /// The column the default style grades by; empty or unknown: the first Real column.
    std::string main_measure;
    /// gpkg_contents.description: what a row is and what the main measure means. Empty:
    /// the layer's name and the midlink version.
    std::string description;
    /// Layer metadata SOURCE (gpkg_metadata): the data it comes from, credits.
    std::string source;
};

class DatasetWriter {
public:
    /// `driver` empty = from the extension (.gpkg .csv .geojson .fgb .shp) or "PG:" prefix.
    /// `crs` like "EPSG:27700"; empty for non-spatial outputs. Throws OutputError.
    /// With `set`, the file is a member of that output set: commit() only closes it and the
    /// set renames it with the others. Without, commit() renames it alone.
    DatasetWriter(const std::string& path, const std::string& crs, const std::string& driver = "",
                  OutputSet* set = nullptr);
    ~DatasetWriter();  // without commit(): removes the temporary output
    DatasetWriter(const DatasetWriter&) = delete;
    DatasetWriter& operator=(const DatasetWriter&) = delete;

    void begin_layer(const LayerSpec& spec);
    void add(const std::vector<FieldValue>& values);  // non-spatial or NULL geometry
    void add(const Point& p, const std::vector<FieldValue>& values);
    void add(const LineString& line, const std::vector<FieldValue>& values);
    /// ISO or extended WKB of the layer's kind; a Polygon is promoted in a MultiPolygon
    /// layer, so every feature has the layer's one type. Throws OutputError on bad WKB.
    void add_wkb(const std::vector<std::uint8_t>& wkb, const std::vector<FieldValue>& values);
    /// Flushes, closes and (without a set) renames the temporary file onto `path`. A
    /// GeoPackage gets its QGIS default styles here, in `layer_styles`: each spatial layer
    /// graduated by its main measure, with classes from the values written.
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace midlink::io
