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

/// CSV with header columns id, x, y (any order, case-insensitive, extra columns ignored),
/// read by io::CsvTable: quoted fields may hold commas and every row has the header's
/// fields. Throws InputError naming the file, and the row and column where a value is
/// wrong (rows counted as lines, the header being row 1).
std::vector<OriginPoint> read_origin_points_csv(const std::string& path);

}  // namespace midlink::workflow
