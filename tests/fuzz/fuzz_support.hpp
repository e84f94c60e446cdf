#pragma once
// Shared by the libFuzzer harnesses (fuzz_*.cpp) and the replay driver. Readers that take
// a path get the fuzz input through files in a private temporary folder, created once per
// process and removed at exit, so parallel fuzzers never share a file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace midlink::fuzz {

/// Separates the files of a multi-file input (GMNS node.csv / link.csv, TNTP net / nodes).
inline constexpr char kFileSeparator = '\x1e';  // ASCII record separator

class ScratchDir {
public:
    ScratchDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "midlink-fuzz-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
        m_path = tmpl;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

/// The process's scratch folder (a function-local static: one per process, removed at exit).
inline const std::filesystem::path& scratch_dir() {
    static const ScratchDir dir;
    return dir.path();
}

/// Writes `bytes` to `name` in the scratch folder (replacing it) and returns the full path.
inline std::string write_scratch(const std::string& name, std::string_view bytes) {
    const auto path = scratch_dir() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) std::abort();
    return path.string();
}

inline void remove_scratch(const std::string& name) {
    std::error_code ec;
    std::filesystem::remove(scratch_dir() / name, ec);
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Splits on kFileSeparator into exactly `parts` pieces (missing ones empty; the last piece
/// keeps any further separators).
inline std::vector<std::string_view> split_files(std::string_view text, std::size_t parts) {
    std::vector<std::string_view> out;
    while (out.size() + 1 < parts) {
        const auto pos = text.find(kFileSeparator);
        if (pos == std::string_view::npos) break;
        out.push_back(text.substr(0, pos));
        text.remove_prefix(pos + 1);
    }
    out.push_back(text);
    out.resize(parts);
    return out;
}

}  // namespace midlink::fuzz
