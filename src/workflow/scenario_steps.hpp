#pragma once
// The parts of a scenario appraisal (workflow/scenarios.hpp): resolving interventions on a
// graph, corridor times, flows, and the digital gap of a coverage area.
#include <string>
#include <vector>

#include "midlink/analysis/assignment.hpp"
#include "midlink/workflow/assign.hpp"
#include "midlink/workflow/scenarios.hpp"

namespace midlink::workflow {

/// `lenient`: links an intervention names may be missing (the HGV graph leaves roads out),
/// and broadband rollouts are ignored.
ResolvedScenario resolve_scenario(const graph::RoadGraph& g, const graph::Snapper& snapper, const io::Scenario& sc,
                                  double max_snap_m, const std::vector<std::string>& coverage_codes,
                                  const std::string& file, bool lenient = false);

/// Minutes along the corridor's legs on `g`: the baseline (edited == nullptr) or a
/// scenario's copy of it, onto which the baseline snaps are moved. NaN when a leg has no route.
double corridor_minutes(const graph::RoadGraph& g, const graph::EditedGraph* edited,
                        const std::vector<graph::Snap>& snaps);

/// The project's zones (snapped once, to the baseline graph), OD and method.
struct FlowInputs {
    AssignmentZones zones;
    analysis::OdMatrix od;
    analysis::AssignmentOptions options;
};

FlowInputs read_flow_inputs(const graph::RoadGraph& g, const io::ProjectAssignment& pa, double max_snap_m,
                            const Context& ctx);
FlowSummary assign_flows(const graph::RoadGraph& g, const std::vector<analysis::ZoneAccess>& zones,
                         const FlowInputs& in);
std::string format_flow(const FlowSummary& f);
/// Zone anchors moved onto an edited graph, as access origins are.
std::vector<analysis::ZoneAccess> zones_on(const graph::EditedGraph& edited, std::vector<analysis::ZoneAccess> zones);

/// The digital gap of a `midlink coverage` area, as it is or after a gigabit rollout.
double area_digital_gap(const AreaFeature& a, bool upgraded);
/// A number attribute of an area; NaN when absent, empty or not a number.
double number_attribute(const AreaFeature& a, const std::string& field);

}  // namespace midlink::workflow
