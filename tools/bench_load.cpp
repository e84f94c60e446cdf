#include "bench_load.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "midlink/graph/graph_file.hpp"

namespace midlink::cli {
namespace {

struct LoadBenchConfig {
    std::string graph;
    int repeat = 5;
    std::string format = "text";
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double load_once(const std::string& path, graph::GraphFileCheck check) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto g = graph::read_graph_file(path, check);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int run_load(const LoadBenchConfig& cfg) {
    using graph::GraphFileCheck;
    load_once(cfg.graph, GraphFileCheck::Skip);  // warm the page cache: both series read from memory
    std::vector<double> checked, unchecked;
    // Interleaved, so drift in machine load falls on both series alike.
    for (int i = 0; i < cfg.repeat; ++i) {
        checked.push_back(load_once(cfg.graph, GraphFileCheck::Checksum));
        unchecked.push_back(load_once(cfg.graph, GraphFileCheck::Skip));
    }
    const double with_s = median(checked);
    const double without_s = median(unchecked);
    const double mib = static_cast<double>(std::filesystem::file_size(cfg.graph)) / (1024.0 * 1024.0);
    const double overhead = without_s > 0 ? 100.0 * (with_s - without_s) / without_s : 0.0;
    if (cfg.format == "json") {
        std::printf("{\"graph\":\"%s\",\"file_mib\":%.1f,\"repeat\":%d,\"load_checked_s\":%.4f,"
                    "\"load_unchecked_s\":%.4f,\"checksum_overhead_pct\":%.1f}\n",
                    cfg.graph.c_str(), mib, cfg.repeat, with_s, without_s, overhead);
    } else {
        std::printf("graph %s: %.1f MiB; median of %d loads each\n", cfg.graph.c_str(), mib, cfg.repeat);
        std::printf("load, checksum verified: %.4f s\n", with_s);
        std::printf("load, unchecked:         %.4f s\n", without_s);
        std::printf("checksum cost:           %+.1f %%\n", overhead);
    }
    return 0;
}
}  // namespace

void add_bench_load_command(CLI::App& bench, Action& action) {
    auto cfg = std::make_shared<LoadBenchConfig>();
    auto* load = bench.add_subcommand("load", "Graph file load time with and without the checksum check");
    load->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    load->add_option("--repeat", cfg->repeat, "Loads of each kind (median reported)")->capture_default_str()->check(CLI::PositiveNumber);
    load->add_option("--format", cfg->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    load->callback([cfg, &action] { action = [cfg] { return run_load(*cfg); }; });
}

}  // namespace midlink::cli
