#pragma once
// `midlink assign GRAPH.mlg --zones ZONES --od OD.csv`: assignment of an OD table on a
// midlink graph, zones snapped to it.
#include <string>

#include "cli_context.hpp"
#include "midlink/analysis/assignment.hpp"
#include "midlink/analysis/graph_assignment.hpp"

namespace midlink::cli {

struct GraphAssignConfig {
    std::string graph;
    std::string zones;  // point layer or CSV with id and x/y or lon/lat
    std::string zone_layer;
    std::string zone_id_field = "id";
    std::string zones_crs;  // for zones without a CRS or ambiguous x/y columns
    std::string od;         // CSV: from,to,trips
    double snap_distance_m = 1000.0;
    int connectors = 4;                 // further nodes each zone joins, besides its snapped edge
    double connector_speed_kmh = 30.0;  // straight-line connector speed
    analysis::BprParameters bpr;
    std::string output;            // FLOWS.csv
    std::string edges_output;      // optional GPKG of edges with volume and V/C
    std::string diagnostics_path;  // default: FLOWS.csv.diagnostics.csv
};

int run_graph_assign(const GraphAssignConfig& cfg, const std::string& method_name,
                     const analysis::AssignmentOptions& options, const CliContext& ctx);

}  // namespace midlink::cli
