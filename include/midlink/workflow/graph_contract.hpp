#pragma once
// `midlink graph contract`: a contraction hierarchy built once and stored beside the graph
// (graph/ch_file.hpp), and how route and access find it again.
#include <optional>
#include <string>

#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct GraphContractConfig {
    std::string graph;
    std::string output;            // default: GRAPH.mlg.ch (time), GRAPH.mlg.distance.ch
    std::string metric = "time";
};

/// Reads the graph, builds its hierarchy and writes it under a temporary name, renamed.
int run_graph_contract(const GraphContractConfig& cfg, const Context& ctx);

/// The hierarchy for a graph read from `graph_path`. `choice` is "none" (never), a path
/// (must load: stale or damaged throws InputError), or "" for the default path beside the
/// graph, used when present and current; a stale or damaged one there is reported through
/// ctx.warn and not used.
std::optional<graph::ContractionHierarchy> load_stored_hierarchy(const std::string& choice, const std::string& graph_path,
                                                                 const graph::RoadGraph& g, graph::Metric metric,
                                                                 const Context& ctx);

}  // namespace midlink::workflow
