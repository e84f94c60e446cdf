#pragma once
// Digital corridors and the digital-corridor gap score (metrics.md §4; our own composite,
// labelled as such). Each corridor line is cut into segments; each segment's catchment (a
// buffer, partitioned between segments) takes the coverage of the areas it overlaps by
// areal weighting, or counts premises points; runs of segments below a threshold are the
// gaps. Per area and corridor, the score combines the corridor's exposure with the
// transport and digital gaps.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "midlink/analysis/digital_gaps.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/core/enum_names.hpp"
#include "midlink/core/features.hpp"
#include "midlink/core/layer_data.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// How the transport measure reads: a time (higher is worse) or an opportunity count.
enum class AccessKind { Time, Opportunity };
inline constexpr EnumName<AccessKind> kAccessKinds[] = {{"time", AccessKind::Time},
                                                        {"opportunity", AccessKind::Opportunity}};
/// How the transport and digital gaps combine into the score.
enum class GapCombine { Sum, Product };
inline constexpr EnumName<GapCombine> kGapCombines[] = {{"sum", GapCombine::Sum}, {"product", GapCombine::Product}};

/// Options of `midlink gaps` (docs/cli/gaps.md); the CLI binds straight into it.
struct GapsConfig {
    std::string corridors;
    std::string corridors_layer;
    std::string corridor_name = "name";
    std::string corridor_weight;  // numeric field on the corridor lines; empty = 1
    std::string coverage;
    std::string coverage_layer = "coverage";
    std::string coverage_id = "area_code";
    std::string release;  // empty = the latest in the layer
    std::string measure = "gigabit";
    double segment_km = 1.0;
    double buffer_km = 2.0;
    double threshold_pct = 50.0;
    std::string premises;  // premises points: counted directly in each catchment
    std::string premises_layer;
    std::string premises_down;  // download speed field (Mbit/s)
    double covered_mbps = 0.0;  // 0: from --measure (analysis::tier_download_mbps)
    std::string access;
    std::string access_layer;
    std::string access_id = "id";
    std::string access_field;
    std::string access_kind = "time";  // kAccessKinds
    double access_ref_pct = 90.0;
    analysis::GapWeights weights;  // `product` is set from `combine`
    std::string combine = "sum";   // kGapCombines
    std::string output;
};

struct GapSegment {
    std::string corridor;
    std::size_t part = 0;
    std::size_t seq = 0;  // 1-based along the corridor part
    double from_km = 0.0, to_km = 0.0;
    analysis::SegmentCoverage coverage;
    bool in_gap = false;
    LineString line;
};

struct GapRunLine {
    std::string corridor;
    std::size_t part = 0;
    analysis::GapRun run;
    LineString line;
};

struct GapScore {
    std::uint32_t area = 0;  // index into GapsStudy::areas
    std::string corridor;
    double exposure = 0.0, transport = 0.0, digital = 0.0, score = 0.0;
};

namespace gaps_layers {
inline constexpr const char* kSegments = "segments";
inline constexpr const char* kGaps = "gaps";
inline constexpr const char* kScores = "gap_scores";
inline constexpr const char* kMethod = "gap_method";
}  // namespace gaps_layers

struct GapsStudy {
    std::vector<AreaFeature> areas;     // the coverage layer's areas of the release used
    std::string release;                // "" when the layer has no release column
    std::vector<double> transport_value;  // per area, NaN without --access
    std::vector<GapSegment> segments;   // corridor by corridor
    std::vector<GapRunLine> runs;
    std::vector<GapScore> scores;       // by score, descending; NaN scores last
    std::vector<std::pair<std::string, std::string>> method;  // how the score was made
    Diagnostics diagnostics;

    /// The layers write_gaps writes (segments, gaps, gap_scores, gap_method), EPSG:27700.
    [[nodiscard]] std::vector<LayerData> tables() const;
};

/// Option values and pairs, without reading a file. Throws ConfigError.
void check_gaps_config(const GapsConfig& cfg);
/// Reads and checks every input, then does the geometry work. Writes no file.
GapsStudy compute_gaps(const GapsConfig& cfg, const Context& ctx);
/// The four layers into cfg.output, a member of `set` (the caller commits it).
void write_gaps(const GapsStudy& study, const GapsConfig& cfg, const Context& ctx, io::OutputSet& set);
/// `midlink gaps`: checks, the output's lock, compute, write. Returns 0.
int run_gaps(const GapsConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
