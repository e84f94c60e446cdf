// compute_flows, the flows and counts layers, and run_flows.
#include <algorithm>
#include <cmath>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/flows.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow {
namespace {
using io::FieldType;
using io::FieldValue;
using io::real_or_null;

FieldValue text_or_null(std::string_view s) {
    if (s.empty()) return std::monostate{};
    return std::string(s);
}
FieldValue estimated_value(CountEstimation e) {
    if (e == CountEstimation::Unknown) return std::monostate{};
    return std::int64_t{e == CountEstimation::Estimated ? 1 : 0};
}

void flow_rows(const FlowsStudy& s, const RowSink& sink) {
    const auto& g = *s.graph;
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            const auto& f = s.flows[e];
            if (s.counted_edges_only && f.count < 0) continue;
            const LinkId l = g.edge_link[e];
            std::vector<FieldValue> v{std::int64_t{e},
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
                const TrafficCount& c = s.counts[static_cast<std::size_t>(f.count)];
                const double share = c.all_motor_vehicles > 0.0 ? c.hgv / c.all_motor_vehicles : std::nan("");
                v.insert(v.end(), {c.count_point_id, f.directional ? c.direction : std::string("both"),
                                   real_or_null(c.all_motor_vehicles), real_or_null(c.hgv), real_or_null(share),
                                   estimated_value(c.estimation), text_or_null(c.estimation_text),
                                   c.year >= 0 ? FieldValue{c.year} : FieldValue{}, real_or_null(f.peak_hour_vph),
                                   real_or_null(f.vc_ratio)});
                if (std::isnan(f.vc_ratio))
                    v.emplace_back(std::monostate{});
                else
                    v.emplace_back(std::int64_t{f.near_capacity(s.flow) ? 1 : 0});
            } else {
                v.resize(v.size() + 11);
            }
            sink(v, g.edge_geometry(e));
        }
    }
}

void count_rows(const FlowsStudy& s, const RowSink& sink) {
    const auto& g = *s.graph;
    for (std::size_t i = 0; i < s.counts.size(); ++i) {
        const auto& c = s.counts[i];
        const auto& m = s.matches[i];
        std::string edge_ids;
        for (EdgeId e : m.edges) {
            if (!edge_ids.empty()) edge_ids += ';';
            edge_ids += std::to_string(e);
        }
        const bool linked = m.link != kInvalidEdge && !m.edges.empty();
        const std::vector<FieldValue> v{c.count_point_id,
                                        text_or_null(c.road),
                                        text_or_null(c.direction.empty() ? "both" : c.direction),
                                        real_or_null(c.all_motor_vehicles),
                                        real_or_null(c.hgv),
                                        estimated_value(c.estimation),
                                        text_or_null(c.estimation_text),
                                        std::string(analysis::count_match_status_name(m.status)),
                                        linked ? FieldValue{std::int64_t{m.link}} : FieldValue{},
                                        linked ? FieldValue{g.link_source(m.link)} : FieldValue{},
                                        text_or_null(edge_ids),
                                        linked ? text_or_null(g.edge_ref(m.edges.front())) : FieldValue{},
                                        real_or_null(m.distance_m),
                                        text_or_null(m.reason)};
        if (c.xy)
            sink(v, *c.xy);
        else
            sink(v, {});
    }
}

std::vector<StudyLayer> flows_study_layers(const FlowsStudy& s) {
    std::vector<StudyLayer> layers;
    layers.push_back({{flows_layers::kFlows,
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
                        {"near_capacity", FieldType::Integer}}},
                      false,
                      [&s](const RowSink& sink) { flow_rows(s, sink); }});
    layers.push_back({{flows_layers::kCounts,
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
                        {"reason", FieldType::String}}},
                      false,
                      [&s](const RowSink& sink) { count_rows(s, sink); }});
    return layers;
}

std::string diagnostics_path(const FlowsConfig& cfg) {
    return cfg.diagnostics_path.empty() ? diagnostics_csv_path(cfg.output) : cfg.diagnostics_path;
}

}  // namespace

void check_flows_config(const FlowsConfig& cfg) {
    if (!(cfg.match.tolerance_m >= 0.0)) throw ConfigError("--tolerance-m must be >= 0");
    if (!(cfg.flow.peak_hour_factor > 0.0 && cfg.flow.peak_hour_factor <= 1.0))
        throw ConfigError("--peak-hour-factor must be in (0, 1]");
    if (!(cfg.flow.directional_split >= 0.5 && cfg.flow.directional_split <= 1.0))
        throw ConfigError("--directional-split must be in [0.5, 1]");
}

FlowsStudy compute_flows(const FlowsConfig& cfg, const graph::RoadGraph& g, const Context& ctx) {
    check_flows_config(cfg);
    const std::string name = cfg.graph.empty() ? "the graph" : cfg.graph;
    if (!g.has_coordinates()) throw InputError(name + ": graph has no coordinates; counts cannot be placed on it");
    if (!g.has_capacity()) {
        ctx.info("warning: " + name +
                 " has no link capacity (an older graph file, or classes without a profile "
                 "capacity); vc_ratio will be NULL. Rebuild it with 'midlink graph build'.");
    }
    FlowsStudy s;
    s.graph = &g;
    s.flow = cfg.flow;
    s.counted_edges_only = cfg.counted_edges_only;
    io::CountReadOptions counts = cfg.counts;
    counts.target_crs = g.meta.crs;
    counts.input = ctx.input_policy();
    Step read_step(ctx, "reading counts " + counts.path);
    s.counts = io::read_traffic_counts(counts, s.diagnostics);
    read_step.done(std::to_string(s.counts.size()) + " counts");
    s.matches = analysis::match_counts(g, s.counts, cfg.match);
    s.flows = analysis::edge_flows(g, s.counts, s.matches, cfg.flow);

    for (std::size_t i = 0; i < s.counts.size(); ++i) {
        const auto& m = s.matches[i];
        const std::string status(analysis::count_match_status_name(m.status));
        ++s.by_status[status];
        if (m.status == analysis::CountMatchStatus::Matched && !m.by_fallback) continue;
        const std::string where = s.counts[i].where + ", count point " + s.counts[i].count_point_id;
        s.diagnostics.add(m.by_fallback ? "matched_other_road" : "count_" + status, where, m.reason,
                          m.by_fallback ? Severity::Info : Severity::Warning);
        if (m.status == analysis::CountMatchStatus::NoCoordinates) {
            ctx.info("count point " + s.counts[i].count_point_id + " (" + s.counts[i].where + "): " + m.reason +
                     "; left out");
        }
    }
    for (const auto& f : s.flows) {
        if (f.count < 0) continue;
        ++s.edges_with_count;
        if (std::isnan(f.vc_ratio)) continue;
        s.near_capacity += f.near_capacity(s.flow) ? 1 : 0;
        s.max_vc = std::max(s.max_vc, f.vc_ratio);
    }
    return s;
}

std::vector<LayerData> FlowsStudy::tables() const { return layer_tables(flows_study_layers(*this), graph->meta.crs); }

void write_flows(const FlowsStudy& study, const FlowsConfig& cfg, const Context& ctx, io::OutputSet& set) {
    io::DatasetWriter w(cfg.output, study.graph->meta.crs, "", &set);
    write_layers(w, flows_study_layers(study));
    w.commit();
    write_diagnostics_csv(study.diagnostics, diagnostics_path(cfg), &set, &ctx);
}

int run_flows(const FlowsConfig& cfg, const Context& ctx) {
    check_flows_config(cfg);
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const auto g = graph::read_graph_file(cfg.graph);
    const FlowsStudy s = compute_flows(cfg, g, ctx);
    write_flows(s, cfg, ctx, outputs);
    outputs.commit();

    const int matched = s.by_status.count("matched") ? s.by_status.at("matched") : 0;
    std::string summary = "counts: " + std::to_string(s.counts.size()) + ", matched " + std::to_string(matched) +
                          " (" +
                          std::to_string(s.counts.empty() ? 0 : 100 * matched / static_cast<int>(s.counts.size())) +
                          "%)";
    for (const auto& [status, n] : s.by_status) {
        if (status != "matched") summary += ", " + status + " " + std::to_string(n);
    }
    ctx.info(summary);
    ctx.info("edges with a count: " + std::to_string(s.edges_with_count) + ", near capacity (V/C >= " +
             std::to_string(cfg.flow.near_capacity_ratio).substr(0, 4) + "): " + std::to_string(s.near_capacity) +
             ", highest V/C " + std::to_string(s.max_vc).substr(0, 5));
    ctx.info("wrote layers 'flows' and 'counts' to " + cfg.output + "; unmatched counts in " + diagnostics_path(cfg));
    return 0;
}

}  // namespace midlink::workflow
