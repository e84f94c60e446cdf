// midlink run in this process (workflow/run.hpp): each stage is a workflow call on the one
// graph held here; the manifest keeps an equivalent command line per stage, so a user can
// rerun any stage by hand.
#include "midlink/workflow/run.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/io/project_reader.hpp"
#include "midlink/workflow/access.hpp"
#include "midlink/workflow/corridors.hpp"
#include "midlink/workflow/gaps.hpp"
#include "midlink/workflow/graph_build.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/report.hpp"
#include "midlink/workflow/scenarios.hpp"
#include "run_manifest.hpp"

namespace midlink::workflow {
namespace {
namespace fs = std::filesystem;

/// Shortest text that reads back as the same double: command lines in the manifest say
/// exactly what ran, not a value rounded by to_string.
std::string exact(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::size_t stage_index(const std::string& s) {
    const auto& stages = run_stages();
    const auto it = std::find(stages.begin(), stages.end(), s);
    if (it == stages.end()) {
        std::string list;
        for (const auto& k : stages) list += (list.empty() ? "" : ", ") + k;
        throw ConfigError("unknown stage '" + s + "' (stages: " + list + ")");
    }
    return static_cast<std::size_t>(it - stages.begin());
}

std::vector<std::pair<std::string, std::string>> project_inputs(const io::Project& p) {
    std::vector<std::pair<std::string, std::string>> inputs{{"project", p.path}};
    if (!p.network.empty()) inputs.emplace_back("network", p.network);
    if (!p.graph.empty()) inputs.emplace_back("graph", p.graph);
    if (p.access.present) {
        inputs.emplace_back("access.origins", p.access.origins);
        if (!p.access.origin_points.empty()) inputs.emplace_back("access.origin_points", p.access.origin_points);
        if (!p.access.population.empty()) inputs.emplace_back("access.population", p.access.population);
        for (const auto& d : p.access.destinations) inputs.emplace_back("access.destinations", d.path);
    }
    if (!p.corridors.empty()) inputs.emplace_back("corridors", p.corridors);
    if (p.coverage.present) inputs.emplace_back("coverage", p.coverage.path);
    if (!p.scenarios.empty()) inputs.emplace_back("scenarios", p.scenarios);
    return inputs;
}

/// `midlink access` flags equivalent to the project's access section.
std::vector<std::string> access_command(const io::Project& p, const std::string& graph, const std::string& output) {
    std::vector<std::string> c{"access", graph, "--origins", p.access.origins, "--measures", p.access.measures,
                               "--max-snap", exact(p.access.max_snap_m), "--max-time", exact(p.access.max_time_min),
                               "-o", output};
    const auto opt = [&](const char* flag, const std::string& value) {
        if (!value.empty()) c.insert(c.end(), {flag, value});
    };
    opt("--engine", p.access.engine);
    opt("--origin-layer", p.access.origin_layer);
    opt("--origin-id", p.access.origin_id);
    opt("--origin-points", p.access.origin_points);
    opt("--origin-points-id", p.access.origin_points_id);
    opt("--population", p.access.population);
    opt("--population-id", p.access.population_id);
    opt("--population-field", p.access.population_field);
    opt("--dest-weight", p.access.dest_weight);
    opt("--dest-category", p.access.dest_category);
    opt("--assume-crs", p.access.assume_crs);
    for (const auto& d : p.access.destinations) {
        c.insert(c.end(), {"--destinations", d.path});
        if (!d.name.empty()) c.insert(c.end(), {"--dest-name", d.name});
    }
    return c;
}

}  // namespace

const std::vector<std::string>& run_stages() {
    static const std::vector<std::string> stages = {"graph", "access", "corridors", "gaps", "scenarios", "report"};
    return stages;
}

int run_project(const RunConfig& cfg, const Context& ctx) {
    const std::size_t first = stage_index(cfg.from), last = stage_index(cfg.to);
    if (first > last) throw ConfigError("--from " + cfg.from + " comes after --to " + cfg.to);
    const auto p = io::read_project(cfg.project);  // every input checked before anything runs
    fs::create_directories(cfg.outdir);
    const auto out = [&](const std::string& name) { return (fs::path(cfg.outdir) / name).string(); };
    // The folder is one output, anchored on its manifest: a second run into it fails at once
    // (exit 5). Each stage writes its own outputs as a set, so a failed stage leaves its
    // files as they were; the manifest then says which stage failed (below).
    auto folder = open_output_set(out("manifest.json"));
    const auto inputs = project_inputs(p);
    const std::string graph_path = p.graph.empty() ? out("graph.mlg") : p.graph;

    // The graph is read at most once, by the first stage that needs it.
    std::optional<graph::RoadGraph> held;
    const auto graph = [&]() -> const graph::RoadGraph& {
        if (!held) {
            Step step(ctx, "reading " + graph_path);
            held = graph::read_graph_file(graph_path);
            step.done();
        }
        return *held;
    };
    std::optional<AccessStudy> baseline;  // the access stage's, for the scenarios stage

    std::vector<StageRecord> records;
    const auto& stages = run_stages();
    const auto stage = [&](const std::string& name, bool configured, std::vector<std::string> command,
                           std::vector<std::string> outputs, const std::function<void()>& work,
                           const std::function<bool()>& up_to_date = {}) {
        StageRecord r{name, "", std::move(command), 0.0, outputs};
        const std::size_t k = stage_index(name);
        if (!configured) {
            r.status = "skipped (not in the project)";
        } else if (k < first || k > last) {
            r.status = "not run (outside --from/--to)";
            if (k < first) {
                for (const auto& o : outputs)
                    if (!fs::exists(o)) throw InputError("--from " + cfg.from + ": stage '" + name + "' has not run (" + o + " is missing)");
            }
        } else if (up_to_date && up_to_date()) {
            r.status = "reused";
            ctx.info("stage " + name + ": up to date, reused");
        } else {
            Step step(ctx, "stage " + name);
            try {
                work();
            } catch (const std::exception& e) {
                // The folder now mixes this run's earlier stages with older files: the manifest
                // says so, so no reader takes the older files for this run's results.
                r.status = std::string("failed: ") + e.what();
                r.seconds = step.seconds();
                records.push_back(std::move(r));
                for (std::size_t later = k + 1; later < stages.size(); ++later)
                    records.push_back({stages[later], "not run (stage " + name + " failed)", {}, 0.0, {}});
                try {
                    write_run_manifest(out("manifest.json"), p, inputs, records);
                } catch (const Error&) {
                    // The stage's own error is the one to report.
                }
                throw;
            }
            r.seconds = step.seconds();
            r.status = "ran";
            step.done();
        }
        records.push_back(std::move(r));
    };

    GraphBuildConfig build;
    build.network = p.network;
    build.profile = p.profile;
    stage(
        "graph", p.graph.empty(), {"graph", "build", "--network", p.network, "--profile", p.profile, "-o", graph_path},
        {graph_path},
        [&] {
            const auto plan = plan_graph_build(build, ctx);
            io::OutputSet outputs(graph_path);  // the graph and its diagnostics: both or neither
            auto built = build_graph(build, plan, ctx);
            write_built_graph(built, graph_path, graph_path + ".diagnostics.csv", outputs);
            outputs.commit();
            ctx.info(std::to_string(built.graph.node_count()) + " nodes, " + std::to_string(built.graph.edge_count()) +
                     " edges; diagnostics written to " + graph_path + ".diagnostics.csv");
            held = std::move(built.graph);
        },
        [&] {
            if (!fs::exists(graph_path)) return false;
            try {
                auto g = graph::read_graph_file(graph_path);
                const auto profile = io::read_profile(p.profile, ctx.profiles_dir);
                if (g.meta.input_fingerprint != io::file_fingerprint(p.network) ||
                    g.meta.profile_fingerprint != profile.fingerprint())
                    return false;
                held = std::move(g);  // up to date: this read is the one the stages use
                return true;
            } catch (const Error&) {
                return false;  // another version or unreadable: build it again
            }
        });

    AccessConfig access = project_access_config(p);
    access.graph = graph_path;
    access.output = out("access.gpkg");
    stage("access", p.access.present, access_command(p, graph_path, access.output), {access.output},
          [&] { baseline = run_access(access, ctx, graph()); });

    CorridorsConfig corridors;
    corridors.graph = graph_path;
    corridors.corridors = p.corridors;
    corridors.max_snap_m = p.access.max_snap_m;
    corridors.output = out("corridors.gpkg");
    stage("corridors", !p.corridors.empty(),
          {"corridors", graph_path, "--corridors", p.corridors, "--max-snap", exact(p.access.max_snap_m), "-o",
           corridors.output},
          {corridors.output}, [&] { run_corridors(corridors, ctx, graph()); });

    GapsConfig gaps;
    gaps.corridors = corridors.output;
    gaps.coverage = p.coverage.path;
    gaps.coverage_layer = p.coverage.layer;
    gaps.coverage_id = p.coverage.id;
    gaps.release = p.coverage.release;
    gaps.output = out("gaps.gpkg");
    std::vector<std::string> gaps_command{"gaps", "--corridors", gaps.corridors, "--coverage", gaps.coverage,
                                          "--coverage-layer", gaps.coverage_layer, "--coverage-id", gaps.coverage_id,
                                          "-o", gaps.output};
    if (!gaps.release.empty()) gaps_command.insert(gaps_command.end(), {"--release", gaps.release});
    stage("gaps", !p.corridors.empty() && p.coverage.present, gaps_command, {gaps.output},
          [&] { run_gaps(gaps, ctx); });

    ScenariosConfig scenarios;
    scenarios.project = cfg.project;
    scenarios.scenarios = p.scenarios;
    scenarios.graph = graph_path;
    scenarios.output = out("ranking.gpkg");
    stage("scenarios", !p.scenarios.empty() && p.access.present,
          {"scenarios", cfg.project, "--scenarios", p.scenarios, "--graph", graph_path, "-o", scenarios.output},
          {scenarios.output}, [&] {
              check_output_folder(scenarios.output);
              auto outputs = open_output_set(scenarios.output);
              std::optional<ScenarioBaseline> given;
              if (baseline) given = ScenarioBaseline{&baseline->inputs, &baseline->result};
              const auto study = compute_scenarios(scenarios, p, ctx, graph(), given);
              write_scenarios(study, scenarios, ctx, outputs);
              outputs.commit();
          });

    // The manifest is written before the report so that the report can show it, then
    // again with the report stage's record.
    write_run_manifest(out("manifest.json"), p, inputs, records);
    ReportConfig report;
    report.inputs = {cfg.outdir};
    report.title = p.name;
    report.output = out("report.html");
    stage("report", true, {"report", cfg.outdir, "--title", p.name, "-o", report.output}, {report.output},
          [&] { run_report(report, ctx); });
    write_run_manifest(out("manifest.json"), p, inputs, records, &folder);
    folder.commit();
    ctx.info("wrote " + out("manifest.json"));
    return 0;
}

}  // namespace midlink::workflow
