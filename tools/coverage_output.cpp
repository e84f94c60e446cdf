// The layers `midlink coverage` writes: per geography a coverage layer (one row per area
// and release) and a trend layer, the unmatched codes of both sides, and what each column
// means. A CSV beside the GeoPackage for each layer.
#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>

#include "midlink/workflow/output_paths.hpp"
#include "coverage_job.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::cli {
namespace {
namespace fs = std::filesystem;
using io::FieldDef;
using io::FieldType;
using io::FieldValue;

using io::real_or_null;

std::string join(const std::vector<std::string>& v, const char* sep = ";") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

}  // namespace

void write_coverage_outputs(io::OutputSet& set, const CoverageConfig& cfg, const CoverageResult& result,
                            const workflow::Context& ctx) {
    workflow::Step step(ctx, "writing " + cfg.output);
    // Tiers any input carries, in the official order.
    std::vector<analysis::OutputTier> tiers;
    for (const auto& t : analysis::output_tiers(cfg.options)) {
        bool any = false;
        for (const auto& k : result.keyed) {
            for (const auto& [code, a] : k.by_code) any = any || a.published[tier_index(t.tier)];
        }
        if (any) tiers.push_back(t);
    }
    // Tiers with a trend for at least one area of the first geography.
    const auto& base = result.geographies.front();
    std::vector<analysis::OutputTier> trend_tiers;
    std::vector<std::vector<std::array<analysis::TierTrend, kCoverageTierCount>>> trends(
        result.geographies.size());
    for (std::size_t g = 0; g < result.geographies.size(); ++g) {
        const auto& geo = result.geographies[g];
        for (std::size_t a = 0; a < geo.areas.size(); ++a) {
            std::vector<const analysis::AreaCoverage*> per;
            for (const auto& rel : geo.by_release) per.push_back(rel[a]);
            trends[g].push_back(analysis::tier_trends(per));
        }
    }
    for (const auto& t : tiers) {
        bool any = false;
        for (const auto& tr : trends[0]) any = any || tr[tier_index(t.tier)].first >= 0;
        if (any) trend_tiers.push_back(t);
    }
    (void)base;

    workflow::LayersWithCsv layers(set, cfg.output, "EPSG:27700");
    io::DatasetWriter& out = layers.main();

    std::vector<FieldDef> fields{{"area_code", FieldType::String},
                                 {"area_name", FieldType::String},
                                 {"release", FieldType::String},
                                 {"source", FieldType::String},
                                 {"matched", FieldType::Integer},
                                 {"merged_from", FieldType::String},
                                 {"components", FieldType::Integer},
                                 {"premises", FieldType::Real},
                                 {"premises_withheld", FieldType::Integer},
                                 {"superfast_mbps", FieldType::Integer},
                                 {"ultrafast_mbps", FieldType::Integer}};
    for (const auto& t : tiers) {
        fields.push_back({std::string(t.name) + "_premises", FieldType::Real});
        fields.push_back({std::string(t.name) + "_pct", FieldType::Real});
    }
    for (const char* f : {"withheld", "share_as_published"})
        fields.push_back({f, FieldType::String});
    for (const char* f : {"unknown_speed", "unknown_technology", "unknown_bduk"})
        fields.push_back({f, FieldType::Real});

    std::vector<FieldDef> trend_fields{{"area_code", FieldType::String},
                                       {"area_name", FieldType::String}};
    for (const auto& t : trend_tiers) {
        const std::string n = t.name;
        for (const auto& [suffix, type] :
             std::vector<std::pair<std::string, FieldType>>{{"_from", FieldType::String},
                                                            {"_to", FieldType::String},
                                                            {"_pct_from", FieldType::Real},
                                                            {"_pct_to", FieldType::Real},
                                                            {"_change_pp", FieldType::Real}})
            trend_fields.push_back({n + suffix, type});
    }
    // Suppression travels into the trend too: tier@release:n for the two ends of each trend.
    trend_fields.push_back({"withheld", FieldType::String});

    for (std::size_t g = 0; g < result.geographies.size(); ++g) {
        const auto& geo = result.geographies[g];
        const std::string suffix = g == 0 ? "" : "_" + geo.name;
        const auto kind = geo.spatial ? io::GeometryKind::MultiPolygon : io::GeometryKind::None;
        layers.write("coverage" + suffix, kind, fields, [&](io::DatasetWriter& w, bool spatial) {
            for (std::size_t a = 0; a < geo.areas.size(); ++a) {
                for (std::size_t r = 0; r < result.releases.size(); ++r) {
                    const analysis::AreaCoverage* c = geo.by_release[r][a];
                    std::vector<FieldValue> v{geo.areas[a].id, geo.names[a], result.releases[r],
                                              result.sources[r], std::int64_t{c ? 1 : 0}};
                    v.push_back(c ? FieldValue{join(c->merged_from)} : FieldValue{});
                    v.push_back(std::int64_t{c ? c->components : 0});
                    v.push_back(c ? real_or_null(c->premises) : FieldValue{});
                    v.push_back(std::int64_t{c ? c->premises_withheld : 0});
                    v.push_back(std::int64_t{cfg.options.superfast_mbps});
                    v.push_back(std::int64_t{cfg.options.ultrafast_mbps});
                    std::vector<std::string> withheld;
                    std::vector<std::string> as_published;
                    for (const auto& t : tiers) {
                        const std::size_t i = tier_index(t.tier);
                        v.push_back(c ? real_or_null(c->count[i]) : FieldValue{});
                        v.push_back(c ? real_or_null(c->pct[i]) : FieldValue{});
                        if (c && c->withheld[i] > 0)
                            withheld.push_back(std::string(t.name) + ":" +
                                               std::to_string(c->withheld[i]));
                        if (c && c->pct_published_only[i]) as_published.push_back(t.name);
                    }
                    v.push_back(join(withheld, ","));
                    v.push_back(join(as_published, ","));
                    v.push_back(c ? real_or_null(c->unknown_speed) : FieldValue{});
                    v.push_back(c ? real_or_null(c->unknown_technology) : FieldValue{});
                    v.push_back(c ? real_or_null(c->unknown_bduk) : FieldValue{});
                    if (spatial && geo.spatial)
                        w.add_wkb(geo.areas[a].wkb, v);
                    else
                        w.add(v);
                }
            }
        });
        if (result.releases.size() < 2) continue;
        layers.write("trend" + suffix, kind, trend_fields, [&](io::DatasetWriter& w, bool spatial) {
            for (std::size_t a = 0; a < geo.areas.size(); ++a) {
                std::vector<FieldValue> v{geo.areas[a].id, geo.names[a]};
                std::vector<std::string> withheld;
                for (const auto& t : trend_tiers) {
                    const std::size_t i = tier_index(t.tier);
                    const auto& tr = trends[g][a][i];
                    if (tr.first < 0) {
                        v.insert(v.end(), 5, FieldValue{});
                        continue;
                    }
                    for (const int r : {tr.first, tr.last}) {
                        const auto* c = geo.by_release[static_cast<std::size_t>(r)][a];
                        if (c && c->withheld[i] > 0)
                            withheld.push_back(std::string(t.name) + "@" +
                                               result.releases[static_cast<std::size_t>(r)] + ":" +
                                               std::to_string(c->withheld[i]));
                    }
                    v.push_back(result.releases[static_cast<std::size_t>(tr.first)]);
                    v.push_back(result.releases[static_cast<std::size_t>(tr.last)]);
                    v.push_back(tr.first_pct);
                    v.push_back(tr.last_pct);
                    v.push_back(tr.change_pp());
                }
                v.push_back(join(withheld, ","));
                if (spatial && geo.spatial)
                    w.add_wkb(geo.areas[a].wkb, v);
                else
                    w.add(v);
            }
        });
    }

    layers.write("unmatched", io::GeometryKind::None,
                {{"release", FieldType::String},
                 {"side", FieldType::String},
                 {"code", FieldType::String},
                 {"name", FieldType::String},
                 {"reason", FieldType::String}},
                [&](io::DatasetWriter& w, bool) {
                    for (const auto& u : result.unmatched)
                        w.add({u.release, u.side, u.code, u.name, u.reason});
                });

    // What every column means.
    out.begin_layer({"coverage_columns",
                     io::GeometryKind::None,
                     {{"column", FieldType::String},
                      {"definition", FieldType::String},
                      {"source", FieldType::String}}});
    const std::string official = "official (metrics.md §2)";
    for (const auto& t : tiers) {
        std::string def = kCoverageTiers[tier_index(t.tier)].definition;
        if (t.tier == CoverageTier::Superfast)
            def =
                "superfast: download >= " + std::to_string(cfg.options.superfast_mbps) + " Mbit/s";
        out.add({std::string(t.name) + "_premises", "premises " + def, official});
        out.add({std::string(t.name) + "_pct",
                 "percent of premises, " + def +
                     "; 100 x count / premises with a known value (recomputed, never averaged)",
                 official});
    }
    out.add({std::string("premises"),
             std::string("all premises (Ofcom 'All Premises', or premises points in the area); "
                         "NULL when not published"),
             std::string("input")});
    out.add(
        {std::string("withheld"),
         std::string(
             "tier:n = n components had that value suppressed (blank, x, *, c, .., <3, negative) "
             "or invalid, or had no premises count to weight by; left out, never read as 0"),
         std::string("ours")});
    out.add({std::string("share_as_published"),
             std::string("tiers whose share is the publisher's own (the release has no premises "
                         "counts: Ofcom 2016, 2017)"),
             std::string("input")});
    out.add({std::string("merged_from"),
             std::string("old codes rolled into this area by the code lookup (counts summed, "
                         "shares recomputed)"),
             std::string("ours")});
    out.add({std::string("<tier>_change_pp"),
             std::string("trend layers: share in the last release where known minus the first, in "
                         "percentage points"),
             std::string("ours")});
    layers.commit();
    step.done(std::to_string(tiers.size()) + " tiers, " + std::to_string(trend_tiers.size()) +
              " with a trend");
}

}  // namespace midlink::cli
