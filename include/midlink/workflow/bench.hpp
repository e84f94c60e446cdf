#pragma once
// `midlink bench sssp | load` as library calls: the engine's core speed figures
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

}  // namespace midlink::workflow
