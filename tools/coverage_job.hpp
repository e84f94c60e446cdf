#pragma once
// `midlink coverage`: configuration and what the output needs. Options in cmd_coverage.cpp,
// layers in coverage_output.cpp.
#include <string>
#include <vector>

#include "midlink/workflow/context.hpp"
#include "midlink/analysis/coverage.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/io/output_set.hpp"

namespace midlink::cli {

struct CoverageConfig {
    std::string areas;
    std::string area_layer;
    std::string area_id;
    std::string area_name;
    std::vector<std::string> coverage;  // Ofcom tables
    std::vector<std::string> releases;  // labels, in the order of --coverage
    std::string level = "laua";
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
    std::string polygons;          // coverage polygons (a footprint where a tier is available)
    std::string polygons_layer;
    std::string polygons_id;       // any field with a value per polygon
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
    std::string lookups_dir;  // where the built-in lookup lives
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

struct CoverageResult {
    std::vector<std::string> releases;  // labels, in input order
    std::vector<std::string> sources;
    std::vector<analysis::KeyedCoverage> keyed;  // per release (owns level-0 coverage)
    std::vector<CoverageGeography> geographies;  // [0] = the --areas themselves
    std::vector<UnmatchedCode> unmatched;
    Diagnostics diagnostics;
};

/// Writes the layers and their CSVs as members of `set` (the caller commits it).
void write_coverage_outputs(io::OutputSet& set, const CoverageConfig& cfg, const CoverageResult& result,
                            const workflow::Context& ctx);

}  // namespace midlink::cli
