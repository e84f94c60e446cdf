#pragma once
// CSV one line at a time, for tables read line by line (OD tables: short rows read their
// missing fields as empty), and the field helpers the command line's small inputs use.
// Whole tables with named columns go through CsvTable (csv_table.hpp).
#include <optional>
#include <string>
#include <vector>

namespace midlink::io {

/// One CSV line into fields; commas inside quotes stay, "" inside quotes is a literal
/// quote, and a CR is dropped. Lenient: an unterminated quote runs to the end of the line.
std::vector<std::string> split_csv_line(const std::string& line);
/// Without surrounding whitespace, a trailing CR or a leading UTF-8 byte-order mark.
std::string trim_field(const std::string& s);
/// A finite number (surrounding whitespace allowed), or nullopt for empty or non-numeric text.
std::optional<double> parse_number(const std::string& text);

}  // namespace midlink::io
