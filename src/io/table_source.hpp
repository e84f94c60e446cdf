#pragma once
// Private helpers for readers that take either a CSV (read with CsvTable) or a GDAL layer.
#include <string>
#include <vector>

#include "text_input.hpp"

namespace midlink::io::detail {

/// ".csv" and ".csv.xz" files are read with CsvTable (plain or xz, RFC 4180).
inline bool is_csv_path(const std::string& path) {
    const std::string lower = to_lower(path);
    return lower.ends_with(".csv") || lower.ends_with(".csv.xz");
}

/// "a, b, c" for error messages; "(none)" when empty.
inline std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "(none)" : out;
}

}  // namespace midlink::io::detail
