// Roll-ups of an access study: origins grouped into coarser areas (by containment or by a
// code field) or by the codes of an origin field (analysis/area_rollup), then aggregated
// (analysis/aggregate).
#include <algorithm>

#include "access_steps.hpp"
#include "area_levels.hpp"
#include "midlink/analysis/area_rollup.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"
#include "midlink/io/feature_readers.hpp"

namespace midlink::workflow {
namespace {

std::string level_name(const AccessConfig& cfg, std::size_t k) {
    if (k < cfg.aggregate_name.size() && !cfg.aggregate_name[k].empty()) return cfg.aggregate_name[k];
    return level_name_from_path(cfg.aggregate_to[k]);
}

}  // namespace

std::vector<AggregationLevel> roll_up_access(const AccessConfig& cfg, const Context& ctx, AccessStudyInputs& job,
                                             const analysis::AccessResult& result) {
    std::vector<AggregationLevel> levels;
    for (std::size_t k = 0; k < cfg.aggregate_to.size(); ++k) {
        if (k >= cfg.aggregate_id.size() || cfg.aggregate_id[k].empty()) {
            throw ConfigError("--aggregate-to " + cfg.aggregate_to[k] + " needs a matching --aggregate-id");
        }
        Step step(ctx, "aggregating to " + cfg.aggregate_to[k]);
        AggregationLevel level;
        level.name = level_name(cfg, k);
        io::AreaLayerOptions ao;
        ao.path = cfg.aggregate_to[k];
        ao.id_field = cfg.aggregate_id[k];
        ao.target_crs = job.crs;
        ao.assume_crs = cfg.assume_crs;
        ao.input = ctx.input_policy();
        if (k < cfg.aggregate_name_field.size() && !cfg.aggregate_name_field[k].empty()) {
            ao.keep_fields.push_back(cfg.aggregate_name_field[k]);
            level.kept_fields = ao.keep_fields;
        }
        level.areas = io::read_areas(ao, job.diagnostics);
        const std::string by = k < cfg.aggregate_by.size() ? cfg.aggregate_by[k] : "";
        std::vector<std::int64_t> group;
        if (!by.empty()) {
            if (!job.origins_are_areas) throw ConfigError("--aggregate-by needs area origins with that field");
            std::vector<std::string> ids;
            for (const auto& a : level.areas) ids.push_back(a.id);
            const auto codes = field_codes(job.areas, by);
            group = analysis::match_codes(codes, ids);
            for (std::size_t i = 0; i < group.size(); ++i) {
                if (group[i] >= 0) continue;
                job.diagnostics.add("aggregate_unmatched", cfg.origins + ", origin " + job.origin_ids[i],
                                    "code '" + codes[i] + "' in field " + by + " matches no area of " + cfg.aggregate_to[k]);
            }
        } else {
            // Spatial containment of each origin's point; boundary points go to one area only.
            std::vector<Point> points;
            for (std::size_t i = 0; i < job.origin_ids.size(); ++i)
                points.push_back(job.origins_are_areas ? job.areas[i].representative : job.origin_points[i].xy);
            group = io::locate_points(level.areas, points);
            for (std::size_t i = 0; i < group.size(); ++i) {
                if (group[i] >= 0) continue;
                job.diagnostics.add("aggregate_outside", cfg.origins + ", origin " + job.origin_ids[i],
                                    "origin point lies in no area of " + cfg.aggregate_to[k]);
            }
        }
        level.table = analysis::aggregate(result, job.origin_population, group, level.areas.size());
        step.done(std::to_string(level.areas.size()) + " areas, " +
                  std::to_string(analysis::groups_reached(group, level.areas.size())) + " with origins");
        levels.push_back(std::move(level));
    }
    // Levels by code alone: every distinct value of an origin field is a group (regions,
    // combined authorities), written without geometry; origins without a code are counted
    // in a diagnostic and left out.
    for (const auto& field : cfg.aggregate_code) {
        Step step(ctx, "aggregating by " + field);
        AggregationLevel level;
        level.name = field;
        level.spatial = false;
        const auto groups = analysis::group_by_code(field_codes(job.areas, field));
        for (std::size_t i = 0; i < groups.group_of.size(); ++i) {
            if (groups.group_of[i] >= 0) continue;
            job.diagnostics.add("aggregate_code_missing", cfg.origins + ", origin " + job.origin_ids[i],
                                "no value in field " + field + "; left out of that level");
        }
        level.areas = code_areas(groups.codes);
        level.table = analysis::aggregate(result, job.origin_population, groups.group_of, level.areas.size());
        step.done(std::to_string(level.areas.size()) + " groups");
        levels.push_back(std::move(level));
    }
    return levels;
}

std::vector<std::string> kept_origin_fields(const AccessConfig& cfg, bool origins_are_areas) {
    std::vector<std::string> kept;
    if (!origins_are_areas) return kept;
    for (const auto& by : cfg.aggregate_by) {
        if (!by.empty() && std::find(kept.begin(), kept.end(), by) == kept.end()) kept.push_back(by);
    }
    for (const auto& code : cfg.aggregate_code) {
        if (std::find(kept.begin(), kept.end(), code) == kept.end()) kept.push_back(code);
    }
    if (!cfg.origin_name.empty() && std::find(kept.begin(), kept.end(), cfg.origin_name) == kept.end())
        kept.push_back(cfg.origin_name);
    return kept;
}

}  // namespace midlink::workflow
