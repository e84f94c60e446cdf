#pragma once
// The rural last-mile case (metrics.md §5): fibre routed along the road graph from served
// locations (points, or a spine sampled along its lines) to unserved premises (Mehlhorn's
// Steiner tree), costed per km and per premises, each premises' attributed cost compared
// with the USO cap.
//
//   FibreCostStudy s = compute_fibre_cost(cfg, graph, ctx);
//   run_fibre_cost(cfg, ctx, std::cout);  // what `midlink fibre-cost` does
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "midlink/analysis/fibre_cost.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// Options of `midlink fibre-cost` (docs/cli/fibre-cost.md); the CLI binds straight into it.
struct FibreConfig {
    std::string graph;
    std::string premises, premises_layer, premises_id;
    std::string served, served_layer, served_id;
    std::string spine, spine_layer;  // fibre spine lines: served wherever they pass
    double spine_spacing_m = 100.0;
    std::string assume_crs;
    analysis::FibreCostParams params;  // drop_cost_per_km_gbp is set from drop_cost_per_km
    double drop_cost_per_km = std::numeric_limits<double>::quiet_NaN();  // NaN: same as --cost-per-km
    double max_snap_m = 500.0;
    std::string output;
};

namespace fibre_layers {
inline constexpr const char* kBuildNetwork = "build_network";
inline constexpr const char* kPremises = "premises";
inline constexpr const char* kServed = "served";
inline constexpr const char* kSummary = "summary";
}  // namespace fibre_layers

/// A computed case. Keeps a pointer to the graph given to compute_fibre_cost (segment
/// geometry is cut from its edges): that graph must outlive it.
struct FibreCostStudy {
    const graph::RoadGraph* graph = nullptr;
    analysis::FibreCostParams params;  // as used (drop cost resolved)
    double max_snap_m = 0.0;
    std::vector<PointFeature> premises;
    std::vector<graph::Snap> premises_snaps;
    std::vector<PointFeature> served;  // served points, then the spine's samples
    std::vector<graph::Snap> served_snaps;
    analysis::FibreCase result;
    Diagnostics diagnostics;

    /// The layers write_fibre_cost writes (build_network, premises, served, summary), in
    /// the graph's CRS.
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Option values, and outputs that would replace an input. Throws ConfigError.
void check_fibre_config(const FibreConfig& cfg);
/// Reads premises, served locations and spine, snaps them to `g` and costs the case.
FibreCostStudy compute_fibre_cost(const FibreConfig& cfg, const graph::RoadGraph& g, const Context& ctx);
/// The four layers and a CSV beside each, and the diagnostics CSV, as members of `set`.
void write_fibre_cost(const FibreCostStudy& study, const FibreConfig& cfg, const Context& ctx, io::OutputSet& set);
/// The two summary lines `fibre-cost` prints.
std::string fibre_cost_summary(const FibreCostStudy& study);
/// `midlink fibre-cost`: checks, the output's lock, reads the graph, computes, writes; the
/// summary goes to `results`. Returns 0.
int run_fibre_cost(const FibreConfig& cfg, const Context& ctx, std::ostream& results);

}  // namespace midlink::workflow
