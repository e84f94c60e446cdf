#include "midlink/io/file_fingerprint.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "midlink/core/error.hpp"

namespace midlink::io {
namespace fs = std::filesystem;

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

void require_exists(const std::string& path, const std::string& what) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw InputError(what + " not found: " + path);
}

namespace {
std::uint64_t hash_file(const fs::path& p, std::uint64_t h) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw InputError("cannot read " + p.string());
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h = fnv1a64(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())), h);
    }
    return h;
}
}  // namespace

std::uint64_t file_fingerprint(const std::string& path) {
    require_exists(path, "input");
    std::uint64_t h = 14695981039346656037ULL;
    if (!fs::is_directory(path)) return hash_file(path, h);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(path)) {
        if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        h = fnv1a64(f.filename().string(), h);
        h = hash_file(f, h);
    }
    return h;
}

}  // namespace midlink::io
