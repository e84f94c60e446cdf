// compute_assign and run_assign: the two forms of `midlink assign`.
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "midlink/core/enum_names.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/tntp_assignment.hpp"
#include "midlink/workflow/assign.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/text_output.hpp"
#include "progress.hpp"

namespace midlink::workflow {
namespace {

/// Progress of an equilibrium as a GDAL-style line: the share of the way, on a log scale,
/// from the first iteration's gap to the target, or of the iteration limit when that is
/// further along. Each iteration's gap is a debug line (-v).
class GapProgress {
public:
    GapProgress(const Context& ctx, double target_gap, int max_iterations)
        : m_ctx(ctx), m_target(target_gap), m_max(max_iterations), m_deciles(ctx, kScale) {}
    void operator()(int iteration, double gap) {
        char line[64];
        std::snprintf(line, sizeof line, "iteration %d: relative gap %.3e", iteration, gap);
        m_ctx.debug(line);
        if (m_first_gap < 0.0) m_first_gap = gap;
        double share = m_max > 0 ? static_cast<double>(iteration) / m_max : 0.0;
        if (m_first_gap > m_target && gap > 0.0 && m_target > 0.0)
            share = std::max(share, std::log(m_first_gap / gap) / std::log(m_first_gap / m_target));
        m_deciles(static_cast<std::size_t>(std::clamp(share, 0.0, 1.0) * kScale));
    }
    void finish() { m_deciles(kScale); }

private:
    static constexpr std::size_t kScale = 1000;
    const Context& m_ctx;
    double m_target;
    int m_max;
    double m_first_gap = -1.0;
    DecileProgress m_deciles;
};

analysis::AssignmentOptions assignment_options(const AssignConfig& cfg) {
    analysis::AssignmentOptions options;
    options.method = parse_assignment_method(cfg.method);
    options.target_gap = cfg.gap;
    options.max_iterations = cfg.max_iterations;
    return options;
}

/// Runs the assignment with the context's thread limit, timing it.
void assign(AssignStudy& study, const analysis::AssignmentNetwork& net, const analysis::OdMatrix& od,
            analysis::AssignmentOptions options, const Context& ctx) {
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    std::optional<GapProgress> progress;
    if (!ctx.quiet) {
        ctx.info("assigning (" + study.method + "), to a relative gap of " + format_number(options.target_gap, "%.1e"));
        progress.emplace(ctx, options.target_gap, options.max_iterations);
        options.on_iteration = [&progress](int it, double gap) { (*progress)(it, gap); };
    }
    const auto start = std::chrono::steady_clock::now();
    study.result = analysis::assign_traffic(net, od, options);
    if (progress) progress->finish();
    study.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

AssignStudy study_for(const AssignConfig& cfg) {
    AssignStudy study;
    study.method = cfg.method;
    study.target_gap = cfg.gap;
    study.max_iterations = cfg.max_iterations;
    return study;
}

}  // namespace

analysis::AssignmentMethod parse_assignment_method(const std::string& name) {
    return parse_enum(name, analysis::kAssignmentMethods, "--method");
}

void check_assign_config(const AssignConfig& cfg) {
    (void)parse_assignment_method(cfg.method);
    const auto& g = cfg.on_graph;
    if (!g.graph.empty()) {
        if (!cfg.network.empty() || !cfg.trips.empty())
            throw ConfigError("give either GRAPH.mlg with --zones and --od, or --network and --trips, not both");
        if (cfg.toll_factor || cfg.distance_factor)
            throw ConfigError("--toll-factor and --distance-factor apply to a TNTP network only");
        if (g.zones.empty() || g.od.empty()) throw ConfigError("assign on a graph needs --zones ZONES and --od OD.csv");
        if (!(g.snap_distance_m >= 0.0)) throw ConfigError("--snap-distance must be >= 0");
        if (g.connectors < 0) throw ConfigError("--connectors must be >= 0");
        if (!(g.connector_speed_kmh > 0.0)) throw ConfigError("--connector-speed must be > 0");
        return;
    }
    if (cfg.network.empty() || cfg.trips.empty())
        throw ConfigError("give --network NET_net.tntp and --trips NET_trips.tntp, or GRAPH.mlg with --zones and --od");
    if (!g.zones.empty() || !g.od.empty() || !g.edges_output.empty())
        throw ConfigError("--zones, --od and --edges-out need a graph file (midlink assign GRAPH.mlg ...)");
}

AssignStudy compute_assign(const AssignConfig& cfg, const Context& ctx) {
    check_assign_config(cfg);
    if (!cfg.on_graph.graph.empty())
        throw ConfigError("the graph form of assign takes the graph: compute_assign(cfg, graph, ctx)");
    const auto options = assignment_options(cfg);
    const auto net = io::read_tntp_assignment_net(cfg.network);
    const auto trips = io::read_tntp_trips(cfg.trips);
    AssignStudy study = study_for(cfg);
    // The file's factors, unless the command line gives its own.
    study.factors = analysis::cost_factors_from_tntp(net);
    if (cfg.toll_factor) study.factors.toll = *cfg.toll_factor;
    if (cfg.distance_factor) study.factors.distance = *cfg.distance_factor;
    const auto network = analysis::assignment_network_from_tntp(net, study.factors);
    const auto od = analysis::od_matrix_from_tntp(trips, net);
    for (const auto& l : net.links) study.tntp_links.emplace_back(l.init_node, l.term_node);
    ctx.info(std::to_string(net.links.size()) + " links, " + std::to_string(od.size()) + " origins, " +
             format_number(trips.total_od_flow, "%.1f") + " trips; method " + cfg.method + "; toll factor " +
             format_number(study.factors.toll) + ", distance factor " + format_number(study.factors.distance));
    assign(study, network, od, options, ctx);
    return study;
}

AssignStudy compute_assign(const AssignConfig& cfg, const graph::RoadGraph& g, const Context& ctx) {
    AssignConfig checked = cfg;
    if (checked.on_graph.graph.empty()) checked.on_graph.graph = "(in memory)";  // the graph form's checks
    check_assign_config(checked);
    const auto& gc = cfg.on_graph;
    const std::string name = gc.graph.empty() ? "the graph" : gc.graph;
    if (!g.has_coordinates()) throw InputError(name + ": graph has no coordinates; zones cannot be snapped to it");
    if (!g.has_capacity()) {
        ctx.info("warning: " + name +
                 " has no link capacity; every edge keeps its free-flow time "
                 "(rebuild it with 'midlink graph build' to get capacities)");
    }
    const auto options = assignment_options(cfg);
    AssignStudy study = study_for(cfg);
    study.graph = &g;
    const AssignmentZones zones = snap_assignment_zones(g, gc, study.diagnostics, ctx);
    const AssignmentOd od = read_assignment_od_table(gc, zones, study.diagnostics, ctx);
    study.zones = zones.ids.size();
    study.zones_unsnapped = zones.unsnapped;
    study.trips = od.trips;
    study.od_rows_skipped = od.rows_skipped;
    const auto network = analysis::graph_assignment_network(g, zones.access, gc.bpr);
    ctx.info(std::to_string(g.edge_count()) + " edges, " + std::to_string(zones.ids.size()) + " zones (" +
             std::to_string(zones.unsnapped) + " unsnapped), " + format_number(od.trips, "%.1f") + " trips in " +
             std::to_string(od.od.size()) + " origins, " + std::to_string(od.rows_skipped) +
             " OD rows skipped; method " + cfg.method);
    assign(study, network.net, od.od, options, ctx);
    return study;
}

std::string assign_result_line(const AssignStudy& study) {
    return "relative gap: " + format_number(study.result.relative_gap, "%.6e") + " (" + study.method + ", " +
           std::to_string(study.result.iterations) + " iterations, " + format_number(study.seconds, "%.3f") +
           " s)\n";
}

int run_assign(const AssignConfig& cfg, const Context& ctx, std::ostream& results) {
    check_assign_config(cfg);
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);  // before the long steps: a second run fails at once
    graph::RoadGraph g;
    const bool graph_form = !cfg.on_graph.graph.empty();
    if (graph_form) g = graph::read_graph_file(cfg.on_graph.graph);
    const AssignStudy study = graph_form ? compute_assign(cfg, g, ctx) : compute_assign(cfg, ctx);
    write_assign(study, cfg, ctx, outputs);
    outputs.commit();

    const auto& r = study.result;
    if (!r.converged && parse_assignment_method(cfg.method) != analysis::AssignmentMethod::AllOrNothing) {
        ctx.info("warning: gap " + format_number(r.relative_gap, "%.3e") + " not reached within " +
                 std::to_string(cfg.max_iterations) + " iterations");
    }
    if (r.unassigned_demand > 0.0) {
        ctx.info(std::string(graph_form ? "unassigned demand (unsnapped zones, unreachable or intrazonal): "
                                        : "unassigned demand (unreachable or intrazonal): ") +
                 format_number(r.unassigned_demand));
    }
    results << assign_result_line(study);
    return 0;
}

}  // namespace midlink::workflow
