#pragma once
// Facts about a built graph: what `graph info`, `info GRAPH.mlg` and the end of `graph
// build` print, and the length midlink::Graph::info() reports.
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include "midlink/graph/road_graph.hpp"

namespace midlink::workflow {

struct GraphSummary {
    std::uint32_t nodes = 0;
    std::uint32_t edges = 0;
    std::uint32_t links = 0;
    std::uint32_t components_kept = 0;
    std::uint32_t components_total = 0;
    double largest_share = 0.0;  // of nodes before filtering
    double total_length_km = 0.0;  // each physical link once
    std::size_t memory_bytes = 0;
    std::uint32_t capacity_from_input = 0;    // physical links
    std::uint32_t capacity_from_profile = 0;
    std::uint32_t capacity_none = 0;
};

/// Road length counting each physical link once (a two-way road is two edges, one link).
double physical_length_m(const graph::RoadGraph& g);
GraphSummary summarise(const graph::RoadGraph& g);
std::string summary_text(const graph::RoadGraph& g, const GraphSummary& s);
/// One line of JSON, keys in a fixed order.
std::string summary_json(const graph::RoadGraph& g, const GraphSummary& s);

/// `midlink graph info`: reads the graph file and writes its summary ("text" or "json").
int run_graph_info(const std::string& graph_path, const std::string& format, std::ostream& results);

}  // namespace midlink::workflow
