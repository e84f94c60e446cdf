// compute_coverage: inputs as releases, keyed by code after the lookup, matched to the
// areas, then rolled up to coarser geographies (polygons by containment, or area codes).
#include <algorithm>
#include <map>

#include "area_levels.hpp"
#include "coverage_inputs.hpp"
#include "midlink/analysis/area_rollup.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/workflow/coverage.hpp"

namespace midlink::workflow {
namespace {

/// Matches every release to the areas; what either side lacks goes to `unmatched`.
void match_releases(const CoverageConfig& cfg, const std::vector<CoverageRelease>& releases,
                    const std::vector<std::string>& codes, const analysis::CodeLookup& lookup,
                    CoverageGeography& base, CoverageStudy& study, const Context& ctx) {
    std::map<std::string, std::vector<std::string>> sources_of;  // new code -> old codes
    for (const auto& [from, to] : lookup) sources_of[to].push_back(from);
    for (std::size_t r = 0; r < releases.size(); ++r) {
        const auto& keyed = study.keyed[r];
        const auto match = analysis::match_areas(keyed, codes);
        base.by_release.push_back(match.by_area);
        for (std::size_t a = 0; a < codes.size(); ++a) {
            if (match.by_area[a]) continue;
            std::string reason = "not in release " + releases[r].label;
            if (const auto it = sources_of.find(codes[a]); it != sources_of.end())
                reason += " and none of its " + std::to_string(it->second.size()) +
                          " predecessor codes in the lookup are either";
            study.unmatched.push_back({releases[r].label, "area", base.areas[a].id, base.names[a], reason});
        }
        for (const auto& code : match.unmatched_codes) {
            const auto n = keyed.names.find(code);
            study.unmatched.push_back({releases[r].label, "release", code, n == keyed.names.end() ? "" : n->second,
                                       "no area with this code in " + cfg.areas});
        }
        const auto matched =
            codes.size() - static_cast<std::size_t>(std::count(match.by_area.begin(), match.by_area.end(), nullptr));
        ctx.info("release " + releases[r].label + ": " + std::to_string(matched) + " of " +
                 std::to_string(codes.size()) + " areas matched (" + std::to_string(keyed.consumed.size()) +
                 " old codes rolled up by the lookup), " + std::to_string(match.unmatched_codes.size()) +
                 " release codes outside the areas");
    }
}

/// A coarser geography: each release rolled up from the first geography by `group`.
void add_level(CoverageStudy& study, CoverageGeography level, const std::vector<std::int64_t>& group) {
    const CoverageGeography& fine = study.geographies.front();
    for (std::size_t r = 0; r < study.releases.size(); ++r)
        level.owned.push_back(analysis::roll_up(fine.by_release[r], group, level.areas.size()));
    for (const auto& owned : level.owned) {
        std::vector<const analysis::AreaCoverage*> ptrs;
        for (const auto& a : owned) ptrs.push_back(a.empty() ? nullptr : &a);
        level.by_release.push_back(std::move(ptrs));
    }
    study.geographies.push_back(std::move(level));
}

/// Roll-ups to coarser polygons, by containment of each area's point on surface.
void roll_up_to_polygons(const CoverageConfig& cfg, CoverageStudy& study, const Context& ctx) {
    for (std::size_t k = 0; k < cfg.aggregate_to.size(); ++k) {
        const CoverageGeography& fine = study.geographies.front();
        CoverageGeography g;
        g.name = k < cfg.aggregate_name.size() ? cfg.aggregate_name[k] : level_name_from_path(cfg.aggregate_to[k]);
        io::AreaLayerOptions co;
        co.path = cfg.aggregate_to[k];
        co.id_field = cfg.aggregate_id[k];
        co.assume_crs = cfg.assume_crs;
        co.input = ctx.input_policy();
        g.areas = io::read_areas(co, study.diagnostics);
        g.names.assign(g.areas.size(), "");
        std::vector<Point> pts;
        for (const auto& a : fine.areas) pts.push_back(a.representative);
        const auto group = io::locate_points(g.areas, pts);
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (group[i] < 0)
                study.diagnostics.add("aggregate_outside", cfg.areas + ", area " + fine.areas[i].id,
                                      "its point on surface lies in no area of " + cfg.aggregate_to[k]);
        }
        add_level(study, std::move(g), group);
    }
}

/// Roll-ups by the codes in an area field (rgncd, utlacd), without polygons.
void roll_up_to_codes(const CoverageConfig& cfg, CoverageStudy& study) {
    for (const auto& field : cfg.aggregate_code) {
        const CoverageGeography& fine = study.geographies.front();
        CoverageGeography g;
        g.name = field;
        g.spatial = false;
        const auto groups = analysis::group_by_code(field_codes(fine.areas, field));
        g.areas = code_areas(groups.codes);
        g.names.assign(g.areas.size(), "");
        for (std::size_t i = 0; i < fine.areas.size(); ++i) {
            if (groups.group_of[i] < 0)
                study.diagnostics.add("aggregate_code_missing", cfg.areas + ", area " + fine.areas[i].id,
                                      "no value in field " + field);
        }
        add_level(study, std::move(g), groups.group_of);
    }
}

}  // namespace

void check_coverage_config(const CoverageConfig& cfg) {
    analysis::check_coverage_options(cfg.options);
    (void)io::parse_coverage_level(cfg.level);
    if (cfg.coverage.empty() && cfg.premises.empty() && cfg.bduk.empty())
        throw ConfigError("give at least one of --coverage, --premises, --bduk");
    if (!cfg.releases.empty() && cfg.releases.size() != cfg.coverage.size())
        throw ConfigError("give one --release label per --coverage file");
    if (cfg.aggregate_id.size() != cfg.aggregate_to.size())
        throw ConfigError("give one --aggregate-id per --aggregate-to");
    if (!cfg.bduk.empty() && (cfg.bduk_key.empty() || cfg.bduk_class.empty()))
        throw ConfigError("--bduk needs --bduk-key and --bduk-class");
    if (!cfg.polygons.empty()) {
        if (cfg.premises.empty())
            throw ConfigError("--coverage-polygons needs --premises: premises inside the polygons are counted as covered");
        (void)parse_enum(cfg.polygons_tier, kCoverageTierNames, "--coverage-polygons-tier");
        if (cfg.polygons_id.empty())
            throw ConfigError("--coverage-polygons needs --coverage-polygons-id (any field with a value per polygon)");
    }
}

CoverageStudy compute_coverage(const CoverageConfig& cfg, const Context& ctx) {
    check_coverage_config(cfg);
    CoverageStudy study;
    study.options = cfg.options;
    Diagnostics& diagnostics = study.diagnostics;
    detail::CoverageAreas base = detail::read_coverage_areas(cfg, ctx, diagnostics);
    const auto releases = detail::read_coverage_releases(cfg, base, ctx, diagnostics);

    // Keyed by code after the lookup, matched to the areas.
    const analysis::CodeLookup lookup = detail::read_coverage_lookup(cfg, ctx, diagnostics);
    const analysis::CodeLookup no_lookup;
    for (const auto& rel : releases) {
        study.releases.push_back(rel.label);
        study.sources.push_back(rel.source);
        study.keyed.push_back(analysis::key_release(rel, rel.level == CoverageLevel::Area ? no_lookup : lookup,
                                                    diagnostics, &base.codes));
    }
    std::vector<std::string> labels = study.releases;
    std::sort(labels.begin(), labels.end());
    if (std::adjacent_find(labels.begin(), labels.end()) != labels.end())
        throw ConfigError("two inputs have the same release label; name them with --release");

    match_releases(cfg, releases, base.codes, lookup, base.geography, study, ctx);
    // Reserved: add_level reads the first element while levels are appended.
    study.geographies.reserve(1 + cfg.aggregate_to.size() + cfg.aggregate_code.size());
    study.geographies.push_back(std::move(base.geography));
    roll_up_to_polygons(cfg, study, ctx);
    roll_up_to_codes(cfg, study);
    return study;
}

}  // namespace midlink::workflow
