// An access study from inputs to outputs: compute_access (load, engine, roll-ups) and
// run_access (the whole `midlink access`).
#include <cstdio>

#include "access_steps.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/workflow/graph_contract.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/rank_report.hpp"
#include "progress.hpp"

namespace midlink::workflow {
namespace {

// Everything that can be checked before reading any input.
void check_options(const AccessConfig& cfg) {
    analysis::parse_measures(cfg.measures);
    if (cfg.aggregate_id.size() != cfg.aggregate_to.size()) throw ConfigError("give one --aggregate-id per --aggregate-to");
}

void report_summary(const AccessStudy& study, const AccessConfig& cfg, const Context& ctx) {
    std::size_t unsnapped = 0, unreachable = 0;
    for (auto s : study.result.status) {
        unsnapped += s == analysis::OriginStatus::Unsnapped;
        unreachable += s == analysis::OriginStatus::Unreachable;
    }
    const auto& diagnostics = study.inputs.diagnostics;
    ctx.info(std::to_string(study.result.status.size()) + " origins: " + std::to_string(unsnapped) + " unsnapped, " +
             std::to_string(unreachable) + " reached no destination; " + std::to_string(diagnostics.total()) +
             " diagnostics in " + diagnostics_csv_path(cfg.output));
    for (const auto& [code, count] : diagnostics.counts()) ctx.info("  " + code + ": " + std::to_string(count));
}

}  // namespace

AccessStudy compute_access(const AccessConfig& cfg, const Context& ctx, const graph::RoadGraph& graph,
                           const graph::ContractionHierarchy* hierarchy) {
    check_options(cfg);
    const ThreadLimit threads(ctx);
    AccessStudy study;
    auto& job = study.inputs;
    agreed(ctx, [&] {
        job = load_access_inputs(cfg, ctx, graph);
        if (!cfg.od_matrix.empty()) {
            // The OD matrix is for small studies; refuse sizes that would not fit a CSV reader.
            const double cells = static_cast<double>(job.inputs.origins.size()) * static_cast<double>(job.inputs.destinations.size());
            if (cells > 2e7) {
                throw ConfigError("--od-matrix: " + std::to_string(job.inputs.origins.size()) + " origins x " +
                                  std::to_string(job.inputs.destinations.size()) +
                                  " destinations is too large (limit 20 million pairs); aggregate measures need no matrix");
            }
            job.inputs.keep_od = true;
        }
    });
    job.inputs.engine = analysis::parse_search_engine(cfg.engine);
    job.inputs.hierarchy = hierarchy;
    job.inputs.group = ctx.group;
    const std::size_t n = job.inputs.origins.size();
    if (!ctx.quiet) job.inputs.note = [&ctx](const std::string& what) { ctx.info("  " + what); };
    Step step(ctx, "accessibility for " + std::to_string(n) + " origins x " +
                       std::to_string(job.inputs.destinations.size()) + " destinations");
    const bool fca = cfg.measures.find("fca") != std::string::npos;
    std::optional<DecileProgress> hierarchy_progress;
    job.inputs.hierarchy_progress = [&](std::size_t done, std::size_t total) {
        if (!hierarchy_progress) hierarchy_progress.emplace(ctx, total);
        (*hierarchy_progress)(done);
    };
    DecileProgress progress(ctx, fca ? 2 * n : n);
    study.result = analysis::run_access(job.inputs, [&progress](std::size_t done) { progress(done); });
    job.inputs.note = nullptr;  // it refers to ctx, which the study may outlive
    job.inputs.hierarchy_progress = nullptr;
    job.inputs.hierarchy = nullptr;  // the caller's, which the study may outlive
    const auto& result = study.result;
    std::string how = "search limit " + std::to_string(static_cast<int>(result.search_limit_min)) + " min, " +
                      analysis::search_engine_name(result.engine_used);
    if (result.engine_used == analysis::SearchEngine::Phast && hierarchy) {
        how += " (stored hierarchy)";
    } else if (result.engine_used == analysis::SearchEngine::Phast) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " (hierarchy built in %.2f s)", result.hierarchy_s);
        how += buf;
    }
    step.done(how);
    if (!ctx.is_root()) return study;  // rank 0 holds every origin's values and writes them

    // Level 0: every origin is its own row.
    std::vector<std::int64_t> self(n);
    for (std::size_t i = 0; i < n; ++i) self[i] = static_cast<std::int64_t>(i);
    study.origin_table = analysis::aggregate(result, job.origin_population, self, n);
    study.levels = roll_up_access(cfg, ctx, job, result);
    study.kept_fields = kept_origin_fields(cfg, job.origins_are_areas);
    return study;
}

AccessStudy run_access(const AccessConfig& cfg, const Context& ctx, const graph::RoadGraph& graph) {
    const ThreadLimit threads(ctx);
    std::optional<io::OutputSet> outputs;
    agreed(ctx, [&] {
        analysis::parse_measures(cfg.measures);
        check_output_folder(cfg.output);
        if (!ctx.group) outputs.emplace(output_set_anchor(cfg.output));  // ranks: only to write (rank 0)
        check_options(cfg);
    });
    auto study = compute_access(cfg, ctx, graph);
    if (!ctx.is_root()) return study;
    if (!outputs) outputs.emplace(output_set_anchor(cfg.output));
    write_access(study, cfg, ctx, *outputs);
    outputs->commit();
    report_summary(study, cfg, ctx);
    return study;
}

int run_access(const AccessConfig& cfg, const Context& ctx) {
    const ThreadLimit threads(ctx);
    std::optional<io::OutputSet> outputs;
    graph::RoadGraph graph;
    std::optional<graph::ContractionHierarchy> stored;
    agreed(ctx, [&] {
        // Check the cheap things before any long step: measures, output folder, options.
        analysis::parse_measures(cfg.measures);
        check_output_folder(cfg.output);
        // Before the long steps, so a second run fails at once. The ranks of a job open it
        // only to write (rank 0), so a rank that dies leaves nothing behind.
        if (!ctx.group) outputs.emplace(output_set_anchor(cfg.output));
        check_options(cfg);
        graph = graph::read_graph_file(cfg.graph);
        // A current hierarchy beside the graph file (graph contract) spares PHAST building one.
        if (analysis::parse_search_engine(cfg.engine) != analysis::SearchEngine::Dijkstra) {
            stored = load_stored_hierarchy("", cfg.graph, graph, graph::Metric::Time, ctx);
        }
    });
    const auto study = compute_access(cfg, ctx, graph, stored ? &*stored : nullptr);
    if (!ctx.is_root()) return 0;
    if (!outputs) outputs.emplace(output_set_anchor(cfg.output));
    write_access(study, cfg, ctx, *outputs);
    outputs->commit();  // all files appear together, or none
    report_summary(study, cfg, ctx);
    report_ranks(ctx);
    return 0;
}

}  // namespace midlink::workflow
