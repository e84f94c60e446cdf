// bench sssp (workflow/bench.hpp): random one-to-all trees with Dijkstra or PHAST.
#include <sys/resource.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>

#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/phast_batch.hpp"
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

// User + system CPU seconds of the process so far: on a shared machine the comparable
// figure, as wall time also counts the time other processes hold the cores.
double cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
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
    double run_cpu_s = 0.0;
    if (cfg.engine == "phast16") {
        // Sixteen trees per sweep (PhastBatch); the count of reached nodes reads every lane.
        const auto th = clock::now();
        const auto ch = graph::build_contraction_hierarchy(g, metric);
        hierarchy_s = std::chrono::duration<double>(clock::now() - th).count();
        shortcuts = ch.shortcuts;
        constexpr std::size_t L = graph::PhastBatch::kLanes;
        tbb::enumerable_thread_specific<graph::PhastBatch> batches([&] { return graph::PhastBatch(ch); });
        auto sweep = [&](graph::PhastBatch& b, std::size_t first) {
            const std::size_t lanes = std::min(L, sources.size() - first);
            std::vector<graph::SearchSource> src(lanes);
            std::vector<std::span<const graph::SearchSource>> spans(lanes);
            for (std::size_t k = 0; k < lanes; ++k) {
                src[k] = {sources[first + k], 0};
                spans[k] = std::span(&src[k], 1);
            }
            b.run(spans);
            std::uint64_t reached = 0;
            std::array<std::uint64_t, L> last{};  // per lane, as phast's checksum
            const Weight* d = b.data();
            for (std::size_t p = 0; p < ch.node_count(); ++p) {
                for (std::size_t k = 0; k < lanes; ++k) {
                    if (d[p * L + k] != kUnreachable) {
                        ++reached;
                        last[k] = d[p * L + k];
                    }
                }
            }
            settled += reached;
            for (auto l : last) checksum += l;
        };
        {
            sweep(batches.local(), 0);  // warm-up
            settled = 0;
            checksum = 0;
        }
        const auto t1 = clock::now();
        const double c1 = cpu_s();
        const std::size_t blocks = (sources.size() + L - 1) / L;
        tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) { sweep(batches.local(), b * L); });
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
        run_cpu_s = cpu_s() - c1;
    } else if (cfg.engine == "phast") {
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
        const double c1 = cpu_s();
        tbb::parallel_for(std::size_t{0}, sources.size(), [&](std::size_t i) { sweep(searches.local(), sources[i]); });
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
        run_cpu_s = cpu_s() - c1;
    } else {
        tbb::enumerable_thread_specific<graph::ShortestPathSearch> searches(
            [&] { return graph::ShortestPathSearch(g, metric); });
        { searches.local().run(sources.front()); }  // warm-up: page in the arrays
        const auto t1 = clock::now();
        const double c1 = cpu_s();
        tbb::parallel_for(std::size_t{0}, sources.size(), [&](std::size_t i) {
            auto& s = searches.local();
            s.run(sources[i]);
            settled += s.settled().size();
            checksum += s.distance(s.settled().back());
        });
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
        run_cpu_s = cpu_s() - c1;
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
                                          {"cpu_ms_per_tree", json_rounded(run_cpu_s * 1000.0 / sources.size(), "%.3f")},
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
        if (cfg.engine != "dijkstra") out << line("hierarchy:       %.3f s, %zu shortcuts\n", hierarchy_s, shortcuts);
        out << line("per tree:        %.3f ms (thread time), %.3f ms CPU\n", ms_per_tree, run_cpu_s * 1000.0 / sources.size())
            << line("per settled:     %.2f ns\n", ns_per_settled) << line("settled/tree:    %.1f\n", settled_per_tree)
            << line("graph bytes/arc: %.2f (arrays), %.2f (resident growth on load)\n", bytes_per_arc,
                    rss_bytes_per_arc)
            << line("peak RSS:        %ld KiB\n", peak_rss_kib());
    }
    return 0;
}

}  // namespace midlink::workflow
