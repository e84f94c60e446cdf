#pragma once
// Scenario files (YAML): investment options, each a list of interventions with a capital
// cost, and packages combining them.
//
//   crs: EPSG:27700                 # of every point; optional, this is the default
//   scenarios:
//     - name: A47 dualling
//       cost_gbp: 30000000
//       interventions:
//         - {type: upgrade, refs: [A47], speed_kmh: 100}          # or speed_factor: 1.2
//         - {type: upgrade, refs: [A47], capacity_factor: 1.5}     # or capacity_vph: 3600
//         - {type: upgrade, near: {x: 490000, y: 305000, radius_m: 300}, speed_factor: 1.3}
//         - {type: closure, near: {x: 486600, y: 299800, radius_m: 40}}   # or refs: [...]
//         - {type: new_link, from: {x: .., y: ..}, to: {x: .., y: ..}, speed_kmh: 80, class: primary}
//         - {type: pt_link, from: {x: .., y: ..}, to: {x: .., y: ..}, time_min: 12}
//         - {type: broadband, areas: [E06000017], tier: gigabit}
//   packages:
//     - {name: Both, scenarios: [A47 dualling, Rural fibre]}
//
// Unknown keys are refused, naming the key, the scenario and the file.
#include <optional>
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/road_class.hpp"

namespace midlink::io {

enum class InterventionType { Upgrade, Closure, NewLink, PtLink, Broadband };

struct Intervention {
    InterventionType type = InterventionType::Upgrade;
    std::vector<std::string> refs;   // upgrade/closure: links carrying these refs
    std::optional<Point> near;       // upgrade/closure: links within radius_m of this point
    double radius_m = 50.0;
    double speed_kmh = 0.0;          // upgrade (new speed), new_link
    double speed_factor = 0.0;       // upgrade (times the current speed)
    double capacity_vph = 0.0;       // upgrade: new capacity per direction (0 = unchanged)
    double capacity_factor = 0.0;    // upgrade: times the current capacity (0 = unchanged)
    Point from, to;                  // new_link, pt_link (working CRS)
    RoadClass road_class = RoadClass::Primary;
    double time_min = 0.0;           // pt_link
    std::vector<std::string> areas;  // broadband: area codes raised to the tier
    std::string tier = "gigabit";
    std::string where;               // "scenario 'X' intervention 2", for messages
};

struct Scenario {
    std::string name;
    double cost_gbp = 0.0;
    std::vector<Intervention> interventions;
    std::vector<std::string> members;  // packages: the scenarios combined (empty otherwise)
};

/// Scenarios then packages (each package expanded to its members' interventions and the
/// sum of their costs). Points transformed into `target_crs`. Throws ConfigError.
std::vector<Scenario> parse_scenarios_yaml(const std::string& text, const std::string& where,
                                           const std::string& target_crs);
std::vector<Scenario> read_scenarios(const std::string& path, const std::string& target_crs);

}  // namespace midlink::io
