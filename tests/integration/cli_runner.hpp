#pragma once
// Runs the real midlink binary and captures its exit code and output (stdout + stderr).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace midlink::test {

struct CliResult {
    int exit_code = -1;
    std::string output;
};

/// Runs a shell command line and captures what it prints on the pipe.
inline CliResult run_shell(const std::string& cmd) {
    CliResult r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe)) r.output += buf.data();
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

/// `redirect` decides what reaches the captured pipe: stdout and stderr by default.
inline CliResult run_midlink(const std::string& args, const std::string& redirect = "2>&1") {
    return run_shell(std::string(MIDLINK_BINARY) + " " + args + " " + redirect);
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

/// The scratch folder shared by every test in this process.
inline const ScratchDir& scratch() {
    static ScratchDir dir;
    return dir;
}

/// `midlink graph build ARGS`, once per process for each name.
inline std::string built_graph(const std::string& name, const std::string& args) {
    static std::map<std::string, std::string> cache;
    if (const auto it = cache.find(name); it != cache.end()) return it->second;
    const auto path = scratch().file(name + ".mlg");
    const auto r = run_midlink("graph build " + args + " -o " + path + " --quiet");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return cache[name] = path;
}

/// The Rutland OSM extract, car profile.
inline std::string rutland_graph() {
    return built_graph("rutland", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf") + " --profile car");
}

/// PRISM (West Midlands) without its zone connectors, car profile.
inline std::string prism_graph() {
    return built_graph("prism_nc", "--network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp") + " --profile " +
                                       std::string(MIDLINK_PROFILES_DIR) + "/car-no-connectors.yaml");
}

/// A CSV with a header row as one map per row (quoted commas kept; no escaped quotes).
inline std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::map<std::string, std::string>> rows;
    auto split = [](const std::string& l) {
        std::vector<std::string> out;
        std::string cur;
        bool quoted = false;
        for (char c : l) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.push_back(cur);
                cur.clear();
            } else if (c != '\r') {
                cur += c;
            }
        }
        out.push_back(cur);
        return out;
    };
    std::string line;
    if (!std::getline(in, line)) return rows;
    const auto header = split(line);
    while (std::getline(in, line)) {
        const auto f = split(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < f.size(); ++i) row[header[i]] = f[i];
        rows.push_back(std::move(row));
    }
    return rows;
}

/// Extracts a number following `"key":` in a flat JSON object; NaN when absent.
inline double json_number(const std::string& json, const std::string& key) {
    const auto pos = json.find("\"" + key + "\":");
    if (pos == std::string::npos) return std::nan("");
    return std::strtod(json.c_str() + pos + key.size() + 3, nullptr);
}

}  // namespace midlink::test
