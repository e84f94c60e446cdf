// `midlink route`: points resolved onto the graph, one route or many pairs in parallel.
#include "midlink/workflow/route.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <unordered_map>

#include "midlink/core/byte_pack.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/ch_query.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/workflow/graph_contract.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/point_spec.hpp"
#include "midlink/workflow/rank_report.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {

// Resolves user points into snaps on the graph, in the graph's CRS.
class PointResolver {
public:
    PointResolver(const graph::RoadGraph& g, const RouteConfig& cfg)
        : m_graph(g), m_snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors}), m_max_snap(cfg.max_snap_m) {
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

graph::Metric metric_of(const RouteConfig& cfg) {
    return cfg.metric == "distance" ? graph::Metric::Distance : graph::Metric::Time;
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

// Keeps of a pair's route what the CSV needs: its refs, and the path only for --geometry.
void keep_for_output(const graph::RoadGraph& g, bool keep_path, graph::Route& route, std::vector<std::string>& refs) {
    refs = road_refs(g, route.edges);
    if (keep_path) return;
    route.edges = {};
    route.edge_share = {};
    route.geometry = {};
}

// The same from a route built in a reused scratch Route: without --geometry only its status,
// time and distance are copied, so a pair allocates nothing for its path.
void keep_for_output(const graph::RoadGraph& g, bool keep_path, const graph::Route& scratch, graph::Route& route,
                     std::vector<std::string>& refs) {
    refs = road_refs(g, scratch.edges);
    if (keep_path) {
        route = scratch;
        return;
    }
    route.status = scratch.status;
    route.time_s = scratch.time_s;
    route.distance_m = scratch.distance_m;
}

std::unique_ptr<io::OutputSet> open_if_given(const std::string& path) {
    if (path.empty() || path == "-") return nullptr;
    check_output_folder(path);
    return std::unique_ptr<io::OutputSet>(new io::OutputSet(open_output_set(path)));  // the set cannot move
}

}  // namespace

graph::Route route_snapped(graph::ShortestPathSearch& search, const graph::Snap& from, const graph::Snap& to) {
    if (from.ok && to.ok && from.node != kInvalidNode && to.node != kInvalidNode) {
        return graph::route_nodes(search, from.node, to.node);
    }
    return graph::route_between(search, from, to);  // node ends included
}

SingleRoute compute_route(const RouteConfig& cfg, const graph::RoadGraph& g, const graph::ContractionHierarchy* ch) {
    const PointResolver resolver(g, cfg);
    SingleRoute out;
    out.from = resolver.resolve(parse_point_spec(cfg.from, "--from"));
    out.to = resolver.resolve(parse_point_spec(cfg.to, "--to"));
    if (ch) {
        const graph::ChSearchIndex index(g, metric_of(cfg), *ch);
        graph::ChQuery query(index);
        out.route = graph::route_between(query, out.from, out.to);
    } else {
        graph::ShortestPathSearch search(g, metric_of(cfg));
        out.route = route_snapped(search, out.from, out.to);
    }
    out.refs = road_refs(g, out.route.edges);
    return out;
}

namespace {

// Pairs are dealt to the ranks of a job in blocks of this many rows (block b to rank b mod size).
constexpr std::size_t kPairBlock = 256;

// Rank 0 receives the routes of every other rank's blocks.
void gather_routes(const ProcessGroup& group, const std::vector<std::size_t>& mine, PairRoutes& out) {
    auto& routes = out.routes;
    const std::size_t n = routes.size();
    BytePacker pack;
    for (auto b : mine) {
        for (std::size_t i = b * kPairBlock; i < std::min(n, (b + 1) * kPairBlock); ++i) {
            const auto& r = routes[i];
            pack.put(r.status);
            pack.put(r.time_s);
            pack.put(r.distance_m);
            pack.put_array(r.edges);
            pack.put_array(r.edge_share);
            pack.put_array(r.geometry);
            pack.put<std::uint64_t>(out.refs[i].size());
            for (const auto& ref : out.refs[i]) pack.put_string(ref);
        }
    }
    const auto all = group.gather(pack.take());
    if (!group.root()) return;
    const std::size_t blocks = (n + kPairBlock - 1) / kPairBlock;
    for (std::size_t rank = 1; rank < all.size(); ++rank) {
        ByteUnpacker msg(all[rank]);
        for (std::size_t b = rank; b < blocks; b += all.size()) {
            for (std::size_t i = b * kPairBlock; i < std::min(n, (b + 1) * kPairBlock); ++i) {
                auto& r = routes[i];
                r.status = msg.get<graph::RouteStatus>();
                r.time_s = msg.get<double>();
                r.distance_m = msg.get<double>();
                r.edges = msg.get_array<EdgeId>();
                r.edge_share = msg.get_array<double>();
                r.geometry = msg.get_array<Point>();
                out.refs[i].resize(msg.get<std::uint64_t>());
                for (auto& ref : out.refs[i]) ref = msg.get_string();
            }
        }
    }
}

}  // namespace

PairRoutes compute_route_pairs(const RouteConfig& cfg, const Context& ctx, const graph::RoadGraph& g,
                               const graph::ContractionHierarchy* ch) {
    PairRoutes out;
    agreed(ctx, [&] { out.rows = read_pairs_csv(cfg.pairs); });
    const PointResolver resolver(g, cfg);
    const auto metric = metric_of(cfg);
    const std::size_t n = out.rows.size();
    out.routes.resize(n);
    out.refs.resize(n);
    const bool keep_path = !cfg.geometry.empty();
    // The query layout is built before the routing step, so that step times the pairs alone.
    std::optional<graph::ChSearchIndex> index;
    if (ch) {
        const Step indexing(ctx, "indexing the hierarchy for queries");
        index.emplace(g, metric, *ch);
        indexing.done();
    }
    Step step(ctx, "routing " + std::to_string(n) + " pairs");
    // This rank's blocks of rows: all of them in one process.
    const SoloGroup solo;
    const ProcessGroup& group = ctx.group ? *ctx.group : solo;
    std::vector<std::size_t> mine;
    for (std::size_t b = 0; b * kPairBlock < n; ++b) {
        if (group.owns(b)) mine.push_back(b);
    }
    const auto for_each_row = [&](const auto& route_row) {
        tbb::parallel_for(std::size_t{0}, mine.size(), [&](std::size_t k) {
            const std::size_t b = mine[k];
            try {
                if (group.size() > 1) group.starting_block("route pairs", b);
                tbb::parallel_for(b * kPairBlock, std::min(n, (b + 1) * kPairBlock), route_row);
            } catch (...) {
                if (group.size() == 1) throw;
                rethrow_for_block(group, "pair block " + std::to_string(b) + " (rows " + std::to_string(b * kPairBlock + 1) + "-" +
                                             std::to_string(std::min(n, (b + 1) * kPairBlock)) + ")");
            }
        });
    };
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = process_cpu_seconds();
    std::string how;
    if (ch) {
        const graph::RouteOptions options{.geometry = !cfg.geometry.empty()};
        tbb::enumerable_thread_specific<graph::ChQuery> queries([&] { return graph::ChQuery(*index); });
        tbb::enumerable_thread_specific<graph::Route> scratch;  // reused per thread
        for_each_row([&](std::size_t i) {
            const auto a = resolver.resolve_xy(out.rows[i].from);
            const auto b = resolver.resolve_xy(out.rows[i].to);
            graph::Route& route = scratch.local();
            graph::route_between(queries.local(), a, b, route, options);
            keep_for_output(g, keep_path, route, out.routes[i], out.refs[i]);
        });
        how = "contraction hierarchy";
    } else {
        tbb::enumerable_thread_specific<graph::ShortestPathSearch> searches([&] { return graph::ShortestPathSearch(g, metric); });
        for_each_row([&](std::size_t i) {
            const auto a = resolver.resolve_xy(out.rows[i].from);
            const auto b = resolver.resolve_xy(out.rows[i].to);
            out.routes[i] = graph::route_between(searches.local(), a, b);
            keep_for_output(g, keep_path, out.routes[i], out.refs[i]);
        });
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (ctx.distributed()) gather_routes(group, mine, out);
    const double cpu_s = process_cpu_seconds() - cpu0;
    if (ctx.group) ctx.group->record_step("route pairs", seconds, mine.size(), cpu_s);
    if (n > 0) {
        char per_pair[96];
        std::snprintf(per_pair, sizeof per_pair, ", %.1f us a pair (%.1f us of CPU)", 1e6 * seconds / static_cast<double>(n),
                      1e6 * cpu_s / static_cast<double>(n));
        how += per_pair;
    }
    step.done(how);
    return out;
}

int run_route(const RouteConfig& cfg, const Context& ctx, std::ostream& results) {
    if (cfg.pairs.empty() && (cfg.from.empty() || cfg.to.empty())) {
        throw ConfigError("give --from and --to, or --pairs FILE.csv");
    }
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    // One route has nothing to share between the ranks of a job: rank 0 answers it.
    if (cfg.pairs.empty() && !ctx.is_root()) return 0;
    RouteOutputs outputs;
    // Before the long steps, so a second run fails at once; the ranks of a job open them
    // only to write (rank 0), so a rank that dies leaves nothing behind.
    const auto open_outputs = [&] {
        if (!cfg.pairs.empty()) outputs.csv = open_if_given(cfg.output);
        outputs.geometry = open_if_given(cfg.geometry);
    };
    graph::RoadGraph g;
    std::optional<graph::ContractionHierarchy> ch;
    agreed(ctx, [&] {
        if (!ctx.distributed()) open_outputs();
        g = graph::read_graph_file(cfg.graph);
        // One route is cheaper by Dijkstra than by loading a hierarchy and indexing it (FLA:
        // 0.1 s against 2 s), so a single route uses one only when it is named.
        const bool want_hierarchy = !cfg.pairs.empty() || (!cfg.hierarchy.empty() && cfg.hierarchy != "none");
        if (want_hierarchy) ch = load_stored_hierarchy(cfg.hierarchy, cfg.graph, g, metric_of(cfg), ctx);
        if (!ch && want_hierarchy && cfg.hierarchy != "none") {
            ctx.info("no current contraction hierarchy for this graph: routing with Dijkstra ('midlink graph contract " +
                     cfg.graph + "' makes one)");
        }
    });
    if (cfg.pairs.empty()) {
        const auto r = compute_route(cfg, g, ch ? &*ch : nullptr);
        results << single_route_report(r, cfg);
        if (!cfg.geometry.empty()) write_route_lines(cfg.geometry, g.meta.crs, {{"1", r.route}}, outputs.geometry.get());
        outputs.commit();
        return 0;
    }
    auto pairs = compute_route_pairs(cfg, ctx, g, ch ? &*ch : nullptr);
    if (!ctx.is_root()) return 0;  // rank 0 has every route and writes them
    if (ctx.distributed()) open_outputs();
    {
        const Step writing(ctx, "writing " + std::to_string(pairs.rows.size()) + " rows");
        const auto csv = pair_routes_csv(pairs, g);
        if (outputs.csv) write_text_atomically(cfg.output, csv, outputs.csv.get());
        else results << csv;
        writing.done();
    }
    std::size_t ok = 0;
    for (const auto& r : pairs.routes) ok += r.status == graph::RouteStatus::Ok;
    if (!cfg.geometry.empty()) {
        std::vector<std::pair<std::string, graph::Route>> named;
        for (std::size_t i = 0; i < pairs.rows.size(); ++i) named.emplace_back(pairs.rows[i].id, std::move(pairs.routes[i]));
        write_route_lines(cfg.geometry, g.meta.crs, named, outputs.geometry.get());
    }
    outputs.commit();
    ctx.info(std::to_string(ok) + " of " + std::to_string(pairs.rows.size()) + " pairs routed");
    report_ranks(ctx);
    return 0;
}

}  // namespace midlink::workflow
