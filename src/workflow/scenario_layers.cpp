// write_scenarios and run_scenarios: the ranking and its supporting layers
// (docs/outputs.md, "scenarios").
#include <cctype>
#include <optional>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/layer_values.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/rank_report.hpp"
#include "scenario_steps.hpp"
#include "midlink/workflow/layer_notes.hpp"

namespace midlink::workflow {
namespace {

std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    return out;
}

}  // namespace

void write_scenarios(const ScenariosStudy& st, const ScenariosConfig& cfg, const Context& ctx, io::OutputSet& set) {
    using io::FieldType;
    using io::real_or_null;
    const auto& base = st.baseline;
    const auto& job = st.baseline_inputs;
    const bool flows = st.project.assignment.present;
    io::DatasetWriter out(cfg.output, st.crs, "", &set);
    std::vector<io::FieldDef> f{{"rank", FieldType::Integer}, {"scenario", FieldType::String},
                                {"members", FieldType::String}, {"cost_gbp", FieldType::Real},
                                {"origins_recomputed", FieldType::Integer}, {"origins_total", FieldType::Integer}};
    for (const auto& n : st.benefit_names) {
        for (const char* suffix : {"_base_mean", "_scenario_mean", "_change", "_person_total"})
            f.push_back({n + suffix, FieldType::Real});
    }
    for (const char* n : {"corridor_change_min", "hgv_corridor_change_min", "vehicle_hours_change",
                          "near_capacity_links_change", "premises_upgraded", "digital_gap_change", "benefit_gbp", "bcr",
                          "benefit_per_million"})
        f.push_back({n, FieldType::Real});
    f.push_back({"ranked_by", FieldType::String});
    out.begin_layer(with_notes({"ranking", io::GeometryKind::None, f}));
    for (std::size_t r = 0; r < st.order.size(); ++r) {
        const ScenarioRow& row = st.rows[st.order[r]];
        const auto& sp = st.resolved[row.spec].spec;
        std::string members;
        for (const auto& m : sp.members) members += (members.empty() ? "" : ";") + m;
        std::vector<io::FieldValue> v{std::int64_t(r + 1), sp.name, members, sp.cost_gbp, std::int64_t(row.recomputed),
                                      std::int64_t(base.status.size())};
        for (std::size_t k = 0; k < st.benefit_names.size(); ++k) {
            v.insert(v.end(), {real_or_null(row.base_mean[k]), real_or_null(row.scen_mean[k]),
                               real_or_null(row.scen_mean[k] - row.base_mean[k]), row.person_total[k]});
        }
        v.insert(v.end(), {row.corridor_change_min, st.has_hgv ? io::FieldValue{row.hgv_corridor_change_min} : io::FieldValue{},
                           flows ? real_or_null(row.flows.vehicle_hours - st.base_flows.vehicle_hours) : io::FieldValue{},
                           flows ? io::FieldValue{double(row.flows.near_capacity) - double(st.base_flows.near_capacity)}
                                 : io::FieldValue{},
                           row.premises_upgraded, row.digital_change, real_or_null(row.benefit_gbp),
                           real_or_null(row.bcr), real_or_null(row.per_million)});
        v.push_back(st.ranked_by_bcr ? std::string("bcr (value of time)")
                                     : "benefit_per_million (" + st.benefit_names.front() + ")");
        out.add(v);
    }
    out.begin_layer(with_notes({"corridor_changes", io::GeometryKind::None,
                     {{"scenario", FieldType::String}, {"corridor", FieldType::String}, {"base_min", FieldType::Real},
                      {"scenario_min", FieldType::Real}, {"change_min", FieldType::Real},
                      {"hgv_base_min", FieldType::Real}, {"hgv_scenario_min", FieldType::Real},
                      {"hgv_change_min", FieldType::Real}}}));
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    for (const auto& row : st.rows) {
        for (std::size_t c = 0; c < st.corridors.size(); ++c) {
            const double b = st.corridors[c].base_min, s = row.corridor_min[c];
            const double hb = st.has_hgv ? st.hgv_corridors[c].base_min : kNaN;
            const double hs = st.has_hgv ? row.hgv_corridor_min[c] : kNaN;
            out.add({st.resolved[row.spec].spec.name, st.corridors[c].name, real_or_null(b), real_or_null(s),
                     real_or_null(s - b), real_or_null(hb), real_or_null(hs), real_or_null(hs - hb)});
        }
    }
    if (flows) {
        out.begin_layer(with_notes({"flow_changes", io::GeometryKind::None,
                         {{"scenario", FieldType::String}, {"vehicle_hours_base", FieldType::Real},
                          {"vehicle_hours_scenario", FieldType::Real}, {"near_capacity_base", FieldType::Integer},
                          {"near_capacity_scenario", FieldType::Integer}, {"max_vc_base", FieldType::Real},
                          {"max_vc_scenario", FieldType::Real}, {"relative_gap", FieldType::Real}}}));
        for (const auto& row : st.rows) {
            out.add({st.resolved[row.spec].spec.name, real_or_null(st.base_flows.vehicle_hours),
                     real_or_null(row.flows.vehicle_hours), std::int64_t(st.base_flows.near_capacity),
                     std::int64_t(row.flows.near_capacity), real_or_null(st.base_flows.max_vc),
                     real_or_null(row.flows.max_vc), real_or_null(row.flows.gap)});
        }
    }
    // Per-area differences: one layer per scenario, origins' areas (or points).
    for (std::size_t s = 0; s < st.rows.size(); ++s) {
        const auto& row = st.rows[s];
        std::vector<io::FieldDef> df{{"id", FieldType::String}, {"scenario", FieldType::String},
                                     {"population", FieldType::Real}};
        for (const auto& n : st.benefit_names) {
            for (const char* suffix : {"_base", "_scenario", "_change"}) df.push_back({n + suffix, FieldType::Real});
        }
        const auto kind = job.origins_are_areas ? io::GeometryKind::MultiPolygon : io::GeometryKind::Point;
        const auto& name = st.resolved[s].spec.name;
        out.begin_layer(with_notes({"difference_" + std::to_string(s + 1) + "_" + slug(name), kind, df}));
        for (std::size_t i = 0; i < base.status.size(); ++i) {
            std::vector<io::FieldValue> v{job.origin_ids[i], name, real_or_null(job.origin_population[i])};
            for (std::size_t c : st.benefit_cols) {
                const double b = base.value(i, c), a = row.result.value(i, c);
                v.insert(v.end(), {real_or_null(b), real_or_null(a), real_or_null(a - b)});
            }
            if (job.origins_are_areas) out.add_wkb(job.areas[i].wkb, v);
            else out.add(job.origin_points[i].xy, v);
        }
    }
    if (!st.coverage_areas.empty()) {
        out.begin_layer(with_notes({"digital_changes", io::GeometryKind::MultiPolygon,
                         {{"area_code", FieldType::String}, {"scenario", FieldType::String},
                          {"digital_gap_base", FieldType::Real}, {"digital_gap_scenario", FieldType::Real},
                          {"premises_upgraded", FieldType::Real}}}));
        for (const auto& rs : st.resolved) {
            for (const auto& a : st.coverage_areas) {
                const bool up = std::binary_search(rs.broadband_areas.begin(), rs.broadband_areas.end(), a.id);
                const double premises = number_attribute(a, "premises"), gig = number_attribute(a, "gigabit_premises");
                out.add_wkb(a.wkb, {a.id, rs.spec.name, real_or_null(area_digital_gap(a, false)),
                                    real_or_null(area_digital_gap(a, up)),
                                    up ? real_or_null(premises - gig) : io::FieldValue{0.0}});
            }
        }
    }
    out.commit();
    ctx.info("wrote 'ranking' (" + std::to_string(st.rows.size()) + " scenarios), 'corridor_changes', per-scenario "
             "'difference_*' layers" + std::string(st.coverage_areas.empty() ? "" : " and 'digital_changes'") + " to " +
             cfg.output);
}

int run_scenarios(const ScenariosConfig& cfg, const Context& ctx) {
    io::Project project;
    std::optional<io::OutputSet> outputs;
    graph::RoadGraph g;
    agreed(ctx, [&] {
        project = project_for_scenarios(io::read_project(cfg.project), cfg);
        if (!project.access.present) throw ConfigError(cfg.project + ": scenarios need an 'access' section (the baseline)");
        check_output_folder(cfg.output);
        // Before the long steps, so a second run fails at once; the ranks of a job open it
        // only to write (rank 0), so a rank that dies leaves nothing behind.
        if (!ctx.group) outputs.emplace(output_set_anchor(cfg.output));
        g = cfg.graph.empty() ? load_project_graph(project, ctx) : graph::read_graph_file(cfg.graph);
    });
    const auto study = compute_scenarios(cfg, project, ctx, g);
    if (!ctx.is_root()) return 0;
    if (!outputs) outputs.emplace(output_set_anchor(cfg.output));
    write_scenarios(study, cfg, ctx, *outputs);
    outputs->commit();
    report_ranks(ctx);
    return 0;
}

}  // namespace midlink::workflow
