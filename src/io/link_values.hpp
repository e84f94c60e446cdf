#pragma once
// One rule for the numbers a text link table gives per link (TNTP for `graph build` and
// for `assign`, GMNS), so that every path reads a file the same way:
//   negative              -> refused (InputError, exit 3) naming file, line and column;
//   zero length or time   -> kept as zero cost (published models have zero-length
//                            connectors: PRISM has 24), counted in one Info diagnostic;
//   zero speed or lanes   -> "not given" (Sioux Falls writes 0 in a column it does not use);
//   zero capacity         -> refused: BPR divides by it, and TNTP writes an unlimited link
//                            as a large capacity (PRISM: 99999), never as 0.
#include <cstddef>
#include <string>

#include "midlink/core/diagnostics.hpp"

namespace midlink::io::detail {

enum class ZeroMeans { Zero, NotGiven, Refused };

/// Throws InputError "<where>: column <column>: <value> is negative" (or "... is zero ...")
/// when the value breaks the rule above; NaN (an empty field) is left to the caller.
void check_link_value(double value, const char* column, ZeroMeans zero, const std::string& where);

/// Per-file counts of the zero values kept, reported once instead of once per link.
struct ZeroValueCounts {
    std::size_t zero_cost = 0;   // links with zero length or zero free-flow time
    std::size_t zero_speed = 0;  // links whose speed 0 was read as "not given"
    void add_to(Diagnostics& diagnostics, const std::string& path) const;
};

}  // namespace midlink::io::detail
