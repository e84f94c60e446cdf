#pragma once
// DfT AADF counts matched to graph edges, with HGV share and the peak-hour volume/capacity
// ratio.
//
//   FlowsStudy s = compute_flows(cfg, graph, ctx);  // graph already in memory
//   run_flows(cfg, ctx);                            // what `midlink flows` does
#include <map>
#include <string>
#include <vector>

#include "midlink/analysis/count_matching.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/core/traffic_count.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/count_reader.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// Options of `midlink flows` (docs/cli/flows.md); the CLI binds straight into it.
struct FlowsConfig {
    std::string graph;
    io::CountReadOptions counts;  // target_crs and input are set from the graph and context
    analysis::CountMatchOptions match;
    analysis::FlowOptions flow;
    bool counted_edges_only = false;
    std::string output;
    std::string diagnostics_path;  // default: OUTPUT.diagnostics.csv
};

namespace flows_layers {
inline constexpr const char* kFlows = "flows";
inline constexpr const char* kCounts = "counts";
}  // namespace flows_layers

/// A computed study. Keeps a pointer to the graph given to compute_flows (its edges are
/// the rows of the flows layer): that graph must outlive it.
struct FlowsStudy {
    const graph::RoadGraph* graph = nullptr;
    std::vector<TrafficCount> counts;
    std::vector<analysis::CountMatch> matches;  // per count
    std::vector<analysis::EdgeFlow> flows;      // per edge
    analysis::FlowOptions flow;
    bool counted_edges_only = false;
    std::map<std::string, int> by_status;  // counts per match status name
    std::size_t edges_with_count = 0;
    std::size_t near_capacity = 0;
    double max_vc = 0.0;
    Diagnostics diagnostics;

    /// The layers write_flows writes ("flows", "counts"), in the graph's CRS.
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Option values, without reading a file. Throws ConfigError.
void check_flows_config(const FlowsConfig& cfg);
/// Reads the counts and matches them to `g`. Writes no file.
FlowsStudy compute_flows(const FlowsConfig& cfg, const graph::RoadGraph& g, const Context& ctx);
/// Both layers into cfg.output and the diagnostics CSV, members of `set`.
void write_flows(const FlowsStudy& study, const FlowsConfig& cfg, const Context& ctx, io::OutputSet& set);
/// `midlink flows`: checks, the output's lock, reads the graph, computes, writes. Returns 0.
int run_flows(const FlowsConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
