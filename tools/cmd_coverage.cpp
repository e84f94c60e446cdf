// midlink coverage: broadband coverage per area from Ofcom Connected Nations tables,
// premises points and BDUK classes (metrics.md §2), rolled up to coarser geographies and
// compared between releases.
#include <algorithm>
#include <filesystem>
#include <map>

#include "commands.hpp"
#include "coverage_job.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"
#include "midlink/io/feature_readers.hpp"

namespace midlink::cli {
namespace {
namespace fs = std::filesystem;

std::string geography_name(const std::string& path) {
    std::string stem = fs::path(path).stem().string();
    if (stem.rfind("derived-", 0) == 0) stem = stem.substr(8);
    for (auto& c : stem) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return stem;
}

analysis::CodeLookup load_lookup(const CoverageConfig& cfg, CoverageLevel level,
                                 workflow::Context const& ctx, Diagnostics& diagnostics) {
    std::string path = cfg.lookup;
    if (path == "none") return {};
    if (path.empty()) {
        if (level != CoverageLevel::LocalAuthority) return {};
        path = cfg.lookups_dir + "/lad-boundary-changes.csv";
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

// Coverage tables publish superfast at 30 Mbit/s only; at 24 the tier is not theirs to give.
void apply_thresholds(CoverageRelease& rel, const analysis::CoverageOptions& options,
                      Diagnostics& diagnostics) {
    const std::size_t sf = tier_index(CoverageTier::Superfast);
    if (options.superfast_mbps != 30 && rel.published[sf]) {
        rel.published[sf] = false;
        for (auto& r : rel.records) r.count[sf] = r.pct[sf] = {};
        diagnostics.add("threshold_not_published", rel.source,
                        "Ofcom publishes superfast at 30 Mbit/s only; superfast at " +
                            std::to_string(options.superfast_mbps) +
                            " Mbit/s is NULL for release " + rel.label);
    }
    const std::size_t u100 = tier_index(CoverageTier::Ultrafast100);
    if (options.ultrafast_mbps == 100 && !rel.published[u100] && rel.level != CoverageLevel::Area) {
        diagnostics.add(
            "threshold_not_published", rel.source,
            "release " + rel.label + " has no 100 Mbit/s ultrafast column; ultrafast is NULL");
    }
}

/// Coverage polygons (where a tier is available): a release of their own in which each
/// area's premises inside any polygon have the tier and the others do not. Other tiers are
/// not published by it, so they stay NULL rather than 0.
CoverageRelease count_in_polygons(const CoverageConfig& cfg, const std::vector<AreaFeature>& areas,
                                  const std::vector<std::string>& codes, const std::vector<Point>& xy,
                                  const std::vector<std::int64_t>& area_of, const workflow::Context& ctx,
                                  Diagnostics& diagnostics) {
    std::size_t tier = kCoverageTierCount;
    for (std::size_t t = 0; t < kCoverageTierCount; ++t)
        if (cfg.polygons_tier == kCoverageTiers[t].name) tier = t;
    if (tier == kCoverageTierCount) {
        std::string names;
        for (const auto& t : kCoverageTiers) names += (names.empty() ? "" : ", ") + std::string(t.name);
        throw ConfigError("--coverage-polygons-tier '" + cfg.polygons_tier + "' is not a tier (" + names + ")");
    }
    if (cfg.polygons_id.empty()) throw ConfigError("--coverage-polygons needs --coverage-polygons-id (any field with a value per polygon)");
    workflow::Step s(ctx, "counting premises inside " + cfg.polygons);
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
        r.code = codes[a];
        r.premises = {premises[a], ValueState::Known};
        r.count[tier] = {covered[a], ValueState::Known};
        total += covered[a];
        rel.records.push_back(std::move(r));
    }
    s.done(std::to_string(polygons.size()) + " polygons, " + std::to_string(static_cast<long long>(total)) +
           " premises inside (tier " + cfg.polygons_tier + ")");
    return rel;
}

int run_coverage(CoverageConfig cfg, const workflow::Context& ctx) {
    analysis::check_coverage_options(cfg.options);
    const CoverageLevel level = io::parse_coverage_level(cfg.level);
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    if (cfg.coverage.empty() && cfg.premises.empty() && cfg.bduk.empty())
        throw ConfigError("give at least one of --coverage, --premises, --bduk");
    if (!cfg.releases.empty() && cfg.releases.size() != cfg.coverage.size())
        throw ConfigError("give one --release label per --coverage file");
    if (cfg.aggregate_id.size() != cfg.aggregate_to.size())
        throw ConfigError("give one --aggregate-id per --aggregate-to");
    if (!cfg.bduk.empty() && (cfg.bduk_key.empty() || cfg.bduk_class.empty()))
        throw ConfigError("--bduk needs --bduk-key and --bduk-class");

    CoverageResult result;
    Diagnostics& diagnostics = result.diagnostics;
    workflow::Step read_step(ctx, "reading areas " + cfg.areas);
    io::AreaLayerOptions ao;
    ao.path = cfg.areas;
    ao.layer = cfg.area_layer;
    ao.id_field = cfg.area_id;
    ao.assume_crs = cfg.assume_crs;
    ao.input = ctx.input_policy();
    if (!cfg.area_name.empty()) ao.keep_fields.push_back(cfg.area_name);
    for (const auto& f : cfg.aggregate_code) ao.keep_fields.push_back(f);
    CoverageGeography base;
    base.name = "areas";
    base.areas = io::read_areas(ao, diagnostics);
    std::vector<std::string> codes;
    for (const auto& a : base.areas) {
        codes.push_back(normalise_postcode(a.id));
        const auto* n = cfg.area_name.empty() ? nullptr : a.attribute(cfg.area_name);
        base.names.push_back(n ? *n : "");
    }
    read_step.done(std::to_string(base.areas.size()) + " areas");

    // Inputs, each one release.
    std::vector<CoverageRelease> releases;
    for (std::size_t i = 0; i < cfg.coverage.size(); ++i) {
        io::CoverageTableOptions o;
        o.path = cfg.coverage[i];
        o.level = level;
        o.code_field = cfg.code_field;
        if (!cfg.releases.empty()) o.release = cfg.releases[i];
        workflow::Step s(ctx, "reading " + o.path);
        releases.push_back(io::read_coverage_table(o, diagnostics));
        apply_thresholds(releases.back(), cfg.options, diagnostics);
        s.done("release " + releases.back().label + ", " +
               std::to_string(releases.back().records.size()) + " codes");
    }
    if (!cfg.premises.empty()) {
        workflow::Step s(ctx, "counting premises " + cfg.premises);
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
        const auto area_of = io::locate_points(base.areas, points.xy);
        const auto outside =
            static_cast<std::size_t>(std::count(area_of.begin(), area_of.end(), -1));
        if (outside > 0) {
            diagnostics.add("premises_outside_areas", cfg.premises,
                            std::to_string(outside) + " of " + std::to_string(area_of.size()) +
                                " premises lie in no area; not counted");
        }
        CoverageRelease rel = analysis::count_premises(points.status, area_of, codes, cfg.options,
                                                       !po.down_field.empty(), !po.up_field.empty(),
                                                       !po.technology_field.empty(),
                                                       !po.bduk_field.empty(), diagnostics);
        rel.label = cfg.premises_release;
        rel.source = cfg.premises;
        s.done(std::to_string(area_of.size() - outside) + " premises in areas");
        releases.push_back(std::move(rel));
        if (!cfg.polygons.empty()) releases.push_back(count_in_polygons(cfg, base.areas, codes, points.xy, area_of, ctx, diagnostics));
    } else if (!cfg.polygons.empty()) {
        throw ConfigError("--coverage-polygons needs --premises: premises inside the polygons are counted as covered");
    }
    if (!cfg.bduk.empty()) {
        io::BdukTableOptions bo;
        bo.path = cfg.bduk;
        bo.key_field = cfg.bduk_key;
        bo.class_field = cfg.bduk_class;
        bo.premises_field = cfg.bduk_premises;
        bo.level = level;
        releases.push_back(io::read_bduk_table(bo, diagnostics));
    }

    // Keyed by code after the lookup, matched to the areas.
    const analysis::CodeLookup lookup = load_lookup(cfg, level, ctx, diagnostics);
    const analysis::CodeLookup no_lookup;
    for (const auto& rel : releases) {
        result.releases.push_back(rel.label);
        result.sources.push_back(rel.source);
        result.keyed.push_back(analysis::key_release(
            rel, rel.level == CoverageLevel::Area ? no_lookup : lookup, diagnostics, &codes));
    }
    std::vector<std::string> release_labels = result.releases;
    std::sort(release_labels.begin(), release_labels.end());
    if (std::adjacent_find(release_labels.begin(), release_labels.end()) != release_labels.end())
        throw ConfigError("two inputs have the same release label; name them with --release");

    std::map<std::string, std::vector<std::string>> sources_of;  // new code -> old codes
    for (const auto& [from, to] : lookup) sources_of[to].push_back(from);
    for (std::size_t r = 0; r < releases.size(); ++r) {
        const auto& keyed = result.keyed[r];
        const auto match = analysis::match_areas(keyed, codes);
        base.by_release.push_back(match.by_area);
        for (std::size_t a = 0; a < codes.size(); ++a) {
            if (match.by_area[a]) continue;
            std::string reason = "not in release " + releases[r].label;
            if (const auto it = sources_of.find(codes[a]); it != sources_of.end())
                reason += " and none of its " + std::to_string(it->second.size()) +
                          " predecessor codes in the lookup are either";
            result.unmatched.push_back(
                {releases[r].label, "area", base.areas[a].id, base.names[a], reason});
        }
        for (const auto& code : match.unmatched_codes) {
            const auto n = keyed.names.find(code);
            result.unmatched.push_back({releases[r].label, "release", code,
                                        n == keyed.names.end() ? "" : n->second,
                                        "no area with this code in " + cfg.areas});
        }
        ctx.info("release " + releases[r].label + ": " +
                 std::to_string(codes.size() -
                                static_cast<std::size_t>(std::count(
                                    match.by_area.begin(), match.by_area.end(), nullptr))) +
                 " of " + std::to_string(codes.size()) + " areas matched (" +
                 std::to_string(keyed.consumed.size()) + " old codes rolled up by the lookup), " +
                 std::to_string(match.unmatched_codes.size()) + " release codes outside the areas");
    }
    // Reserved: `fine` below refers to the first element while levels are appended.
    result.geographies.reserve(1 + cfg.aggregate_to.size() + cfg.aggregate_code.size());
    result.geographies.push_back(std::move(base));

    // Roll-ups: coarser polygons by containment of each area's point on surface, or codes.
    const CoverageGeography& fine = result.geographies.front();
    const auto add_level = [&](CoverageGeography level_geo,
                               const std::vector<std::int64_t>& group) {
        for (std::size_t r = 0; r < releases.size(); ++r) {
            level_geo.owned.push_back(
                analysis::roll_up(fine.by_release[r], group, level_geo.areas.size()));
        }
        for (const auto& owned : level_geo.owned) {
            std::vector<const analysis::AreaCoverage*> ptrs;
            for (const auto& a : owned) ptrs.push_back(a.empty() ? nullptr : &a);
            level_geo.by_release.push_back(std::move(ptrs));
        }
        result.geographies.push_back(std::move(level_geo));
    };
    for (std::size_t k = 0; k < cfg.aggregate_to.size(); ++k) {
        CoverageGeography g;
        g.name = k < cfg.aggregate_name.size() ? cfg.aggregate_name[k]
                                               : geography_name(cfg.aggregate_to[k]);
        io::AreaLayerOptions co;
        co.path = cfg.aggregate_to[k];
        co.id_field = cfg.aggregate_id[k];
        co.assume_crs = cfg.assume_crs;
        co.input = ctx.input_policy();
        g.areas = io::read_areas(co, diagnostics);
        g.names.assign(g.areas.size(), "");
        const auto group = io::locate_points(g.areas, [&] {
            std::vector<Point> pts;
            for (const auto& a : fine.areas) pts.push_back(a.representative);
            return pts;
        }());
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (group[i] < 0)
                diagnostics.add("aggregate_outside", cfg.areas + ", area " + fine.areas[i].id,
                                "its point on surface lies in no area of " + cfg.aggregate_to[k]);
        }
        add_level(std::move(g), group);
    }
    for (const auto& field : cfg.aggregate_code) {
        CoverageGeography g;
        g.name = field;
        g.spatial = false;
        std::map<std::string, std::int64_t> index;
        std::vector<std::int64_t> group(fine.areas.size(), -1);
        for (std::size_t i = 0; i < fine.areas.size(); ++i) {
            const auto* code = fine.areas[i].attribute(field);
            if (code && !code->empty()) index.emplace(*code, 0);
        }
        for (auto& [code, idx] : index) {
            idx = static_cast<std::int64_t>(g.areas.size());
            AreaFeature a;
            a.id = code;
            g.areas.push_back(std::move(a));
        }
        g.names.assign(g.areas.size(), "");
        for (std::size_t i = 0; i < fine.areas.size(); ++i) {
            const auto* code = fine.areas[i].attribute(field);
            if (code && !code->empty())
                group[i] = index.at(*code);
            else
                diagnostics.add("aggregate_code_missing", cfg.areas + ", area " + fine.areas[i].id,
                                "no value in field " + field);
        }
        add_level(std::move(g), group);
    }

    write_coverage_outputs(outputs, cfg, result, ctx);
    workflow::write_diagnostics_csv(diagnostics, workflow::diagnostics_csv_path(cfg.output), &outputs);
    outputs.commit();
    if (!ctx.quiet) {
        std::fprintf(stderr, "%zu diagnostics in %s\n", diagnostics.total(),
                     workflow::diagnostics_csv_path(cfg.output).c_str());
        for (const auto& [code, count] : diagnostics.counts())
            std::fprintf(stderr, "  %s: %zu\n", code.c_str(), count);
    }
    return 0;
}

}  // namespace

void add_coverage_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto c = std::make_shared<CoverageConfig>();
    auto* cmd = app.add_subcommand("coverage",
                                   "Broadband coverage per area: Ofcom Connected Nations tables, "
                                   "premises points, BDUK classes; roll-ups and trends");
    add_input_flags(cmd, ctx);
    cmd->add_option("--areas", c->areas, "Area polygons (any GDAL layer or a folder of them)")
        ->required();
    cmd->add_option("--area-layer", c->area_layer, "Layer name in --areas");
    cmd->add_option("--area-id", c->area_id,
                    "Area code field, matched to the coverage codes (e.g. areacd, LAD24CD, OA21CD)")
        ->required();
    cmd->add_option("--area-name", c->area_name, "Area name field, copied to the outputs");
    cmd->add_option("--coverage", c->coverage,
                    "Ofcom coverage tables (CSV), comma-separated or repeated; the order is the "
                    "release order")
        ->delimiter(',');
    cmd->add_option("--release", c->releases,
                    "Release label of each --coverage file (default: from the file name, "
                    "2016_data.csv -> 2016)")
        ->delimiter(',');
    cmd->add_option("--level", c->level, "Geography of the coverage tables: laua, oa or postcode")
        ->capture_default_str();
    cmd->add_option("--code-field", c->code_field,
                    "Code column of the tables (default: the published one: laua/laua_code, "
                    "oa11cd..., postcode...)");
    cmd->add_option("--lookup", c->lookup,
                    "Old code -> new code CSV (default for laua: the built-in LAD boundary changes "
                    "2019-2023; 'none' for no lookup)");
    cmd->add_option("--lookup-from", c->lookup_from, "Old-code column of --lookup")
        ->capture_default_str();
    cmd->add_option("--lookup-to", c->lookup_to, "New-code column of --lookup")
        ->capture_default_str();
    cmd->add_option("--premises", c->premises,
                    "Premises points (any GDAL point layer or a CSV with coordinates)");
    cmd->add_option("--premises-layer", c->premises_layer, "Layer name in --premises");
    cmd->add_option("--premises-down", c->premises_down,
                    "Download speed field of --premises (Mbit/s)");
    cmd->add_option("--premises-up", c->premises_up,
                    "Upload speed field of --premises (Mbit/s; for the USO's 1 Mbit/s up)");
    cmd->add_option("--premises-tech", c->premises_tech,
                    "Technology field of --premises (FTTP/FTTH = full fibre)");
    cmd->add_option("--premises-bduk", c->premises_bduk,
                    "BDUK class field of --premises (White, Grey, Black, Under review)");
    cmd->add_option("--premises-release", c->premises_release,
                    "Release label of the premises counts")
        ->capture_default_str();
    cmd->add_option("--coverage-polygons", c->polygons,
                    "Coverage polygons (any GDAL polygon layer): premises inside have --coverage-polygons-tier");
    cmd->add_option("--coverage-polygons-layer", c->polygons_layer, "Layer name in --coverage-polygons");
    cmd->add_option("--coverage-polygons-id", c->polygons_id, "A field with a value per polygon (e.g. OBJECTID)");
    cmd->add_option("--coverage-polygons-tier", c->polygons_tier, "Tier the polygons show (e.g. gigabit, full_fibre)")
        ->capture_default_str();
    cmd->add_option("--coverage-polygons-release", c->polygons_release, "Release label of the polygon counts")
        ->capture_default_str();
    cmd->add_option("--bduk", c->bduk,
                    "BDUK classes table (CSV) keyed by the --level code (postcode, OA or LA)");
    cmd->add_option("--bduk-key", c->bduk_key, "Code column of --bduk");
    cmd->add_option("--bduk-class", c->bduk_class, "Class column of --bduk");
    cmd->add_option("--bduk-premises", c->bduk_premises,
                    "Premises count column of --bduk (default: one premises per row)");
    cmd->add_option("--aggregate-to", c->aggregate_to,
                    "Coarser polygons to roll up to, by containment of each area's point on "
                    "surface (repeatable)");
    cmd->add_option("--aggregate-id", c->aggregate_id, "Id field of each --aggregate-to");
    cmd->add_option("--aggregate-name", c->aggregate_name,
                    "Name of each --aggregate-to geography (default: file name)");
    cmd->add_option("--aggregate-code", c->aggregate_code,
                    "Also roll up by the codes in this area field, without polygons (e.g. rgncd, "
                    "utlacd); repeatable");
    cmd->add_option(
           "--superfast-mbps", c->options.superfast_mbps,
           "Superfast threshold: 30 (Ofcom) or 24 (older BDUK contracts; premises speeds only)")
        ->capture_default_str();
    cmd->add_option("--ultrafast-mbps", c->options.ultrafast_mbps,
                    "Ultrafast threshold: 300 (Ofcom) or 100 (UK government)")
        ->capture_default_str();
    cmd->add_option("--assume-crs", c->assume_crs, "CRS for inputs that declare none");
    cmd->add_option("-o,--output", c->output,
                    "Output GeoPackage (EPSG:27700; a CSV per layer is written beside it)")
        ->required();
    cmd->callback([c, &ctx, &action] {
        c->lookups_dir = ctx.lookups_dir;
        action = [c, &ctx] { return run_coverage(*c, ctx); };
    });
}

}  // namespace midlink::cli
