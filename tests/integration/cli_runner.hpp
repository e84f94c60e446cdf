#pragma once
// Runs the real midlink binary and captures its exit code and output (stdout + stderr).
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <string>

namespace midlink::test {

struct CliResult {
    int exit_code = -1;
    std::string output;
};

inline CliResult run_midlink(const std::string& args) {
    const std::string cmd = std::string(MIDLINK_BINARY) + " " + args + " 2>&1";
    CliResult r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe)) r.output += buf.data();
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

inline std::string geodata(const std::string& rel) { return std::string(MIDLINK_GEODATA) + "/" + rel; }

/// A scratch folder per test binary run, removed at exit.
class ScratchDir {
public:
    ScratchDir() : m_path(std::filesystem::temp_directory_path() / ("midlink_it_" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(m_path);
    }
    ~ScratchDir() { std::filesystem::remove_all(m_path); }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

/// Extracts a number following `"key":` in a flat JSON object; NaN when absent.
inline double json_number(const std::string& json, const std::string& key) {
    const auto pos = json.find("\"" + key + "\":");
    if (pos == std::string::npos) return std::nan("");
    return std::strtod(json.c_str() + pos + key.size() + 3, nullptr);
}

}  // namespace midlink::test
