// midlink access: accessibility per origin and per area (metrics.md §1).
#include <tbb/global_control.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "access_job.hpp"
#include "commands.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace {

// origin_id,destination_id,service,time_min for every pair within the search limit,
// streamed row by row, as a member of the run's output set.
void write_od_matrix(io::OutputSet& set, const std::string& path, const AccessJob& job, const analysis::AccessResult& r) {
    const std::string tmp = set.member(path);
    std::FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) throw OutputError("cannot write OD matrix " + path + ": " + std::strerror(errno));
    std::fprintf(f, "origin_id,destination_id,service,time_min\n");
    for (std::size_t i = 0; i < r.od.size(); ++i) {
        for (const auto& e : r.od[i]) {
            std::fprintf(f, "%s,%s,%s,%.3f\n", job.origin_ids[i].c_str(), job.destinations[e.destination].id.c_str(),
                         job.destination_service[e.destination].c_str(), e.cost_min);
        }
    }
    const bool failed = std::ferror(f) != 0;
    if (std::fclose(f) != 0 || failed) throw OutputError("failed writing OD matrix " + path + " (disk full?)");
}

int run_access(const AccessConfig& cfg, const workflow::Context& ctx) {
    std::optional<tbb::global_control> limit;
    if (ctx.threads > 0) limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    // Check the cheap things before any long step: measures, output folder, options.
    analysis::parse_measures(cfg.measures);
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    if (cfg.aggregate_id.size() != cfg.aggregate_to.size()) {
        throw ConfigError("give one --aggregate-id per --aggregate-to");
    }
    const auto g = graph::read_graph_file(cfg.graph);
    AccessJob job = load_access_job(cfg, ctx, g);
    job.inputs.engine = analysis::parse_search_engine(cfg.engine);

    const std::size_t n = job.inputs.origins.size();
    if (!cfg.od_matrix.empty()) {
        // The OD matrix is for small studies; refuse sizes that would not fit a CSV reader.
        const double cells = static_cast<double>(n) * static_cast<double>(job.inputs.destinations.size());
        if (cells > 2e7) {
            throw ConfigError("--od-matrix: " + std::to_string(n) + " origins x " + std::to_string(job.inputs.destinations.size()) +
                              " destinations is too large (limit 20 million pairs); aggregate measures need no matrix");
        }
        job.inputs.keep_od = true;
    }
    if (!ctx.quiet) job.inputs.note = [](const std::string& what) { std::fprintf(stderr, "  %s\n", what.c_str()); };
    workflow::Step step(ctx, "accessibility for " + std::to_string(n) + " origins x " +
                       std::to_string(job.inputs.destinations.size()) + " destinations");
    std::atomic<int> last_decile{0};
    const bool fca = cfg.measures.find("fca") != std::string::npos;
    const std::size_t total = fca ? 2 * n : n;
    const auto result = analysis::run_access(job.inputs, [&](std::size_t done) {
        if (ctx.quiet || total == 0) return;
        const int decile = static_cast<int>(10 * done / total);
        int seen = last_decile.load();
        while (decile > seen && !last_decile.compare_exchange_weak(seen, decile)) {
        }
        if (decile > seen) std::fprintf(stderr, "  %d%%\n", decile * 10);
    });
    std::string how = "search limit " + std::to_string(static_cast<int>(result.search_limit_min)) + " min, " +
                      analysis::search_engine_name(result.engine_used);
    if (result.engine_used == analysis::SearchEngine::Phast) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " (hierarchy built in %.2f s)", result.hierarchy_s);
        how += buf;
    }
    step.done(how);

    // Level 0: every origin is its own row.
    std::vector<std::int64_t> self(n);
    for (std::size_t i = 0; i < n; ++i) self[i] = static_cast<std::int64_t>(i);
    const auto origin_table = analysis::aggregate(result, job.origin_population, self, n);
    const auto levels = aggregate_levels(cfg, ctx, job, result);
    write_access_outputs(outputs, cfg, job, result, origin_table, levels, ctx);
    workflow::write_diagnostics_csv(job.diagnostics, workflow::diagnostics_csv_path(cfg.output), &outputs);
    if (!cfg.od_matrix.empty()) write_od_matrix(outputs, cfg.od_matrix, job, result);
    outputs.commit();  // all files appear together, or none
    if (!ctx.quiet) {
        std::size_t unsnapped = 0, unreachable = 0;
        for (auto s : result.status) {
            unsnapped += s == analysis::OriginStatus::Unsnapped;
            unreachable += s == analysis::OriginStatus::Unreachable;
        }
        std::fprintf(stderr, "%zu origins: %zu unsnapped, %zu reached no destination; %zu diagnostics in %s\n",
                     n, unsnapped, unreachable, job.diagnostics.total(), workflow::diagnostics_csv_path(cfg.output).c_str());
        for (const auto& [code, count] : job.diagnostics.counts()) std::fprintf(stderr, "  %s: %zu\n", code.c_str(), count);
    }
    return 0;
}
}  // namespace

void add_access_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto c = std::make_shared<AccessConfig>();
    auto* cmd = app.add_subcommand("access", "Accessibility per origin and area: JTS, nearest, cumulative, Hansen, 2SFCA, BFCA");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", c->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--origins", c->origins, "Area polygons (any GDAL layer or a folder of them) or a point layer/CSV")->required();
    cmd->add_option("--origin-layer", c->origin_layer, "Layer name in --origins");
    cmd->add_option("--origin-id", c->origin_id, "Id field of the origins (area code, e.g. LSOA21CD)");
    cmd->add_option("--origin-points", c->origin_points, "Point layer/CSV with one point per area (e.g. population-weighted centroids); else a point on the polygon's surface");
    cmd->add_option("--origin-points-id", c->origin_points_id, "Id field of --origin-points (default: --origin-id)");
    cmd->add_option("--population", c->population, "Table with population per origin code (e.g. Census 2021 by LSOA21; rows with the same code are summed)");
    cmd->add_option("--population-id", c->population_id, "Code field of --population");
    cmd->add_option("--population-field", c->population_field, "Population field (of --population, or of the origins when --population is absent)");
    cmd->add_option("--destinations", c->destinations, "Destination points (GDAL layer or CSV with easting/northing or longitude/latitude); repeat for several sets")->required();
    cmd->add_option("--dest-name", c->dest_names, "Name of each destination set, in order (default: file name)");
    cmd->add_option("--dest-weight", c->dest_weight, "Weight field: opportunities or capacity O_j (default 1)");
    cmd->add_option("--dest-category", c->dest_category, "Category field: each category is its own service");
    cmd->add_option("--dest-id", c->dest_id, "Id field of destinations");
    cmd->add_option("--measures", c->measures, "Comma list: nearest, nth:N, cumulative:T|T, jts:T|T, hansen:DECAY, hansen_passive:DECAY, 2sfca:T or 2sfca:DECAY, bfca:DECAY, bfca_supply:DECAY (minutes; DECAY = exp:B, pow:B, lin:T, logistic:M:S, bin:T, optional :max=T)")->required();
    cmd->add_option("--max-time", c->max_time_min, "Search limit (minutes) for measures with no natural limit (nearest, nth, exponential)")->capture_default_str();
    cmd->add_option("--max-snap", c->max_snap_m, "Points farther than this (m) from the network are unsnapped")->check(cli::distance_m())->capture_default_str();
    cmd->add_flag("--snap-connectors", c->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--aggregate-to", c->aggregate_to, "Coarser areas to aggregate to (repeatable: LAD, then region...)");
    cmd->add_option("--aggregate-id", c->aggregate_id, "Id field of each --aggregate-to");
    cmd->add_option("--aggregate-by", c->aggregate_by, "Origin field holding each level's code (else spatial containment of the origin point)");
    cmd->add_option("--aggregate-name", c->aggregate_name, "Layer name of each level (default: file name)");
    cmd->add_option("--aggregate-code", c->aggregate_code, "Also aggregate by the codes in this origin field, without polygons (e.g. RGNCD, CAUTHCD); repeatable");
    cmd->add_option("--assume-crs", c->assume_crs, "CRS for inputs that declare none");
    cmd->add_option("--od-matrix", c->od_matrix, "Also write every origin-destination time within the search limit to this CSV (small sets only)");
    cmd->add_option("--engine", c->engine,
                    "Search: dijkstra (one search per origin, stopping early), phast (a contraction hierarchy, then one "
                    "linear sweep per origin: faster when searches reach most of the graph), or auto (chooses from a "
                    "sample of origins)")
        ->check(CLI::IsMember({"auto", "dijkstra", "phast"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", c->output, "Output GeoPackage (a CSV per layer is written beside it)")->required();
    cmd->callback([c, &ctx, &action] { action = [c, &ctx] { return run_access(*c, ctx); }; });
}

}  // namespace midlink::cli
