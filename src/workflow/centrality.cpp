// `midlink centrality` as a library call (see the header).
#include "midlink/workflow/centrality.hpp"

#include <tbb/global_control.h>

#include <algorithm>
#include <numeric>
#include <optional>

#include "centrality_places.hpp"
#include "midlink/analysis/link_criticality.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/place_table.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/rank_report.hpp"
#include "progress.hpp"

namespace midlink::workflow {
namespace {

// Above this many nodes an unset --samples means a sample rather than every source.
constexpr std::uint32_t kExactNodeLimit = 20000;
constexpr std::uint32_t kDefaultSamples = 1000;

/// The `count` highest-betweenness edges, one per physical road (a two-way road's
/// directions are one closure), highest first; ties by edge id.
std::vector<EdgeId> top_roads(const graph::RoadGraph& g, const analysis::BetweennessResult& bc, std::uint32_t count) {
    std::vector<EdgeId> order(g.edge_count());
    std::iota(order.begin(), order.end(), EdgeId{0});
    std::stable_sort(order.begin(), order.end(), [&](EdgeId a, EdgeId b) { return bc.edge[a] > bc.edge[b]; });
    const auto roads = analysis::physical_roads(g);
    std::vector<std::uint8_t> taken(roads.count, 0);
    std::vector<EdgeId> out;
    for (EdgeId e : order) {
        if (out.size() >= count || bc.edge[e] <= 0.0) break;
        if (taken[roads.of_edge[e]]) continue;
        taken[roads.of_edge[e]] = 1;
        out.push_back(e);
    }
    return out;
}

void check_config(const CentralityConfig& cfg) {
    if (!(cfg.max_snap_m >= 0.0)) throw ConfigError("--max-snap: must be a non-negative number of metres");
    if (cfg.criticality > 0 && cfg.od.empty())
        throw ConfigError("--criticality needs --od PLACES: closures are costed on the places' gravity demand");
}

}  // namespace

CentralityStudy compute_centrality(const CentralityConfig& cfg, const Context& ctx, const graph::RoadGraph& g) {
    check_config(cfg);
    CentralityStudy study;
    study.graph = &g;
    study.graph_name = cfg.graph;
    std::vector<analysis::OdPairWeight> demand;
    if (!cfg.od.empty()) {
        const auto places = detail::snap_places(g, io::read_place_table(cfg.od), cfg.coords_crs, cfg.max_snap_m,
                                                cfg.snap_connectors);
        study.places = places.size();
        study.unsnapped_places = static_cast<std::size_t>(
            std::count_if(places.begin(), places.end(), [](const detail::Place& p) { return p.node == kInvalidNode; }));
        if (study.unsnapped_places > 0)
            ctx.info(std::to_string(study.unsnapped_places) + " of " + std::to_string(places.size()) +
                     " places unsnapped (beyond --max-snap)");
        Step step(ctx, "OD-weighted betweenness between " + std::to_string(places.size()) + " places");
        demand = detail::gravity_demand(g, places);
        DecileProgress progress(ctx, 1000);
        study.betweenness = analysis::od_betweenness(
            g, graph::Metric::Time, demand,
            [&](std::size_t done, std::size_t total) { progress(total ? done * 1000 / total : 1000); }, ctx.group);
        study.mode = "od-gravity";
        step.done(std::to_string(demand.size()) + " OD pairs from " + std::to_string(study.betweenness.sources) +
                  " origins");
    } else {
        analysis::BetweennessOptions options;
        options.samples = cfg.samples.value_or(g.node_count() > kExactNodeLimit ? kDefaultSamples : 0);
        options.seed = cfg.seed;
        options.group = ctx.group;
        Step step(ctx, "betweenness on " + std::to_string(g.node_count()) + " nodes");
        DecileProgress progress(ctx, 1000);
        options.progress = [&](std::size_t done, std::size_t total) { progress(total ? done * 1000 / total : 1000); };
        study.betweenness = analysis::betweenness(g, options);
        const auto& bc = study.betweenness;
        study.mode = bc.sampled ? "sampled" : "exact";
        step.done(bc.sampled ? std::to_string(bc.sources) + " sampled sources, seed " + std::to_string(bc.seed) +
                                   ", scaled by " + std::to_string(bc.scale)
                             : "all " + std::to_string(bc.sources) + " sources");
    }
    // The sums are on rank 0 alone; it finds the bridges and closes the top roads.
    if (!ctx.is_root()) return study;
    study.bridges = analysis::bridge_edges(g);
    if (cfg.criticality > 0) {
        const auto candidates = top_roads(g, study.betweenness, cfg.criticality);
        Step step(ctx, "closing each of the " + std::to_string(candidates.size()) + " top-betweenness roads");
        study.impacts = analysis::network_criticality(g, graph::Metric::Time, demand, candidates);
        // Ranked by the demand-weighted time they add; disconnections first.
        std::stable_sort(study.impacts.begin(), study.impacts.end(), [](const auto& a, const auto& b) {
            if ((a.disconnected_demand > 0) != (b.disconnected_demand > 0)) return a.disconnected_demand > 0;
            if (a.disconnected_demand != b.disconnected_demand) return a.disconnected_demand > b.disconnected_demand;
            return a.weighted_increase > b.weighted_increase;
        });
        std::uint64_t searched = 0;
        for (const auto& c : study.impacts) searched += c.origins_searched;
        step.done(std::to_string(searched) + " origin searches");
    }
    return study;
}

int run_centrality(const CentralityConfig& cfg, const Context& ctx) {
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    std::optional<io::OutputSet> outputs;
    graph::RoadGraph g;
    agreed(ctx, [&] {
        check_config(cfg);
        check_output_folder(cfg.output);
        // Before the long steps, so a second run fails at once. The ranks of a job open it
        // only to write (rank 0), so a rank that dies leaves nothing behind.
        if (!ctx.group) outputs.emplace(output_set_anchor(cfg.output));
        // The places file is read before the graph, so a bad file fails fast.
        if (!cfg.od.empty()) (void)io::read_place_table(cfg.od);
        g = graph::read_graph_file(cfg.graph);
    });
    const auto study = compute_centrality(cfg, ctx, g);
    if (!ctx.is_root()) return 0;  // rank 0 holds the sums and writes them
    if (!outputs) outputs.emplace(output_set_anchor(cfg.output));
    write_centrality(study, cfg, g, *outputs);
    outputs->commit();
    const auto bridge_count = std::count(study.bridges.begin(), study.bridges.end(), std::uint8_t{1});  // directed edges
    ctx.info("wrote layers 'edges' (" + std::to_string(g.edge_count()) + ") and 'nodes' (" + std::to_string(g.node_count()) +
             ") to " + cfg.output + "; " + std::to_string(bridge_count) + " edges on bridges");
    report_ranks(ctx);
    return 0;
}

}  // namespace midlink::workflow
