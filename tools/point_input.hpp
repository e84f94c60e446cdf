#pragma once
// Parsing of user-given points ("X,Y" or "node:KEY") and pair tables for `route`.
#include <optional>
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"

namespace midlink::cli {

struct PointSpec {
    std::optional<Point> xy;        // in the coordinates' CRS
    std::optional<NodeKey> node;    // "node:KEY": a node by the id the input gave it
};

/// Throws ConfigError naming `option` when the text is neither "X,Y" nor "node:KEY".
PointSpec parse_point_spec(const std::string& text, const std::string& option);

struct PairRow {
    std::string id;
    Point from;
    Point to;
};

/// CSV with header columns id, from_x, from_y, to_x, to_y (any order, extra columns ignored).
/// Throws InputError naming the file and row for a missing column or a non-numeric value.
std::vector<PairRow> read_pairs_csv(const std::string& path);

}  // namespace midlink::cli
