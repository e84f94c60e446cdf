// midlink assign: static traffic assignment of a TNTP OD matrix on a TNTP network, or of
// an OD table on a midlink graph with zones snapped to it (assign_graph.cpp).
#include <tbb/global_control.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "assign_graph.hpp"
#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/analysis/assignment.hpp"
#include "midlink/analysis/tntp_network.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/tntp_assignment.hpp"
#include "midlink/workflow/text_output.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace {

struct AssignConfig {
    std::string network;
    std::string trips;
    std::string method = "cfw";
    double gap = 1e-4;
    int max_iterations = 1000;
    std::optional<double> toll_factor;      // overrides the file's <TOLL FACTOR>
    std::optional<double> distance_factor;  // overrides the file's <DISTANCE FACTOR>
    std::string output;
    GraphAssignConfig on_graph;  // used when a graph file is given
};

int run_assign(const AssignConfig& cfg, const workflow::Context& ctx) {
    analysis::AssignmentOptions options;
    if (!analysis::parse_assignment_method(cfg.method, options.method)) {
        throw ConfigError("--method must be aon, fw, cfw, bfw or bush");
    }
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    options.target_gap = cfg.gap;
    options.max_iterations = cfg.max_iterations;
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    if (!ctx.quiet) {
        options.on_iteration = [](int it, double gap) {
            std::fprintf(stderr, "iteration %d: relative gap %.3e\n", it, gap);
        };
    }
    const bool graph_form = !cfg.on_graph.graph.empty();
    if (graph_form) {
        if (!cfg.network.empty() || !cfg.trips.empty()) {
            throw ConfigError(
                "give either GRAPH.mlg with --zones and --od, or --network and --trips, not both");
        }
        if (cfg.toll_factor || cfg.distance_factor) {
            throw ConfigError("--toll-factor and --distance-factor apply to a TNTP network only");
        }
        if (cfg.on_graph.zones.empty() || cfg.on_graph.od.empty()) {
            throw ConfigError("assign on a graph needs --zones ZONES and --od OD.csv");
        }
        GraphAssignConfig g = cfg.on_graph;
        g.output = cfg.output;
        return run_graph_assign(outputs, g, cfg.method, options, ctx);
    }
    if (cfg.network.empty() || cfg.trips.empty()) {
        throw ConfigError(
            "give --network NET_net.tntp and --trips NET_trips.tntp, or GRAPH.mlg with --zones and "
            "--od");
    }
    if (!cfg.on_graph.zones.empty() || !cfg.on_graph.od.empty() ||
        !cfg.on_graph.edges_output.empty()) {
        throw ConfigError(
            "--zones, --od and --edges-out need a graph file (midlink assign GRAPH.mlg ...)");
    }

    const auto net = io::read_tntp_assignment_net(cfg.network);
    const auto trips = io::read_tntp_trips(cfg.trips);
    // The file's factors, unless the command line gives its own.
    auto factors = analysis::cost_factors_from_tntp(net);
    if (cfg.toll_factor) factors.toll = *cfg.toll_factor;
    if (cfg.distance_factor) factors.distance = *cfg.distance_factor;
    const auto network = analysis::assignment_network_from_tntp(net, factors);
    const auto od = analysis::od_matrix_from_tntp(trips, net);
    ctx.info(std::to_string(net.links.size()) + " links, " + std::to_string(od.size()) +
             " origins, " + workflow::format_number(trips.total_od_flow, "%.1f") + " trips; method " +
             cfg.method + "; toll factor " + workflow::format_number(factors.toll) + ", distance factor " +
             workflow::format_number(factors.distance));
    const auto start = std::chrono::steady_clock::now();
    const auto r = analysis::assign_traffic(network, od, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::ostringstream csv;
    csv << "from,to,volume,cost,time\n";  // cost: generalised; time: BPR
    for (std::size_t a = 0; a < net.links.size(); ++a) {
        csv << net.links[a].init_node << ',' << net.links[a].term_node << ','
            << workflow::format_number(r.volume[a]) << ',' << workflow::format_number(r.cost[a]) << ','
            << workflow::format_number(r.time[a]) << '\n';
    }
    workflow::write_text_atomically(cfg.output, csv.str(), &outputs);
    std::ostringstream json;
    json << "{\"method\":\"" << cfg.method << "\",\"iterations\":" << r.iterations
         << ",\"relative_gap\":" << workflow::format_number(r.relative_gap, "%.6e")
         << ",\"target_gap\":" << workflow::format_number(cfg.gap, "%.6e")
         << ",\"converged\":" << (r.converged ? "true" : "false")
         << ",\"total_system_travel_time\":" << workflow::format_number(r.total_travel_time)
         << ",\"total_system_cost\":" << workflow::format_number(r.total_cost)
         << ",\"toll_factor\":" << workflow::format_number(factors.toll)
         << ",\"distance_factor\":" << workflow::format_number(factors.distance)
         << ",\"unassigned_demand\":" << workflow::format_number(r.unassigned_demand)
         << ",\"seconds\":" << workflow::format_number(seconds, "%.4f") << ",\"links\":" << net.links.size()
         << "}\n";
    workflow::write_text_atomically(cfg.output + ".summary.json", json.str(), &outputs);
    outputs.commit();

    if (!r.converged && options.method != analysis::AssignmentMethod::AllOrNothing) {
        ctx.info("warning: gap " + workflow::format_number(r.relative_gap, "%.3e") + " not reached within " +
                 std::to_string(cfg.max_iterations) + " iterations");
    }
    if (r.unassigned_demand > 0.0)
        ctx.info("unassigned demand (unreachable or intrazonal): " +
                 workflow::format_number(r.unassigned_demand));
    std::cout << "relative gap: " << workflow::format_number(r.relative_gap, "%.6e") << " (" << cfg.method
              << ", " << r.iterations << " iterations, " << workflow::format_number(seconds, "%.3f")
              << " s)\n";
    return 0;
}

}  // namespace

void add_assign_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<AssignConfig>();
    auto* cmd = app.add_subcommand("assign",
                                   "Traffic assignment (all-or-nothing or BPR user equilibrium) on "
                                   "a TNTP network or a midlink graph");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->on_graph.graph,
                    "Graph file (.mlg): assign --od between --zones snapped to it");
    cmd->add_option("--network", cfg->network, "TNTP network (*_net.tntp)");
    cmd->add_option("--trips", cfg->trips, "TNTP demand (*_trips.tntp)");
    cmd->add_option("--zones", cfg->on_graph.zones,
                    "Graph form: zones, a point layer or CSV with id and x/y or lon/lat");
    cmd->add_option("--zone-layer", cfg->on_graph.zone_layer,
                    "Graph form: layer of the zones dataset");
    cmd->add_option("--zone-id-field", cfg->on_graph.zone_id_field, "Graph form: zone id field")
        ->capture_default_str();
    cmd->add_option("--zones-crs", cfg->on_graph.zones_crs,
                    "Graph form: CRS of zones without one (or of x/y columns)");
    cmd->add_option("--od", cfg->on_graph.od,
                    "Graph form: OD table CSV with columns from,to,trips (vehicles per hour)");
    cmd->add_flag("--snap-connectors", cfg->on_graph.snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--snap-distance", cfg->on_graph.snap_distance_m,
                    "Graph form: zones farther than this (m) from any edge are not assigned")->check(cli::distance_m())
        ->capture_default_str();
    cmd->add_option("--connectors", cfg->on_graph.connectors,
                    "Graph form: besides the ends of its snapped edge, join each zone to up to N "
                    "nearest nodes within --snap-distance")
        ->check(cli::non_negative())
        ->capture_default_str();
    cmd->add_option("--connector-speed", cfg->on_graph.connector_speed_kmh,
                    "Graph form: speed of those straight connectors (km/h)")
        ->capture_default_str();
    cmd->add_option("--bpr-alpha", cfg->on_graph.bpr.alpha, "Graph form: BPR b")
        ->capture_default_str();
    cmd->add_option("--bpr-power", cfg->on_graph.bpr.power, "Graph form: BPR power")
        ->capture_default_str();
    cmd->add_option(
        "--edges-out", cfg->on_graph.edges_output,
        "Graph form: also write edges with volume and V/C (GPKG, layer assigned_edges)");
    cmd->add_option("--diagnostics", cfg->on_graph.diagnostics_path,
                    "Graph form: diagnostics CSV (default: FLOWS.csv.diagnostics.csv)");
    cmd->add_option(
           "--method", cfg->method,
           "aon (all-or-nothing), fw (Frank-Wolfe), cfw (conjugate FW), bfw (bi-conjugate FW) or "
           "bush (Algorithm B, origin-based: for tight gaps such as 1e-10)")
        ->check(CLI::IsMember({"aon", "fw", "cfw", "bfw", "bush"}))
        ->capture_default_str();
    cmd->add_option("--gap", cfg->gap, "Stop at this relative gap")
        ->check(cli::non_negative())
        ->capture_default_str();
    cmd->add_option("--max-iter", cfg->max_iterations, "Stop after this many iterations")
        ->check(cli::non_negative())
        ->capture_default_str();
    cmd->add_option("--toll-factor", cfg->toll_factor,
                    "TNTP form: generalised cost per toll unit, in the file's time unit (minutes); "
                    "overrides the file's <TOLL FACTOR> (default: the file's, else 0)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--distance-factor", cfg->distance_factor,
                    "TNTP form: generalised cost per length unit, in the file's time unit; "
                    "overrides the file's <DISTANCE FACTOR> (default: the file's, else 0)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("-o,--output", cfg->output,
                    "Link flows CSV (from,to,volume,cost,time: cost generalised, time BPR); "
                    "summary JSON beside it")
        ->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_assign(*cfg, ctx); }; });
}

}  // namespace midlink::cli
