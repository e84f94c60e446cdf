// Google Benchmark program for the graph layer on real data in ../shared/geodata:
// reading and building (Rutland OSM, Birmingham PRISM TNTP), one-to-all Dijkstra trees
// (PRISM, DIMACS FLA) in input order and in the locality order the builder uses by
// default, and snapping. Inputs are read when a benchmark family first runs, never at
// static initialisation; a missing input skips the benchmark with a message.
//
//   midlink_bench --benchmark_filter=OneToAll --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "midlink/core/profile.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/network_reader.hpp"

#ifndef MIDLINK_GEODATA
#define MIDLINK_GEODATA "../shared/geodata"
#endif

namespace {
using namespace midlink;

constexpr std::uint64_t kSeed = 20240601;  // fixed: every run draws the same sources and points

std::string geodata(const char* relative) { return std::string(MIDLINK_GEODATA) + "/" + relative; }

const std::string& rutland_pbf() {
    static const std::string p = geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf");
    return p;
}
const std::string& prism_net() {
    static const std::string p = geodata("tntp-birmingham-prism/Birmingham_Net.tntp");
    return p;
}
const std::string& fla_gr() {
    static const std::string p = geodata("dimacs9-usa-pace16/derived-FLA-pseudoweights.gr.xz");
    return p;
}

/// False (and the benchmark skipped) when `path` is absent.
bool require_input(benchmark::State& state, const std::string& path) {
    if (std::filesystem::exists(path)) return true;
    state.SkipWithError(("input not found: " + path + " (MIDLINK_GEODATA=" MIDLINK_GEODATA ")").c_str());
    return false;
}

enum class Dataset { Prism, Fla };

const char* dataset_name(Dataset d) { return d == Dataset::Prism ? "PRISM" : "FLA"; }
const std::string& dataset_path(Dataset d) { return d == Dataset::Prism ? prism_net() : fla_gr(); }

LinkTable read_dataset(Dataset d) {
    const io::ReadOptions ro;
    return d == Dataset::Prism ? io::read_tntp(prism_net(), ro) : io::read_dimacs(fla_gr(), ro);
}

/// Graphs built once per (dataset, order) and kept for the whole program; the link table
/// is read once per dataset and both orders are built from it.
struct CachedGraph {
    std::unique_ptr<graph::RoadGraph> graph;
    std::vector<NodeId> sources;  // random tree roots; the same input nodes in every order
    std::string error;            // set when reading or building failed
};

const CachedGraph& cached_graph(Dataset d, graph::NodeOrder order) {
    static std::map<std::pair<Dataset, graph::NodeOrder>, CachedGraph> cache;
    const auto key = std::make_pair(d, order);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    try {
        const LinkTable table = read_dataset(d);
        for (const auto o : {graph::NodeOrder::Input, graph::NodeOrder::Spatial}) {
            graph::BuildOptions bo;
            bo.order = o;
            auto result = graph::build_graph(table, default_car_profile(), bo);
            cache[{d, o}].graph = std::make_unique<graph::RoadGraph>(std::move(result.graph));
        }
        // Roots drawn among input-order ids and carried to the renumbered graph by node
        // key, so both orders grow exactly the same trees.
        auto& input = cache[{d, graph::NodeOrder::Input}];
        auto& spatial = cache[{d, graph::NodeOrder::Spatial}];
        std::unordered_map<NodeKey, NodeId> spatial_id;
        spatial_id.reserve(spatial.graph->node_count());
        for (NodeId v = 0; v < spatial.graph->node_count(); ++v) spatial_id.emplace(spatial.graph->node_key[v], v);
        std::mt19937_64 rng(kSeed);
        for (int i = 0; i < 1024; ++i) {
            const auto v = static_cast<NodeId>(rng() % input.graph->node_count());
            input.sources.push_back(v);
            spatial.sources.push_back(spatial_id.at(input.graph->node_key[v]));
        }
    } catch (const std::exception& e) {
        for (const auto o : {graph::NodeOrder::Input, graph::NodeOrder::Spatial})
            cache[{d, o}] = CachedGraph{nullptr, {}, std::string(dataset_name(d)) + ": " + e.what()};
    }
    return cache[key];
}

// ---------------------------------------------------------------------------------------
// Reading and building

void BM_ReadOsmRutland(benchmark::State& state) {
    if (!require_input(state, rutland_pbf())) return;
    const io::ReadOptions ro;
    std::size_t links = 0;
    for (auto _ : state) {
        const LinkTable table = io::read_osm_pbf(rutland_pbf(), ro);
        links = table.links.size();
        benchmark::DoNotOptimize(links);
    }
    state.counters["links"] = static_cast<double>(links);
}

void BM_BuildGraphRutland(benchmark::State& state) {
    if (!require_input(state, rutland_pbf())) return;
    const io::ReadOptions ro;
    const Profile profile = default_car_profile();
    std::uint32_t edges = 0;
    for (auto _ : state) {
        const LinkTable table = io::read_osm_pbf(rutland_pbf(), ro);
        const auto result = graph::build_graph(table, profile);
        edges = result.graph.edge_count();
        benchmark::DoNotOptimize(edges);
    }
    state.counters["edges"] = edges;
}

void BM_BuildGraphPrism(benchmark::State& state) {
    if (!require_input(state, prism_net())) return;
    const io::ReadOptions ro;
    const Profile profile = default_car_profile();
    std::uint32_t edges = 0;
    for (auto _ : state) {
        const LinkTable table = io::read_tntp(prism_net(), ro);
        const auto result = graph::build_graph(table, profile);
        edges = result.graph.edge_count();
        benchmark::DoNotOptimize(edges);
    }
    state.counters["edges"] = edges;
}

// ---------------------------------------------------------------------------------------
// One-to-all trees: the engine's core figure, and what renumbering for locality buys.

void BM_OneToAll(benchmark::State& state, Dataset d, graph::NodeOrder order) {
    if (!require_input(state, dataset_path(d))) return;
    const CachedGraph& cached = cached_graph(d, order);
    if (!cached.graph) {
        state.SkipWithError(cached.error.c_str());
        return;
    }
    const graph::RoadGraph& g = *cached.graph;
    const std::vector<NodeId>& sources = cached.sources;
    if (order == graph::NodeOrder::Spatial && !g.has_coordinates()) state.SetLabel("no coordinates: BFS order");

    graph::ShortestPathSearch search(g, graph::Metric::Time);  // reused: no allocation per tree
    search.run(sources.back());                                // warm-up: page in the arrays
    std::uint64_t settled = 0;
    std::uint64_t trees = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (auto _ : state) {
        search.run(sources[trees % sources.size()]);
        settled += search.settled().size();
        benchmark::DoNotOptimize(search.distance(search.settled().back()));
        ++trees;
    }
    // Per-tree and per-node figures in the units `midlink bench sssp` prints (wall time of
    // the loop, one thread), as plain numbers so the console shows no unit suffix.
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (trees > 0) {
        state.counters["ms_per_tree"] = wall_s * 1e3 / static_cast<double>(trees);
        state.counters["ns_per_settled"] = wall_s * 1e9 / static_cast<double>(settled);
    }
    state.counters["settled_per_tree"] = trees ? static_cast<double>(settled) / static_cast<double>(trees) : 0.0;
    state.counters["nodes"] = g.node_count();
    state.counters["edges"] = g.edge_count();
}

// ---------------------------------------------------------------------------------------
// Snapping random points in the West Midlands (BNG E 360-460 km, N 230-330 km) to PRISM.

void BM_Snap(benchmark::State& state) {
    if (!require_input(state, prism_net())) return;
    const CachedGraph& cached = cached_graph(Dataset::Prism, graph::NodeOrder::Spatial);
    if (!cached.graph) {
        state.SkipWithError(cached.error.c_str());
        return;
    }
    if (!cached.graph->has_coordinates()) {
        state.SkipWithError("PRISM graph has no coordinates (Birmingham_Nodes.tntp missing?)");
        return;
    }
    static const graph::Snapper snapper(*cached.graph);  // R-tree built once, on first use
    const double max_distance_m = static_cast<double>(state.range(0));

    std::vector<Point> points(4096);
    std::mt19937_64 rng(kSeed);
    std::uniform_real_distribution<double> east(360000.0, 460000.0);
    std::uniform_real_distribution<double> north(230000.0, 330000.0);
    for (auto& p : points) p = {east(rng), north(rng)};

    std::size_t i = 0;
    std::uint64_t snapped = 0;
    for (auto _ : state) {
        const graph::Snap s = snapper.snap(points[i++ % points.size()], max_distance_m);
        snapped += s.ok ? 1 : 0;
        benchmark::DoNotOptimize(s);
    }
    state.counters["snapped_share"] = i ? static_cast<double>(snapped) / static_cast<double>(i) : 0.0;
}

void register_benchmarks() {
    using graph::NodeOrder;
    // Reading uses libosmium's decoder threads: wall time is the figure, not main-thread CPU.
    benchmark::RegisterBenchmark("BM_ReadOsmRutland", BM_ReadOsmRutland)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("BM_BuildGraphRutland", BM_BuildGraphRutland)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark("BM_BuildGraphPrism", BM_BuildGraphPrism)->Unit(benchmark::kMillisecond)->UseRealTime();
    for (const Dataset d : {Dataset::Prism, Dataset::Fla}) {
        for (const auto& [order, name] : {std::pair{NodeOrder::Input, "Input"}, std::pair{NodeOrder::Spatial, "Spatial"}}) {
            const std::string label = std::string("BM_OneToAll/") + dataset_name(d) + "/" + name;
            auto* b = benchmark::RegisterBenchmark(label.c_str(), BM_OneToAll, d, order);
            b->Unit(benchmark::kMillisecond)->UseRealTime();
            if (d == Dataset::Fla) b->MinTime(2.0);  // ~100 ms per tree: enough trees to average
        }
    }
    // Within 5 km almost every point in the box snaps; the limit bounds the R-tree search.
    benchmark::RegisterBenchmark("BM_Snap", BM_Snap)->Arg(5000)->ArgName("max_m")->Unit(benchmark::kMicrosecond);
}

}  // namespace

int main(int argc, char** argv) {
    register_benchmarks();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
