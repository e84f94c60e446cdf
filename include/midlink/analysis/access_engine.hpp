#pragma once
// Accessibility per origin: one-to-many searches with a cut-off, run in parallel with
// per-thread search state, folded into per-origin measures as they stream. No
// origin x destination matrix is held. Output is identical for any thread count:
// per-origin values depend only on that origin's search, and cross-origin sums (2SFCA,
// BFCA, passive Hansen) are reduced over fixed chunks in origin order.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "midlink/analysis/measure_spec.hpp"
#include "midlink/core/process_group.hpp"
#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snap_anchors.hpp"

namespace midlink::analysis {

struct AccessOrigin {
    graph::SnapAnchors at;  // !at.ok(): unsnapped
    double population = 0.0;  // P_i (0 when unknown)
};

struct AccessDestination {
    graph::SnapAnchors at;
    double weight = 1.0;       // O_j
    std::uint32_t service = 0; // index into AccessInputs::services
};

/// How the one-to-many searches run. Both give the same measure values (sums may differ
/// in the last bits, being added in another order); a given choice is deterministic.
enum class SearchEngine : std::uint8_t {
    Auto,      // PHAST when the searches are wide and many enough to repay the hierarchy
    Dijkstra,  // one Dijkstra per origin, stopping as early as the measures allow
    Phast,     // a contraction hierarchy, then one PHAST sweep per origin
};

struct AccessInputs {
    const graph::RoadGraph* graph = nullptr;
    std::vector<AccessOrigin> origins;
    std::vector<AccessDestination> destinations;
    std::vector<std::string> services;  // names used as column prefixes
    std::vector<Measure> measures;
    double unbounded_limit_min = 180.0;  // search limit for measures without a natural one
    /// Keep every origin's reached destinations (an OD matrix) in AccessResult::od.
    /// Only for small sets: the engine otherwise never holds origin x destination data.
    bool keep_od = false;
    SearchEngine engine = SearchEngine::Auto;
    /// Told of long steps before the searches (the hierarchy build); may be empty.
    /// Called while a contraction hierarchy is built (PHAST): nodes contracted, total.
    std::function<void(std::size_t, std::size_t)> hierarchy_progress;
    std::function<void(const std::string&)> note;
    /// A stored hierarchy of `graph` in the time metric (graph contract): PHAST uses it
    /// instead of building one. It must outlive run_access.
    const graph::ContractionHierarchy* hierarchy = nullptr;
    /// The ranks sharing this run (null: one process). Each rank searches its own origin
    /// blocks; every rank gets the cross-origin sums, reduced in block order; rank 0 gets
    /// every origin's values (other ranks' results hold only their own blocks).
    const ProcessGroup* group = nullptr;
};

struct OdEntry {
    std::uint32_t destination;
    double cost_min;
};

enum class OriginStatus : std::uint8_t { Ok, Unsnapped, Unreachable };

struct AccessColumn {
    std::string name;         // e.g. "schools_nearest_min"
    std::string description;  // definition, for metadata
    bool null_when_unreached = false;  // cost measures: NULL, never 0 or the cut-off
};

struct AccessResult {
    std::vector<AccessColumn> columns;
    std::vector<double> values;  // origins x columns, row-major; NaN = NULL
    std::vector<OriginStatus> status;
    /// Per origin, the cost (weight units) its search ended at: its values depend only on
    /// paths up to this cost (kUnreachable for unsnapped origins). Scenario evaluation uses
    /// it to find the origins a change can affect.
    std::vector<Weight> origin_cutoff;
    std::vector<AccessColumn> destination_columns;
    std::vector<double> destination_values;  // destinations x destination_columns; NaN = NULL
    double search_limit_min = 0.0;
    std::uint64_t settled_nodes = 0;  // work done, for benchmarks
    SearchEngine engine_used = SearchEngine::Dijkstra;
    double hierarchy_s = 0.0;          // time spent building the contraction hierarchy
    /// With AccessInputs::keep_od: per origin, destinations reached within the search
    /// limit, by increasing cost then destination index.
    std::vector<std::vector<OdEntry>> od;

    [[nodiscard]] double value(std::size_t origin, std::size_t column) const {
        return values[origin * columns.size() + column];
    }
};

/// `progress(done)` is called from worker threads with the number of origins finished so
/// far (it must be thread-safe); may be empty.
AccessResult run_access(const AccessInputs& inputs, const std::function<void(std::size_t)>& progress = {});

/// "auto", "dijkstra", "phast".
std::string search_engine_name(SearchEngine e);
/// The reverse of search_engine_name; throws ConfigError for any other text.
SearchEngine parse_search_engine(const std::string& name);

}  // namespace midlink::analysis
