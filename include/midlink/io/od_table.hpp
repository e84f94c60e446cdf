#pragma once
// An OD table for assignment on a graph: a CSV with columns from,to,trips (any order,
// more columns allowed). Rows are returned as read; which zones exist and which numbers
// are usable is the caller's to judge, so a bad row is a skipped row, not a failed file.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace midlink::io {

struct OdTableRow {
    std::size_t row = 0;  // 1-based, counted after the header (blank lines count)
    std::string from;     // zone ids, trimmed
    std::string to;
    std::string trips_text;      // trimmed, as written
    std::optional<double> trips;  // a finite number, or nullopt
};

/// Throws InputError when the file cannot be read, is empty, or lacks a column.
std::vector<OdTableRow> read_od_table(const std::string& path);

}  // namespace midlink::io
