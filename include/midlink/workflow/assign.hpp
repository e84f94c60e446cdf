#pragma once
// Static traffic assignment as a study: a TNTP network with its trips, or an OD table
// between zones snapped to a midlink graph.
//
//   AssignStudy s = compute_assign(cfg, graph, ctx);  // graph form; or compute_assign(cfg, ctx)
//   auto tables = s.tables();                         // flows, edges, summary as plain columns
//   write_assign(s, cfg, ctx, set);                   // flows CSV, summary JSON, ...
//   run_assign(cfg, ctx, std::cout);                  // what `midlink assign` does
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "midlink/analysis/assignment.hpp"
#include "midlink/analysis/graph_assignment.hpp"
#include "midlink/analysis/tntp_network.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// The graph form's options (`midlink assign GRAPH.mlg --zones ZONES --od OD.csv`).
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
    std::string output;            // FLOWS.csv (run_assign sets it from AssignConfig::output)
    std::string edges_output;      // optional GPKG of edges with volume and V/C
    std::string diagnostics_path;  // default: FLOWS.csv.diagnostics.csv
};

/// Options of `midlink assign` (docs/cli/assign.md); the CLI binds straight into it.
struct AssignConfig {
    std::string network;
    std::string trips;
    std::string method = "cfw";  // analysis::kAssignmentMethods
    double gap = 1e-4;
    int max_iterations = 1000;
    std::optional<double> toll_factor;      // overrides the file's <TOLL FACTOR>
    std::optional<double> distance_factor;  // overrides the file's <DISTANCE FACTOR>
    std::string output;
    GraphAssignConfig on_graph;  // used when a graph file is given
};

/// The method named by `name`; throws ConfigError listing the names ("--method 'x' is not
/// one of: aon, fw, cfw, bfw, bush"). Never a default for an unknown name.
analysis::AssignmentMethod parse_assignment_method(const std::string& name);

/// Zones read and snapped to a graph, as `assign` does (further connectors included).
struct AssignmentZones {
    std::vector<std::string> ids;
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<analysis::ZoneAccess> access;
    std::size_t unsnapped = 0;
};
AssignmentZones snap_assignment_zones(const graph::RoadGraph& g, const GraphAssignConfig& cfg,
                                      Diagnostics& diagnostics, const Context& ctx);

/// The OD table (from,to,trips) between the zones; rows naming unknown zones or without a
/// usable number are skipped, diagnosed and counted.
struct AssignmentOd {
    analysis::OdMatrix od;
    double trips = 0.0;
    std::size_t rows_skipped = 0;
};
AssignmentOd read_assignment_od_table(const GraphAssignConfig& cfg, const AssignmentZones& zones,
                                      Diagnostics& diagnostics, const Context& ctx);
/// Just the matrix (scenarios use this).
analysis::OdMatrix read_assignment_od(const GraphAssignConfig& cfg, const AssignmentZones& zones,
                                      Diagnostics& diagnostics, const Context& ctx);

/// A computed assignment. The graph form keeps a pointer to the graph given to
/// compute_assign (tables() and the writer read its edges): that graph must outlive it.
struct AssignStudy {
    std::string method;  // as named
    double target_gap = 0.0;
    int max_iterations = 0;
    analysis::AssignmentResult result;
    double seconds = 0.0;  // assignment only
    // TNTP form
    std::vector<std::pair<NodeKey, NodeKey>> tntp_links;  // init and term node of each link
    analysis::CostFactors factors;
    // graph form
    const graph::RoadGraph* graph = nullptr;
    std::size_t zones = 0;
    std::size_t zones_unsnapped = 0;
    double trips = 0.0;
    std::size_t od_rows_skipped = 0;
    Diagnostics diagnostics;

    [[nodiscard]] bool on_graph() const { return graph != nullptr; }
    /// "flows" (the rows of the flows CSV), on a graph also "assigned_edges" (the layer of
    /// --edges-out, in the graph's CRS), and "summary" (the keys of the summary JSON).
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Cheap checks of both forms (which options go together, value ranges, the method).
/// Throws ConfigError.
void check_assign_config(const AssignConfig& cfg);

/// TNTP form: reads cfg.network and cfg.trips and assigns. Writes no file.
AssignStudy compute_assign(const AssignConfig& cfg, const Context& ctx);
/// Graph form on a graph already in memory (cfg.on_graph.graph is not read): snaps
/// cfg.on_graph.zones, reads cfg.on_graph.od and assigns. Writes no file.
AssignStudy compute_assign(const AssignConfig& cfg, const graph::RoadGraph& g, const Context& ctx);

/// The flows CSV at cfg.output, its summary JSON, and on a graph the diagnostics CSV and
/// the edges layer when asked, as members of `set` (the caller commits it).
void write_assign(const AssignStudy& study, const AssignConfig& cfg, const Context& ctx, io::OutputSet& set);

/// "relative gap: 1.234e-05 (cfw, 12 iterations, 0.123 s)": the line `assign` prints.
std::string assign_result_line(const AssignStudy& study);

/// `midlink assign`: checks, takes the output's lock, reads the graph (graph form),
/// computes and writes; the result line goes to `results`. Returns 0.
int run_assign(const AssignConfig& cfg, const Context& ctx, std::ostream& results);

}  // namespace midlink::workflow
