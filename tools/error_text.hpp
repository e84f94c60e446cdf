#pragma once
// One `midlink: error:` line for errors raised by libraries, in midlink's words: CLI11's
// parse errors and std::filesystem's "filesystem error: ... [path]" texts.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace midlink::cli {

/// "--max-snap: '-5' is not ... (see --help)".
std::string parse_error_text(const CLI::ParseError& e);
/// "<path>: cannot create directories: Not a directory" (path first, as in our messages).
std::string filesystem_error_text(const std::filesystem::filesystem_error& e);

}  // namespace midlink::cli
