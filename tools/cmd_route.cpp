// midlink route: one route between two points, or many from a pairs CSV (in parallel).
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/text_output.hpp"
#include "graph_summary.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/layer_writer.hpp"
#include "point_input.hpp"
#include "option_checks.hpp"
#include "midlink/workflow/layer_notes.hpp"

namespace midlink::cli {
namespace {

struct RouteConfig {
    std::string graph;
    std::string from;
    std::string to;
    std::string pairs;
    std::string coords_crs;  // default: the graph's CRS
    std::string metric = "time";
    std::string format = "text";
    std::string output;      // CSV for --pairs (default stdout)
    std::string geometry;    // optional layer file with route lines
    double max_snap_m = 1000.0;
    bool snap_connectors = false;
};

// Resolves user points into snaps on the graph, in the graph's CRS.
class PointResolver {
public:
    PointResolver(const graph::RoadGraph& g, const RouteConfig& cfg) : m_graph(g), m_snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors}), m_max_snap(cfg.max_snap_m) {
        const std::string from_crs = cfg.coords_crs.empty() ? g.meta.crs : cfg.coords_crs;
        if (!from_crs.empty() && !g.meta.crs.empty()) m_transform.emplace(from_crs, g.meta.crs);
    }
    graph::Snap resolve_xy(Point p) const {
        if (m_transform && !m_transform->apply(p)) return {};
        if (!m_graph.has_coordinates()) {
            throw ConfigError("this graph has no coordinates (abstract graph): give points as node:ID");
        }
        return m_snapper.snap(p, m_max_snap);
    }
    graph::Snap resolve(const PointSpec& spec) const {
        if (spec.xy) return resolve_xy(*spec.xy);
        if (m_key_index.empty()) {
            for (NodeId v = 0; v < m_graph.node_count(); ++v) m_key_index.emplace(m_graph.node_key[v], v);
        }
        const auto it = m_key_index.find(*spec.node);
        if (it == m_key_index.end()) throw ConfigError("node " + std::to_string(*spec.node) + " is not in the graph");
        // A node given by id is always a node snap, with or without edges leaving it: a
        // dead end is a fine destination (and, as an origin, reaches nothing but itself).
        graph::Snap s;
        const NodeId v = it->second;
        s.ok = true;
        s.node = v;
        if (m_graph.first_out[v] != m_graph.first_out[v + 1]) s.link = m_graph.edge_link[m_graph.first_out[v]];
        return s;
    }

private:
    const graph::RoadGraph& m_graph;
    graph::Snapper m_snapper;
    double m_max_snap;
    std::optional<io::CrsTransform> m_transform;
    mutable std::unordered_map<NodeKey, NodeId> m_key_index;
};

// Road refs along a route, in order, without repeats: what a planner reads first.
std::vector<std::string> road_ref_list(const graph::RoadGraph& g, const std::vector<EdgeId>& edges) {
    std::vector<std::string> refs;
    for (EdgeId e : edges) {
        const auto& ref = g.edge_ref(e);
        if (!ref.empty() && (refs.empty() || refs.back() != ref)) refs.push_back(ref);
    }
    return refs;
}

std::string road_refs(const graph::RoadGraph& g, const std::vector<EdgeId>& edges, const char* sep) {
    std::string out;
    for (const auto& r : road_ref_list(g, edges)) {
        if (r.find_first_of(",\"") != std::string::npos) continue;  // keep the CSV simple
        out += (out.empty() ? "" : sep) + r;
    }
    return out;
}

graph::Route route_one(graph::ShortestPathSearch& search, const graph::Snap& a, const graph::Snap& b) {
    if (a.ok && b.ok && a.node != kInvalidNode && b.node != kInvalidNode) return graph::route_nodes(search, a.node, b.node);
    return graph::route_between(search, a, b);  // node ends included
}

// The files a route run writes (-o, --geometry): each its own output set, locked before the
// graph is read and committed together at the end, so a failure leaves neither.
struct RouteOutputs {
    std::unique_ptr<io::OutputSet> csv;
    std::unique_ptr<io::OutputSet> geometry;
    void commit() {
        if (geometry) geometry->commit();
        if (csv) csv->commit();
    }
};

std::unique_ptr<io::OutputSet> open_if_given(const std::string& path) {
    if (path.empty() || path == "-") return nullptr;
    workflow::check_output_folder(path);
    return std::unique_ptr<io::OutputSet>(new io::OutputSet(workflow::open_output_set(path)));
}

void write_route_geometry(const std::string& path, const std::string& crs,
                          const std::vector<std::pair<std::string, graph::Route>>& routes, io::OutputSet* set) {
    io::DatasetWriter w(path, crs, "", set);
    w.begin_layer(workflow::with_notes({"routes", io::GeometryKind::LineString,
                   {{"id", io::FieldType::String}, {"time_s", io::FieldType::Real},
                    {"distance_m", io::FieldType::Real}, {"status", io::FieldType::String}}}));
    for (const auto& [id, r] : routes) {
        if (r.status != graph::RouteStatus::Ok || r.geometry.size() < 2) continue;
        w.add(r.geometry, {id, r.time_s, r.distance_m, std::string(graph::route_status_name(r.status))});
    }
    w.commit();
}

std::string fmt(double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", precision, v);
    return buf;
}

int run_single(const RouteConfig& cfg, const workflow::Context& ctx, const graph::RoadGraph& g, RouteOutputs& outputs) {
    PointResolver resolver(g, cfg);
    const auto a = resolver.resolve(parse_point_spec(cfg.from, "--from"));
    const auto b = resolver.resolve(parse_point_spec(cfg.to, "--to"));
    graph::ShortestPathSearch search(g, cfg.metric == "distance" ? graph::Metric::Distance : graph::Metric::Time);
    const auto r = route_one(search, a, b);
    const auto refs = road_ref_list(g, r.edges);
    const auto status = std::string(graph::route_status_name(r.status));
    if (cfg.format == "json") {
        std::cout << "{\"status\":\"" << status << "\"";
        if (r.status == graph::RouteStatus::Ok) {
            std::cout << ",\"time_s\":" << fmt(r.time_s, 1) << ",\"distance_m\":" << fmt(r.distance_m, 1)
                      << ",\"edges\":" << r.edges.size() << ",\"refs\":[";
            for (std::size_t i = 0; i < refs.size(); ++i) std::cout << (i ? "," : "") << "\"" << json_escape(refs[i]) << "\"";
            std::cout << "]";
        }
        std::cout << ",\"from_snap_m\":" << fmt(a.distance_m, 1)
                  << ",\"to_snap_m\":" << fmt(b.distance_m, 1) << "}\n";
    } else {
        std::cout << "status:     " << status << "\n";
        if (!a.ok) std::cout << "from point is " << fmt(a.distance_m, 0) << " m from the network (limit " << cfg.max_snap_m << " m)\n";
        if (!b.ok) std::cout << "to point is " << fmt(b.distance_m, 0) << " m from the network (limit " << cfg.max_snap_m << " m)\n";
        if (r.status == graph::RouteStatus::Ok) {
            std::cout << "time:       " << fmt(r.time_s / 60.0, 1) << " min (" << fmt(r.time_s, 1) << " s)\n"
                      << "distance:   " << fmt(r.distance_m / 1000.0, 2) << " km\n";
            std::cout << "via:        ";
            for (std::size_t i = 0; i < refs.size(); ++i) std::cout << (i ? ", " : "") << refs[i];
            std::cout << "\n";
        }
    }
    if (!cfg.geometry.empty()) write_route_geometry(cfg.geometry, g.meta.crs, {{"1", r}}, outputs.geometry.get());
    outputs.commit();
    (void)ctx;
    return r.status == graph::RouteStatus::Ok ? 0 : 0;
}

int run_pairs(const RouteConfig& cfg, const workflow::Context& ctx, const graph::RoadGraph& g, RouteOutputs& outputs) {
    const auto rows = read_pairs_csv(cfg.pairs);
    PointResolver resolver(g, cfg);
    const auto metric = cfg.metric == "distance" ? graph::Metric::Distance : graph::Metric::Time;
    std::vector<graph::Route> results(rows.size());
    workflow::Step step(ctx, "routing " + std::to_string(rows.size()) + " pairs");
    tbb::enumerable_thread_specific<graph::ShortestPathSearch> searches([&] { return graph::ShortestPathSearch(g, metric); });
    tbb::parallel_for(std::size_t{0}, rows.size(), [&](std::size_t i) {
        const auto a = resolver.resolve_xy(rows[i].from);
        const auto b = resolver.resolve_xy(rows[i].to);
        results[i] = graph::route_between(searches.local(), a, b);
        if (cfg.geometry.empty()) results[i].geometry.clear();
    });
    step.done();
    std::ostringstream out;
    out << "id,time_s,distance_m,status,via\n";
    std::size_t ok = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = results[i];
        const bool good = r.status == graph::RouteStatus::Ok;
        ok += good;
        std::string id = rows[i].id;
        if (id.find_first_of(",\"") != std::string::npos) id = "\"" + id + "\"";
        out << id << ',' << (good ? fmt(r.time_s, 1) : "") << ',' << (good ? fmt(r.distance_m, 1) : "") << ','
            << graph::route_status_name(r.status) << ',' << road_refs(g, r.edges, " ") << '\n';
    }
    if (outputs.csv) {
        workflow::write_text_atomically(cfg.output, out.str(), outputs.csv.get());
    } else {
        std::cout << out.str();
    }
    if (!cfg.geometry.empty()) {
        std::vector<std::pair<std::string, graph::Route>> named;
        for (std::size_t i = 0; i < rows.size(); ++i) named.emplace_back(rows[i].id, std::move(results[i]));
        write_route_geometry(cfg.geometry, g.meta.crs, named, outputs.geometry.get());
    }
    outputs.commit();
    ctx.info(std::to_string(ok) + " of " + std::to_string(rows.size()) + " pairs routed");
    return 0;
}

int run_route(const RouteConfig& cfg, const workflow::Context& ctx) {
    if (cfg.pairs.empty() && (cfg.from.empty() || cfg.to.empty())) {
        throw ConfigError("give --from and --to, or --pairs FILE.csv");
    }
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    RouteOutputs outputs;  // before the long steps: a second run fails at once
    if (!cfg.pairs.empty()) outputs.csv = open_if_given(cfg.output);
    outputs.geometry = open_if_given(cfg.geometry);
    const auto g = graph::read_graph_file(cfg.graph);
    return cfg.pairs.empty() ? run_single(cfg, ctx, g, outputs) : run_pairs(cfg, ctx, g, outputs);
}

}  // namespace

void add_route_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<RouteConfig>();
    auto* cmd = app.add_subcommand("route", "Fastest (or shortest) route between points on a graph");
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--from", cfg->from, "Start as X,Y (in --coords-crs; within 0.5 m of a node: that node) or node:ID");
    cmd->add_option("--to", cfg->to, "End as X,Y or node:ID");
    cmd->add_option("--pairs", cfg->pairs, "CSV with id,from_x,from_y,to_x,to_y; writes id,time_s,distance_m,status");
    cmd->add_option("--coords-crs", cfg->coords_crs, "CRS of the given coordinates (default: the graph's, usually EPSG:27700)");
    cmd->add_option("--metric", cfg->metric, "Optimise time or distance")->check(CLI::IsMember({"time", "distance"}))->capture_default_str();
    cmd->add_option("--format", cfg->format, "text or json (single route)")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    cmd->add_option("--max-snap", cfg->max_snap_m, "Points farther than this (m) from the network are unsnapped")->check(cli::distance_m())->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "CSV for --pairs (default: stdout)");
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--geometry", cfg->geometry, "Also write route lines to this layer file (.gpkg, .geojson, ...)");
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_route(*cfg, ctx); }; });
}

}  // namespace midlink::cli
