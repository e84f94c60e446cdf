#pragma once
// The inputs of a coverage study, each read as one release: Ofcom tables, premises points
// counted into the areas, coverage polygons, BDUK classes; and the code lookup.
#include <string>
#include <vector>

#include "midlink/workflow/coverage.hpp"

namespace midlink::workflow::detail {

/// The --areas layer as the study's first geography, and each area's code as matched.
struct CoverageAreas {
    CoverageGeography geography;
    std::vector<std::string> codes;  // normalised (postcodes without blanks, upper case)
};
CoverageAreas read_coverage_areas(const CoverageConfig& cfg, const Context& ctx, Diagnostics& diagnostics);

/// Every input as a release, in the order tables, premises, polygons, BDUK.
std::vector<CoverageRelease> read_coverage_releases(const CoverageConfig& cfg, const CoverageAreas& areas,
                                                    const Context& ctx, Diagnostics& diagnostics);

/// Old code -> new code: --lookup, the built-in LAD changes for laua, or none.
analysis::CodeLookup read_coverage_lookup(const CoverageConfig& cfg, const Context& ctx, Diagnostics& diagnostics);

}  // namespace midlink::workflow::detail
