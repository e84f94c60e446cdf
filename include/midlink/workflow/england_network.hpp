#pragma once
// `midlink bench england-network` as a library call: an England-sized synthetic road
// network (GMNS, BNG) with the inputs of a national access job (output-area-like origins
// and the eight DfT JTS key services), for benchmarks at national scale. How it is made
// and how it compares with real networks: docs/national-scale.md.
#include <cstdint>
#include <ostream>
#include <string>

#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct EnglandNetworkConfig {
    std::string out_dir;
    double scale = 1.0;       // multiplies node, origin and destination counts; area stays England
    std::uint64_t seed = 1;
    std::string geodata = "../shared/geodata";  // the real data it builds on
};

/// Writes DIR/network/{node,link,config}.csv, DIR/origins.csv, DIR/destinations/<set>.csv
/// and DIR/README.md; prints a summary to `out`. The same seed and scale give the same
/// bytes for any thread count. Returns 0.
int run_england_network(const EnglandNetworkConfig& cfg, const Context& ctx, std::ostream& out);

}  // namespace midlink::workflow
