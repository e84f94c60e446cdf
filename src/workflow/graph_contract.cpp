#include "midlink/workflow/graph_contract.hpp"

#include <tbb/global_control.h>

#include <filesystem>
#include <optional>

#include "midlink/core/error.hpp"
#include "midlink/graph/ch_file.hpp"
#include "midlink/graph/graph_file.hpp"

namespace midlink::workflow {
namespace {
graph::Metric parse_metric(const std::string& name) {
    if (name == "time") return graph::Metric::Time;
    if (name == "distance") return graph::Metric::Distance;
    throw ConfigError("--metric: '" + name + "' is not time or distance");
}
}  // namespace

int run_graph_contract(const GraphContractConfig& cfg, const Context& ctx) {
    const auto metric = parse_metric(cfg.metric);
    const std::string output = cfg.output.empty() ? graph::default_hierarchy_path(cfg.graph, metric) : cfg.output;
    const auto g = graph::read_graph_file(cfg.graph);
    const auto fingerprint = graph::graph_fingerprint(cfg.graph, g);
    Step step(ctx, "contracting " + std::to_string(g.node_count()) + " nodes (" + cfg.metric + ")");
    graph::ContractionOptions options;
    int next = 0;
    options.progress = [&](std::size_t done, std::size_t total) {
        while (next <= 100 && done * 10 >= total * static_cast<std::size_t>(next / 10)) {
            ctx.progress(next);
            next += 10;
        }
    };
    std::optional<tbb::global_control> limit;  // --threads: the builder's parallel parts
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    const auto ch = graph::build_contraction_hierarchy(g, metric, options);
    step.done(std::to_string(ch.up_head.size() + ch.down_tail.size()) + " arcs, " + std::to_string(ch.shortcuts) +
              " shortcuts");
    graph::write_hierarchy_file(ch, metric, fingerprint, output);
    ctx.info("wrote " + output);
    return 0;
}

std::optional<graph::ContractionHierarchy> load_stored_hierarchy(const std::string& choice, const std::string& graph_path,
                                                                 const graph::RoadGraph& g, graph::Metric metric,
                                                                 const Context& ctx) {
    if (choice == "none" || graph_path.empty()) return std::nullopt;
    if (!choice.empty()) return graph::read_hierarchy_file(choice, metric, graph::graph_fingerprint(graph_path, g));
    const std::string path = graph::default_hierarchy_path(graph_path, metric);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    try {
        return graph::read_hierarchy_file(path, metric, graph::graph_fingerprint(graph_path, g));
    } catch (const Error& e) {  // stale, damaged or of another version: reported, never used
        ctx.warn(std::string(e.what()) + "; not used");
        return std::nullopt;
    }
}

}  // namespace midlink::workflow
