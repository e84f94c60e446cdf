// bench sssp (workflow/bench.hpp): random one-to-all trees with Dijkstra or PHAST.
#include <sys/resource.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/workflow/bench.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {

long peak_rss_kib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

std::string line(const char* format, auto... values) {
    char buf[256];
    std::snprintf(buf, sizeof buf, format, values...);
    return buf;
}

}  // namespace

int run_bench_sssp(const BenchSsspConfig& cfg, const Context& ctx, std::ostream& out) {
    using clock = std::chrono::steady_clock;
    const long rss_before = peak_rss_kib();
    const auto t0 = clock::now();
    const auto g = graph::read_graph_file(cfg.graph);
    const double load_s = std::chrono::duration<double>(clock::now() - t0).count();
    const long rss_loaded = peak_rss_kib();
    const auto metric = cfg.metric == "distance" ? graph::Metric::Distance : graph::Metric::Time;
    std::mt19937_64 rng(cfg.seed);
    std::vector<NodeId> sources(cfg.sources);
    for (auto& s : sources) s = static_cast<NodeId>(rng() % g.node_count());

    const int threads = ctx.threads > 0 ? ctx.threads : 1;  // one thread unless asked: the comparable figure
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    std::atomic<std::uint64_t> settled{0};
    std::atomic<std::uint64_t> checksum{0};
    double hierarchy_s = 0.0;
    std::size_t shortcuts = 0;
    double run_s = 0.0;
    if (cfg.engine == "phast") {
        // The hierarchy is built once (timed apart); each tree is one PHAST sweep. The
        // count of reached nodes is a pass over all nodes and is inside the timing.
        const auto th = clock::now();
        const auto ch = graph::build_contraction_hierarchy(g, metric);
        hierarchy_s = std::chrono::duration<double>(clock::now() - th).count();
        shortcuts = ch.shortcuts;
        tbb::enumerable_thread_specific<graph::PhastSearch> searches([&] { return graph::PhastSearch(ch); });
        auto sweep = [&](graph::PhastSearch& s, NodeId source) {
            const graph::SearchSource src{source, 0};
            s.run(std::span(&src, 1));
            std::uint64_t reached = 0, last = 0;
            for (Weight d : s.distances_by_position()) {
                if (d != kUnreachable) {
                    ++reached;
                    last = d;
                }
            }
            settled += reached;
            checksum += last;
        };
        {
            sweep(searches.local(), sources.front());  // warm-up
            settled = 0;
            checksum = 0;
        }
        const auto t1 = clock::now();
        tbb::parallel_for(std::size_t{0}, sources.size(), [&](std::size_t i) { sweep(searches.local(), sources[i]); });
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
    } else {
        tbb::enumerable_thread_specific<graph::ShortestPathSearch> searches(
            [&] { return graph::ShortestPathSearch(g, metric); });
        { searches.local().run(sources.front()); }  // warm-up: page in the arrays
        const auto t1 = clock::now();
        tbb::parallel_for(std::size_t{0}, sources.size(), [&](std::size_t i) {
            auto& s = searches.local();
            s.run(sources[i]);
            settled += s.settled().size();
            checksum += s.distance(s.settled().back());
        });
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
    }
    const double ms_per_tree = run_s * 1000.0 / sources.size() * threads;  // per tree per thread
    const double ns_per_settled = run_s * 1e9 * threads / static_cast<double>(settled.load());
    const double settled_per_tree = static_cast<double>(settled.load()) / sources.size();
    const double bytes_per_arc = static_cast<double>(g.memory_bytes()) / g.edge_count();
    const double rss_bytes_per_arc = (rss_loaded - rss_before) * 1024.0 / g.edge_count();
    if (cfg.format == "json") {
        const nlohmann::ordered_json j = {{"graph", cfg.graph},
                                          {"nodes", g.node_count()},
                                          {"edges", g.edge_count()},
                                          {"sources", cfg.sources},
                                          {"seed", cfg.seed},
                                          {"threads", threads},
                                          {"load_s", json_rounded(load_s, "%.3f")},
                                          {"wall_s", json_rounded(run_s, "%.4f")},
                                          {"ms_per_tree", json_rounded(ms_per_tree, "%.3f")},
                                          {"ns_per_settled_node", json_rounded(ns_per_settled, "%.2f")},
                                          {"settled_per_tree", json_rounded(settled_per_tree, "%.1f")},
                                          {"graph_bytes_per_arc", json_rounded(bytes_per_arc, "%.2f")},
                                          {"rss_bytes_per_arc", json_rounded(rss_bytes_per_arc, "%.2f")},
                                          {"peak_rss_kib", peak_rss_kib()},
                                          {"checksum", checksum.load()},
                                          {"engine", cfg.engine},
                                          {"hierarchy_s", json_rounded(hierarchy_s, "%.3f")},
                                          {"shortcuts", shortcuts}};
        out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
        out << line("graph %s: %u nodes, %u edges; %d sources (seed %llu), %d thread(s)\n", cfg.graph.c_str(),
                    g.node_count(), g.edge_count(), cfg.sources, static_cast<unsigned long long>(cfg.seed), threads)
            << line("load:            %.3f s\n", load_s) << line("engine:          %s\n", cfg.engine.c_str());
        if (cfg.engine == "phast") out << line("hierarchy:       %.3f s, %zu shortcuts\n", hierarchy_s, shortcuts);
        out << line("per tree:        %.3f ms (thread time)\n", ms_per_tree)
            << line("per settled:     %.2f ns\n", ns_per_settled) << line("settled/tree:    %.1f\n", settled_per_tree)
            << line("graph bytes/arc: %.2f (arrays), %.2f (resident growth on load)\n", bytes_per_arc,
                    rss_bytes_per_arc)
            << line("peak RSS:        %ld KiB\n", peak_rss_kib());
    }
    return 0;
}

}  // namespace midlink::workflow
