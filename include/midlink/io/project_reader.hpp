#pragma once
// Project files (YAML): a study described once, its inputs and analyses. Paths are
// relative to the project file's folder. Unknown keys and missing input files are refused
// before any computation, naming the key, the path and the file.
//
//   name: Rutland demo
//   graph: rutland.mlg              # a built graph, or:
//   network: ../osm/rutland.osm.pbf # a network, built with `profile` (default car)
//   profile: car
//   hgv_graph: rutland-hgv.mlg      # optional: HGV corridor times in scenarios, or:
//   hgv_profile: hgv                # an HGV graph of `network`, built by `midlink run`
//   access:
//     origins: lsoa21/             # area polygons (or points)
//     origin_id: LSOA21CD
//     origin_points: lsoa_latlong.csv
//     origin_points_id: LSOACD
//     population: census.csv
//     population_id: LSOA21CD
//     population_field: total
//     destinations: [{path: schools.csv, name: schools}]
//     measures: nearest,cumulative:15|30
//     max_snap_m: 1000
//     origin_name: LSOA21NM
//     aggregate_to: [{path: lad.geojson, id: areacd, by: LADCD_ACTIVE, name: lad, name_field: areanm}]
//     aggregate_code: [RGNCD]
//   access_modes:                   # access again on foot and by bicycle (JTS 4.8 and 16 km/h)
//     network: rutland.osm.pbf      # a network with paths; origins etc. as in access
//     modes: [walk, cycle]
//     origin_where: "LADCD_ACTIVE = 'E06000017'"   # the origins that network covers
//     max_snap_m: 500
//   corridors: corridors.yaml       # or {file, places, places_id, places_population,
//                                   #     max_angle_deg, min_km, discover, k, top}
//   scenarios: scenarios.yaml        # for `midlink run`
//   coverage: {path: coverage.gpkg, layer: coverage, id: area_code, release: "2021"}
//   # or computed by `midlink run` from Ofcom tables (no path):
//   #   {areas, area_id, area_name, area_layer, tables: [...], releases: [...], aggregate_code: [...], release}
//   fibre_cost: {network: rutland.osm.pbf, profile: car, premises: p.csv, premises_id: id,
//                served: s.csv, served_id: id, cost_per_km: 60000, cost_per_premises: 500,
//                uso_cap: 3400, max_snap_m: 500}     # or graph: a built .mlg instead of network
//   assignment: {zones: zones.csv, zone_id: id, od: od.csv, method: bfw, gap: 0.001, max_iter: 200}
//   report: {classification: jenks, breaks: [10, 20, 30], min_reached_share: 0.5, columns: [...]}
//   benefit:
//     measures: [schools_nearest_min]
//     value_of_time_gbp_per_hour: 10.0
//     trips_per_person_per_year: 190
//     years: 30
#include <string>
#include <vector>

namespace midlink::io {

struct ProjectDestinations {
    std::string path;
    std::string name;
};

/// A coarser geography the access results roll up to (access --aggregate-to).
struct ProjectAggregate {
    std::string path, id, by, name;  // as --aggregate-to, --aggregate-id, --aggregate-by, --aggregate-name
    std::string name_field;          // as --aggregate-name-field
};

struct ProjectAccess {
    bool present = false;
    std::string origins, origin_layer, origin_id, origin_name, origin_points, origin_points_id;
    std::string population, population_id, population_field;
    std::vector<ProjectDestinations> destinations;
    std::string dest_weight, dest_category, assume_crs;
    std::string measures = "nearest";
    double max_snap_m = 1000.0;
    double max_time_min = 180.0;
    std::string engine = "auto";  // access --engine
    std::vector<ProjectAggregate> aggregate_to;
    std::vector<std::string> aggregate_code;  // access --aggregate-code
};

/// The access study again on foot and by bicycle (JTS speeds), on a network of its own
/// that has paths (an OSM extract): stages walk_graph, access_walk, cycle_graph, access_cycle.
/// Origins, population, destinations and roll-ups are those of `access`.
struct ProjectAccessModes {
    bool present = false;
    std::string network;
    std::vector<std::string> modes;  // walk, cycle (profiles of those names)
    std::string origin_where;        // as access --origin-where: the origins the network covers
    std::string measures;            // default: access.measures
    double max_snap_m = 1000.0;      // default: access.max_snap_m
    double max_time_min = 180.0;     // default: access.max_time_min
};
/// East-west discovery and corridor options (`corridors` as a mapping).
struct ProjectCorridors {
    std::string places, places_id = "name", places_population = "population";
    double max_angle_deg = 30.0;
    double min_km = 20.0;
    int discover = 10;
    int k = 3;
    int top = 10;
};

struct ProjectCoverage {
    bool present = false;
    std::string path, layer = "coverage", id = "area_code", release;
    // Computed by the run's coverage stage (as `midlink coverage`) when `tables` is given;
    // `path` is then that stage's output.
    std::string areas, area_layer, area_id, area_name;
    std::vector<std::string> tables, releases, aggregate_code;
    [[nodiscard]] bool computed() const { return !tables.empty(); }
};

/// The rural fibre case (`midlink fibre-cost`) on a graph of its own.
struct ProjectFibreCost {
    bool present = false;
    std::string graph, network, profile = "car";  // a built graph, or a network built by the run
    std::string premises, premises_layer, premises_id;
    std::string served, served_layer, served_id;
    std::string spine, spine_layer;
    double cost_per_km = 60000.0, cost_per_premises = 500.0, uso_cap = 3400.0, max_snap_m = 500.0;
};

struct ProjectAssignment {
    bool present = false;
    std::string zones, zone_id = "id", od;  // as `midlink assign GRAPH.mlg --zones --od`
    std::string method = "bfw";             // aon | fw | cfw | bfw | bush
    double gap = 1e-3;
    int max_iter = 200;
};

struct ProjectBenefit {
    std::vector<std::string> measures;  // access columns; time-like ones (ending _min) are savings
    double value_of_time_gbp_per_hour = 0.0;  // 0: no money benefit
    double trips_per_person_per_year = 0.0;
    double years = 0.0;
};

/// The report stage's options (`midlink report` flags): how maps are classed and flagged.
struct ProjectReport {
    std::string classification;       // quantile, equal, jenks or fixed ("" = quantile)
    std::vector<double> breaks;       // fixed breaks (implies fixed)
    double min_reached_share = 0.5;   // roll-up areas below this share reached are flagged
    std::vector<std::string> columns; // map these columns only
};
struct Project {
    std::string path;  // the project file
    std::string name;
    std::string graph, network, profile = "car";
    std::string hgv_graph;  // optional: HGV corridor times in scenarios
    std::string hgv_profile;  // optional: `midlink run` builds the HGV graph of `network`
    ProjectAccess access;
    ProjectAccessModes access_modes;
    std::string corridors;  // the corridor file ("" = none)
    ProjectCorridors corridor_options;
    std::string scenarios;  // scenario file for `midlink run`'s scenarios stage
    ProjectCoverage coverage;
    ProjectFibreCost fibre_cost;
    ProjectAssignment assignment;  // scenarios: flows and V/C before and after
    ProjectBenefit benefit;
    ProjectReport report;
};

Project parse_project_yaml(const std::string& text, const std::string& where, const std::string& base_dir);
/// Throws InputError when the file or an input it names is missing, ConfigError otherwise.
Project read_project(const std::string& path);

}  // namespace midlink::io
