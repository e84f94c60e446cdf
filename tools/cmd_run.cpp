// midlink run: a whole study from its project file. Each stage is a midlink command run in
// this process with arguments made from the project; outputs go to OUTDIR, and a manifest
// records inputs (with checksums), the commands, the version and the timings.
//   graph -> access -> corridors -> gaps -> scenarios -> report
// The graph is reused when OUTDIR/graph.mlg was built from the same network bytes and
// profile. --from/--to run part of the pipeline; stages before --from must have run.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/text_output.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/io/project_reader.hpp"

namespace midlink::cli {
namespace {
namespace fs = std::filesystem;

const std::vector<std::string> kStages = {"graph", "access", "corridors", "gaps", "scenarios", "report"};

struct RunConfig {
    std::string project;
    std::string outdir;
    std::string from = "graph";
    std::string to = "report";
};

struct StageRecord {
    std::string name;
    std::string status;  // ran | reused | skipped (not configured) | not run (outside --from/--to)
    std::vector<std::string> command;
    double seconds = 0.0;
    std::vector<std::string> outputs;
};

std::string json_string(const std::string& s) {
    std::ostringstream o;
    o << '"';
    for (char c : s) {
        switch (c) {
            case '"': o << "\\\""; break;
            case '\\': o << "\\\\"; break;
            case '\n': o << "\\n"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) o << "\\u" << std::hex << std::setw(4) << std::setfill('0') << int(c) << std::dec;
                else o << c;
        }
    }
    o << '"';
    return o.str();
}

std::string hex(std::uint64_t v) {
    std::ostringstream o;
    o << std::hex << std::setw(16) << std::setfill('0') << v;
    return o.str();
}

void write_manifest(const std::string& path, const io::Project& p, const std::vector<std::pair<std::string, std::string>>& inputs,
                    const std::vector<StageRecord>& stages, io::OutputSet* set = nullptr) {
    std::ostringstream o;
    {
        const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        o << "{\n  \"midlink_version\": \"0.1.0\",\n  \"finished_utc\": "
          << json_string([&] { std::ostringstream t; t << std::put_time(std::gmtime(&now), "%Y-%m-%dT%H:%M:%SZ"); return t.str(); }())
          << ",\n  \"project\": " << json_string(p.path) << ",\n  \"name\": " << json_string(p.name) << ",\n  \"inputs\": [";
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            o << (i ? "," : "") << "\n    {\"key\": " << json_string(inputs[i].first) << ", \"path\": " << json_string(inputs[i].second)
              << ", \"fnv1a64\": \"" << hex(io::file_fingerprint(inputs[i].second)) << "\"}";
        }
        o << "\n  ],\n  \"stages\": [";
        for (std::size_t i = 0; i < stages.size(); ++i) {
            const auto& s = stages[i];
            o << (i ? "," : "") << "\n    {\"stage\": " << json_string(s.name) << ", \"status\": " << json_string(s.status)
              << ", \"seconds\": " << std::fixed << std::setprecision(3) << s.seconds << ", \"command\": [";
            for (std::size_t k = 0; k < s.command.size(); ++k) o << (k ? ", " : "") << json_string(s.command[k]);
            o << "], \"outputs\": [";
            for (std::size_t k = 0; k < s.outputs.size(); ++k) o << (k ? ", " : "") << json_string(s.outputs[k]);
            o << "]}";
        }
        o << "\n  ]\n}\n";
    }
    // Checked writes through a temporary name: a full disk or a folder in the way is exit 5,
    // never a truncated manifest or a bare filesystem_error (exit 1).
    workflow::write_text_atomically(path, o.str(), set);
}

int run_project(const RunConfig& cfg, workflow::Context& ctx) {
    const auto at = [&](const std::string& s) {
        const auto it = std::find(kStages.begin(), kStages.end(), s);
        if (it == kStages.end()) {
            std::string list;
            for (const auto& k : kStages) list += (list.empty() ? "" : ", ") + k;
            throw ConfigError("unknown stage '" + s + "' (stages: " + list + ")");
        }
        return static_cast<std::size_t>(it - kStages.begin());
    };
    const std::size_t first = at(cfg.from), last = at(cfg.to);
    if (first > last) throw ConfigError("--from " + cfg.from + " comes after --to " + cfg.to);
    const auto p = io::read_project(cfg.project);  // every input checked before anything runs
    fs::create_directories(cfg.outdir);
    const auto out = [&](const std::string& name) { return (fs::path(cfg.outdir) / name).string(); };
    // The folder is one output, anchored on its manifest: a second run into it fails at once
    // (exit 5). Each stage's command writes its own outputs as a set, so a failed stage
    // leaves its files as they were; the manifest then says which stage failed (below).
    auto folder = workflow::open_output_set(out("manifest.json"));

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

    std::vector<StageRecord> records;
    const std::string graph = p.graph.empty() ? out("graph.mlg") : p.graph;
    const auto stage = [&](const std::string& name, bool configured, std::vector<std::string> command,
                           std::vector<std::string> outputs, const std::function<bool()>& up_to_date = {}) {
        StageRecord r{name, "", command, 0.0, outputs};
        const std::size_t k = at(name);
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
            workflow::Step step(ctx, "stage " + name);
            const auto t0 = std::chrono::steady_clock::now();
            try {
                run_command_line(command, ctx);
            } catch (const std::exception& e) {
                // The folder now mixes this run's earlier stages with older files: the manifest
                // says so, so no reader takes the older files for this run's results.
                r.status = std::string("failed: ") + e.what();
                r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                records.push_back(std::move(r));
                for (std::size_t later = k + 1; later < kStages.size(); ++later)
                    records.push_back({kStages[later], "not run (stage " + name + " failed)", {}, 0.0, {}});
                try {
                    write_manifest(out("manifest.json"), p, inputs, records);
                } catch (const Error&) {
                    // The stage's own error is the one to report.
                }
                throw;
            }
            r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            r.status = "ran";
            step.done();
        }
        records.push_back(std::move(r));
    };

    const bool build = p.graph.empty();
    stage("graph", build, {"graph", "build", "--network", p.network, "--profile", p.profile, "-o", graph}, {graph}, [&] {
        if (!fs::exists(graph)) return false;
        try {
            const auto g = graph::read_graph_file(graph);
            const auto profile = io::read_profile(p.profile, ctx.profiles_dir);
            return g.meta.input_fingerprint == io::file_fingerprint(p.network) &&
                   g.meta.profile_fingerprint == profile.fingerprint();
        } catch (const Error&) {
            return false;  // another version or unreadable: build it again
        }
    });
    std::vector<std::string> access{"access", graph, "--origins", p.access.origins, "--measures", p.access.measures,
                                    "--max-snap", std::to_string(p.access.max_snap_m), "--max-time",
                                    std::to_string(p.access.max_time_min), "-o", out("access.gpkg")};
    const auto opt = [](std::vector<std::string>& v, const char* flag, const std::string& value) {
        if (!value.empty()) v.insert(v.end(), {flag, value});
    };
    opt(access, "--engine", p.access.engine);
    opt(access, "--origin-layer", p.access.origin_layer);
    opt(access, "--origin-id", p.access.origin_id);
    opt(access, "--origin-points", p.access.origin_points);
    opt(access, "--origin-points-id", p.access.origin_points_id);
    opt(access, "--population", p.access.population);
    opt(access, "--population-id", p.access.population_id);
    opt(access, "--population-field", p.access.population_field);
    opt(access, "--dest-weight", p.access.dest_weight);
    opt(access, "--dest-category", p.access.dest_category);
    opt(access, "--assume-crs", p.access.assume_crs);
    for (const auto& d : p.access.destinations) {
        access.insert(access.end(), {"--destinations", d.path});
        if (!d.name.empty()) access.insert(access.end(), {"--dest-name", d.name});
    }
    stage("access", p.access.present, access, {out("access.gpkg")});
    stage("corridors", !p.corridors.empty(),
          {"corridors", graph, "--corridors", p.corridors, "--max-snap", std::to_string(p.access.max_snap_m), "-o",
           out("corridors.gpkg")},
          {out("corridors.gpkg")});
    std::vector<std::string> gaps{"gaps", "--corridors", out("corridors.gpkg"), "--coverage", p.coverage.path,
                                  "--coverage-layer", p.coverage.layer, "--coverage-id", p.coverage.id, "-o", out("gaps.gpkg")};
    opt(gaps, "--release", p.coverage.release);
    stage("gaps", !p.corridors.empty() && p.coverage.present, gaps, {out("gaps.gpkg")});
    stage("scenarios", !p.scenarios.empty() && p.access.present,
          {"scenarios", cfg.project, "--scenarios", p.scenarios, "--graph", graph, "-o", out("ranking.gpkg")}, {out("ranking.gpkg")});
    // The manifest is written before the report so that the report can show it, then
    // again with the report stage's record.
    write_manifest(out("manifest.json"), p, inputs, records);
    stage("report", true, {"report", cfg.outdir, "--title", p.name, "-o", out("report.html")}, {out("report.html")});
    write_manifest(out("manifest.json"), p, inputs, records, &folder);
    folder.commit();
    ctx.info("wrote " + out("manifest.json"));
    return 0;
}

}  // namespace

void add_run_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<RunConfig>();
    auto* cmd = app.add_subcommand("run", "Run a whole study from its project file (graph, access, corridors, gaps, scenarios, report)");
    cmd->add_option("project", cfg->project, "Project file (YAML)")->required();
    cmd->add_option("-o,--output", cfg->outdir, "Output folder")->required();
    cmd->add_option("--from", cfg->from, "First stage to run (graph, access, corridors, gaps, scenarios, report)")->capture_default_str();
    cmd->add_option("--to", cfg->to, "Last stage to run")->capture_default_str();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_project(*cfg, ctx); }; });
}

}  // namespace midlink::cli
