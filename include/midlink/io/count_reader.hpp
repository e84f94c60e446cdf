#pragma once
// DfT AADF traffic counts from a CSV or any GDAL point layer. Column names are found
// among the DfT download names (count_point_id, road_name, all_motor_vehicles, all_hgvs,
// estimation_method, direction_of_travel, easting/northing or latitude/longitude) and the
// older shapefile names (CP, RoadNumber, FdAll_MV/AllMV, FdHGV/HGV, iDir, S Ref E/N);
// any of them can be named explicitly.
#include <string>
#include <vector>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/traffic_count.hpp"
#include "midlink/io/input_policy.hpp"

namespace midlink::io {

struct CountReadOptions {
    std::string path;
    std::string layer;  // empty = the only point layer, else the only layer
    // Explicit field names; empty = found among the known names.
    std::string id_field;
    std::string road_field;
    std::string all_field;
    std::string hgv_field;
    std::string estimation_field;
    std::string direction_field;
    std::string x_field;
    std::string y_field;
    std::string target_crs = "EPSG:27700";
    std::string assume_crs;  // for a layer without CRS or ambiguous x/y columns
    InputPolicy input;       // VRT and damaged-feature policy
};

/// Every row becomes a TrafficCount, including rows without usable coordinates (xy empty,
/// coordinate_problem says why): the caller reports them by count point. Throws
/// ConfigError for a named field that does not exist, InputError when the count column
/// cannot be found or the file holds no rows.
std::vector<TrafficCount> read_traffic_counts(const CountReadOptions& options,
                                              Diagnostics& diagnostics);

/// "N", "S", "E", "W" from DfT direction codes and words ("Northbound", "n"); "" for
/// combined ("C", empty) or anything else.
std::string normalise_direction(std::string_view text);

}  // namespace midlink::io
