#pragma once
// Small text outputs of the command line (flow CSVs, summary JSON): printf-formatted
// numbers and whole-file writes through a temporary name.
#include <string>

#include "midlink/io/output_set.hpp"

namespace midlink::workflow {

std::string format_number(double v, const char* format = "%.12g");
/// `v` as `format` prints it, read back: a JSON number with the digits the text shows.
double json_rounded(double v, const char* format);

/// Writes `text` under a temporary name (io::temporary_path) and renames it onto `path`;
/// with `set`, the set renames it with its other members. Throws OutputError.
void write_text_atomically(const std::string& path, const std::string& text, io::OutputSet* set = nullptr);

}  // namespace midlink::workflow
