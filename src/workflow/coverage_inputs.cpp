#include "coverage_inputs.hpp"

#include <algorithm>

#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"
#include "midlink/io/feature_readers.hpp"

namespace midlink::workflow::detail {
namespace {

/// Coverage polygons (where a tier is available): a release of their own in which each
/// area's premises inside any polygon have the tier and the others do not. Other tiers are
/// not published by it, so they stay NULL rather than 0.
CoverageRelease count_in_polygons(const CoverageConfig& cfg, const CoverageAreas& base, const std::vector<Point>& xy,
                                  const std::vector<std::int64_t>& area_of, const Context& ctx,
                                  Diagnostics& diagnostics) {
    const std::size_t tier = tier_index(parse_enum(cfg.polygons_tier, kCoverageTierNames, "--coverage-polygons-tier"));
    Step s(ctx, "counting premises inside " + cfg.polygons);
    io::AreaLayerOptions ao;
    ao.path = cfg.polygons;
    ao.layer = cfg.polygons_layer;
    ao.id_field = cfg.polygons_id;
    ao.assume_crs = cfg.assume_crs;
    ao.input = ctx.input_policy();
    const auto polygons = io::read_areas(ao, diagnostics);
    const auto in_polygon = io::locate_points(polygons, xy);
    CoverageRelease rel;
    rel.label = cfg.polygons_release;
    rel.source = cfg.polygons;
    rel.level = CoverageLevel::Area;
    rel.published[tier] = true;
    const auto& areas = base.geography.areas;
    std::vector<double> premises(areas.size(), 0.0), covered(areas.size(), 0.0);
    for (std::size_t i = 0; i < xy.size(); ++i) {
        if (area_of[i] < 0) continue;
        premises[static_cast<std::size_t>(area_of[i])] += 1.0;
        if (in_polygon[i] >= 0) covered[static_cast<std::size_t>(area_of[i])] += 1.0;
    }
    double total = 0.0;
    for (std::size_t a = 0; a < areas.size(); ++a) {
        if (premises[a] == 0.0) continue;
        CoverageRecord r;
        r.code = base.codes[a];
        r.premises = {premises[a], ValueState::Known};
        r.count[tier] = {covered[a], ValueState::Known};
        total += covered[a];
        rel.records.push_back(std::move(r));
    }
    s.done(std::to_string(polygons.size()) + " polygons, " + std::to_string(static_cast<long long>(total)) +
           " premises inside (tier " + cfg.polygons_tier + ")");
    return rel;
}

/// Premises points counted into the areas as a release, then the polygons' release when given.
void read_premises(const CoverageConfig& cfg, const CoverageAreas& base, const Context& ctx,
                   Diagnostics& diagnostics, std::vector<CoverageRelease>& releases) {
    Step s(ctx, "counting premises " + cfg.premises);
    io::PremisesLayerOptions po;
    po.points.path = cfg.premises;
    po.points.layer = cfg.premises_layer;
    po.points.assume_crs = cfg.assume_crs;
    po.points.input = ctx.input_policy();
    po.down_field = cfg.premises_down;
    po.up_field = cfg.premises_up;
    po.technology_field = cfg.premises_tech;
    po.bduk_field = cfg.premises_bduk;
    po.locations_only = !cfg.polygons.empty();
    const auto points = io::read_premises(po, diagnostics);
    const auto area_of = io::locate_points(base.geography.areas, points.xy);
    const auto outside = static_cast<std::size_t>(std::count(area_of.begin(), area_of.end(), -1));
    if (outside > 0) {
        diagnostics.add("premises_outside_areas", cfg.premises,
                        std::to_string(outside) + " of " + std::to_string(area_of.size()) +
                            " premises lie in no area; not counted");
    }
    CoverageRelease rel = analysis::count_premises(points.status, area_of, base.codes, cfg.options,
                                                   !po.down_field.empty(), !po.up_field.empty(),
                                                   !po.technology_field.empty(), !po.bduk_field.empty(), diagnostics);
    rel.label = cfg.premises_release;
    rel.source = cfg.premises;
    s.done(std::to_string(area_of.size() - outside) + " premises in areas");
    releases.push_back(std::move(rel));
    if (!cfg.polygons.empty()) releases.push_back(count_in_polygons(cfg, base, points.xy, area_of, ctx, diagnostics));
}

}  // namespace

CoverageAreas read_coverage_areas(const CoverageConfig& cfg, const Context& ctx, Diagnostics& diagnostics) {
    Step read_step(ctx, "reading areas " + cfg.areas);
    io::AreaLayerOptions ao;
    ao.path = cfg.areas;
    ao.layer = cfg.area_layer;
    ao.id_field = cfg.area_id;
    ao.assume_crs = cfg.assume_crs;
    ao.input = ctx.input_policy();
    if (!cfg.area_name.empty()) ao.keep_fields.push_back(cfg.area_name);
    for (const auto& f : cfg.aggregate_code) ao.keep_fields.push_back(f);
    CoverageAreas out;
    CoverageGeography& base = out.geography;
    base.name = "areas";
    base.areas = io::read_areas(ao, diagnostics);
    for (const auto& a : base.areas) {
        out.codes.push_back(normalise_postcode(a.id));
        const auto* n = cfg.area_name.empty() ? nullptr : a.attribute(cfg.area_name);
        base.names.push_back(n ? *n : "");
    }
    read_step.done(std::to_string(base.areas.size()) + " areas");
    return out;
}

std::vector<CoverageRelease> read_coverage_releases(const CoverageConfig& cfg, const CoverageAreas& areas,
                                                    const Context& ctx, Diagnostics& diagnostics) {
    const CoverageLevel level = io::parse_coverage_level(cfg.level);
    std::vector<CoverageRelease> releases;
    for (std::size_t i = 0; i < cfg.coverage.size(); ++i) {
        io::CoverageTableOptions o;
        o.path = cfg.coverage[i];
        o.level = level;
        o.code_field = cfg.code_field;
        if (!cfg.releases.empty()) o.release = cfg.releases[i];
        Step s(ctx, "reading " + o.path);
        releases.push_back(io::read_coverage_table(o, diagnostics));
        analysis::apply_published_thresholds(releases.back(), cfg.options, diagnostics);
        s.done("release " + releases.back().label + ", " + std::to_string(releases.back().records.size()) +
               " codes");
    }
    if (!cfg.premises.empty()) read_premises(cfg, areas, ctx, diagnostics, releases);
    if (!cfg.bduk.empty()) {
        io::BdukTableOptions bo;
        bo.path = cfg.bduk;
        bo.key_field = cfg.bduk_key;
        bo.class_field = cfg.bduk_class;
        bo.premises_field = cfg.bduk_premises;
        bo.level = level;
        releases.push_back(io::read_bduk_table(bo, diagnostics));
    }
    return releases;
}

analysis::CodeLookup read_coverage_lookup(const CoverageConfig& cfg, const Context& ctx, Diagnostics& diagnostics) {
    const CoverageLevel level = io::parse_coverage_level(cfg.level);
    std::string path = cfg.lookup;
    if (path == "none") return {};
    if (path.empty()) {
        if (level != CoverageLevel::LocalAuthority) return {};
        path = (cfg.lookups_dir.empty() ? ctx.lookups_dir : cfg.lookups_dir) + "/lad-boundary-changes.csv";
    }
    io::CodeLookupOptions o;
    o.path = path;
    o.from_field = cfg.lookup_from;
    o.to_field = cfg.lookup_to;
    o.postcodes = level == CoverageLevel::Postcode;
    analysis::CodeLookup lookup;
    for (auto& [from, to] : io::read_code_lookup(o, diagnostics)) lookup.emplace(from, to);
    ctx.debug("code lookup " + path + ": " + std::to_string(lookup.size()) + " codes");
    return lookup;
}

}  // namespace midlink::workflow::detail
