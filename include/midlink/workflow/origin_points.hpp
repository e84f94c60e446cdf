#pragma once
// Origins for one-to-all commands (`isochrone`): "--from X,Y" or a CSV of id,x,y.
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink::workflow {

struct OriginPoint {
    std::string id;
    Point xy;  // in the coordinates' CRS
};

/// CSV with header columns id, x, y (any order, case-insensitive, extra columns ignored;
/// quoted fields may hold commas). Throws InputError naming the file, row and column for a
/// missing column, a missing value or a non-numeric coordinate.
std::vector<OriginPoint> read_origin_points_csv(const std::string& path);

}  // namespace midlink::workflow
