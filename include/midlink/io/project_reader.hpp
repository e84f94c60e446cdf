#pragma once
// Project files (YAML): a study described once, its inputs and analyses. Paths are
// relative to the project file's folder. Unknown keys and missing input files are refused
// before any computation, naming the key, the path and the file.
//
//   name: Rutland demo
//   graph: rutland.mlg              # a built graph, or:
//   network: ../osm/rutland.osm.pbf # a network, built with `profile` (default car)
//   profile: car
//   hgv_graph: rutland-hgv.mlg      # optional: HGV corridor times in scenarios
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
//   corridors: corridors.yaml
//   scenarios: scenarios.yaml        # for `midlink run`
//   coverage: {path: coverage.gpkg, layer: coverage, id: area_code, release: "2021"}
//   assignment: {zones: zones.csv, zone_id: id, od: od.csv, method: bfw, gap: 0.001, max_iter: 200}
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

struct ProjectAccess {
    bool present = false;
    std::string origins, origin_layer, origin_id, origin_points, origin_points_id;
    std::string population, population_id, population_field;
    std::vector<ProjectDestinations> destinations;
    std::string dest_weight, dest_category, assume_crs;
    std::string measures = "nearest";
    double max_snap_m = 1000.0;
    double max_time_min = 180.0;
    std::string engine = "auto";  // access --engine
};

struct ProjectCoverage {
    bool present = false;
    std::string path, layer = "coverage", id = "area_code", release;
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

struct Project {
    std::string path;  // the project file
    std::string name;
    std::string graph, network, profile = "car";
    std::string hgv_graph;  // optional: HGV corridor times in scenarios
    ProjectAccess access;
    std::string corridors;
    std::string scenarios;  // scenario file for `midlink run`'s scenarios stage
    ProjectCoverage coverage;
    ProjectAssignment assignment;  // scenarios: flows and V/C before and after
    ProjectBenefit benefit;
};

Project parse_project_yaml(const std::string& text, const std::string& where, const std::string& base_dir);
/// Throws InputError when the file or an input it names is missing, ConfigError otherwise.
Project read_project(const std::string& path);

}  // namespace midlink::io
