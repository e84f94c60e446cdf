// compute_scenarios: the baseline (given or computed), then each scenario on a copy of the
// graph with its edits, evaluated and ranked (docs/cli/scenarios.md, "Appraisal").
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "midlink/analysis/access_result_pack.hpp"
#include "midlink/analysis/scenario_eval.hpp"
#include "midlink/core/byte_pack.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/io/corridor_reader.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_values.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/profile_reader.hpp"
#include "scenario_steps.hpp"

namespace midlink::workflow {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The coverage areas a rollout may name, with the fields the appraisal reads.
std::vector<AreaFeature> read_coverage_areas(const io::ProjectCoverage& pc, const Context& ctx) {
    io::AreaLayerOptions ao;
    ao.input = ctx.input_policy();
    ao.path = pc.path;
    ao.layer = pc.layer;
    ao.id_field = pc.id;
    const auto fields = io::layer_fields(ao.path, ao.layer);
    const auto has = [&](const char* f) { return std::find(fields.begin(), fields.end(), f) != fields.end(); };
    for (const char* f : {"premises", "gigabit_premises"}) {
        if (!has(f)) throw ConfigError(ao.path + " (layer " + ao.layer + ") has no field '" + f + "': give a `midlink coverage` output");
    }
    for (const char* f : {"premises", "gigabit_premises", "below_uso_pct", "gigabit_pct", "bduk_white_pct"})
        if (has(f)) ao.keep_fields.emplace_back(f);
    if (!pc.release.empty()) ao.where = "release = '" + pc.release + "'";
    Diagnostics diag;
    return io::read_areas(ao, diag);
}

std::vector<CorridorTime> snap_corridors(const std::vector<io::CorridorSpec>& corridors, const graph::Snapper& snapper,
                                         double max_snap_m) {
    std::vector<CorridorTime> out;
    for (const auto& c : corridors) {
        CorridorTime ct{c.name, {}, kNaN};
        for (const auto& [name, xy] : c.waypoints) ct.snaps.push_back(snapper.snap(xy, max_snap_m));
        out.push_back(std::move(ct));
    }
    return out;
}

void pack_row(BytePacker& out, const ScenarioRow& row) {
    out.put<std::uint64_t>(row.recomputed);
    out.put_array(row.base_mean);
    out.put_array(row.scen_mean);
    out.put_array(row.person_total);
    out.put(row.corridor_change_min);
    out.put(row.hgv_corridor_change_min);
    out.put(row.flows);
    out.put(row.premises_upgraded);
    out.put(row.digital_change);
    out.put(row.benefit_gbp);
    out.put(row.bcr);
    out.put(row.per_million);
    analysis::pack_access_result(out, row.result);
    out.put_array(row.corridor_min);
    out.put_array(row.hgv_corridor_min);
}

void unpack_row(ByteUnpacker& in, ScenarioRow& row) {
    row.recomputed = in.get<std::uint64_t>();
    row.base_mean = in.get_array<double>();
    row.scen_mean = in.get_array<double>();
    row.person_total = in.get_array<double>();
    row.corridor_change_min = in.get<double>();
    row.hgv_corridor_change_min = in.get<double>();
    row.flows = in.get<FlowSummary>();
    row.premises_upgraded = in.get<double>();
    row.digital_change = in.get<double>();
    row.benefit_gbp = in.get<double>();
    row.bcr = in.get<double>();
    row.per_million = in.get<double>();
    row.result = analysis::unpack_access_result(in);
    row.corridor_min = in.get_array<double>();
    row.hgv_corridor_min = in.get_array<double>();
}

// Rank 0 receives the rows of the scenarios other ranks evaluated.
void gather_scenario_rows(const ProcessGroup& group, std::vector<ScenarioRow>& rows) {
    BytePacker pack;
    for (std::size_t s = 0; s < rows.size(); ++s) {
        if (group.owns(s)) pack_row(pack, rows[s]);
    }
    const auto all = group.gather(pack.take());
    for (std::size_t r = 1; r < all.size(); ++r) {
        ByteUnpacker in(all[r]);
        for (std::size_t s = r; s < rows.size(); s += all.size()) unpack_row(in, rows[s]);
    }
}

}  // namespace

graph::RoadGraph load_project_graph(const io::Project& p, const Context& ctx) {
    if (!p.graph.empty()) return graph::read_graph_file(p.graph);
    Step step(ctx, "building the baseline graph from " + p.network);
    const Profile profile = io::read_profile(p.profile, ctx.profiles_dir);
    io::ReadOptions ro;
    ro.input = ctx.input_policy();
    ro.with_paths = profile.is_active_mode();
    const auto table = io::read_network(p.network, io::NetworkFormat::Auto, ro);
    auto built = graph::build_graph(table, profile);
    step.done(std::to_string(built.graph.node_count()) + " nodes");
    return std::move(built.graph);
}

AccessConfig project_access_config(const io::Project& p) {
    AccessConfig c;
    const auto& a = p.access;
    c.origins = a.origins;
    c.origin_layer = a.origin_layer;
    c.origin_id = a.origin_id;
    c.origin_name = a.origin_name;
    c.origin_points = a.origin_points;
    c.origin_points_id = a.origin_points_id;
    c.population = a.population;
    c.population_id = a.population_id;
    c.population_field = a.population_field;
    for (const auto& d : a.destinations) {
        c.destinations.push_back(d.path);
        c.dest_names.push_back(d.name);
    }
    c.dest_weight = a.dest_weight;
    c.dest_category = a.dest_category;
    c.assume_crs = a.assume_crs;
    c.measures = a.measures;
    c.max_snap_m = a.max_snap_m;
    c.max_time_min = a.max_time_min;
    if (!a.engine.empty()) c.engine = a.engine;
    for (const auto& level : a.aggregate_to) {
        c.aggregate_to.push_back(level.path);
        c.aggregate_id.push_back(level.id);
        c.aggregate_by.push_back(level.by);
        c.aggregate_name.push_back(level.name);
        c.aggregate_name_field.push_back(level.name_field);
    }
    c.aggregate_code = a.aggregate_code;
    return c;
}

io::Project project_for_scenarios(io::Project p, const ScenariosConfig& cfg) {
    if (!cfg.hgv_graph.empty()) p.hgv_graph = cfg.hgv_graph;
    if (!cfg.coverage.empty()) {
        p.coverage.present = true;
        p.coverage.path = cfg.coverage;
    } else if (p.coverage.computed()) {
        throw ConfigError(cfg.project + ": its coverage is computed by `midlink run` (coverage.tables); give that " +
                          "run's coverage.gpkg with --coverage");
    }
    return p;
}

ScenariosStudy compute_scenarios(const ScenariosConfig& cfg, const io::Project& project, const Context& ctx,
                                 const graph::RoadGraph& g, std::optional<ScenarioBaseline> given) {
    if (!project.access.present) throw ConfigError(cfg.project + ": scenarios need an 'access' section (the baseline)");
    ScenariosStudy st;
    st.project = project;
    st.crs = g.meta.crs;
    const double max_snap_m = project.access.max_snap_m;
    // The ranks of a job each evaluate scenarios s with s mod size == rank (blocks of one).
    const SoloGroup solo;
    const ProcessGroup& group = ctx.group ? *ctx.group : solo;
    const graph::Snapper snapper(g);
    std::optional<graph::RoadGraph> hgv;
    std::optional<graph::Snapper> hgv_snapper;
    std::vector<ResolvedScenario> hgv_resolved;
    agreed(ctx, [&] {
        const auto specs = io::read_scenarios(cfg.scenarios, g.meta.crs);
        std::vector<std::string> cov_codes;
        if (project.coverage.present) {
            st.coverage_areas = read_coverage_areas(project.coverage, ctx);
            for (const auto& a : st.coverage_areas) cov_codes.push_back(a.id);
            std::sort(cov_codes.begin(), cov_codes.end());
        }
        // Every scenario is resolved (refs, points, areas) before the long work starts.
        for (const auto& s : specs) st.resolved.push_back(resolve_scenario(g, snapper, s, max_snap_m, cov_codes, cfg.scenarios));
        // HGV corridor times, when the project names an HGV graph: the same interventions,
        // resolved on that graph (roads it leaves out are simply not there to change).
        if (!project.hgv_graph.empty()) {
            hgv = graph::read_graph_file(project.hgv_graph);
            hgv_snapper.emplace(*hgv);
            for (const auto& s : specs)
                hgv_resolved.push_back(resolve_scenario(*hgv, *hgv_snapper, s, max_snap_m, cov_codes, cfg.scenarios, true));
        }
        st.has_hgv = hgv.has_value();
        if (!project.corridors.empty()) {
            const auto corridors = io::read_corridors(project.corridors, g.meta.crs);
            st.corridors = snap_corridors(corridors, snapper, max_snap_m);
            if (hgv) {
                st.hgv_corridors = snap_corridors(corridors, *hgv_snapper, max_snap_m);
                for (auto& c : st.hgv_corridors) c.base_min = corridor_minutes(*hgv, nullptr, c.snaps);
            }
        }
    });

    // Baseline. Scenario graphs differ from the baseline's, and incremental evaluation
    // splices searches of a few origins into the baseline, so scenarios search with
    // Dijkstra (no hierarchy per scenario). A baseline from PHAST is reused as it is:
    // weights are integers, so both engines give the same times bit for bit.
    if (given && given->inputs && given->result) {
        st.baseline_inputs = *given->inputs;
        st.baseline = *given->result;
        st.baseline_inputs.inputs.graph = &g;
    } else {
        agreed(ctx, [&] { st.baseline_inputs = load_access_inputs(project_access_config(project), ctx, g); });
        st.baseline_inputs.inputs.engine = analysis::SearchEngine::Dijkstra;
        st.baseline_inputs.inputs.group = ctx.group;  // the ranks share the baseline's origins
        Step base_step(ctx, "baseline accessibility for " + std::to_string(st.baseline_inputs.inputs.origins.size()) +
                                " origins");
        st.baseline = analysis::run_access(st.baseline_inputs.inputs);
        base_step.done();
    }
    // Rank 0 holds the whole baseline (a distributed access run gathers there); every rank
    // needs it to splice its scenarios' origins in. Scenario searches are each one rank's.
    if (ctx.distributed()) analysis::share_from_root(group, st.baseline);
    st.baseline_inputs.inputs.group = nullptr;
    st.baseline_inputs.inputs.engine = analysis::SearchEngine::Dijkstra;
    const auto& job = st.baseline_inputs;
    const auto& base = st.baseline;
    for (auto& c : st.corridors) c.base_min = corridor_minutes(g, nullptr, c.snaps);
    FlowInputs flow_inputs;
    if (project.assignment.present) {
        Step step(ctx, "baseline assignment (" + project.assignment.method + ")");
        flow_inputs = read_flow_inputs(g, project.assignment, max_snap_m, ctx);
        st.base_flows = assign_flows(g, flow_inputs.zones.access, flow_inputs);
        step.done(format_flow(st.base_flows));
    }
    st.benefit_names = project.benefit.measures;
    if (st.benefit_names.empty() && !base.columns.empty()) st.benefit_names.push_back(base.columns.front().name);
    for (const auto& name : st.benefit_names) {
        std::size_t k = 0;
        while (k < base.columns.size() && base.columns[k].name != name) ++k;
        if (k == base.columns.size()) {
            std::string have;
            for (const auto& c : base.columns) have += (have.empty() ? "" : ", ") + c.name;
            throw ConfigError(cfg.project + ": benefit measure '" + name + "' is not an access column (" + have + ")");
        }
        st.benefit_cols.push_back(k);
    }
    const bool incremental = !cfg.no_incremental && analysis::measures_are_per_origin(job.inputs.measures);

    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = process_cpu_seconds();
    std::size_t mine = 0;
    for (std::size_t s = 0; s < st.resolved.size(); ++s) {
        const auto& rs = st.resolved[s];
        ScenarioRow row;
        row.spec = s;
        if (!group.owns(s)) {  // another rank's: rank 0 receives it below
            st.rows.push_back(std::move(row));
            continue;
        }
        ++mine;
        try {
        if (ctx.distributed()) group.starting_block("scenarios", s);
        Step step(ctx, "scenario " + rs.spec.name);
        const auto edited = graph::apply_edits(g, rs.edits);
        analysis::AccessInputs in = job.inputs;
        in.graph = &edited.graph;
        for (auto& o : in.origins) o.at = graph::moved_anchors(o.at, edited, true);
        for (auto& d : in.destinations) d.at = graph::moved_anchors(d.at, edited, false);
        const bool road = !rs.changed_base.empty() || !rs.new_tails.empty();
        if (!road) {
            row.result = base;
        } else if (incremental) {
            const auto affected =
                analysis::affected_origins(g, rs.changed_base, rs.new_tails, job.inputs.origins, base.origin_cutoff);
            analysis::AccessInputs part = in;
            part.origins.clear();
            std::vector<std::size_t> idx;
            for (std::size_t i = 0; i < affected.size(); ++i) {
                if (!affected[i]) continue;
                idx.push_back(i);
                part.origins.push_back(in.origins[i]);
            }
            row.recomputed = idx.size();
            row.result = idx.empty() ? base : analysis::splice_origins(base, analysis::run_access(part), idx);
        } else {
            row.result = analysis::run_access(in);
            row.recomputed = in.origins.size();
        }
        if (cfg.check_full && road) {
            const auto full = analysis::run_access(in);
            double worst = 0.0;
            for (std::size_t k = 0; k < full.values.size(); ++k) {
                const double a = full.values[k], b = row.result.values[k];
                if (std::isnan(a) != std::isnan(b)) worst = std::numeric_limits<double>::infinity();
                else if (!std::isnan(a)) worst = std::max(worst, std::abs(a - b));
            }
            if (worst != 0.0)
                throw Error("scenario '" + rs.spec.name + "': incremental and full recomputation differ by " +
                            std::to_string(worst));
        }
        for (std::size_t k = 0; k < st.benefit_cols.size(); ++k) {
            const std::size_t c = st.benefit_cols[k];
            row.base_mean.push_back(analysis::population_weighted_mean(base, c, job.origin_population));
            row.scen_mean.push_back(analysis::population_weighted_mean(row.result, c, job.origin_population));
            const bool time_like = st.benefit_names[k].size() > 4 && st.benefit_names[k].ends_with("_min");
            double total = 0.0;
            for (std::size_t i = 0; i < base.status.size(); ++i) {
                const double b = base.value(i, c), a = row.result.value(i, c), p = job.origin_population[i];
                if (std::isnan(a) || std::isnan(b) || std::isnan(p)) continue;
                total += p * (time_like ? b - a : a - b);
            }
            row.person_total.push_back(total);
        }
        for (const auto& c : st.corridors) {
            const double m = road ? corridor_minutes(edited.graph, &edited, c.snaps) : c.base_min;
            row.corridor_min.push_back(m);
            if (!std::isnan(m) && !std::isnan(c.base_min)) row.corridor_change_min += m - c.base_min;
        }
        if (project.assignment.present) {
            const bool flows_change = road || !rs.edits.set_capacity_vph.empty();
            row.flows = flows_change ? assign_flows(edited.graph, zones_on(edited, flow_inputs.zones.access), flow_inputs)
                                     : st.base_flows;
        }
        if (hgv) {
            const auto& hr = hgv_resolved[s];
            const bool hroad = !hr.changed_base.empty() || !hr.new_tails.empty();
            const auto hedited = graph::apply_edits(*hgv, hr.edits);
            for (const auto& c : st.hgv_corridors) {
                const double m = hroad ? corridor_minutes(hedited.graph, &hedited, c.snaps) : c.base_min;
                row.hgv_corridor_min.push_back(m);
                if (!std::isnan(m) && !std::isnan(c.base_min)) row.hgv_corridor_change_min += m - c.base_min;
            }
        }
        for (const auto& a : st.coverage_areas) {
            if (!std::binary_search(rs.broadband_areas.begin(), rs.broadband_areas.end(), a.id)) continue;
            const double premises = number_attribute(a, "premises"), gig = number_attribute(a, "gigabit_premises");
            if (!std::isnan(premises) && !std::isnan(gig)) row.premises_upgraded += premises - gig;
            const double before = area_digital_gap(a, false), after = area_digital_gap(a, true);
            if (!std::isnan(before) && !std::isnan(premises)) row.digital_change += premises * (after - before);
        }
        const auto& b = project.benefit;
        const bool first_time_like = !st.benefit_names.empty() && st.benefit_names.front().ends_with("_min");
        if (b.value_of_time_gbp_per_hour > 0 && first_time_like) {
            row.benefit_gbp =
                row.person_total.front() / 60.0 * b.value_of_time_gbp_per_hour * b.trips_per_person_per_year * b.years;
            row.bcr = row.benefit_gbp / rs.spec.cost_gbp;
        }
        if (!row.person_total.empty()) row.per_million = row.person_total.front() / (rs.spec.cost_gbp / 1e6);
        step.done(std::to_string(row.recomputed) + " of " + std::to_string(base.status.size()) + " origins recomputed");
        } catch (...) {
            if (!ctx.distributed()) throw;
            rethrow_for_block(group, "scenario " + std::to_string(s + 1) + " ('" + rs.spec.name + "')");
        }
        st.rows.push_back(std::move(row));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (ctx.distributed()) gather_scenario_rows(group, st.rows);
    if (ctx.group) ctx.group->record_step("scenarios", seconds, mine, process_cpu_seconds() - cpu0);
    if (!ctx.is_root()) return st;  // rank 0 ranks and writes
    // Rank: by benefit-cost ratio when a value of time is given, else by the first benefit
    // measure per £m; broadband-only options then by premises upgraded per £m.
    st.ranked_by_bcr = project.benefit.value_of_time_gbp_per_hour > 0;
    st.order.resize(st.rows.size());
    for (std::size_t i = 0; i < st.order.size(); ++i) st.order[i] = i;
    const auto key = [&](const ScenarioRow& r) {
        const double v = st.ranked_by_bcr ? r.bcr : r.per_million;
        return std::isnan(v) ? -std::numeric_limits<double>::infinity() : v;
    };
    const auto& rows = st.rows;
    std::stable_sort(st.order.begin(), st.order.end(), [&](std::size_t a, std::size_t b) {
        if (key(rows[a]) != key(rows[b])) return key(rows[a]) > key(rows[b]);
        return rows[a].premises_upgraded / st.resolved[rows[a].spec].spec.cost_gbp >
               rows[b].premises_upgraded / st.resolved[rows[b].spec].spec.cost_gbp;
    });
    return st;
}

}  // namespace midlink::workflow
