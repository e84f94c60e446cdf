#pragma once
// Digital corridors (metrics.md §4, our own method): a corridor line cut into fixed-length
// segments, each given the broadband coverage of the premises in its catchment by areal
// weighting of area-level counts, and runs of segments below a threshold reported as gaps.
// Pure: the catchment overlaps come from io::segment_catchments.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"

namespace midlink::analysis {

/// Consecutive pieces of `line` of `segment_m` each (the last one shorter), following its
/// vertices. A line shorter than one segment gives one piece.
std::vector<LineString> cut_line(const LineString& line, double segment_m);

/// Premises and covered premises of one area (covered: those with the tier measured).
/// NaN premises or covered: withheld/unknown, the area adds nothing to the share's
/// numerator or denominator but is reported as unknown.
struct AreaCounts {
    double premises = 0.0;
    double covered = 0.0;
};

struct Overlap {
    std::uint32_t area = 0;
    double overlap_m2 = 0.0;
};

struct SegmentCoverage {
    double premises = 0.0;          // areal-weighted premises in the catchment (known areas)
    double covered = 0.0;           // areal-weighted covered premises
    double unknown_premises_m2 = 0.0;  // catchment area over areas with unknown counts
    std::vector<std::uint32_t> areas;  // areas the catchment overlaps, ascending
    /// covered / premises; NaN when there are no premises with known counts.
    [[nodiscard]] double share() const;
};

/// Areal weighting: each overlapped area gives premises × overlap / area size.
SegmentCoverage weight_segment(std::span<const Overlap> overlaps, std::span<const AreaCounts> areas,
                               std::span<const double> area_m2);

struct GapRun {
    std::size_t first = 0, last = 0;  // segment indices, inclusive
    double from_km = 0.0, to_km = 0.0;
    double premises = 0.0, covered = 0.0;
    std::vector<std::uint32_t> areas;  // union over the run, ascending
    [[nodiscard]] double length_km() const { return to_km - from_km; }
    [[nodiscard]] double share() const;
};

/// Maximal runs of consecutive segments whose share is below `threshold` (a fraction).
/// A segment without known premises neither starts nor continues a run.
std::vector<GapRun> find_gap_runs(std::span<const SegmentCoverage> segments, std::span<const double> segment_km,
                                  double threshold);

// --- the digital-corridor gap score per area (ours; metrics.md §4) -----------------------

struct GapWeights {
    double below_uso = 1.0 / 3;  // w1 on the share below the USO
    double not_gigabit = 1.0 / 3;  // w2 on the share without gigabit
    double white = 1.0 / 3;      // w3 on the share in BDUK white areas
    double transport = 0.5;      // weight of the transport gap in the combination
    double digital = 0.5;        // weight of the digital gap
    bool product = false;        // T × D instead of the weighted sum
};

/// w1·belowUSO + w2·(1 − gigabit) + w3·white over the weights of known shares (each a
/// fraction); NaN when none is known.
double digital_gap(double below_uso, double gigabit, double white, const GapWeights& w);

/// Time-like measures (higher is worse): the share of areas with a strictly smaller value
/// (0 = best area, towards 1 = worst). Opportunity-like (higher is better): max(0,
/// 1 − A / A_ref) with A_ref the given percentile of the values. NaN stays NaN.
std::vector<double> transport_gaps(std::span<const double> values, bool time_like, double ref_percentile = 90.0);

/// exposure × (wT·T + wD·D), or exposure × T × D with `product`; NaN when a part is NaN.
double gap_score(double exposure, double transport_gap, double digital_gap, const GapWeights& w);

}  // namespace midlink::analysis
