// midlink flows: DfT AADF counts matched to graph edges, with HGV share and the peak-hour
// volume/capacity ratio.
#include <cmath>
#include <iostream>
#include <map>

#include "midlink/workflow/output_paths.hpp"
#include "commands.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/analysis/count_matching.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/count_reader.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::cli {
namespace {

struct FlowsConfig {
    std::string graph;
    io::CountReadOptions counts;
    analysis::CountMatchOptions match;
    analysis::FlowOptions flow;
    bool counted_edges_only = false;
    std::string output;
    std::string diagnostics_path;  // default: OUTPUT.diagnostics.csv
};

using io::real_or_null;
io::FieldValue text_or_null(std::string_view s) {
    if (s.empty()) return std::monostate{};
    return std::string(s);
}
io::FieldValue estimated_value(CountEstimation e) {
    if (e == CountEstimation::Unknown) return std::monostate{};
    return std::int64_t{e == CountEstimation::Estimated ? 1 : 0};
}

int run_flows(FlowsConfig cfg, const workflow::Context& ctx) {
    using io::FieldType;
    if (!(cfg.match.tolerance_m >= 0.0)) throw ConfigError("--tolerance-m must be >= 0");
    if (!(cfg.flow.peak_hour_factor > 0.0 && cfg.flow.peak_hour_factor <= 1.0)) {
        throw ConfigError("--peak-hour-factor must be in (0, 1]");
    }
    if (!(cfg.flow.directional_split >= 0.5 && cfg.flow.directional_split <= 1.0)) {
        throw ConfigError("--directional-split must be in [0.5, 1]");
    }
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const auto g = graph::read_graph_file(cfg.graph);
    if (!g.has_coordinates())
        throw InputError(cfg.graph + ": graph has no coordinates; counts cannot be placed on it");
    if (!g.has_capacity()) {
        ctx.info("warning: " + cfg.graph +
                 " has no link capacity (an older graph file, or classes without a profile "
                 "capacity); vc_ratio will be NULL. Rebuild it with 'midlink graph build'.");
    }
    cfg.counts.target_crs = g.meta.crs;
    cfg.counts.input = ctx.input_policy();
    Diagnostics diagnostics;
    workflow::Step read_step(ctx, "reading counts " + cfg.counts.path);
    const auto counts = io::read_traffic_counts(cfg.counts, diagnostics);
    read_step.done(std::to_string(counts.size()) + " counts");
    const auto matches = analysis::match_counts(g, counts, cfg.match);
    const auto flows = analysis::edge_flows(g, counts, matches, cfg.flow);

    std::map<std::string, int> by_status;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto& m = matches[i];
        const std::string status(analysis::count_match_status_name(m.status));
        ++by_status[status];
        if (m.status == analysis::CountMatchStatus::Matched && !m.by_fallback) continue;
        const std::string where = counts[i].where + ", count point " + counts[i].count_point_id;
        diagnostics.add(m.by_fallback ? "matched_other_road" : "count_" + status, where, m.reason,
                        m.by_fallback ? Severity::Info : Severity::Warning);
        if (m.status == analysis::CountMatchStatus::NoCoordinates) {
            ctx.info("count point " + counts[i].count_point_id + " (" + counts[i].where +
                     "): " + m.reason + "; left out");
        }
    }

    io::DatasetWriter w(cfg.output, g.meta.crs, "", &outputs);
    w.begin_layer({"flows",
                   io::GeometryKind::LineString,
                   {{"edge_id", FieldType::Integer64},
                    {"link_id", FieldType::Integer64},
                    {"source_id", FieldType::Integer64},
                    {"from_node", FieldType::Integer64},
                    {"to_node", FieldType::Integer64},
                    {"ref", FieldType::String},
                    {"name", FieldType::String},
                    {"class", FieldType::String},
                    {"length_m", FieldType::Real},
                    {"capacity_vph", FieldType::Real},
                    {"capacity_source", FieldType::String},
                    {"count_point_id", FieldType::String},
                    {"count_direction", FieldType::String},
                    {"aadf_all", FieldType::Real},
                    {"aadf_hgv", FieldType::Real},
                    {"hgv_share", FieldType::Real},
                    {"estimated", FieldType::Integer},
                    {"estimation_method", FieldType::String},
                    {"count_year", FieldType::Integer},
                    {"peak_hour_vph", FieldType::Real},
                    {"vc_ratio", FieldType::Real},
                    {"near_capacity", FieldType::Integer}}});
    std::size_t edges_with_count = 0;
    std::size_t near_capacity = 0;
    double max_vc = 0.0;
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            const auto& f = flows[e];
            if (cfg.counted_edges_only && f.count < 0) continue;
            const LinkId l = g.edge_link[e];
            std::vector<io::FieldValue> v{
                std::int64_t{e},
                std::int64_t{l},
                g.link_source(l),
                g.node_key[u],
                g.node_key[g.head[e]],
                text_or_null(g.edge_ref(e)),
                text_or_null(g.edge_name(e)),
                std::string(road_class_name(g.edge_class[e])),
                g.length_m(e),
                real_or_null(g.link_capacity(l)),
                text_or_null(graph::capacity_source_name(g.capacity_source(l)))};
            if (f.count >= 0) {
                const TrafficCount& c = counts[static_cast<std::size_t>(f.count)];
                ++edges_with_count;
                const double share =
                    c.all_motor_vehicles > 0.0 ? c.hgv / c.all_motor_vehicles : std::nan("");
                v.insert(
                    v.end(),
                    {c.count_point_id, f.directional ? c.direction : std::string("both"),
                     real_or_null(c.all_motor_vehicles), real_or_null(c.hgv), real_or_null(share),
                     estimated_value(c.estimation), text_or_null(c.estimation_text),
                     c.year >= 0 ? io::FieldValue{c.year} : io::FieldValue{},
                     real_or_null(f.peak_hour_vph), real_or_null(f.vc_ratio)});
                if (std::isnan(f.vc_ratio)) {
                    v.emplace_back(std::monostate{});
                } else {
                    const bool near = f.near_capacity(cfg.flow);
                    near_capacity += near ? 1 : 0;
                    max_vc = std::max(max_vc, f.vc_ratio);
                    v.emplace_back(std::int64_t{near ? 1 : 0});
                }
            } else {
                v.resize(v.size() + 11);
            }
            w.add(g.edge_geometry(e), v);
        }
    }

    w.begin_layer({"counts",
                   io::GeometryKind::Point,
                   {{"count_point_id", FieldType::String},
                    {"road", FieldType::String},
                    {"direction", FieldType::String},
                    {"aadf_all", FieldType::Real},
                    {"aadf_hgv", FieldType::Real},
                    {"estimated", FieldType::Integer},
                    {"estimation_method", FieldType::String},
                    {"status", FieldType::String},
                    {"link_id", FieldType::Integer64},
                    {"source_id", FieldType::Integer64},
                    {"edge_ids", FieldType::String},
                    {"matched_ref", FieldType::String},
                    {"distance_m", FieldType::Real},
                    {"reason", FieldType::String}}});
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const auto& c = counts[i];
        const auto& m = matches[i];
        std::string edge_ids;
        for (EdgeId e : m.edges) edge_ids += (edge_ids.empty() ? "" : ";") + std::to_string(e);
        const bool linked = m.link != kInvalidEdge && !m.edges.empty();
        std::vector<io::FieldValue> v{
            c.count_point_id,
            text_or_null(c.road),
            text_or_null(c.direction.empty() ? "both" : c.direction),
            real_or_null(c.all_motor_vehicles),
            real_or_null(c.hgv),
            estimated_value(c.estimation),
            text_or_null(c.estimation_text),
            std::string(analysis::count_match_status_name(m.status)),
            linked ? io::FieldValue{std::int64_t{m.link}} : io::FieldValue{},
            linked ? io::FieldValue{g.link_source(m.link)} : io::FieldValue{},
            text_or_null(edge_ids),
            linked ? text_or_null(g.edge_ref(m.edges.front())) : io::FieldValue{},
            real_or_null(m.distance_m),
            text_or_null(m.reason)};
        if (c.xy)
            w.add(*c.xy, v);
        else
            w.add(v);
    }
    w.commit();
    const std::string diag_path =
        cfg.diagnostics_path.empty() ? workflow::diagnostics_csv_path(cfg.output) : cfg.diagnostics_path;
    workflow::write_diagnostics_csv(diagnostics, diag_path, &outputs);
    outputs.commit();

    const int matched = by_status["matched"];
    std::string summary =
        "counts: " + std::to_string(counts.size()) + ", matched " + std::to_string(matched) + " (" +
        std::to_string(counts.empty() ? 0 : 100 * matched / static_cast<int>(counts.size())) + "%)";
    for (const auto& [status, n] : by_status) {
        if (status != "matched") summary += ", " + status + " " + std::to_string(n);
    }
    ctx.info(summary);
    ctx.info(
        "edges with a count: " + std::to_string(edges_with_count) +
        ", near capacity (V/C >= " + std::to_string(cfg.flow.near_capacity_ratio).substr(0, 4) +
        "): " + std::to_string(near_capacity) + ", highest V/C " +
        std::to_string(max_vc).substr(0, 5));
    ctx.info("wrote layers 'flows' and 'counts' to " + cfg.output + "; unmatched counts in " +
             diag_path);
    return 0;
}

}  // namespace

void add_flows_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<FlowsConfig>();
    auto* cmd = app.add_subcommand(
        "flows", "Match DfT AADF counts to graph edges: AADF, HGV share, peak-hour V/C");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--counts", cfg->counts.path,
                    "AADF counts: CSV or GDAL point layer (DfT or shapefile column names)")
        ->required();
    cmd->add_option("--layer", cfg->counts.layer, "Layer of the counts dataset");
    cmd->add_option("--counts-crs", cfg->counts.assume_crs,
                    "CRS of counts without one (or of ambiguous x/y columns)");
    cmd->add_option("--id-field", cfg->counts.id_field,
                    "Count point id field (default: count_point_id or CP)");
    cmd->add_option("--road-field", cfg->counts.road_field,
                    "Road number field (default: road_name or RoadNumber)");
    cmd->add_option("--all-field", cfg->counts.all_field,
                    "All motor vehicles field (default: all_motor_vehicles, FdAll_MV or AllMV)");
    cmd->add_option("--hgv-field", cfg->counts.hgv_field,
                    "All HGVs field (default: all_hgvs, FdHGV or HGV)");
    cmd->add_option("--estimation-field", cfg->counts.estimation_field,
                    "Estimation method field (default: estimation_method)");
    cmd->add_option("--direction-field", cfg->counts.direction_field,
                    "Direction of travel field, N/S/E/W (default: direction_of_travel or iDir; "
                    "none = both directions)");
    cmd->add_option("--x-field", cfg->counts.x_field,
                    "X/easting/longitude field (default: the geometry or known names)");
    cmd->add_option("--y-field", cfg->counts.y_field, "Y/northing/latitude field");
    cmd->add_option("--tolerance-m", cfg->match.tolerance_m,
                    "Match a count to a link of its road within this distance (m)")
        ->capture_default_str();
    cmd->add_flag("--any-ref-fallback", cfg->match.any_ref_fallback,
                  "When no link of the count's road is within the tolerance, take the nearest link "
                  "of any road");
    cmd->add_option("--peak-hour-factor", cfg->flow.peak_hour_factor,
                    "Share of the AADF in the peak hour (K)")
        ->capture_default_str();
    cmd->add_option("--directional-split", cfg->flow.directional_split,
                    "Peak-direction share of a two-way count (D), for counts without a direction")
        ->capture_default_str();
    cmd->add_flag("--counted-only", cfg->counted_edges_only,
                  "Write only the edges that carry a count");
    cmd->add_option("--diagnostics", cfg->diagnostics_path,
                    "Diagnostics CSV (default: OUTPUT.diagnostics.csv)");
    cmd->add_option("-o,--output", cfg->output,
                    "OUT.gpkg (layers flows, counts), .geojson, .fgb, PG:...")
        ->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_flows(*cfg, ctx); }; });
}

}  // namespace midlink::cli
