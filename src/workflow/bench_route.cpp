// bench route (workflow/bench.hpp): random node-to-node queries through a contraction
// hierarchy or Dijkstra, the query alone timed.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <nlohmann/json.hpp>
#include <random>
#include <unordered_map>

#include "midlink/core/error.hpp"
#include "midlink/graph/ch_query.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/workflow/bench.hpp"
#include "midlink/workflow/graph_contract.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {
// This thread's CPU time: on a shared machine it counts the query, not the waits for a core.
double thread_cpu_s() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::string line(const char* format, auto... values) {
    char buf[256];
    std::snprintf(buf, sizeof buf, format, values...);
    return buf;
}
}  // namespace

int run_bench_route(const BenchRouteConfig& cfg, const Context& ctx, std::ostream& out) {
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    const auto g = graph::read_graph_file(cfg.graph);
    const double load_s = std::chrono::duration<double>(clock::now() - t0).count();
    const auto metric = cfg.metric == "distance" ? graph::Metric::Distance : graph::Metric::Time;
    const NodeId n = g.node_count();
    if (n == 0) throw InputError(cfg.graph + ": the graph has no nodes");
    // Pairs of node ids drawn from mt19937_64(seed), source then target; written as node
    // keys (the input's ids, e.g. DIMACS) so another router can run the same pairs.
    std::mt19937_64 rng(cfg.seed);
    std::vector<std::pair<NodeId, NodeId>> pairs(static_cast<std::size_t>(cfg.pairs));
    for (auto& [s, t] : pairs) {
        s = static_cast<NodeId>(rng() % n);
        t = static_cast<NodeId>(rng() % n);
    }
    if (!cfg.write_pairs.empty()) {
        std::ofstream f(cfg.write_pairs);
        for (const auto& [s, t] : pairs) f << g.node_key[s] << ' ' << g.node_key[t] << '\n';
        if (!f) throw OutputError("cannot write " + cfg.write_pairs);
    }
    double hierarchy_s = 0.0, hierarchy_load_s = 0.0, index_s = 0.0;
    std::optional<graph::ContractionHierarchy> ch;
    std::uint64_t checksum = 0, reached = 0, settled = 0;
    double run_s = 0.0, cpu_s = 0.0;
    if (cfg.engine == "ch") {
        const auto th = clock::now();
        ch = load_stored_hierarchy(cfg.hierarchy, cfg.graph, g, metric, ctx);
        hierarchy_load_s = std::chrono::duration<double>(clock::now() - th).count();
        if (!ch) {
            hierarchy_load_s = 0.0;
            ctx.info("no stored hierarchy: building one (timed apart)");
            const auto tb = clock::now();
            ch = graph::build_contraction_hierarchy(g, metric);
            hierarchy_s = std::chrono::duration<double>(clock::now() - tb).count();
        }
        const auto ti = clock::now();
        const graph::ChSearchIndex index(g, metric, *ch);
        index_s = std::chrono::duration<double>(clock::now() - ti).count();
        graph::ChQuery query(index);
        query.set_stalling(!cfg.no_stalling);
        if (cfg.warm_up) {
            // One untimed pass: the timed one then finds the index in cache and the labels'
            // pages mapped, as every query after the first few thousand of a long run does.
            for (const auto& [s, t] : pairs) {
                const graph::SearchSource a{s, 0}, b{t, 0};
                query.run({&a, 1}, {&b, 1});
            }
        }
        const auto t1 = clock::now();
        const double c1 = thread_cpu_s();
        for (const auto& [s, t] : pairs) {
            const graph::SearchSource a{s, 0}, b{t, 0};
            const Weight d = query.run({&a, 1}, {&b, 1});
            settled += query.settled();
            if (d != kUnreachable) {
                checksum += d;
                ++reached;
                if (cfg.unpack) checksum += query.path_edges().size();
            }
        }
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
        cpu_s = thread_cpu_s() - c1;
    } else {
        graph::ShortestPathSearch search(g, metric);
        const auto t1 = clock::now();
        const double c1 = thread_cpu_s();
        for (const auto& [s, t] : pairs) {
            search.run(s, kUnreachable, t);
            settled += search.settled().size();
            const Weight d = search.distance(t);
            if (d != kUnreachable) {
                checksum += d;
                ++reached;
                if (cfg.unpack) checksum += search.path_edges(t).size();
            }
        }
        run_s = std::chrono::duration<double>(clock::now() - t1).count();
        cpu_s = thread_cpu_s() - c1;
    }
    const double us_per_query = run_s * 1e6 / static_cast<double>(pairs.size());
    const double cpu_us_per_query = cpu_s * 1e6 / static_cast<double>(pairs.size());
    const double settled_per_query = static_cast<double>(settled) / static_cast<double>(pairs.size());
    const std::size_t arcs = ch ? ch->up_head.size() + ch->down_tail.size() : 0;
    if (cfg.format == "json") {
        const nlohmann::ordered_json j = {{"graph", cfg.graph},
                                          {"nodes", n},
                                          {"edges", g.edge_count()},
                                          {"pairs", cfg.pairs},
                                          {"seed", cfg.seed},
                                          {"engine", cfg.engine},
                                          {"warm_up", cfg.warm_up},
                                          {"load_s", json_rounded(load_s, "%.3f")},
                                          {"hierarchy_build_s", json_rounded(hierarchy_s, "%.3f")},
                                          {"hierarchy_load_s", json_rounded(hierarchy_load_s, "%.3f")},
                                          {"hierarchy_arcs", arcs},
                                          {"index_s", json_rounded(index_s, "%.3f")},
                                          {"wall_s", json_rounded(run_s, "%.4f")},
                                          {"us_per_query", json_rounded(us_per_query, "%.2f")},
                                          {"cpu_us_per_query", json_rounded(cpu_us_per_query, "%.2f")},
                                          {"settled_per_query", json_rounded(settled_per_query, "%.1f")},
                                          {"reached", reached},
                                          {"checksum", checksum}};
        out << j.dump() << "\n";
    } else {
        out << line("graph %s: %u nodes, %u edges; %d pairs (seed %llu), 1 thread\n", cfg.graph.c_str(), n,
                    g.edge_count(), cfg.pairs, static_cast<unsigned long long>(cfg.seed))
            << line("load:            %.3f s\n", load_s) << line("engine:          %s\n", cfg.engine.c_str());
        if (cfg.engine == "ch") {
            if (hierarchy_s > 0.0) out << line("hierarchy:       built in %.3f s, %zu arcs\n", hierarchy_s, arcs);
            else out << line("hierarchy:       loaded in %.3f s, %zu arcs\n", hierarchy_load_s, arcs);
            out << line("query index:     %.3f s\n", index_s);
        }
        out << line("per query:       %.2f us wall, %.2f us CPU%s%s\n", us_per_query, cpu_us_per_query,
                    cfg.unpack ? " (with path unpacking)" : "", cfg.warm_up ? ", after an untimed pass" : "")
            << line("settled/query:   %.1f\n", settled_per_query)
            << line("reached:         %llu of %d\n", static_cast<unsigned long long>(reached), cfg.pairs)
            << line("checksum:        %llu (sum of costs%s)\n", static_cast<unsigned long long>(checksum),
                    cfg.unpack ? " and path edge counts" : "");
    }
    return 0;
}

}  // namespace midlink::workflow
