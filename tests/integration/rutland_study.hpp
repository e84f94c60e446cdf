#pragma once
// The Rutland study that scenario tests share: Rutland LSOAs and their residents, open
// schools, the Oakham-Uppingham corridor and Ofcom's May 2021 coverage of the Midlands LADs.
#include <fstream>
#include <string>

#include "cli_runner.hpp"

namespace midlink::test {

/// Ofcom's May 2021 local-authority coverage for the 65 Midlands LADs (Rutland is
/// E06000017), written to `name` in the scratch folder; empty when `coverage` failed.
inline std::string write_midlands_coverage(const std::string& name) {
    const auto path = scratch().file(name);
    const auto r = run_midlink("coverage --areas " + geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson") +
                               " --area-id areacd --area-name areanm --coverage " +
                               geodata("ofcom-cn-laua-2016-2021/202105_fixed_laua_coverage_r01.csv") + " -q -o " + path);
    return r.exit_code == 0 ? path : std::string();
}

/// Three Rutland scenarios (a closure, an upgrade, a broadband rollout) as YAML list items,
/// to follow a `scenarios:` line.
inline constexpr const char* kRutlandScenarioItems = R"(  - name: Close the A6003
    cost_gbp: 1000000
    interventions:
      - {type: closure, refs: [A6003], near: {x: 487400, y: 303800, radius_m: 400}}
  - name: A6003 upgrade
    cost_gbp: 20000000
    interventions:
      - {type: upgrade, refs: [A6003], speed_factor: 1.3}
  - name: Rutland gigabit
    cost_gbp: 8000000
    interventions:
      - {type: broadband, areas: [E06000017]}
)";

/// Writes PREFIXcorridors.yaml and PREFIXproject.yaml (with `extra` appended) in the
/// scratch folder and returns the project's path.
inline std::string write_rutland_project(const std::string& prefix, const std::string& coverage,
                                         const std::string& extra = "") {
    const auto p = scratch().file(prefix + "project.yaml");
    std::ofstream(scratch().file(prefix + "corridors.yaml"))
        << "corridors:\n  - name: Oakham-Uppingham\n    waypoints:\n      - {name: Oakham, x: 486100, y: 308900}\n"
           "      - {name: Uppingham, x: 486600, y: 299800}\n";
    std::ofstream(p) << "name: Rutland\ngraph: " << rutland_graph() << "\naccess:\n  origins: "
                     << geodata("drkane-geo-lookups/lsoa21/E06000017.geojson")
                     << "\n  origin_id: LSOA21CD\n  population: " << geodata("hack25usefuldata/derived-census21_pop_lsoa21.csv")
                     << "\n  population_id: lsoa21_code\n  population_field: usual_residents\n  destinations: [{path: "
                     << geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv")
                     << ", name: schools}]\n  measures: nearest,cumulative:5|10\n  max_time_min: 10\n"
                        "corridors: "
                     << prefix << "corridors.yaml\ncoverage: {path: " << coverage
                     << "}\nbenefit:\n  measures: [schools_nearest_min, schools_cum10]\n  value_of_time_gbp_per_hour: 10\n"
                        "  trips_per_person_per_year: 190\n  years: 30\n"
                     << extra;
    return p;
}

}  // namespace midlink::test
