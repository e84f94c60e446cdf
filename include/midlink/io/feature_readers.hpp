#pragma once
// Inputs for accessibility and aggregation: destination/origin points, area polygons with
// a representative point, keyed value tables (population, weights) and point-in-area
// lookup. Everything comes out in plain core types in the working CRS; per-feature
// problems go to Diagnostics, unusable input or options throw (InputError, ConfigError).
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/core/geometry.hpp"
#include "midlink/io/input_policy.hpp"

namespace midlink::io {

struct PointLayerOptions {
    std::string path;            // GDAL point layer, or a CSV with coordinate columns
    std::string layer;           // empty = the only point layer
    std::string id_field;        // empty = default_id_field when present, else FID / data row number
    std::string default_id_field;  // e.g. "id": the id when id_field is empty and the source has it
    std::string weight_field;    // empty = weight 1
    std::string category_field;  // empty = no category
    std::string x_field;         // CSV (or table) coordinate columns; empty = auto-detect
    std::string y_field;
    std::string target_crs = "EPSG:27700";
    /// CRS for a layer without one, or for ambiguous CSV columns (x/y); empty = refuse
    /// (layers) or EPSG:27700 (CSV x/y).
    std::string assume_crs;
    /// Further fields copied into PointFeature::attributes (e.g. speed, technology).
    std::vector<std::string> keep_fields;
    InputPolicy input;  // VRT and damaged-feature policy
};

/// Reads points, transformed to target_crs. Rows without usable coordinates (empty,
/// non-numeric, non-finite, or the (0, 0) placeholder) and rows with a non-numeric weight
/// are skipped with a diagnostic. Throws ConfigError for unknown fields, InputError when
/// no row is usable or the layer has no CRS.
std::vector<PointFeature> read_points(const PointLayerOptions& options, Diagnostics& diagnostics);

struct AreaLayerOptions {
    std::string path;  // a polygon dataset, or a directory of them (read in name order)
    std::string layer;
    std::string id_field;
    std::vector<std::string> keep_fields;  // copied into AreaFeature::attributes
    std::string target_crs = "EPSG:27700";
    std::string assume_crs;
    std::string where;  // OGR SQL attribute filter, e.g. "release = '2021'"; empty = all
    InputPolicy input;  // VRT and damaged-feature policy
};

/// Reads (Multi)Polygon areas: geometry as 2D ISO WKB MultiPolygon in target_crs, bbox,
/// representative = GEOS PointOnSurface. Invalid polygons are repaired (GEOSMakeValid)
/// or skipped, duplicate codes keep the first row; both are diagnosed.
std::vector<AreaFeature> read_areas(const AreaLayerOptions& options, Diagnostics& diagnostics);

/// Replaces representatives by points whose id equals the area id (kind Supplied).
/// Diagnoses points matching no area and areas left with their PointOnSurface.
void apply_supplied_points(std::vector<AreaFeature>& areas, const std::vector<PointFeature>& points,
                           Diagnostics& diagnostics);

struct ValueTableOptions {
    std::string path;  // CSV, or any table GDAL reads
    std::string key_field;
    std::string value_field;
    bool sum_duplicates = true;  // else the first row of a key wins
    std::string layer;  // GDAL sources with several layers (a GeoPackage): which one
    InputPolicy input;  // VRT and damaged-feature policy
};

/// key -> value. Rows with an empty key or a non-numeric value are diagnosed and skipped.
std::unordered_map<std::string, double> read_value_table(const ValueTableOptions& options,
                                                         Diagnostics& diagnostics);

struct ValueMatch {
    std::vector<double> values;                 // per wanted code; NaN when missing
    std::vector<std::string> unmatched_wanted;  // wanted codes absent from the table
    std::vector<std::string> unmatched_table;   // table keys nobody wanted (sorted)
    std::size_t matched = 0;
};

ValueMatch match_codes(const std::vector<std::string>& wanted,
                       const std::unordered_map<std::string, double>& table);

/// Point-in-polygon over areas with GEOS prepared geometries and an STR tree. A point on
/// a shared boundary belongs to the covering area with the smallest index.
/// Not thread-safe: locate() uses the index's own GEOS context and prepared geometries
/// build their internal indexes lazily. Use one AreaIndex per thread.
class AreaIndex {
  public:
    /// Throws InputError when an area's WKB cannot be read.
    explicit AreaIndex(const std::vector<AreaFeature>& areas);
    ~AreaIndex();
    AreaIndex(AreaIndex&&) noexcept;
    AreaIndex& operator=(AreaIndex&&) noexcept;
    AreaIndex(const AreaIndex&) = delete;
    AreaIndex& operator=(const AreaIndex&) = delete;

    /// Index into the areas given to the constructor, or -1 when no area covers p.
    [[nodiscard]] std::int64_t locate(const Point& p) const;
    [[nodiscard]] std::size_t size() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace midlink::io
