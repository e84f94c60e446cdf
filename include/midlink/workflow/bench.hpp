#pragma once
// `midlink bench sssp | route | load` as library calls: the engine's core speed figures
// (docs/cli/bench.md). Results go to `out` as text or one line of JSON.
#include <cstdint>
#include <ostream>
#include <string>

#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct BenchSsspConfig {
    std::string graph;
    int sources = 100;
    std::uint64_t seed = 1;
    std::string metric = "time";      // time or distance
    std::string format = "text";      // text or json
    std::string engine = "dijkstra";  // dijkstra or phast
};

/// One-to-all trees from `sources` random sources: ms per tree and ns per settled node, on
/// one thread unless ctx.threads says otherwise (the comparable figure). Returns 0.
int run_bench_sssp(const BenchSsspConfig& cfg, const Context& ctx, std::ostream& out);

struct BenchLoadConfig {
    std::string graph;
    int repeat = 5;
    std::string format = "text";
};

/// Median load time of the graph file with and without its checksum check, interleaved
/// after one warm-up read. Returns 0.
int run_bench_load(const BenchLoadConfig& cfg, std::ostream& out);

struct BenchRouteConfig {
    std::string graph;
    int pairs = 20000;
    std::uint64_t seed = 1;
    std::string metric = "time";
    std::string format = "text";
    std::string engine = "ch";    // ch or dijkstra
    std::string hierarchy;        // as route --hierarchy; none of them current: built, timed apart
    std::string write_pairs;      // also write the pairs as node keys, "SOURCE TARGET" per line
    bool unpack = false;          // also unpack each path into graph edges
    bool no_stalling = false;     // CH without stall-on-demand (to measure what it saves)
    bool warm_up = false;         // CH: run the pairs once untimed first
};

/// Random node-to-node queries (mt19937_64(seed): source, target, ...) on one thread: us per
/// query, the query alone. The checksum (sum of costs) is the same for every engine.
int run_bench_route(const BenchRouteConfig& cfg, const Context& ctx, std::ostream& out);

}  // namespace midlink::workflow
