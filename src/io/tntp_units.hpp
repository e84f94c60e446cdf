#pragma once
// TNTP files do not declare their units: PRISM uses km, km/h and hours; Sioux Falls uses
// "minutes" (really 0.01 h); Anaheim uses feet, feet per minute and minutes. The reader
// infers them per file from the data itself, and says what it chose in Info diagnostics.
#include <string>
#include <vector>

#include "midlink/core/diagnostics.hpp"

namespace midlink::io::detail {

struct TntpUnitSample {
    double length = 0.0;       // as in the file
    double free_flow_time = 0.0;
    double speed = 0.0;
    double straight_m = -1.0;  // node-to-node distance in metres; negative when unknown
};

struct TntpUnits {
    double metres_per_length = 1000.0;
    double seconds_per_time = 3600.0;
    double kmh_per_speed = 1.0;
};

/// Rules, in order:
/// 1. Length: with node coordinates, the factor among km (1000), miles (1609.344) and
///    feet (0.3048) nearest (by log ratio) to the median straight-line/length ratio.
/// 2. Time: hours or minutes, whichever makes the median implied speed
///    (length / free_flow_time) a road speed, 5 to 150 km/h. Without coordinates the
///    length unit is chosen with it when exactly one (length, time) pair is plausible;
///    otherwise km is assumed.
/// 3. If no pair is plausible (or the columns are empty): hours when length/speed
///    matches free_flow_time within 5% (median), else minutes.
/// 4. Speed: in length units per time unit when length/speed matches free_flow_time
///    within 5% (median); else km/h for km lengths and mph otherwise.
TntpUnits infer_tntp_units(const std::vector<TntpUnitSample>& samples, bool have_coordinates,
                           const std::string& where, Diagnostics& diagnostics);

}  // namespace midlink::io::detail
