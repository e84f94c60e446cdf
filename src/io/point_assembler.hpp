#pragma once
// Private: what the point readers (CSV, GDAL layers) share once a row's values are in
// hand: coordinate-column detection, weight parsing, CRS transform, the per-row
// diagnostics and the final "nothing usable" check.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/feature_readers.hpp"

namespace midlink::io::detail {

struct XyColumns {
    std::string x;  // column names as spelled in the source
    std::string y;
    std::string crs;  // CRS of the values in those columns
};

/// Coordinate columns among `columns`: options.x_field/y_field, else the first known pair
/// (easting/northing, x/y, x_coord/y_coord, longitude/latitude, lon/lat), case-insensitive.
/// Throws ConfigError for an unknown explicit field, InputError when no pair is present;
/// `source` names the file (and layer) in messages.
XyColumns detect_xy_columns(const std::vector<std::string>& columns,
                            const PointLayerOptions& options, const std::string& source,
                            Diagnostics& diagnostics);

/// The position of `name` among `columns` (case-insensitive), or a ConfigError naming the
/// option, the source and the available columns. Empty `name` gives -1.
int require_column(const std::vector<std::string>& columns, const std::string& name,
                   const char* option, const std::string& source);

/// The id column: options.id_field (required to exist), else options.default_id_field when
/// the source has it (case-insensitive), else -1 (row numbers).
int id_column(const std::vector<std::string>& columns, const PointLayerOptions& options, const std::string& source);

/// A coordinate cell: trimmed, numeric and finite, else nullopt.
std::optional<double> parse_coordinate(std::string_view text);

/// The CSV branch of read_points (point_csv_reader.cpp).
std::vector<PointFeature> read_points_csv(const PointLayerOptions& options,
                                          Diagnostics& diagnostics);

class PointAssembler {
  public:
    /// `source` names the file (and layer) in the final error; `source_crs` is the CRS of
    /// the coordinates that will be passed to add().
    PointAssembler(const PointLayerOptions& options, const std::string& source,
                   const std::string& source_crs, Diagnostics& diagnostics);

    /// A row whose coordinates are absent or unreadable; `detail` says what was seen.
    void missing_coordinates(const std::string& where, const std::string& detail);
    /// A row skipped for another reason (for example a polygon in a point layer).
    void reject(const std::string& where, std::string code, const std::string& message);
    /// A row with coordinates in the source CRS. `id` empty = the row number.
    /// `weight_text` is ignored without a weight field.
    void add(const std::string& where, std::int64_t row, std::string id, Point source_xy,
             std::string_view weight_text, std::string category,
             std::vector<std::pair<std::string, std::string>> attributes = {});

    /// The points read; throws InputError when there are none.
    std::vector<PointFeature> finish();

  private:
    const PointLayerOptions& m_options;
    std::string m_source;
    Diagnostics& m_diagnostics;
    CrsTransform m_transform;
    bool m_geographic = false;
    std::vector<PointFeature> m_points;
    std::int64_t m_rows = 0;
    std::int64_t m_missing = 0;
    std::int64_t m_rejected = 0;  // bad weight or untransformable
};

}  // namespace midlink::io::detail
