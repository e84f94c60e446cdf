#pragma once
// Pair tables for `route --pairs`; user-given points ("X,Y" or "node:KEY") are in point_spec.hpp.
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink::workflow {

struct PairRow {
    std::string id;
    Point from;
    Point to;
};

/// CSV with header columns id, from_x, from_y, to_x, to_y (any order, case-insensitive, extra
/// columns ignored), read by io::CsvTable (every row has the header's fields).
/// Throws InputError naming the file and row for a missing column or a non-numeric value.
std::vector<PairRow> read_pairs_csv(const std::string& path);

}  // namespace midlink::workflow
