// midlink centrality: Brandes edge and node betweenness (exact, sampled or OD-weighted
// between places by a gravity term) and the graph's bridges, written as layers.
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <optional>

#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "csv_line.hpp"
#include "midlink/analysis/betweenness.hpp"
#include "midlink/analysis/link_criticality.hpp"
#include "midlink/analysis/network_criticality.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/layer_writer.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace {

// Above this many nodes an unset --samples means a sample rather than every source.
constexpr std::uint32_t kExactNodeLimit = 20000;
constexpr std::uint32_t kDefaultSamples = 1000;

struct CentralityConfig {
    std::string graph;
    std::optional<std::uint32_t> samples;  // unset: exact up to kExactNodeLimit nodes
    std::uint64_t seed = 1;
    std::string od;                        // places CSV id,x,y,population
    std::string coords_crs;                // of the places; default the graph's
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
    std::uint32_t criticality = 0;         // top-betweenness roads whose closure is costed
    std::string output;
};

struct Place {
    std::string id;
    Point xy;
    double population = 0.0;
    NodeId node = kInvalidNode;
};

std::vector<Place> read_places_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the places file");
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + ": empty places file (expected header id,x,y,population)");
    const auto header = split_csv_line(line);
    auto column = [&](const std::string& name) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            std::string h = trim_field(header[i]);
            std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (h == name) return i;
        }
        throw InputError(path + ": missing column '" + name + "' (expected id,x,y,population)");
    };
    // The id column may be called `id` or `name` (the corridors' places files).
    const bool has_id = std::any_of(header.begin(), header.end(), [](const std::string& h) {
        std::string l = trim_field(h);
        std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return l == "id";
    });
    const std::size_t ci = column(has_id ? "id" : "name"), cx = column("x"), cy = column("y"), cp = column("population");
    std::vector<Place> places;
    for (std::size_t row = 2; std::getline(in, line); ++row) {
        if (trim_field(line).empty()) continue;
        const auto f = split_csv_line(line);
        auto number = [&](std::size_t c, const char* name) {
            const auto v = c < f.size() ? parse_number(trim_field(f[c])) : std::nullopt;
            if (!v) throw InputError(path + ": row " + std::to_string(row) + ", column '" + name + "': not a number");
            return *v;
        };
        Place p;
        p.id = ci < f.size() ? trim_field(f[ci]) : "";
        p.xy = {number(cx, "x"), number(cy, "y")};
        p.population = number(cp, "population");
        if (p.population < 0) throw InputError(path + ": row " + std::to_string(row) + ", column 'population': negative");
        places.push_back(std::move(p));
    }
    return places;
}

/// Each place joins the graph at one node: the anchor of its snapped edge that is
/// cheapest to leave from (for a two-way road, the nearer end in time).
void snap_places(const graph::RoadGraph& g, const CentralityConfig& cfg, std::vector<Place>& places) {
    if (!g.has_coordinates()) throw ConfigError("--od needs a graph with coordinates");
    std::optional<io::CrsTransform> transform;
    if (!cfg.coords_crs.empty() && !g.meta.crs.empty()) transform.emplace(cfg.coords_crs, g.meta.crs);
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    for (Place& p : places) {
        Point xy = p.xy;
        if (transform && !transform->apply(xy)) continue;
        const auto snap = snapper.snap(xy, cfg.max_snap_m);
        if (!snap.ok) continue;
        const auto anchors = graph::origin_anchors(g, graph::Metric::Time, snap);
        Weight best = kUnreachable;
        for (std::uint8_t i = 0; i < anchors.count; ++i) {
            if (p.node == kInvalidNode || anchors.anchors[i].cost < best) {
                p.node = anchors.anchors[i].node;
                best = anchors.anchors[i].cost;
            }
        }
    }
}

/// Gravity demand P_a * P_b / t_ab between every ordered pair of snapped places, t_ab in
/// minutes from a node-to-node search, floored at one minute so that places sharing a
/// junction do not get infinite demand.
std::vector<analysis::OdDemand> gravity_demand(const graph::RoadGraph& g, const std::vector<Place>& places) {
    std::vector<std::vector<analysis::OdDemand>> rows(places.size());
    tbb::parallel_for(std::size_t{0}, places.size(), [&](std::size_t a) {
        if (places[a].node == kInvalidNode || places[a].population == 0) return;
        graph::ShortestPathSearch search(g, graph::Metric::Time);
        search.run(places[a].node);
        for (std::size_t b = 0; b < places.size(); ++b) {
            if (b == a || places[b].node == kInvalidNode || places[b].node == places[a].node) continue;
            const Weight t = search.distance(places[b].node);
            if (t == kUnreachable) continue;
            const double minutes = std::max(1.0, g.cost_value(graph::Metric::Time, t) / 60.0);
            rows[a].push_back({places[a].node, places[b].node, places[a].population * places[b].population / minutes});
        }
    });
    std::vector<analysis::OdDemand> all;
    for (auto& r : rows) all.insert(all.end(), r.begin(), r.end());
    return all;
}

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

void write_layers(const graph::RoadGraph& g, const CentralityConfig& cfg, const analysis::BetweennessResult& bc,
                  const std::vector<std::uint8_t>& bridges, const std::string& mode,
                  const std::vector<analysis::ClosureImpact>& impacts, io::OutputSet& set) {
    using io::FieldType;
    io::DatasetWriter w(cfg.output, g.meta.crs, "", &set);
    const bool spatial = g.has_coordinates();
    w.begin_layer({"edges", spatial ? io::GeometryKind::LineString : io::GeometryKind::None,
                   {{"edge_id", FieldType::Integer64}, {"from_node", FieldType::Integer64}, {"to_node", FieldType::Integer64},
                    {"length_m", FieldType::Real}, {"time_s", FieldType::Real}, {"ref", FieldType::String},
                    {"betweenness", FieldType::Real}, {"bridge", FieldType::Integer}}});
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            std::vector<io::FieldValue> v{std::int64_t{e}, std::int64_t{u}, std::int64_t{g.head[e]}, g.length_m(e), g.time_s(e),
                                          g.edge_ref(e), bc.edge[e], std::int64_t{bridges[e]}};
            if (spatial) w.add(g.edge_geometry(e), v);
            else w.add(v);
        }
    }
    w.begin_layer({"nodes", spatial ? io::GeometryKind::Point : io::GeometryKind::None,
                   {{"node_id", FieldType::Integer64}, {"betweenness", FieldType::Real}}});
    for (NodeId u = 0; u < g.node_count(); ++u) {
        std::vector<io::FieldValue> v{std::int64_t{u}, bc.node[u]};
        if (spatial) w.add(g.node_xy[u], v);
        else w.add(v);
    }
    if (!impacts.empty()) {
        w.begin_layer({"network_criticality", spatial ? io::GeometryKind::LineString : io::GeometryKind::None,
                       {{"rank", FieldType::Integer}, {"edge_id", FieldType::Integer64}, {"ref", FieldType::String},
                        {"betweenness", FieldType::Real}, {"weighted_increase_min", FieldType::Real},
                        {"increase_pct", FieldType::Real}, {"disconnected_demand", FieldType::Real},
                        {"pairs_affected", FieldType::Integer64}, {"bridge", FieldType::Integer}}});
        for (std::size_t i = 0; i < impacts.size(); ++i) {
            const auto& c = impacts[i];
            std::vector<io::FieldValue> v{std::int64_t(i + 1), std::int64_t{c.edge}, g.edge_ref(c.edge), bc.edge[c.edge],
                                          c.weighted_increase / 60.0,
                                          c.base_weighted_cost > 0 ? io::FieldValue(100.0 * c.weighted_increase / c.base_weighted_cost)
                                                                   : io::FieldValue(),
                                          c.disconnected_demand, static_cast<std::int64_t>(c.pairs_affected),
                                          std::int64_t{bridges[c.edge]}};
            if (spatial) w.add(g.edge_geometry(c.edge), v);
            else w.add(v);
        }
    }
    if (mode == "sampled") {
        // The sampled sources themselves, so a sampled run can be checked (Reference.centrality).
        w.begin_layer({"centrality_sources", spatial ? io::GeometryKind::Point : io::GeometryKind::None,
                       {{"node_id", FieldType::Integer64}}});
        for (NodeId s : analysis::sample_sources(g.node_count(), bc.sources, bc.seed)) {
            std::vector<io::FieldValue> v{std::int64_t{s}};
            if (spatial) w.add(g.node_xy[s], v);
            else w.add(v);
        }
    }
    // How the numbers were made, so a sampled run can be reproduced.
    w.begin_layer({"centrality_run", io::GeometryKind::None,
                   {{"mode", FieldType::String}, {"sources", FieldType::Integer64}, {"seed", FieldType::Integer64},
                    {"scale", FieldType::Real}, {"graph", FieldType::String}}});
    w.add({mode, std::int64_t{bc.sources}, static_cast<std::int64_t>(bc.seed), bc.scale, cfg.graph});
    w.commit();
}

int run_centrality(const CentralityConfig& cfg, const workflow::Context& ctx) {
    if (!(cfg.max_snap_m >= 0.0)) throw ConfigError("--max-snap: must be a non-negative number of metres");
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    std::vector<Place> places;
    if (!cfg.od.empty()) places = read_places_csv(cfg.od);
    const auto g = graph::read_graph_file(cfg.graph);

    if (cfg.criticality > 0 && cfg.od.empty())
        throw ConfigError("--criticality needs --od PLACES: closures are costed on the places' gravity demand");
    analysis::BetweennessResult bc;
    std::string mode;
    std::vector<analysis::OdDemand> demand;
    if (!cfg.od.empty()) {
        snap_places(g, cfg, places);
        const auto unsnapped = std::count_if(places.begin(), places.end(), [](const Place& p) { return p.node == kInvalidNode; });
        if (unsnapped > 0) ctx.info(std::to_string(unsnapped) + " of " + std::to_string(places.size()) + " places unsnapped (beyond --max-snap)");
        workflow::Step step(ctx, "OD-weighted betweenness between " + std::to_string(places.size()) + " places");
        demand = gravity_demand(g, places);
        bc = analysis::od_betweenness(g, graph::Metric::Time, demand);
        mode = "od-gravity";
        step.done(std::to_string(demand.size()) + " OD pairs from " + std::to_string(bc.sources) + " origins");
    } else {
        analysis::BetweennessOptions options;
        options.samples = cfg.samples.value_or(g.node_count() > kExactNodeLimit ? kDefaultSamples : 0);
        options.seed = cfg.seed;
        workflow::Step step(ctx, "betweenness on " + std::to_string(g.node_count()) + " nodes");
        bc = analysis::betweenness(g, options);
        mode = bc.sampled ? "sampled" : "exact";
        step.done(bc.sampled ? std::to_string(bc.sources) + " sampled sources, seed " + std::to_string(bc.seed) +
                                   ", scaled by " + std::to_string(bc.scale)
                             : "all " + std::to_string(bc.sources) + " sources");
    }
    const auto bridges = analysis::bridge_edges(g);
    const auto bridge_count = std::count(bridges.begin(), bridges.end(), std::uint8_t{1});  // directed edges
    std::vector<analysis::ClosureImpact> impacts;
    if (cfg.criticality > 0) {
        const auto candidates = top_roads(g, bc, cfg.criticality);
        workflow::Step step(ctx, "closing each of the " + std::to_string(candidates.size()) + " top-betweenness roads");
        impacts = analysis::network_criticality(g, graph::Metric::Time, demand, candidates);
        // Ranked by the demand-weighted time they add; disconnections first.
        std::stable_sort(impacts.begin(), impacts.end(), [](const auto& a, const auto& b) {
            if ((a.disconnected_demand > 0) != (b.disconnected_demand > 0)) return a.disconnected_demand > 0;
            if (a.disconnected_demand != b.disconnected_demand) return a.disconnected_demand > b.disconnected_demand;
            return a.weighted_increase > b.weighted_increase;
        });
        std::uint64_t searched = 0;
        for (const auto& c : impacts) searched += c.origins_searched;
        step.done(std::to_string(searched) + " origin searches");
    }
    write_layers(g, cfg, bc, bridges, mode, impacts, outputs);
    outputs.commit();
    ctx.info("wrote layers 'edges' (" + std::to_string(g.edge_count()) + ") and 'nodes' (" + std::to_string(g.node_count()) +
             ") to " + cfg.output + "; " + std::to_string(bridge_count) + " edges on bridges");
    return 0;
}

}  // namespace

void add_centrality_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<CentralityConfig>();
    auto* cmd = app.add_subcommand("centrality", "Edge and node betweenness (Brandes) and bridges of the network");
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    auto* samples = cmd->add_option("--samples", cfg->samples,
                                    "Sampled sources, scaled by n/N (0 = exact; default exact up to 20000 nodes, else 1000)");
    cmd->add_option("--seed", cfg->seed, "Seed for the source sample")->capture_default_str();
    cmd->add_option("--od", cfg->od, "Places CSV id,x,y,population: OD-weighted by gravity P_a*P_b/minutes")->excludes(samples);
    cmd->add_option("--coords-crs", cfg->coords_crs, "CRS of the places' coordinates (default: the graph's)");
    cmd->add_option("--max-snap", cfg->max_snap_m, "Places farther than this (m) from the network are left out")->check(cli::distance_m())->capture_default_str();
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--criticality", cfg->criticality,
                    "With --od: close each of the N highest-betweenness roads and cost the added demand-weighted time")
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output layer file (.gpkg) with layers edges and nodes")->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_centrality(*cfg, ctx); }; });
}

}  // namespace midlink::cli
