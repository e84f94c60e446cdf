#pragma once
// Small CSV helpers for the command line's own tables (pairs, origin points): one line at
// a time, no embedded line breaks.
#include <optional>
#include <string>
#include <vector>

namespace midlink::workflow {

/// One CSV line into fields; commas inside quotes stay, "" inside quotes is a literal quote.
std::vector<std::string> split_csv_line(const std::string& line);
/// Without surrounding whitespace, a trailing CR or a leading UTF-8 byte-order mark.
std::string trim_field(const std::string& s);
/// A finite number, or nullopt for empty or non-numeric text.
std::optional<double> parse_number(const std::string& text);

}  // namespace midlink::workflow
