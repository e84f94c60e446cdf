#pragma once
// An observed traffic count (DfT AADF style) in the working CRS, as io reads it and the
// flow analysis matches it to the graph. Missing values are NaN or empty, never 0.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "midlink/core/geometry.hpp"

namespace midlink {

/// DfT "estimation_method": Counted (a manual count that year) or Estimated (from an
/// earlier count and growth); Unknown when the source does not say.
enum class CountEstimation : std::uint8_t { Unknown, Counted, Estimated };

struct TrafficCount {
    std::string count_point_id;
    std::string road;                // road number as given ("A38", "M6"); may be empty
    std::optional<Point> xy;         // working CRS; nullopt when the row has no usable coordinates
    std::string coordinate_problem;  // why xy is absent, for the per-row message
    double all_motor_vehicles = std::numeric_limits<double>::quiet_NaN();  // AADF, vehicles/day
    double hgv = std::numeric_limits<double>::quiet_NaN();                 // AADF, vehicles/day
    /// Compass direction of travel ("N", "S", "E", "W"); empty for both directions combined.
    std::string direction;
    CountEstimation estimation = CountEstimation::Unknown;
    std::string estimation_text;  // as given ("Counted", "Estimated", "Estimated using...")
    std::int64_t year = -1;
    std::string where;  // "file, row N" for messages
};

}  // namespace midlink
