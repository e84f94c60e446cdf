// bench load (workflow/bench.hpp): what reading a graph file costs, with and without its
// checksum check.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "midlink/graph/graph_file.hpp"
#include "midlink/workflow/bench.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {

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

}  // namespace

int run_bench_load(const BenchLoadConfig& cfg, std::ostream& out) {
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
        const nlohmann::ordered_json j = {{"graph", cfg.graph},
                                          {"file_mib", json_rounded(mib, "%.1f")},
                                          {"repeat", cfg.repeat},
                                          {"load_checked_s", json_rounded(with_s, "%.4f")},
                                          {"load_unchecked_s", json_rounded(without_s, "%.4f")},
                                          {"checksum_overhead_pct", json_rounded(overhead, "%.1f")}};
        out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        char buf[512];
        std::snprintf(buf, sizeof buf,
                      "graph %s: %.1f MiB; median of %d loads each\nload, checksum verified: %.4f s\n"
                      "load, unchecked:         %.4f s\nchecksum cost:           %+.1f %%\n",
                      cfg.graph.c_str(), mib, cfg.repeat, with_s, without_s, overhead);
        out << buf;
    }
    return 0;
}

}  // namespace midlink::workflow
