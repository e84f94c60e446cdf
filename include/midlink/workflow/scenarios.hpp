#pragma once
// Investment scenarios as a study (`midlink scenarios`, docs/cli/scenarios.md): each
// option in a scenario file becomes graph edits and area changes, is evaluated against
// the project's baseline (accessibility, corridor times, flows, digital gap) and ranked by
// benefit per pound. Accessibility is recomputed only for the origins a scenario can
// affect (analysis/scenario_eval.hpp). compute_scenarios takes a baseline already computed
// by the caller (midlink run computes it once for the access stage) or computes its own.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "midlink/analysis/access_engine.hpp"
#include "midlink/core/features.hpp"
#include "midlink/graph/graph_edit.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/io/project_reader.hpp"
#include "midlink/io/scenario_reader.hpp"
#include "midlink/workflow/access.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// The options of `midlink scenarios`, one field per flag.
struct ScenariosConfig {
    std::string project;
    std::string scenarios;
    std::string graph;  // overrides the project's graph or network
    std::string hgv_graph;  // overrides the project's hgv_graph (the HGV graph `midlink run` built)
    std::string coverage;   // a coverage GeoPackage instead of the project's (the one `midlink run` computed)
    std::string output;
    bool check_full = false;      // also recompute every origin; refuse if the two differ
    bool no_incremental = false;  // recompute every origin for every scenario
};

/// A scenario turned into graph edits and area changes, checked before any long work.
struct ResolvedScenario {
    io::Scenario spec;
    graph::GraphEdits edits;
    std::vector<EdgeId> changed_base;  // baseline ids of retimed and closed edges
    std::vector<NodeId> new_tails;
    std::vector<std::string> broadband_areas;  // sorted, unique
    bool capacity_only = false;  // changes capacity alone: times, and so accessibility, are unchanged
};

/// Flows on a graph for the project's OD: total vehicle-hours and the links at V/C >= 0.85.
struct FlowSummary {
    double vehicle_hours = std::numeric_limits<double>::quiet_NaN();
    std::size_t near_capacity = 0;
    double max_vc = std::numeric_limits<double>::quiet_NaN();
    double gap = std::numeric_limits<double>::quiet_NaN();
};

/// A named corridor's waypoints snapped to the baseline graph, and its baseline minutes.
struct CorridorTime {
    std::string name;
    std::vector<graph::Snap> snaps;
    double base_min = std::numeric_limits<double>::quiet_NaN();
};

/// One scenario's evaluation.
struct ScenarioRow {
    std::size_t spec = 0;  // index into ScenariosStudy::resolved
    std::size_t recomputed = 0;
    std::vector<double> base_mean, scen_mean, person_total;  // per benefit measure
    double corridor_change_min = 0.0;
    double hgv_corridor_change_min = 0.0;
    FlowSummary flows;
    double premises_upgraded = 0.0, digital_change = 0.0;
    double benefit_gbp = std::numeric_limits<double>::quiet_NaN();
    double bcr = std::numeric_limits<double>::quiet_NaN();
    double per_million = std::numeric_limits<double>::quiet_NaN();
    analysis::AccessResult result;
    std::vector<double> corridor_min, hgv_corridor_min;  // per corridor, NaN = no route
};

/// A computed appraisal: what compute_scenarios returns and write_scenarios writes.
struct ScenariosStudy {
    io::Project project;
    std::string crs;
    std::vector<ResolvedScenario> resolved;
    std::vector<ScenarioRow> rows;     // in scenario-file order
    std::vector<std::size_t> order;    // ranking: rows[order[0]] is first
    bool ranked_by_bcr = false;
    std::vector<std::string> benefit_names;
    std::vector<std::size_t> benefit_cols;  // columns of the access result
    AccessStudyInputs baseline_inputs;
    analysis::AccessResult baseline;
    std::vector<CorridorTime> corridors, hgv_corridors;
    bool has_hgv = false;
    FlowSummary base_flows;
    std::vector<AreaFeature> coverage_areas;  // empty without 'coverage' in the project
};

/// The baseline accessibility a caller already holds: inputs read with the project's
/// access settings on the same graph, and the engine's result for them.
struct ScenarioBaseline {
    const AccessStudyInputs* inputs = nullptr;
    const analysis::AccessResult* result = nullptr;
};

/// Resolves, evaluates and ranks every scenario of cfg.scenarios on `g` (the project's
/// baseline graph); writes nothing. Every scenario is resolved before the long work
/// starts, so a bad reference fails at once (ConfigError naming the file and scenario).
ScenariosStudy compute_scenarios(const ScenariosConfig& cfg, const io::Project& project, const Context& ctx,
                                 const graph::RoadGraph& g, std::optional<ScenarioBaseline> baseline = std::nullopt);

/// Writes 'ranking', 'corridor_changes', 'flow_changes' (with assignment), one
/// 'difference_N_<name>' layer per scenario and 'digital_changes' (with coverage) to
/// cfg.output as members of `set` (the caller commits).
void write_scenarios(const ScenariosStudy& study, const ScenariosConfig& cfg, const Context& ctx, io::OutputSet& set);

/// The project's baseline graph: its 'graph' file, or built from 'network' and 'profile'.
graph::RoadGraph load_project_graph(const io::Project& project, const Context& ctx);

/// The access study settings of a project (its 'access' section).
AccessConfig project_access_config(const io::Project& project);
/// The project as `scenarios` sees it: cfg.hgv_graph and cfg.coverage replace its HGV graph
/// and coverage GeoPackage. A coverage the project computes (coverage.tables) needs
/// cfg.coverage (ConfigError).
io::Project project_for_scenarios(io::Project project, const ScenariosConfig& cfg);

/// `midlink scenarios`: reads the project, locks the output, loads the graph, then
/// compute, write and commit. Returns the exit code (0); errors are thrown.
int run_scenarios(const ScenariosConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
