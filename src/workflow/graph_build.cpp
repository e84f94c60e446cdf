#include "midlink/workflow/graph_build.hpp"

#include <algorithm>
#include <variant>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/graph_summary.hpp"
#include "progress.hpp"

namespace midlink::workflow {
namespace {

graph::NodeOrder parse_node_order(const std::string& name) {
    if (name == "spatial") return graph::NodeOrder::Spatial;
    if (name == "bfs") return graph::NodeOrder::BreadthFirst;
    if (name == "input") return graph::NodeOrder::Input;
    throw ConfigError("unknown node order '" + name + "' (use spatial, bfs or input)");
}

void apply_components(const std::string& name, Profile& profile) {
    if (name.empty()) return;
    if (name == "all") profile.components = ComponentPolicy::All;
    else if (name == "largest") profile.components = ComponentPolicy::Largest;
    else throw ConfigError("unknown components policy '" + name + "' (use largest or all)");
}

}  // namespace

GraphBuildPlan plan_graph_build(const GraphBuildConfig& cfg, const Context& ctx) {
    GraphBuildPlan plan;
    plan.profile = io::read_profile(cfg.profile, ctx.profiles_dir);
    apply_components(cfg.components, plan.profile);
    io::ReadOptions& ro = plan.read;
    ro.target_crs = cfg.crs;
    ro.assume_crs = cfg.assume_crs;
    ro.input = ctx.input_policy();
    ro.layer = cfg.layer;
    ro.preset = cfg.preset;
    ro.snap_tolerance_m = cfg.snap_tolerance_m;
    ro.fields = cfg.fields;
    ro.with_paths = plan.profile.is_active_mode();
    plan.format = io::parse_network_format(cfg.format);
    plan.build.order = parse_node_order(cfg.order);
    plan.build.profile_fingerprint = plan.profile.fingerprint();
    return plan;
}

BuiltGraph build_graph(const GraphBuildConfig& cfg, const Context& ctx) {
    return build_graph(cfg, plan_graph_build(cfg, ctx), ctx);
}

BuiltGraph build_graph(const GraphBuildConfig& cfg, const GraphBuildPlan& plan, const Context& ctx) {
    BuiltGraph built;
    {
        Step read_step(ctx, "reading " + cfg.network);
        DecileProgress read_progress(ctx, 1000);
        io::ReadOptions read = plan.read;
        read.progress = [&read_progress](double share) {
            read_progress(static_cast<std::size_t>(std::clamp(share, 0.0, 1.0) * 1000));
        };
        // GMNS comes back by column (a national network in a fraction of the rows' memory);
        // both kinds of table build the same graph.
        const io::NetworkTable tables = io::read_network_table(cfg.network, plan.format, read);
        std::visit(
            [&](const auto& table) {
                read_step.done(std::to_string(table.links.size()) + " links");
                Step build_step(ctx, "building graph for profile '" + plan.profile.name + "'");
                auto result = graph::build_graph(table, plan.profile, plan.build);
                build_step.done(std::to_string(result.graph.node_count()) + " nodes, " +
                                std::to_string(result.graph.edge_count()) + " edges");
                built.diagnostics = table.diagnostics;
                built.diagnostics.merge(result.diagnostics);
                built.graph = std::move(result.graph);
                built.links_used = result.links_used;
                built.links_excluded = result.links_excluded;
            },
            tables);
    }  // the link table is freed here, before anything is written
    if (cfg.strict && built.diagnostics.total() > 0) {
        for (const auto& [code, n] : built.diagnostics.counts()) ctx.info("  " + code + ": " + std::to_string(n));
        throw InputError(cfg.network + ": " + std::to_string(built.diagnostics.total()) +
                         " diagnostics and --strict was given");
    }
    return built;
}

void write_built_graph(const BuiltGraph& built, const std::string& graph_path, const std::string& diagnostics_path,
                       io::OutputSet& outputs) {
    graph::write_graph_file(built.graph, outputs.member(graph_path));
    write_diagnostics_csv(built.diagnostics, diagnostics_path, &outputs);
}

int run_graph_build(const GraphBuildConfig& cfg, const std::string& output, const std::string& diagnostics_path,
                    const Context& ctx) {
    const auto plan = plan_graph_build(cfg, ctx);
    io::OutputSet outputs(output);  // the graph and its diagnostics: both or neither
    const auto built = build_graph(cfg, plan, ctx);
    Step write_step(ctx, "writing " + output);
    const std::string diag_path = diagnostics_path.empty() ? output + ".diagnostics.csv" : diagnostics_path;
    write_built_graph(built, output, diag_path, outputs);
    outputs.commit();
    write_step.done();
    auto summary = summary_text(built.graph, summarise(built.graph));
    summary.pop_back();  // its last line break: info() ends every message with one
    ctx.info(summary);
    ctx.info("links used: " + std::to_string(built.links_used) + ", excluded by profile: " +
             std::to_string(built.links_excluded) + "; diagnostics written to " + diag_path);
    return 0;
}

}  // namespace midlink::workflow
