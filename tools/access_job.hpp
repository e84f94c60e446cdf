#pragma once
// `midlink access`: configuration, loaded inputs and outputs. Parsing lives in
// cmd_access.cpp, reading and snapping in access_inputs.cpp, writing in access_output.cpp.
#include <string>
#include <vector>

#include "midlink/workflow/context.hpp"
#include "midlink/analysis/access_engine.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/analysis/aggregate.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"

namespace midlink::cli {

struct AccessConfig {
    std::string graph;
    std::string origins;
    std::string origin_layer;
    std::string origin_id;
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
    std::vector<std::string> aggregate_code;  // origin fields to group by, without polygons (RGNCD, CAUTHCD)
    std::string assume_crs;
    double max_snap_m = 1000.0;
    bool snap_connectors = false;  // also snap onto zone connectors
    double max_time_min = 180.0;
    std::string od_matrix;
    std::string engine = "auto";  // auto, dijkstra, phast
    std::string output;
};

/// Everything read, snapped and ready for the engine, with what output needs besides.
struct AccessJob {
    bool origins_are_areas = false;
    std::vector<AreaFeature> areas;          // when origins are areas
    std::vector<PointFeature> origin_points; // when origins are points
    std::vector<std::string> origin_ids;
    std::vector<double> origin_population;   // NaN = unknown
    std::vector<double> origin_snap_m;
    std::vector<PointFeature> destinations;
    std::vector<std::string> destination_service;
    std::vector<double> destination_snap_m;
    analysis::AccessInputs inputs;
    std::string crs;
    Diagnostics diagnostics;
};

struct AggregationLevel {
    std::string name;
    bool spatial = true;  // false: grouped by a code field, written without geometry
    std::vector<AreaFeature> areas;
    analysis::AreaTable table;
};

AccessJob load_access_job(const AccessConfig& cfg, const workflow::Context& ctx, const graph::RoadGraph& g);
std::vector<AggregationLevel> aggregate_levels(const AccessConfig& cfg, const workflow::Context& ctx, AccessJob& job,
                                               const analysis::AccessResult& result);
/// Writes the layers and their CSVs as members of `set` (the caller commits it).
void write_access_outputs(io::OutputSet& set, const AccessConfig& cfg, const AccessJob& job,
                          const analysis::AccessResult& result, const analysis::AreaTable& origin_table,
                          const std::vector<AggregationLevel>& levels, const workflow::Context& ctx);

}  // namespace midlink::cli
