// compute_gaps: every input read and checked before the geometry work starts; then per
// corridor its segments, catchments, coverage and gap runs; then the score per area and
// corridor.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "gaps_values.hpp"
#include "midlink/analysis/coverage.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_values.hpp"
#include "midlink/io/line_features.hpp"
#include "midlink/io/segment_catchment.hpp"
#include "midlink/workflow/gaps.hpp"

namespace midlink::workflow {
namespace {
using detail::kNaN;
using detail::number_or_nan;
using detail::number_or_nan_text;

analysis::GapWeights weights_of(const GapsConfig& cfg) {
    analysis::GapWeights w = cfg.weights;
    w.product = parse_enum(cfg.combine, kGapCombines, "--combine") == GapCombine::Product;
    return w;
}

/// The coverage layer's areas of the chosen release (the latest by default).
void read_coverage_areas(const GapsConfig& cfg, const Context& ctx, GapsStudy& study) {
    const auto fields = io::layer_fields(cfg.coverage, cfg.coverage_layer);
    const auto has = [&](const std::string& f) { return std::find(fields.begin(), fields.end(), f) != fields.end(); };
    const std::string covered_field = cfg.measure + "_premises";
    for (const std::string& f : {cfg.coverage_id, std::string("premises"), covered_field}) {
        if (!has(f))
            throw ConfigError(cfg.coverage + " (layer " + cfg.coverage_layer + ") has no field '" + f +
                              "': give the coverage GeoPackage `midlink coverage` wrote, and a --measure it has");
    }
    io::AreaLayerOptions ao;
    ao.input = ctx.input_policy();
    ao.path = cfg.coverage;
    ao.layer = cfg.coverage_layer;
    ao.id_field = cfg.coverage_id;
    study.release = cfg.release;
    if (has("release")) {
        const auto releases = io::distinct_values(cfg.coverage, cfg.coverage_layer, "release");
        if (study.release.empty() && !releases.empty()) study.release = releases.back();
        if (std::find(releases.begin(), releases.end(), study.release) == releases.end())
            throw ConfigError("--release '" + study.release + "' is not in " + cfg.coverage);
        std::string quoted;
        for (char ch : study.release) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
        ao.where = "release = '" + quoted + "'";
    }
    ao.keep_fields = {"premises", covered_field};
    for (const char* f : {"below_uso_pct", "gigabit_pct", "bduk_white_pct", "area_name"})
        if (has(f)) ao.keep_fields.emplace_back(f);
    study.areas = io::read_areas(ao, study.diagnostics);
}

struct PremisesPoints {
    std::vector<Point> xy;
    std::vector<double> down_mbps;
    double covered_mbps = 0.0;
};

/// Premises points, when given, are counted in each catchment instead of areal weighting.
PremisesPoints read_premises(const GapsConfig& cfg, const Context& ctx, Diagnostics& diag) {
    PremisesPoints out;
    out.covered_mbps = cfg.covered_mbps;
    if (cfg.premises.empty()) return out;
    if (out.covered_mbps <= 0.0) {
        out.covered_mbps = analysis::tier_download_mbps(cfg.measure);
        if (std::isnan(out.covered_mbps))
            throw ConfigError("--premises with --measure " + cfg.measure + ": give --covered-mbps");
    }
    io::PointLayerOptions po;
    po.input = ctx.input_policy();
    po.path = cfg.premises;
    po.layer = cfg.premises_layer;
    po.keep_fields = {cfg.premises_down};
    for (const auto& p : io::read_points(po, diag)) {
        out.xy.push_back(p.xy);
        out.down_mbps.push_back(number_or_nan_text(p.attributes.empty() ? "" : p.attributes.front().second));
    }
    return out;
}

/// The transport gap per area from the accessibility table (NaN without --access).
std::vector<double> read_transport(const GapsConfig& cfg, const Context& ctx, GapsStudy& study) {
    std::vector<double> transport(study.areas.size(), kNaN);
    study.transport_value.assign(study.areas.size(), kNaN);
    if (cfg.access.empty()) return transport;
    io::ValueTableOptions vo;
    vo.input = ctx.input_policy();
    vo.path = cfg.access;
    vo.layer = cfg.access_layer;
    vo.key_field = cfg.access_id;
    vo.value_field = cfg.access_field;
    vo.sum_duplicates = false;
    const auto table = io::read_value_table(vo, study.diagnostics);
    std::vector<std::string> codes;
    for (const auto& a : study.areas) codes.push_back(a.id);
    const auto match = io::match_codes(codes, table);
    if (!match.unmatched_wanted.empty())
        ctx.info(std::to_string(match.unmatched_wanted.size()) + " coverage areas have no row in " + cfg.access +
                 " (transport gap NULL), e.g. " + match.unmatched_wanted.front());
    study.transport_value = match.values;
    const bool time_like = parse_enum(cfg.access_kind, kAccessKinds, "--access-kind") == AccessKind::Time;
    return analysis::transport_gaps(study.transport_value, time_like, cfg.access_ref_pct);
}

/// Premises counted in each segment's piece of the catchment; the pieces partition it, so
/// each premises falls in at most one.
void count_premises(const std::vector<io::SegmentCatchment>& catchments, const PremisesPoints& premises,
                    std::vector<analysis::SegmentCoverage>& cov) {
    std::vector<AreaFeature> pieces;
    std::vector<std::size_t> segment_of;  // empty pieces (degenerate segments) are left out
    for (std::size_t k = 0; k < catchments.size(); ++k) {
        if (catchments[k].piece_wkb.empty()) continue;
        AreaFeature piece;
        piece.id = std::to_string(k);
        piece.wkb = catchments[k].piece_wkb;
        pieces.push_back(std::move(piece));
        segment_of.push_back(k);
    }
    const auto in_piece = io::locate_points(pieces, premises.xy);
    for (auto& c : cov) c.premises = c.covered = c.unknown_premises_m2 = 0.0;
    for (std::size_t i = 0; i < premises.xy.size(); ++i) {
        if (in_piece[i] < 0) continue;
        auto& c = cov[segment_of[static_cast<std::size_t>(in_piece[i])]];
        if (std::isnan(premises.down_mbps[i])) continue;  // unknown speed: in neither count
        c.premises += 1.0;
        if (premises.down_mbps[i] >= premises.covered_mbps) c.covered += 1.0;
    }
}

std::vector<std::pair<std::string, std::string>> method_rows(const GapsConfig& cfg, const GapsStudy& study,
                                                             const analysis::GapWeights& weights) {
    std::vector<std::pair<std::string, std::string>> rows;
    const auto row = [&](const std::string& k, const std::string& v) { rows.emplace_back(k, v); };
    row("method", "midlink digital-corridor gap score (our own composite, metrics.md section 4; not an official statistic)");
    row("gap_score", weights.product ? "exposure * transport_gap * digital_gap"
                                     : "exposure * (w_t * transport_gap + w_d * digital_gap) / (w_t + w_d)");
    row("digital_gap", "(w1 * below_uso + w2 * (1 - gigabit) + w3 * bduk_white) / (sum of weights of known shares)");
    row("corridor_exposure", "share of the area inside the corridor catchment (areal weighting) x corridor weight");
    row("weights", "w1=" + std::to_string(weights.below_uso) + " w2=" + std::to_string(weights.not_gigabit) +
                       " w3=" + std::to_string(weights.white) + " w_t=" + std::to_string(weights.transport) +
                       " w_d=" + std::to_string(weights.digital));
    row("transport_gap", cfg.access.empty() ? "not given (--access)"
                         : cfg.access_kind == "time"
                             ? "percentile rank of " + cfg.access_field + " (time-like)"
                             : "max(0, 1 - A/A_ref), A_ref = P" + std::to_string(cfg.access_ref_pct) + " of " +
                                   cfg.access_field);
    row("segments", std::to_string(cfg.segment_km) + " km, catchment buffer " + std::to_string(cfg.buffer_km) + " km");
    row("gap_threshold", cfg.measure + " share below " + std::to_string(cfg.threshold_pct) + "%");
    row("coverage", cfg.coverage + " release " + study.release);
    return rows;
}

}  // namespace

void check_gaps_config(const GapsConfig& cfg) {
    if (!(cfg.segment_km > 0.0)) throw ConfigError("--segment-km: must be a positive number of kilometres");
    if (!(cfg.buffer_km > 0.0)) throw ConfigError("--buffer-km: must be a positive number of kilometres");
    if (!(cfg.threshold_pct >= 0.0 && cfg.threshold_pct <= 100.0)) throw ConfigError("--threshold: a percentage 0-100");
    (void)parse_enum(cfg.access_kind, kAccessKinds, "--access-kind");
    const auto weights = weights_of(cfg);
    if (!cfg.access.empty() && cfg.access_field.empty()) throw ConfigError("--access needs --access-field");
    if (cfg.access.empty() && weights.product) throw ConfigError("--combine product needs --access");
}

GapsStudy compute_gaps(const GapsConfig& cfg, const Context& ctx) {
    check_gaps_config(cfg);
    GapsStudy study;
    Diagnostics& diag = study.diagnostics;
    io::LineLayerOptions lo;
    lo.input = ctx.input_policy();
    lo.path = cfg.corridors;
    lo.layer = cfg.corridors_layer;
    const auto line_fields = io::layer_fields(cfg.corridors, cfg.corridors_layer);
    if (std::find(line_fields.begin(), line_fields.end(), cfg.corridor_name) != line_fields.end())
        lo.name_field = cfg.corridor_name;
    if (!cfg.corridor_weight.empty()) lo.keep_fields.push_back(cfg.corridor_weight);
    const auto lines = io::read_line_features(lo, diag);

    read_coverage_areas(cfg, ctx, study);
    const auto& areas = study.areas;
    const std::string covered_field = cfg.measure + "_premises";
    std::vector<analysis::AreaCounts> counts;
    for (const auto& a : areas) counts.push_back({number_or_nan(a, "premises"), number_or_nan(a, covered_field)});
    const auto area_m2 = io::area_sizes_m2(areas);
    const PremisesPoints premises = read_premises(cfg, ctx, diag);
    const std::vector<double> transport = read_transport(cfg, ctx, study);
    analysis::GapWeights weights = weights_of(cfg);
    if (cfg.access.empty()) weights.transport = 0.0;  // digital gap alone, transport column NULL

    // exposure[corridor][area]: share of the area within the corridor's catchment.
    std::map<std::string, std::unordered_map<std::uint32_t, double>> exposure;
    std::map<std::string, double> corridor_weight;
    for (const auto& lf : lines) {
        Step step(ctx, "corridor " + lf.name + (lf.part ? " part " + std::to_string(lf.part) : ""));
        const auto segments = analysis::cut_line(lf.line, cfg.segment_km * 1000.0);
        const auto catchments = io::segment_catchments(segments, cfg.buffer_km * 1000.0, areas, !premises.xy.empty());
        std::vector<analysis::SegmentCoverage> cov;
        std::vector<double> km;
        for (std::size_t k = 0; k < segments.size(); ++k) {
            std::vector<analysis::Overlap> ov;
            for (const auto& o : catchments[k].overlaps) {
                ov.push_back({o.area, o.overlap_m2});
                exposure[lf.name][o.area] += o.overlap_m2 / area_m2[o.area];
            }
            cov.push_back(analysis::weight_segment(ov, counts, area_m2));
            km.push_back(length_m(segments[k]) / 1000.0);
        }
        if (!premises.xy.empty()) count_premises(catchments, premises, cov);
        double w = 1.0;
        if (!cfg.corridor_weight.empty()) w = number_or_nan_text(lf.attributes.front().second, true);
        corridor_weight[lf.name] = w;
        const auto found = analysis::find_gap_runs(cov, km, cfg.threshold_pct / 100.0);
        std::vector<std::uint8_t> in_gap(segments.size(), 0);
        for (const auto& r : found) {
            LineString line;
            for (std::size_t k = r.first; k <= r.last; ++k) {
                in_gap[k] = 1;
                for (const auto& p : segments[k])
                    if (line.empty() || !(line.back() == p)) line.push_back(p);
            }
            study.runs.push_back({lf.name, lf.part, r, std::move(line)});
        }
        double at = 0.0;
        for (std::size_t k = 0; k < segments.size(); ++k) {
            study.segments.push_back({lf.name, lf.part, k + 1, at, at + km[k], std::move(cov[k]), in_gap[k] != 0,
                                      segments[k]});
            at += km[k];
        }
        step.done(std::to_string(segments.size()) + " segments, " + std::to_string(found.size()) + " gaps");
    }

    // The score per (area, corridor) for areas the corridor's catchment touches.
    for (const auto& [corridor, by_area] : exposure) {
        std::vector<std::uint32_t> touched;
        for (const auto& [a, e] : by_area) touched.push_back(a);
        std::sort(touched.begin(), touched.end());
        for (auto a : touched) {
            const auto pct = [&](const char* f) { return number_or_nan(areas[a], f) / 100.0; };
            const double d = analysis::digital_gap(pct("below_uso_pct"), pct("gigabit_pct"), pct("bduk_white_pct"), weights);
            const double e = std::min(1.0, by_area.at(a)) * corridor_weight[corridor];
            const double t = cfg.access.empty() ? 0.0 : transport[a];
            study.scores.push_back({a, corridor, e, cfg.access.empty() ? kNaN : transport[a], d,
                                    analysis::gap_score(e, t, d, weights)});
        }
    }
    std::stable_sort(study.scores.begin(), study.scores.end(), [](const GapScore& x, const GapScore& y) {
        if (std::isnan(x.score) != std::isnan(y.score)) return !std::isnan(x.score);
        return x.score > y.score;
    });
    study.method = method_rows(cfg, study, weights);
    return study;
}

}  // namespace midlink::workflow
