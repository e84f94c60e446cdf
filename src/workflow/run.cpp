// midlink run in this process (workflow/run.hpp): each stage is a workflow call on the one
// graph held here; the manifest keeps an equivalent command line per stage, so a user can
// rerun any stage by hand.
#include "midlink/workflow/run.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <chrono>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/io/project_reader.hpp"
#include "midlink/workflow/access.hpp"
#include "midlink/workflow/corridors.hpp"
#include "midlink/workflow/coverage.hpp"
#include "midlink/workflow/fibre_cost.hpp"
#include "midlink/workflow/gaps.hpp"
#include "midlink/workflow/graph_build.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/rank_report.hpp"
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
    for (const auto& a : p.access.aggregate_to) inputs.emplace_back("access.aggregate_to", a.path);
    if (p.access_modes.present) inputs.emplace_back("access_modes.network", p.access_modes.network);
    if (!p.corridors.empty()) inputs.emplace_back("corridors", p.corridors);
    if (!p.corridor_options.places.empty()) inputs.emplace_back("corridors.places", p.corridor_options.places);
    if (p.coverage.computed()) {
        inputs.emplace_back("coverage.areas", p.coverage.areas);
        for (const auto& t : p.coverage.tables) inputs.emplace_back("coverage.tables", t);
    } else if (p.coverage.present) {
        inputs.emplace_back("coverage", p.coverage.path);
    }
    if (p.fibre_cost.present) {
        const auto& f = p.fibre_cost;
        inputs.emplace_back(f.graph.empty() ? "fibre_cost.network" : "fibre_cost.graph", f.graph.empty() ? f.network : f.graph);
        inputs.emplace_back("fibre_cost.premises", f.premises);
        if (!f.served.empty()) inputs.emplace_back("fibre_cost.served", f.served);
        if (!f.spine.empty()) inputs.emplace_back("fibre_cost.spine", f.spine);
    }
    if (!p.scenarios.empty()) inputs.emplace_back("scenarios", p.scenarios);
    return inputs;
}

/// Appends `flag value` for each value given (an empty value: the flag's default).
void add_flags(std::vector<std::string>& c, std::initializer_list<std::pair<const char*, const std::string*>> flags) {
    for (const auto& [flag, value] : flags)
        if (!value->empty()) c.insert(c.end(), {flag, *value});
}

/// `midlink access` flags equivalent to the project's access section.
std::vector<std::string> access_command(const io::Project& p, const std::string& graph, const std::string& output) {
    std::vector<std::string> c{"access", graph, "--origins", p.access.origins, "--measures", p.access.measures,
                               "--max-snap", exact(p.access.max_snap_m), "--max-time", exact(p.access.max_time_min),
                               "-o", output};
    const auto& a = p.access;
    add_flags(c, {{"--engine", &a.engine},
                  {"--origin-layer", &a.origin_layer},
                  {"--origin-id", &a.origin_id},
                  {"--origin-name", &a.origin_name},
                  {"--origin-points", &a.origin_points},
                  {"--origin-points-id", &a.origin_points_id},
                  {"--population", &a.population},
                  {"--population-id", &a.population_id},
                  {"--population-field", &a.population_field},
                  {"--dest-weight", &a.dest_weight},
                  {"--dest-category", &a.dest_category},
                  {"--assume-crs", &a.assume_crs}});
    for (const auto& d : p.access.destinations) {
        c.insert(c.end(), {"--destinations", d.path});
        if (!d.name.empty()) c.insert(c.end(), {"--dest-name", d.name});
    }
    for (const auto& level : a.aggregate_to) {
        c.insert(c.end(), {"--aggregate-to", level.path, "--aggregate-id", level.id});
        add_flags(c, {{"--aggregate-by", &level.by},
                      {"--aggregate-name", &level.name},
                      {"--aggregate-name-field", &level.name_field}});
    }
    for (const auto& code : a.aggregate_code) c.insert(c.end(), {"--aggregate-code", code});
    return c;
}

/// `midlink coverage` equivalent to the project's computed coverage.
std::vector<std::string> coverage_command(const CoverageConfig& c) {
    std::vector<std::string> cmd{"coverage", "--areas", c.areas, "--area-id", c.area_id};
    add_flags(cmd, {{"--area-name", &c.area_name}, {"--area-layer", &c.area_layer}});
    for (const auto& t : c.coverage) cmd.insert(cmd.end(), {"--coverage", t});
    for (const auto& r : c.releases) cmd.insert(cmd.end(), {"--release", r});
    for (const auto& a : c.aggregate_code) cmd.insert(cmd.end(), {"--aggregate-code", a});
    cmd.insert(cmd.end(), {"-o", c.output});
    return cmd;
}

/// `midlink fibre-cost` equivalent to the project's fibre case.
std::vector<std::string> fibre_command(const FibreConfig& c) {
    std::vector<std::string> cmd{"fibre-cost", c.graph, "--premises", c.premises};
    add_flags(cmd, {{"--premises-layer", &c.premises_layer},
                    {"--premises-id", &c.premises_id},
                    {"--served", &c.served},
                    {"--served-layer", &c.served_layer},
                    {"--served-id", &c.served_id},
                    {"--spine", &c.spine},
                    {"--spine-layer", &c.spine_layer}});
    cmd.insert(cmd.end(), {"--cost-per-km", exact(c.params.route_cost_per_km_gbp), "--cost-per-premises",
                           exact(c.params.connection_cost_gbp), "--uso-cap", exact(c.params.uso_cap_gbp),
                           "--max-snap-m", exact(c.max_snap_m), "-o", c.output});
    return cmd;
}

}  // namespace

namespace {
// Stages whose work the ranks of an MPI job share (docs/cluster.md); the rest run on rank 0.
const std::set<std::string> kSharedStages{"access", "access_walk", "access_cycle", "scenarios"};
}  // namespace

const std::vector<std::string>& run_stages() {
    static const std::vector<std::string> stages = {
        "graph",     "hgv_graph", "access",      "walk_graph", "access_walk", "cycle_graph", "access_cycle",
        "corridors", "coverage",  "gaps",        "fibre_graph", "fibre_cost", "scenarios",  "report"};
    return stages;
}

int run_project(const RunConfig& cfg, const Context& job_ctx) {
    const std::size_t first = stage_index(cfg.from), last = stage_index(cfg.to);
    if (first > last) throw ConfigError("--from " + cfg.from + " comes after --to " + cfg.to);
    // With the ranks of an MPI job, the stages in kSharedStages run on every rank; the others
    // run on rank 0 alone, with a one-process context, while the other ranks wait for them.
    Context ctx = job_ctx;
    const bool distributed = job_ctx.distributed();
    const auto out = [&](const std::string& name) { return (fs::path(cfg.outdir) / name).string(); };
    io::Project p;
    std::optional<io::OutputSet> folder;
    agreed(job_ctx, [&] {
        p = io::read_project(cfg.project);  // every input checked before anything runs
        if (!ctx.is_root()) return;
        fs::create_directories(cfg.outdir);
        // The folder is one output, anchored on its manifest: a second run into it fails at once
        // (exit 5). Each stage writes its own outputs as a set, so a failed stage leaves its
        // files as they were; the manifest then says which stage failed (below).
        folder.emplace(output_set_anchor(out("manifest.json")));
    });
    const auto inputs = project_inputs(p);
    std::vector<StageRecord> records;
    const auto manifest = [&](io::OutputSet* set) {
        if (ctx.is_root()) write_run_manifest(out("manifest.json"), p, inputs, records, set, rank_steps_json(job_ctx));
    };
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
        } else {
            const bool shared = !distributed || kSharedStages.count(name) > 0;
            std::optional<Step> step;
            const auto body = [&] {
                if (!shared && !job_ctx.is_root()) return;  // rank 0 runs it; this rank waits in agreed()
                if (up_to_date && up_to_date()) {
                    r.status = "reused";
                    ctx.info("stage " + name + ": up to date, reused");
                    return;
                }
                step.emplace(ctx, "stage " + name);
                work();
                r.seconds = step->seconds();
                r.status = "ran";
                step->done();
            };
            try {
                if (shared) {
                    body();
                } else {
                    ctx.group = nullptr;  // one process's work: no collectives inside
                    try {
                        agreed(job_ctx, body);
                    } catch (...) {
                        ctx.group = job_ctx.group;
                        throw;
                    }
                    ctx.group = job_ctx.group;
                }
            } catch (const std::exception& e) {
                // The folder now mixes this run's earlier stages with older files: the manifest
                // says so, so no reader takes the older files for this run's results.
                r.status = std::string("failed: ") + e.what();
                r.seconds = step ? step->seconds() : 0.0;
                records.push_back(std::move(r));
                for (std::size_t later = k + 1; later < stages.size(); ++later)
                    records.push_back({stages[later], "not run (stage " + name + " failed)", {}, 0.0, {}});
                try {
                    manifest(nullptr);
                } catch (const Error&) {
                    // The stage's own error is the one to report.
                }
                throw;
            }
        }
        records.push_back(std::move(r));
    };

    // A graph stage: `graph build` of a network with a profile into `path`, reused when that
    // file was built from the same network bytes and profile; the graph is kept in `slot`.
    const auto graph_stage = [&](const std::string& name, bool configured, const std::string& network,
                                 const std::string& profile, const std::string& path,
                                 std::optional<graph::RoadGraph>& slot) {
        GraphBuildConfig build;
        build.network = network;
        build.profile = profile;
        stage(
            name, configured, {"graph", "build", "--network", network, "--profile", profile, "-o", path}, {path},
            [&] {
                const auto plan = plan_graph_build(build, ctx);
                io::OutputSet outputs(path);  // the graph and its diagnostics: both or neither
                auto built = build_graph(build, plan, ctx);
                write_built_graph(built, path, path + ".diagnostics.csv", outputs);
                outputs.commit();
                ctx.info(std::to_string(built.graph.node_count()) + " nodes, " +
                         std::to_string(built.graph.edge_count()) + " edges; diagnostics written to " + path +
                         ".diagnostics.csv");
                slot = std::move(built.graph);
            },
            [&] {
                if (!fs::exists(path)) return false;
                try {
                    auto g = graph::read_graph_file(path);
                    const auto prof = io::read_profile(profile, ctx.profiles_dir);
                    if (g.meta.input_fingerprint != io::file_fingerprint(network) ||
                        g.meta.profile_fingerprint != prof.fingerprint())
                        return false;
                    slot = std::move(g);  // up to date: this read is the one the stages use
                    return true;
                } catch (const Error&) {
                    return false;  // another version or unreadable: build it again
                }
            });
    };
    graph_stage("graph", p.graph.empty(), p.network, p.profile, graph_path, held);

    // The HGV graph of the same network (project key hgv_profile), or the one given (hgv_graph).
    const bool build_hgv = !p.hgv_profile.empty();
    const std::string hgv_path = build_hgv ? out("graph-hgv.mlg") : p.hgv_graph;
    std::optional<graph::RoadGraph> hgv_held;
    graph_stage("hgv_graph", build_hgv, p.network, p.hgv_profile, hgv_path, hgv_held);
    hgv_held.reset();  // corridors and scenarios read it from its file

    AccessConfig access = project_access_config(p);
    access.graph = graph_path;
    access.output = out("access.gpkg");
    stage("access", p.access.present, access_command(p, graph_path, access.output), {access.output},
          [&] { baseline = run_access(access, ctx, graph()); });

    // The same study on foot and by bicycle, each on its own graph of the access_modes network.
    for (const std::string mode : {"walk", "cycle"}) {
        const auto& am = p.access_modes;
        const bool wanted = am.present && std::find(am.modes.begin(), am.modes.end(), mode) != am.modes.end();
        io::Project mp = p;  // the access study with this mode's measures and limits
        mp.access.measures = am.measures;
        mp.access.max_snap_m = am.max_snap_m;
        mp.access.max_time_min = am.max_time_min;
        const std::string mode_graph = out("graph-" + mode + ".mlg");
        std::optional<graph::RoadGraph> mode_held;
        graph_stage(mode + "_graph", wanted, am.network, mode, mode_graph, mode_held);
        AccessConfig mode_access = project_access_config(mp);
        mode_access.graph = mode_graph;
        mode_access.origin_where = am.origin_where;
        mode_access.output = out("access_" + mode + ".gpkg");
        auto command = access_command(mp, mode_graph, mode_access.output);
        if (!am.origin_where.empty()) command.insert(command.end(), {"--origin-where", am.origin_where});
        stage("access_" + mode, wanted, command, {mode_access.output}, [&] {
            if (!mode_held) {
                Step step(ctx, "reading " + mode_graph);
                mode_held = graph::read_graph_file(mode_graph);
                step.done();
            }
            run_access(mode_access, ctx, *mode_held);
        });
    }

    const auto& co = p.corridor_options;
    const bool corridors_configured = !p.corridors.empty() || !co.places.empty();
    CorridorsConfig corridors;
    corridors.graph = graph_path;
    corridors.corridors = p.corridors;
    corridors.places = co.places;
    corridors.places_id = co.places_id;
    corridors.places_population = co.places_population;
    corridors.max_angle_deg = co.max_angle_deg;
    corridors.min_km = co.min_km;
    corridors.discover = static_cast<std::uint32_t>(co.discover);
    corridors.k = static_cast<std::uint32_t>(co.k);
    corridors.top = static_cast<std::uint32_t>(co.top);
    corridors.hgv_graph = hgv_path;
    corridors.max_snap_m = p.access.max_snap_m;
    corridors.output = out("corridors.gpkg");
    std::vector<std::string> corridors_command{"corridors", graph_path};
    if (!p.corridors.empty()) corridors_command.insert(corridors_command.end(), {"--corridors", p.corridors});
    if (!co.places.empty())
        corridors_command.insert(corridors_command.end(),
                                 {"--places", co.places, "--places-id", co.places_id, "--places-population",
                                  co.places_population, "--max-angle", exact(co.max_angle_deg), "--min-km",
                                  exact(co.min_km), "--discover", std::to_string(co.discover)});
    if (co.k != 3 || co.top != 10)
        corridors_command.insert(corridors_command.end(), {"--k", std::to_string(co.k), "--top", std::to_string(co.top)});
    if (!hgv_path.empty()) corridors_command.insert(corridors_command.end(), {"--hgv-graph", hgv_path});
    corridors_command.insert(corridors_command.end(), {"--max-snap", exact(p.access.max_snap_m), "-o", corridors.output});
    stage("corridors", corridors_configured, corridors_command, {corridors.output},
          [&] { run_corridors(corridors, ctx, graph()); });

    // Broadband coverage per area from Ofcom tables, when the project computes it.
    CoverageConfig coverage;
    coverage.areas = p.coverage.areas;
    coverage.area_layer = p.coverage.area_layer;
    coverage.area_id = p.coverage.area_id;
    coverage.area_name = p.coverage.area_name;
    coverage.coverage = p.coverage.tables;
    coverage.releases = p.coverage.releases;
    coverage.aggregate_code = p.coverage.aggregate_code;
    coverage.output = out("coverage.gpkg");
    const std::string coverage_path = p.coverage.computed() ? coverage.output : p.coverage.path;
    stage("coverage", p.coverage.computed(), coverage_command(coverage), {coverage.output},
          [&] { run_coverage(coverage, ctx); });

    GapsConfig gaps;
    gaps.corridors = corridors.output;
    gaps.coverage = coverage_path;
    gaps.coverage_layer = p.coverage.layer;
    gaps.coverage_id = p.coverage.id;
    gaps.release = p.coverage.release;
    gaps.output = out("gaps.gpkg");
    std::vector<std::string> gaps_command{"gaps", "--corridors", gaps.corridors, "--coverage", gaps.coverage,
                                          "--coverage-layer", gaps.coverage_layer, "--coverage-id", gaps.coverage_id,
                                          "-o", gaps.output};
    if (!gaps.release.empty()) gaps_command.insert(gaps_command.end(), {"--release", gaps.release});
    stage("gaps", corridors_configured && p.coverage.present, gaps_command, {gaps.output},
          [&] { run_gaps(gaps, ctx); });

    // The rural fibre case, on a graph of its own (built here from its network, or given).
    const auto& fc = p.fibre_cost;
    const bool build_fibre = fc.present && !fc.network.empty();
    FibreConfig fibre;
    fibre.graph = build_fibre ? out("fibre-graph.mlg") : fc.graph;
    std::optional<graph::RoadGraph> fibre_held;
    graph_stage("fibre_graph", build_fibre, fc.network, fc.profile, fibre.graph, fibre_held);
    fibre.premises = fc.premises;
    fibre.premises_layer = fc.premises_layer;
    fibre.premises_id = fc.premises_id;
    fibre.served = fc.served;
    fibre.served_layer = fc.served_layer;
    fibre.served_id = fc.served_id;
    fibre.spine = fc.spine;
    fibre.spine_layer = fc.spine_layer;
    fibre.params.route_cost_per_km_gbp = fc.cost_per_km;
    fibre.params.connection_cost_gbp = fc.cost_per_premises;
    fibre.params.uso_cap_gbp = fc.uso_cap;
    fibre.max_snap_m = fc.max_snap_m;
    fibre.output = out("fibre_cost.gpkg");
    stage("fibre_cost", fc.present, fibre_command(fibre), {fibre.output}, [&] {
        check_fibre_config(fibre);
        check_output_folder(fibre.output);
        auto outputs = open_output_set(fibre.output);
        if (!fibre_held) {
            Step step(ctx, "reading " + fibre.graph);
            fibre_held = graph::read_graph_file(fibre.graph);
            step.done();
        }
        const auto study = compute_fibre_cost(fibre, *fibre_held, ctx);
        write_fibre_cost(study, fibre, ctx, outputs);
        outputs.commit();
        ctx.info(fibre_cost_summary(study));
    });

    ScenariosConfig scenarios;
    scenarios.project = cfg.project;
    scenarios.scenarios = p.scenarios;
    scenarios.graph = graph_path;
    scenarios.output = out("ranking.gpkg");
    std::vector<std::string> scenarios_command{"scenarios", cfg.project, "--scenarios", p.scenarios, "--graph", graph_path};
    // What the project's own stages made, named to `midlink scenarios` (it reads the project).
    if (build_hgv) {
        scenarios.hgv_graph = hgv_path;
        scenarios_command.insert(scenarios_command.end(), {"--hgv-graph", hgv_path});
    }
    if (p.coverage.computed()) {
        scenarios.coverage = coverage_path;
        scenarios_command.insert(scenarios_command.end(), {"--coverage", coverage_path});
    }
    scenarios_command.insert(scenarios_command.end(), {"-o", scenarios.output});
    const io::Project scenario_project = project_for_scenarios(p, scenarios);
    stage("scenarios", !p.scenarios.empty() && p.access.present, scenarios_command, {scenarios.output}, [&] {
              std::optional<io::OutputSet> outputs;
              agreed(ctx, [&] {
                  check_output_folder(scenarios.output);
                  if (!distributed) outputs.emplace(output_set_anchor(scenarios.output));  // ranks: only to write
              });
              std::optional<ScenarioBaseline> given;
              if (baseline) given = ScenarioBaseline{&baseline->inputs, &baseline->result};
              const auto study = compute_scenarios(scenarios, scenario_project, ctx, graph(), given);
              if (!ctx.is_root()) return;
              if (!outputs) outputs.emplace(output_set_anchor(scenarios.output));
              write_scenarios(study, scenarios, ctx, *outputs);
              outputs->commit();
          });

    // The manifest is written before the report so that the report can show it, then
    // again with the report stage's record.
    manifest(nullptr);
    ReportConfig report;
    report.inputs = {cfg.outdir};
    report.title = p.name;
    report.output = out("report.html");
    report.classification = p.report.classification;
    report.options.breaks = p.report.breaks;
    report.options.min_reached_share = p.report.min_reached_share;
    report.columns = p.report.columns;
    std::vector<std::string> report_command{"report", cfg.outdir, "--title", p.name};
    if (!p.report.classification.empty()) report_command.insert(report_command.end(), {"--classification", p.report.classification});
    if (!p.report.breaks.empty()) {
        std::string breaks;
        for (double b : p.report.breaks) breaks += (breaks.empty() ? "" : ",") + exact(b);
        report_command.insert(report_command.end(), {"--breaks", breaks});
    }
    if (p.report.min_reached_share != 0.5)
        report_command.insert(report_command.end(), {"--min-reached-share", exact(p.report.min_reached_share)});
    if (!p.report.columns.empty()) {
        std::string columns;
        for (const auto& c : p.report.columns) columns += (columns.empty() ? "" : ",") + c;
        report_command.insert(report_command.end(), {"--columns", columns});
    }
    report_command.insert(report_command.end(), {"-o", report.output});
    stage("report", true, report_command, {report.output}, [&] { run_report(report, ctx); });
    if (!ctx.is_root()) return 0;
    manifest(&*folder);
    folder->commit();
    ctx.info("wrote " + out("manifest.json"));
    report_ranks(job_ctx);
    return 0;
}

}  // namespace midlink::workflow
