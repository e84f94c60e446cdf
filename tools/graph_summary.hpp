#pragma once
// Facts about a built graph for `graph info` and the build report.
#include <string>

#include "midlink/graph/road_graph.hpp"

namespace midlink::cli {

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

GraphSummary summarise(const graph::RoadGraph& g);
std::string summary_text(const graph::RoadGraph& g, const GraphSummary& s);
std::string summary_json(const graph::RoadGraph& g, const GraphSummary& s);
std::string json_escape(const std::string& s);

}  // namespace midlink::cli
