// The run manifest through nlohmann::json: keys in a fixed order, strings escaped by the
// library, seconds to the millisecond.
#include "run_manifest.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "midlink/io/file_fingerprint.hpp"
#include "midlink/version.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string hex16(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace

void write_run_manifest(const std::string& path, const io::Project& p,
                        const std::vector<std::pair<std::string, std::string>>& inputs,
                        const std::vector<StageRecord>& stages, io::OutputSet* set, const std::string& ranks_json) {
    nlohmann::ordered_json m;
    m["midlink_version"] = version_string;
    m["finished_utc"] = utc_now();
    m["project"] = p.path;
    m["name"] = p.name;
    m["inputs"] = nlohmann::ordered_json::array();
    for (const auto& [key, file] : inputs)
        m["inputs"].push_back({{"key", key}, {"path", file}, {"fnv1a64", hex16(io::file_fingerprint(file))}});
    m["stages"] = nlohmann::ordered_json::array();
    for (const auto& s : stages) {
        m["stages"].push_back({{"stage", s.name},
                               {"status", s.status},
                               {"seconds", std::round(s.seconds * 1000.0) / 1000.0},
                               {"command", s.command},
                               {"outputs", s.outputs}});
    }
    // A job of several ranks: each shared step's time per rank and its imbalance.
    const auto ranks = nlohmann::ordered_json::parse(ranks_json);
    if (!ranks.empty()) m["ranks"] = ranks;
    // Checked writes through a temporary name: a full disk or a folder in the way is exit 5,
    // never a truncated manifest.
    write_text_atomically(path, m.dump(2) + "\n", set);
}

}  // namespace midlink::workflow
