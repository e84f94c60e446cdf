#pragma once
// Tables of named points with a population, as `centrality --od` and `corridors --places`
// take them: id (or name), x, y, population. Read with io's one CSV reader, so quoting,
// a byte-order mark, ragged rows and truncation are handled as for every other table.
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink::io {

struct PlaceRow {
    std::string id;
    Point xy;  // in the coordinates' CRS, as given
    double population = 0.0;
};

/// Columns id (or name), x, y, population, any order, case-insensitive, extra columns
/// ignored. Throws InputError naming the file, row and column for a missing column, a
/// non-numeric value or a negative population.
std::vector<PlaceRow> read_place_table(const std::string& path);

}  // namespace midlink::io
