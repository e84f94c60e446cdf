#pragma once
// Corridor files (YAML): named corridors as ordered, named waypoints.
//
//   crs: EPSG:27700            # of the waypoints; optional, this is the default
//   corridors:
//     - name: Birmingham-Coventry
//       mode: car              # car or hgv; informational
//       refs: [M6, M42]        # optional: road refs to follow
//       ref_bias: 3            # optional: time factor on links off those refs (>= 1)
//       waypoints:
//         - {name: Birmingham, x: 406700, y: 286900}
//         - {name: Coventry, x: 433400, y: 279000}
//
// Unknown keys are refused, naming the key and the file.
#include <string>
#include <utility>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink::io {

struct CorridorSpec {
    std::string name;
    std::string mode = "car";
    std::vector<std::pair<std::string, Point>> waypoints;  // in the target CRS
    std::vector<std::string> refs;  // road refs to follow; empty = fastest route
    double ref_bias = 3.0;          // time factor on links whose ref is not in `refs`
};

/// Parses corridor YAML text; `where` names the source in error messages. Waypoints are
/// transformed into `target_crs` (no transform when it is empty). Throws ConfigError.
std::vector<CorridorSpec> parse_corridors_yaml(const std::string& text, const std::string& where,
                                               const std::string& target_crs);

/// Reads a corridor file; InputError when it cannot be opened.
std::vector<CorridorSpec> read_corridors(const std::string& path, const std::string& target_crs);

}  // namespace midlink::io
