#pragma once
// `midlink centrality` as a library call: Brandes edge and node betweenness (exact,
// sampled, or OD-weighted between places by a gravity term), the graph's bridges and,
// with places, the cost of closing each top-betweenness road.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "midlink/analysis/betweenness.hpp"
#include "midlink/analysis/network_criticality.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct CentralityConfig {
    std::string graph;
    std::optional<std::uint32_t> samples;  // unset: exact up to 20,000 nodes, else 1,000 sources
    std::uint64_t seed = 1;
    std::string od;                        // places CSV id,x,y,population
    std::string coords_crs;                // of the places; default the graph's
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
    std::uint32_t criticality = 0;         // top-betweenness roads whose closure is costed
    std::string output;
};

struct CentralityStudy {
    analysis::BetweennessResult betweenness;
    std::string mode;                     // exact, sampled or od-gravity
    std::vector<std::uint8_t> bridges;    // per directed edge
    std::vector<analysis::ClosureImpact> impacts;  // ranked: disconnections, then added time
    std::size_t places = 0;
    std::size_t unsnapped_places = 0;
    std::string graph_name;                // the graph file named in the config (centrality_run)
    /// The graph given to compute_centrality: it must outlive the study for tables().
    const graph::RoadGraph* graph = nullptr;

    /// The layers write_centrality writes, same names, columns and rows.
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Reads the places (with --od), computes; writes nothing. With ctx.group of several ranks
/// the betweenness is collective (analysis::BetweennessOptions::group) and only rank 0's
/// study is complete: the other ranks stop after it, without bridges or closures.
CentralityStudy compute_centrality(const CentralityConfig& cfg, const Context& ctx, const graph::RoadGraph& g);
/// The layers edges, nodes, network_criticality (with closures), centrality_sources
/// (sampled runs) and centrality_run, as members of `set`.
void write_centrality(const CentralityStudy& study, const CentralityConfig& cfg, const graph::RoadGraph& g,
                      io::OutputSet& set);
/// What `midlink centrality` does: checks, output lock, graph, compute, write, commit.
int run_centrality(const CentralityConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
