#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace midlink::io {

/// FNV-1a 64 of a file's bytes (a folder: of its regular files, sorted by name).
/// Throws InputError when the path cannot be read.
std::uint64_t file_fingerprint(const std::string& path);

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 14695981039346656037ULL);

/// Throws InputError "<what> not found: <path>" when path does not exist.
void require_exists(const std::string& path, const std::string& what);

}  // namespace midlink::io
