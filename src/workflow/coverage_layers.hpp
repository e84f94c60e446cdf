#pragma once
// The coverage study's layers (coverage_layers.cpp), shared by its writer and tables().
#include <array>
#include <vector>

#include "midlink/workflow/coverage.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow::detail {

/// Which tiers the layers carry, and each area's trends per geography.
struct CoverageLayout {
    std::vector<analysis::OutputTier> tiers;        // tiers any input carries, official order
    std::vector<analysis::OutputTier> trend_tiers;  // of those, with a trend somewhere
    std::vector<std::vector<std::array<analysis::TierTrend, kCoverageTierCount>>> trends;  // [geo][area]
};
CoverageLayout coverage_layout(const CoverageStudy& study);

/// The layers in output order; they refer to `study` and `layout`, which must outlive them.
std::vector<StudyLayer> coverage_study_layers(const CoverageStudy& study, const CoverageLayout& layout);

}  // namespace midlink::workflow::detail
