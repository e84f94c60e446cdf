#pragma once
// `midlink assign GRAPH.mlg --zones ZONES --od OD.csv`: assignment of an OD table on a
// midlink graph, zones snapped to it.
#include <string>
#include <unordered_map>
#include <vector>

#include "midlink/workflow/context.hpp"
#include "midlink/analysis/assignment.hpp"
#include "midlink/analysis/graph_assignment.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/io/output_set.hpp"

namespace midlink::cli {

struct GraphAssignConfig {
    std::string graph;
    std::string zones;  // point layer or CSV with id and x/y or lon/lat
    std::string zone_layer;
    std::string zone_id_field = "id";
    std::string zones_crs;  // for zones without a CRS or ambiguous x/y columns
    std::string od;         // CSV: from,to,trips
    double snap_distance_m = 1000.0;
    bool snap_connectors = false;       // zones may also snap onto the model's zone connectors
    int connectors = 4;                 // further nodes each zone joins, besides its snapped edge
    double connector_speed_kmh = 30.0;  // straight-line connector speed
    analysis::BprParameters bpr;
    std::string output;            // FLOWS.csv
    std::string edges_output;      // optional GPKG of edges with volume and V/C
    std::string diagnostics_path;  // default: FLOWS.csv.diagnostics.csv
};

/// Zones read and snapped to a graph, as `assign` does (further connectors included).
struct AssignmentZones {
    std::vector<std::string> ids;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<analysis::ZoneAccess> access;
    std::size_t unsnapped = 0;
};
AssignmentZones snap_assignment_zones(const graph::RoadGraph& g, const GraphAssignConfig& cfg,
                                      Diagnostics& diagnostics, const workflow::Context& ctx);
/// The OD table (from,to,trips); rows naming unknown zones are skipped and named.
analysis::OdMatrix read_assignment_od(const GraphAssignConfig& cfg, const AssignmentZones& zones,
                                      Diagnostics& diagnostics, const workflow::Context& ctx);

/// Every file it writes is a member of `outputs` (anchored on cfg.output); commits it.
int run_graph_assign(io::OutputSet& outputs, const GraphAssignConfig& cfg, const std::string& method_name,
                     const analysis::AssignmentOptions& options, const workflow::Context& ctx);

}  // namespace midlink::cli
