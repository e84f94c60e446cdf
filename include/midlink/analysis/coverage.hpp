#pragma once
// Broadband coverage per area (metrics.md §2): shares recomputed from premises counts,
// premises-weighted roll-up to coarser areas and through boundary lookups, tier counts
// from premises points, and change between releases. Pure: no files, no geometry.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/coverage.hpp"
#include "midlink/core/diagnostics.hpp"

namespace midlink::analysis {

struct CoverageOptions {
    int superfast_mbps = 30;   // 30 (Ofcom) or 24 (older BDUK contracts)
    int ultrafast_mbps = 300;  // 300 (Ofcom) or 100 (UK government)
};

/// Throws ConfigError for thresholds other than the official ones.
void check_coverage_options(const CoverageOptions& options);

/// The tier an output column stands for: "ultrafast" is Ultrafast300 or Ultrafast100 as
/// chosen; the other ultrafast tier is not written.
struct OutputTier {
    const char* name;
    CoverageTier tier;
};
std::vector<OutputTier> output_tiers(const CoverageOptions& options);

/// Ofcom's thresholds applied to a published table: its tables give superfast at 30 Mbit/s
/// only, so at 24 the tier is withdrawn (NULL, never another threshold's count); a table
/// without a 100 Mbit/s column leaves ultrafast100 NULL. Both are diagnosed.
void apply_published_thresholds(CoverageRelease& release, const CoverageOptions& options,
                                Diagnostics& diagnostics);

/// The download speed (Mbit/s) at which a premises has a speed tier, by column stem:
/// gigabit 1000, ultrafast300 300, ultrafast100 100, superfast 30. NaN for tiers that are
/// not a download threshold (full_fibre, bduk_white, ...).
double tier_download_mbps(std::string_view tier_name);

/// Coverage of one area after recomputation. A tier's count and share come from the
/// components (records rolled into the area) whose count and premises are both known;
/// components whose value was withheld are counted in `withheld` and left out, so a share
/// is never diluted by a suppressed value read as zero.
struct AreaCoverage {
    double premises = std::nan("");  // sum of known premises
    std::array<double, kCoverageTierCount> count{};
    std::array<double, kCoverageTierCount> basis{};  // premises behind count (share denominator)
    std::array<double, kCoverageTierCount> pct{};    // 100 count / basis, or the published share
    std::array<std::uint32_t, kCoverageTierCount> withheld{};
    std::array<bool, kCoverageTierCount> published{};
    std::array<bool, kCoverageTierCount> pct_published_only{};  // share taken as published
    std::uint32_t components = 0;
    std::uint32_t premises_withheld = 0;  // components with suppressed/invalid premises
    double unknown_speed = 0.0;
    double unknown_technology = 0.0;
    double unknown_bduk = 0.0;
    std::vector<std::string> merged_from;

    AreaCoverage();
    [[nodiscard]] bool empty() const { return components == 0; }
};

/// One record as an area. With counts and premises the share is recomputed (Ofcom's own
/// share columns are not always the count's: 2019 "SFBB availability" is the 30-300 band);
/// with a published share and no count the share is kept as published (and weighs by
/// premises in roll-ups when the premises count is known).
AreaCoverage area_coverage(const CoverageRecord& record);

/// Premises-weighted roll-up, the coverage weighting of the shared roll-up (area_rollup.hpp):
/// `group[i]` (or -1) is the coarse area of fine[i] (same length). Counts and
/// premises are summed; shares are recomputed from the sums, never averaged. A fine area
/// with a published share but no premises count cannot be weighted and is withheld.
std::vector<AreaCoverage> roll_up(const std::vector<const AreaCoverage*>& fine,
                                  const std::vector<std::int64_t>& group, std::size_t groups);

/// Old code -> new code (boundary changes, or postcode -> output area).
using CodeLookup = std::multimap<std::string, std::string>;

/// A release keyed by code after lookups: codes absent from the release that a lookup
/// builds from old codes are rolled up from them (summing counts). `consumed` gets the old
/// codes used. A new code the release already has is kept as published. With `wanted`,
/// only those new codes are built (old codes of other areas stay as they are).
struct KeyedCoverage {
    std::map<std::string, AreaCoverage> by_code;
    std::map<std::string, std::string> names;
    std::vector<std::string> consumed;  // old codes rolled into new ones
};
KeyedCoverage key_release(const CoverageRelease& release, const CodeLookup& lookup,
                          Diagnostics& diagnostics,
                          const std::vector<std::string>* wanted = nullptr);

/// Which releases hold each wanted code, and which release codes nobody wanted.
struct CoverageMatch {
    std::vector<const AreaCoverage*> by_area;  // null when the release lacks the area
    std::vector<std::string> unmatched_areas;
    std::vector<std::string> unmatched_codes;  // release codes (after lookups) not wanted
};
CoverageMatch match_areas(const KeyedCoverage& keyed, const std::vector<std::string>& area_codes);

/// Counts premises into `areas` records by `area_of[i]` (-1 = outside every area, not
/// counted). Speed tiers use the thresholds in options; premises with an unknown speed
/// (technology, class) are left out of those tiers' shares and counted as unknown.
/// Unrecognised BDUK classes are diagnosed.
CoverageRelease count_premises(const std::vector<PremisesStatus>& premises,
                               const std::vector<std::int64_t>& area_of,
                               const std::vector<std::string>& area_codes,
                               const CoverageOptions& options, bool have_speed, bool have_up,
                               bool have_technology, bool have_bduk, Diagnostics& diagnostics);

/// Change of each tier's share between the first and the last release in which it is
/// known for the area (a tier may start later: Ofcom published full fibre from 2017).
struct TierTrend {
    int first = -1;  // release index, -1 when known in fewer than two releases
    int last = -1;
    double first_pct = std::nan("");
    double last_pct = std::nan("");
    [[nodiscard]] double change_pp() const { return last_pct - first_pct; }
};
/// per_release[r] is the area in release r (null when absent).
std::array<TierTrend, kCoverageTierCount> tier_trends(
    const std::vector<const AreaCoverage*>& per_release);

}  // namespace midlink::analysis
