// The layers of a coverage study: per geography a coverage layer (one row per area and
// release) and a trend layer, the unmatched codes of both sides, and what each column
// means. Defined once here; write_coverage and CoverageStudy::tables() both use them.
#include <array>

#include "coverage_layers.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/output_paths.hpp"

namespace midlink::workflow::detail {
namespace {
using io::FieldDef;
using io::FieldType;
using io::FieldValue;
using io::real_or_null;

std::string join(const std::vector<std::string>& v, const char* sep = ";") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::vector<FieldDef> coverage_fields(const CoverageLayout& layout) {
    std::vector<FieldDef> fields{{"area_code", FieldType::String},
                                 {"area_name", FieldType::String},
                                 {"release", FieldType::String},
                                 {"source", FieldType::String},
                                 {"matched", FieldType::Integer},
                                 {"merged_from", FieldType::String},
                                 {"components", FieldType::Integer},
                                 {"premises", FieldType::Integer64},  // a count: whole
                                 {"premises_withheld", FieldType::Integer},
                                 {"superfast_mbps", FieldType::Integer},
                                 {"ultrafast_mbps", FieldType::Integer}};
    for (const auto& t : layout.tiers) {
        fields.push_back({std::string(t.name) + "_premises", FieldType::Real});
        fields.push_back({std::string(t.name) + "_pct", FieldType::Real});
    }
    for (const char* f : {"withheld", "share_as_published"}) fields.push_back({f, FieldType::String});
    for (const char* f : {"unknown_speed", "unknown_technology", "unknown_bduk"}) fields.push_back({f, FieldType::Real});
    return fields;
}

std::vector<FieldDef> trend_fields(const CoverageLayout& layout) {
    std::vector<FieldDef> fields{{"area_code", FieldType::String}, {"area_name", FieldType::String}};
    for (const auto& t : layout.trend_tiers) {
        const std::string n = t.name;
        for (const auto& [suffix, type] : std::vector<std::pair<std::string, FieldType>>{{"_from", FieldType::String},
                                                                                        {"_to", FieldType::String},
                                                                                        {"_pct_from", FieldType::Real},
                                                                                        {"_pct_to", FieldType::Real},
                                                                                        {"_change_pp", FieldType::Real}})
            fields.push_back({n + suffix, type});
    }
    // Suppression travels into the trend too: tier@release:n for the two ends of each trend.
    fields.push_back({"withheld", FieldType::String});
    return fields;
}

FeatureGeometry area_geometry(const CoverageGeography& geo, std::size_t a) {
    if (!geo.spatial) return {};
    return &geo.areas[a].wkb;
}

void coverage_rows(const CoverageStudy& study, const CoverageLayout& layout, const CoverageGeography& geo,
                   const RowSink& sink) {
    for (std::size_t a = 0; a < geo.areas.size(); ++a) {
        for (std::size_t r = 0; r < study.releases.size(); ++r) {
            const analysis::AreaCoverage* c = geo.by_release[r][a];
            std::vector<FieldValue> v{geo.areas[a].id, geo.names[a], study.releases[r], study.sources[r],
                                      std::int64_t{c ? 1 : 0}};
            v.push_back(c ? FieldValue{join(c->merged_from)} : FieldValue{});
            v.push_back(std::int64_t{c ? c->components : 0});
            v.push_back(c ? io::count_or_null(c->premises) : FieldValue{});
            v.push_back(std::int64_t{c ? c->premises_withheld : 0});
            v.push_back(std::int64_t{study.options.superfast_mbps});
            v.push_back(std::int64_t{study.options.ultrafast_mbps});
            std::vector<std::string> withheld;
            std::vector<std::string> as_published;
            for (const auto& t : layout.tiers) {
                const std::size_t i = tier_index(t.tier);
                v.push_back(c ? real_or_null(c->count[i]) : FieldValue{});
                v.push_back(c ? real_or_null(c->pct[i]) : FieldValue{});
                if (c && c->withheld[i] > 0) withheld.push_back(std::string(t.name) + ":" + std::to_string(c->withheld[i]));
                if (c && c->pct_published_only[i]) as_published.push_back(t.name);
            }
            v.push_back(join(withheld, ","));
            v.push_back(join(as_published, ","));
            v.push_back(c ? real_or_null(c->unknown_speed) : FieldValue{});
            v.push_back(c ? real_or_null(c->unknown_technology) : FieldValue{});
            v.push_back(c ? real_or_null(c->unknown_bduk) : FieldValue{});
            sink(v, area_geometry(geo, a));
        }
    }
}

void trend_rows(const CoverageStudy& study, const CoverageLayout& layout, std::size_t g, const RowSink& sink) {
    const auto& geo = study.geographies[g];
    for (std::size_t a = 0; a < geo.areas.size(); ++a) {
        std::vector<FieldValue> v{geo.areas[a].id, geo.names[a]};
        std::vector<std::string> withheld;
        for (const auto& t : layout.trend_tiers) {
            const std::size_t i = tier_index(t.tier);
            const auto& tr = layout.trends[g][a][i];
            if (tr.first < 0) {
                v.insert(v.end(), 5, FieldValue{});
                continue;
            }
            for (const int r : {tr.first, tr.last}) {
                const auto* c = geo.by_release[static_cast<std::size_t>(r)][a];
                if (c && c->withheld[i] > 0)
                    withheld.push_back(std::string(t.name) + "@" + study.releases[static_cast<std::size_t>(r)] + ":" +
                                       std::to_string(c->withheld[i]));
            }
            v.push_back(study.releases[static_cast<std::size_t>(tr.first)]);
            v.push_back(study.releases[static_cast<std::size_t>(tr.last)]);
            v.push_back(tr.first_pct);
            v.push_back(tr.last_pct);
            v.push_back(tr.change_pp());
        }
        v.push_back(join(withheld, ","));
        sink(v, area_geometry(geo, a));
    }
}

/// What every column means.
void column_rows(const CoverageStudy& study, const CoverageLayout& layout, const RowSink& sink) {
    const auto add = [&](const std::string& column, const std::string& definition, const std::string& source) {
        sink({column, definition, source}, {});
    };
    const std::string official = "official (metrics.md §2)";
    for (const auto& t : layout.tiers) {
        std::string def = kCoverageTiers[tier_index(t.tier)].definition;
        if (t.tier == CoverageTier::Superfast)
            def = "superfast: download >= " + std::to_string(study.options.superfast_mbps) + " Mbit/s";
        add(std::string(t.name) + "_premises", "premises " + def, official);
        add(std::string(t.name) + "_pct",
            "percent of premises, " + def + "; 100 x count / premises with a known value (recomputed, never averaged)",
            official);
    }
    add("premises", "all premises (Ofcom 'All Premises', or premises points in the area); NULL when not published",
        "input");
    add("withheld",
        "tier:n = n components had that value suppressed (blank, x, *, c, .., <3, negative) or invalid, or had no "
        "premises count to weight by; left out, never read as 0",
        "ours");
    add("share_as_published",
        "tiers whose share is the publisher's own (the release has no premises counts: Ofcom 2016, 2017)", "input");
    add("merged_from", "old codes rolled into this area by the code lookup (counts summed, shares recomputed)", "ours");
    add("<tier>_change_pp",
        "trend layers: share in the last release where known minus the first, in percentage points", "ours");
}

}  // namespace

CoverageLayout coverage_layout(const CoverageStudy& study) {
    CoverageLayout layout;
    // Tiers any input carries, in the official order.
    for (const auto& t : analysis::output_tiers(study.options)) {
        bool any = false;
        for (const auto& k : study.keyed) {
            for (const auto& [code, a] : k.by_code) any = any || a.published[tier_index(t.tier)];
        }
        if (any) layout.tiers.push_back(t);
    }
    layout.trends.resize(study.geographies.size());
    for (std::size_t g = 0; g < study.geographies.size(); ++g) {
        const auto& geo = study.geographies[g];
        for (std::size_t a = 0; a < geo.areas.size(); ++a) {
            std::vector<const analysis::AreaCoverage*> per;
            for (const auto& rel : geo.by_release) per.push_back(rel[a]);
            layout.trends[g].push_back(analysis::tier_trends(per));
        }
    }
    // Tiers with a trend for at least one area of the first geography.
    for (const auto& t : layout.tiers) {
        bool any = false;
        for (const auto& tr : layout.trends[0]) any = any || tr[tier_index(t.tier)].first >= 0;
        if (any) layout.trend_tiers.push_back(t);
    }
    return layout;
}

std::vector<StudyLayer> coverage_study_layers(const CoverageStudy& study, const CoverageLayout& layout) {
    std::vector<StudyLayer> layers;
    const auto fields = coverage_fields(layout);
    const auto tfields = trend_fields(layout);
    for (std::size_t g = 0; g < study.geographies.size(); ++g) {
        const auto& geo = study.geographies[g];
        const std::string suffix = g == 0 ? "" : "_" + geo.name;
        const auto kind = geo.spatial ? io::GeometryKind::MultiPolygon : io::GeometryKind::None;
        layers.push_back({{coverage_layers::kCoverage + suffix, kind, fields}, true, [&study, &layout, &geo](const RowSink& s) {
                              coverage_rows(study, layout, geo, s);
                          }});
        if (study.releases.size() < 2) continue;
        layers.push_back({{coverage_layers::kTrend + suffix, kind, tfields}, true,
                          [&study, &layout, g](const RowSink& s) { trend_rows(study, layout, g, s); }});
    }
    layers.push_back({{coverage_layers::kUnmatched,
                       io::GeometryKind::None,
                       {{"release", FieldType::String},
                        {"side", FieldType::String},
                        {"code", FieldType::String},
                        {"name", FieldType::String},
                        {"reason", FieldType::String}}},
                      true,
                      [&study](const RowSink& s) {
                          for (const auto& u : study.unmatched) s({u.release, u.side, u.code, u.name, u.reason}, {});
                      }});
    layers.push_back({{coverage_layers::kColumns,
                       io::GeometryKind::None,
                       {{"column", FieldType::String}, {"definition", FieldType::String}, {"source", FieldType::String}}},
                      false,
                      [&study, &layout](const RowSink& s) { column_rows(study, layout, s); }});
    return layers;
}

}  // namespace midlink::workflow::detail

namespace midlink::workflow {

std::vector<LayerData> CoverageStudy::tables() const {
    const auto layout = detail::coverage_layout(*this);
    return layer_tables(detail::coverage_study_layers(*this, layout), "EPSG:27700");
}

void write_coverage(const CoverageStudy& study, const CoverageConfig& cfg, const Context& ctx, io::OutputSet& set) {
    Step step(ctx, "writing " + cfg.output);
    const auto layout = detail::coverage_layout(study);
    LayersWithCsv layers(set, cfg.output, "EPSG:27700");
    write_layers(layers, detail::coverage_study_layers(study, layout));
    layers.commit();
    step.done(std::to_string(layout.tiers.size()) + " tiers, " + std::to_string(layout.trend_tiers.size()) +
              " with a trend");
    write_diagnostics_csv(study.diagnostics, diagnostics_csv_path(cfg.output), &set, &ctx);
}

int run_coverage(const CoverageConfig& cfg, const Context& ctx) {
    check_coverage_config(cfg);
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const CoverageStudy study = compute_coverage(cfg, ctx);
    write_coverage(study, cfg, ctx, outputs);
    outputs.commit();
    const auto& diagnostics = study.diagnostics;
    ctx.info(std::to_string(diagnostics.total()) + " diagnostics in " + diagnostics_csv_path(cfg.output));
    for (const auto& [code, count] : diagnostics.counts()) ctx.info("  " + code + ": " + std::to_string(count));
    return 0;
}

}  // namespace midlink::workflow
