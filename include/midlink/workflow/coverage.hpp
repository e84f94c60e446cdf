#pragma once
// Broadband coverage per area (metrics.md §2): Ofcom Connected Nations tables, premises
// points, coverage polygons and BDUK classes, matched to areas through code lookups,
// rolled up to coarser geographies and compared between releases.
//
//   CoverageStudy s = compute_coverage(cfg, ctx);  // reads inputs, writes nothing
//   auto tables = s.tables();                       // the output layers as plain columns
//   write_coverage(s, cfg, ctx, set);               // the GeoPackage and its CSVs
//   run_coverage(cfg, ctx);                         // what `midlink coverage` does
#include <string>
#include <vector>

#include "midlink/analysis/coverage.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// Options of `midlink coverage` (docs/cli/coverage.md); the CLI binds straight into it.
struct CoverageConfig {
    std::string areas;
    std::string area_layer;
    std::string area_id;
    std::string area_name;
    std::vector<std::string> coverage;  // Ofcom tables
    std::vector<std::string> releases;  // labels, in the order of --coverage
    std::string level = "laua";         // kCoverageLevelNames
    std::string code_field;
    std::string lookup;  // "" = built-in for laua, "none" = no lookup
    std::string lookup_from = "from_code";
    std::string lookup_to = "to_code";
    std::string premises;
    std::string premises_layer;
    std::string premises_down;
    std::string premises_up;
    std::string premises_tech;
    std::string premises_bduk;
    std::string premises_release = "premises";
    std::string polygons;  // coverage polygons (a footprint where a tier is available)
    std::string polygons_layer;
    std::string polygons_id;  // any field with a value per polygon
    std::string polygons_tier = "gigabit";
    std::string polygons_release = "polygons";
    std::string bduk;
    std::string bduk_key;
    std::string bduk_class;
    std::string bduk_premises;
    std::vector<std::string> aggregate_to;
    std::vector<std::string> aggregate_id;
    std::vector<std::string> aggregate_name;
    std::vector<std::string> aggregate_code;  // area fields to group by without polygons
    analysis::CoverageOptions options;
    std::string assume_crs;
    std::string output;
    std::string lookups_dir;  // where the built-in lookup lives ("" = the context's)
};

/// One geography: its areas and, per release, each area's coverage (null = absent).
struct CoverageGeography {
    std::string name;
    bool spatial = true;
    std::vector<AreaFeature> areas;
    std::vector<std::string> names;                          // display names ("" = none)
    std::vector<std::vector<analysis::AreaCoverage>> owned;  // roll-ups, per release
    std::vector<std::vector<const analysis::AreaCoverage*>> by_release;  // [release][area]
};

struct UnmatchedCode {
    std::string release;
    std::string side;  // "area" (an area the release lacks) or "release" (a code no area has)
    std::string code;
    std::string name;
    std::string reason;
};

/// Layer names of the coverage output (docs/outputs.md). Roll-up geographies add
/// "_<geography>" to the first two.
namespace coverage_layers {
inline constexpr const char* kCoverage = "coverage";
inline constexpr const char* kTrend = "trend";
inline constexpr const char* kUnmatched = "unmatched";
inline constexpr const char* kColumns = "coverage_columns";
}  // namespace coverage_layers

/// A computed study. Holds pointers into itself (by_release): move it, never copy it.
struct CoverageStudy {
    std::vector<std::string> releases;  // labels, in input order
    std::vector<std::string> sources;
    std::vector<analysis::KeyedCoverage> keyed;  // per release (owns level-0 coverage)
    std::vector<CoverageGeography> geographies;  // [0] = the areas themselves
    std::vector<UnmatchedCode> unmatched;
    analysis::CoverageOptions options;
    Diagnostics diagnostics;

    CoverageStudy() = default;
    CoverageStudy(CoverageStudy&&) = default;
    CoverageStudy& operator=(CoverageStudy&&) = default;
    CoverageStudy(const CoverageStudy&) = delete;
    CoverageStudy& operator=(const CoverageStudy&) = delete;

    /// The layers write_coverage writes, same names, columns and rows (areas in EPSG:27700).
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// The checks that need no file: option values, pairs of options given together, names of
/// tiers and levels. Throws ConfigError.
void check_coverage_config(const CoverageConfig& cfg);

/// Reads every input and computes coverage per area, release and geography. Writes no
/// file; messages go through `ctx`. Throws ConfigError, InputError.
CoverageStudy compute_coverage(const CoverageConfig& cfg, const Context& ctx);

/// The layers and a CSV beside each, plus the diagnostics CSV, as members of `set` (the
/// caller commits it). cfg.output names the GeoPackage.
void write_coverage(const CoverageStudy& study, const CoverageConfig& cfg, const Context& ctx, io::OutputSet& set);

/// `midlink coverage`: checks, takes the output's lock, computes, writes. Returns 0.
int run_coverage(const CoverageConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
