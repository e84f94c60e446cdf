// midlink bench sssp: one-to-all trees from random sources, the engine's core speed figure.
#include <sys/resource.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/enumerable_thread_specific.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>

#include "bench_load.hpp"
#include "commands.hpp"
#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace {

struct BenchConfig {
    std::string graph;
    int sources = 100;
    std::uint64_t seed = 1;
    std::string metric = "time";
    std::string format = "text";
    std::string engine = "dijkstra";
};

long peak_rss_kib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

int run_sssp(const BenchConfig& cfg, const workflow::Context& ctx) {
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
        { sweep(searches.local(), sources.front()); settled = 0; checksum = 0; }  // warm-up
        const auto t1 = clock::now();
        tbb::parallel_for(std::size_t{0}, sources.size(), [&](std::size_t i) { sweep(searches.local(), sources[i]); });
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
    } else {
        tbb::enumerable_thread_specific<graph::ShortestPathSearch> searches([&] { return graph::ShortestPathSearch(g, metric); });
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
    const double bytes_per_arc = static_cast<double>(g.memory_bytes()) / g.edge_count();
    const double rss_bytes_per_arc = (rss_loaded - rss_before) * 1024.0 / g.edge_count();
    if (cfg.format == "json") {
        std::printf("{\"graph\":\"%s\",\"nodes\":%u,\"edges\":%u,\"sources\":%d,\"seed\":%llu,\"threads\":%d,"
                    "\"load_s\":%.3f,\"wall_s\":%.4f,\"ms_per_tree\":%.3f,\"ns_per_settled_node\":%.2f,"
                    "\"settled_per_tree\":%.1f,\"graph_bytes_per_arc\":%.2f,\"rss_bytes_per_arc\":%.2f,"
                    "\"peak_rss_kib\":%ld,\"checksum\":%llu,\"engine\":\"%s\",\"hierarchy_s\":%.3f,\"shortcuts\":%zu}\n",
                    cfg.graph.c_str(), g.node_count(), g.edge_count(), cfg.sources,
                    static_cast<unsigned long long>(cfg.seed), threads, load_s, run_s, ms_per_tree, ns_per_settled,
                    static_cast<double>(settled.load()) / sources.size(), bytes_per_arc, rss_bytes_per_arc,
                    peak_rss_kib(), static_cast<unsigned long long>(checksum.load()), cfg.engine.c_str(), hierarchy_s,
                    shortcuts);
    } else {
        std::printf("graph %s: %u nodes, %u edges; %d sources (seed %llu), %d thread(s)\n", cfg.graph.c_str(),
                    g.node_count(), g.edge_count(), cfg.sources, static_cast<unsigned long long>(cfg.seed), threads);
        std::printf("load:            %.3f s\n", load_s);
        std::printf("engine:          %s\n", cfg.engine.c_str());
        if (cfg.engine == "phast") std::printf("hierarchy:       %.3f s, %zu shortcuts\n", hierarchy_s, shortcuts);
        std::printf("per tree:        %.3f ms (thread time)\n", ms_per_tree);
        std::printf("per settled:     %.2f ns\n", ns_per_settled);
        std::printf("settled/tree:    %.1f\n", static_cast<double>(settled.load()) / sources.size());
        std::printf("graph bytes/arc: %.2f (arrays), %.2f (resident growth on load)\n", bytes_per_arc, rss_bytes_per_arc);
        std::printf("peak RSS:        %ld KiB\n", peak_rss_kib());
    }
    return 0;
}
}  // namespace

void add_bench_commands(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto* bench = app.add_subcommand("bench", "Measure engine speed and memory");
    bench->require_subcommand(1);
    auto cfg = std::make_shared<BenchConfig>();
    auto* sssp = bench->add_subcommand("sssp", "One-to-all shortest-path trees from random sources; ms per tree, ns per settled node");
    sssp->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    sssp->add_option("--sources", cfg->sources, "Number of random sources")->capture_default_str()->check(cli::positive());
    sssp->add_option("--seed", cfg->seed, "Random seed")->capture_default_str();
    sssp->add_option("--metric", cfg->metric, "time or distance")->check(CLI::IsMember({"time", "distance"}))->capture_default_str();
    sssp->add_option("--format", cfg->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    sssp->add_option("--engine", cfg->engine, "dijkstra, or phast (builds a contraction hierarchy first, timed apart)")
        ->check(CLI::IsMember({"dijkstra", "phast"}))
        ->capture_default_str();
    sssp->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_sssp(*cfg, ctx); }; });
    add_bench_load_command(*bench, action);
}

}  // namespace midlink::cli
