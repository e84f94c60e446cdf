#pragma once
// Accessibility as a study (`midlink access`, docs/library.md): read and snap the origins,
// population and destinations, run the engine, roll up to coarser areas, write the layers.
// compute_access writes nothing, so a caller that holds a graph (midlink run, Python) reads
// it once; run_access is the whole command.
#include <string>
#include <vector>

#include "midlink/analysis/access_engine.hpp"
#include "midlink/analysis/aggregate.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// The options of `midlink access`, one field per flag (docs/cli/access.md).
struct AccessConfig {
    std::string graph;  // read by run_access only
    std::string origins;
    std::string origin_layer;
    std::string origin_id;
    std::string origin_where; // area origins: an OGR SQL attribute filter ("" = all)
    std::string origin_name;  // area origins: a name field copied to the areas layer (e.g. LSOA21NM)
    std::string origin_points;
    std::string origin_points_id;
    std::string population;
    std::string population_id;
    std::string population_field;
    std::vector<std::string> destinations;
    std::vector<std::string> dest_names;
    std::string dest_weight;
    std::string dest_category;
    std::string dest_id;
    std::string measures;
    std::vector<std::string> aggregate_to;
    std::vector<std::string> aggregate_id;
    std::vector<std::string> aggregate_by;  // origin attribute holding the coarser code; "" = containment
    std::vector<std::string> aggregate_name;
    std::vector<std::string> aggregate_name_field;  // a name field of each --aggregate-to, copied to its layer ("" = none)
    std::vector<std::string> aggregate_code;  // origin fields to group by, without polygons (RGNCD, CAUTHCD)
    std::string assume_crs;
    double max_snap_m = 1000.0;
    bool snap_connectors = false;  // also snap onto zone connectors
    double max_time_min = 180.0;
    std::string od_matrix;         // CSV path; compute_access then keeps every origin-destination time
    std::string engine = "auto";   // auto, dijkstra, phast
    std::string output;            // read by run_access and write_access only
};

/// Everything read and snapped, ready for the engine, with what the outputs need besides.
struct AccessStudyInputs {
    bool origins_are_areas = false;
    std::vector<AreaFeature> areas;          // when origins are areas
    std::vector<PointFeature> origin_points; // when origins are points
    std::vector<std::string> origin_ids;
    std::vector<double> origin_population;   // NaN = unknown
    std::vector<double> origin_snap_m;
    std::vector<PointFeature> destinations;
    std::vector<std::string> destination_service;
    std::vector<double> destination_snap_m;
    analysis::AccessInputs inputs;           // inputs.graph points at the graph given
    std::string crs;
    Diagnostics diagnostics;
};

/// One roll-up: coarser areas (--aggregate-to) or the codes of an origin field (--aggregate-code).
struct AggregationLevel {
    std::string name;     // its layer name
    bool spatial = true;  // false: grouped by a code field, written without geometry
    std::vector<AreaFeature> areas;
    analysis::AreaTable table;
    std::vector<std::string> kept_fields;  // fields of the level's areas copied to its layer (its name field)
};

/// A computed study: what compute_access returns and write_access writes.
struct AccessStudy {
    AccessStudyInputs inputs;
    analysis::AccessResult result;
    analysis::AreaTable origin_table;      // level 0: every origin its own row
    std::vector<AggregationLevel> levels;  // in the order of --aggregate-to, then --aggregate-code
    std::vector<std::string> kept_fields;  // origin fields copied onto level 0 (the roll-up codes)

    /// The layers write_access writes, with the same names, columns and values: level 0
    /// ("areas" or "origins"), each roll-up level, "destinations", "measures", and
    /// "od_matrix" when the OD matrix was kept. Spatial layers carry a Shape per row.
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Reads the origins, population and destinations and snaps them to `graph`; diagnostics
/// go to the result. Throws ConfigError and InputError for unusable options or inputs.
AccessStudyInputs load_access_inputs(const AccessConfig& cfg, const Context& ctx, const graph::RoadGraph& graph);

/// Loads the inputs, runs the engine and rolls up; writes nothing. The result refers to
/// `graph` (inputs.inputs.graph), which must outlive any further engine run on it. With
/// `hierarchy` (one of `graph`, time metric) PHAST uses it instead of building one.
AccessStudy compute_access(const AccessConfig& cfg, const Context& ctx, const graph::RoadGraph& graph,
                           const graph::ContractionHierarchy* hierarchy = nullptr);

/// Writes the layers to cfg.output with a CSV per layer beside it, the diagnostics CSV and,
/// with cfg.od_matrix, the OD matrix CSV, all as members of `set` (the caller commits it).
void write_access(const AccessStudy& study, const AccessConfig& cfg, const Context& ctx, io::OutputSet& set);

/// `midlink access`: cheap checks, the output lock, the graph read from cfg.graph, then
/// compute, write and commit. Returns the exit code (0); errors are thrown.
int run_access(const AccessConfig& cfg, const Context& ctx);
/// The same on a graph the caller holds (midlink run): returns the study it wrote, so the
/// caller can reuse the baseline.
AccessStudy run_access(const AccessConfig& cfg, const Context& ctx, const graph::RoadGraph& graph);

}  // namespace midlink::workflow
