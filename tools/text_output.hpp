#pragma once
// Small text outputs of the command line (flow CSVs, summary JSON): printf-formatted
// numbers and whole-file writes through a temporary name.
#include <string>

namespace midlink::cli {

std::string format_number(double v, const char* format = "%.12g");

/// Writes `text` to "<dir>/.<name>.tmp" and renames it onto `path`. Throws OutputError.
void write_text_atomically(const std::string& path, const std::string& text);

}  // namespace midlink::cli
