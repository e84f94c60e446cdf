#pragma once
// `midlink corridors` as a library call: each corridor of a YAML file (and, with places,
// the best east-west pairs) measured by analysis::CorridorAnalyser: route, circuity, Yen
// alternatives, the disjoint alternative, critical links and, with an HGV graph, the
// HGV route and the restrictions that forced it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "midlink/analysis/corridor_analysis.hpp"
#include "midlink/analysis/east_west_discovery.hpp"
#include "midlink/analysis/hgv_comparison.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct CorridorsConfig {
    std::string graph;
    std::string corridors;
    std::string places;
    std::string places_id = "name";
    std::string places_population = "population";
    double max_angle_deg = 30.0;
    double min_km = 20.0;
    std::uint32_t discover = 10;
    std::string hgv_graph;
    std::uint32_t k = 3;
    std::uint32_t top = 10;
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
    std::string output;
};

struct NamedCorridor {
    std::string name;
    std::string mode;
    std::string origin;  // "file" or "discovered"
    std::vector<std::string> follow_refs;
    analysis::CorridorResult result;
    std::optional<analysis::CorridorResult> hgv;     // with an HGV graph
    std::vector<analysis::RestrictedLink> restricted;  // car route links the HGV may not use freely
};

struct CorridorsStudy {
    std::vector<NamedCorridor> corridors;  // from the file, then the discovered pairs
    std::vector<analysis::Place> places;
    std::optional<analysis::DiscoveryResult> discovery;
    std::size_t analysed_pairs = 0;      // discovered pairs analysed as corridors
    std::vector<std::uint8_t> bridges;   // per directed edge of the car graph
    bool has_hgv = false;
    /// The graph given to compute_corridors: it must outlive the study for tables().
    const graph::RoadGraph* graph = nullptr;

    /// The layers write_corridors writes, same names, columns and rows.
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Reads the corridor file, places and HGV graph named in `cfg`; writes nothing.
CorridorsStudy compute_corridors(const CorridorsConfig& cfg, const Context& ctx, const graph::RoadGraph& g);
/// The layers corridors, alternatives, critical_links, hgv_restrictions (with an HGV
/// graph) and discovered_pairs (with places), as members of `set`.
void write_corridors(const CorridorsStudy& study, const CorridorsConfig& cfg, const graph::RoadGraph& g,
                     io::OutputSet& set);
/// What `midlink corridors` does: checks, output lock, graph, compute, write, commit.
int run_corridors(const CorridorsConfig& cfg, const Context& ctx);
/// The same on a graph the caller holds (midlink run); cfg.graph is then only a label.
void run_corridors(const CorridorsConfig& cfg, const Context& ctx, const graph::RoadGraph& g);

}  // namespace midlink::workflow
