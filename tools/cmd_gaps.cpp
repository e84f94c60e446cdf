// midlink gaps: digital corridors and the digital-corridor gap score (metrics.md §4; our
// own composite, labelled as such). Each corridor line is cut into segments; each segment's
// catchment (a buffer, partitioned between segments) takes the coverage of the areas it
// overlaps by areal weighting; runs of segments below a threshold are the gaps. Per area
// and corridor, the score combines the corridor's exposure with transport and digital gaps.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "commands.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/analysis/digital_gaps.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_values.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/io/line_features.hpp"
#include "midlink/io/segment_catchment.hpp"
#include "midlink/io/coverage_readers.hpp"

namespace midlink::cli {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct GapsConfig {
    std::string corridors;
    std::string corridors_layer;
    std::string corridor_name = "name";
    std::string corridor_weight;  // numeric field on the corridor lines; empty = 1
    std::string coverage;
    std::string coverage_layer = "coverage";
    std::string coverage_id = "area_code";
    std::string release;          // empty = the latest in the layer
    std::string measure = "gigabit";
    double segment_km = 1.0;
    double buffer_km = 2.0;
    double threshold_pct = 50.0;
    std::string premises;           // premises points: counted directly in each catchment
    std::string premises_layer;
    std::string premises_down;      // download speed field (Mbit/s)
    double covered_mbps = 0.0;      // 0: from --measure (gigabit 1000, superfast 30, ...)
    std::string access;
    std::string access_layer;
    std::string access_id = "id";
    std::string access_field;
    std::string access_kind = "time";
    double access_ref_pct = 90.0;
    analysis::GapWeights weights;
    std::string combine = "sum";
    std::string output;
};

double number_or_nan_text(const std::string& v) {
    if (v.empty()) return kNaN;
    try {
        std::size_t used = 0;
        const double d = std::stod(v, &used);
        return used == v.size() ? d : kNaN;
    } catch (...) {
        return kNaN;
    }
}

double number_or_nan(const AreaFeature& a, const std::string& field) {
    const std::string* v = a.attribute(field);
    return v ? number_or_nan_text(*v) : kNaN;
}

std::string join_codes(const std::vector<std::uint32_t>& idx, const std::vector<AreaFeature>& areas) {
    std::string out;
    for (auto i : idx) out += (out.empty() ? "" : ";") + areas[i].id;
    return out;
}

using io::real_or_null;

int run_gaps(const GapsConfig& cfg, const workflow::Context& ctx) {
    if (!(cfg.segment_km > 0.0)) throw ConfigError("--segment-km: must be a positive number of kilometres");
    if (!(cfg.buffer_km > 0.0)) throw ConfigError("--buffer-km: must be a positive number of kilometres");
    if (!(cfg.threshold_pct >= 0.0 && cfg.threshold_pct <= 100.0)) throw ConfigError("--threshold: a percentage 0-100");
    if (cfg.access_kind != "time" && cfg.access_kind != "opportunity")
        throw ConfigError("--access-kind: time or opportunity");
    if (!cfg.access.empty() && cfg.access_field.empty()) throw ConfigError("--access needs --access-field");
    if (cfg.access.empty() && cfg.weights.product) throw ConfigError("--combine product needs --access");

    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    // Every input is read and checked before the geometry work starts.
    Diagnostics diag;
    io::LineLayerOptions lo;
    lo.input = ctx.input_policy();
    lo.path = cfg.corridors;
    lo.layer = cfg.corridors_layer;
    const auto line_fields = io::layer_fields(cfg.corridors, cfg.corridors_layer);
    const bool has_name = std::find(line_fields.begin(), line_fields.end(), cfg.corridor_name) != line_fields.end();
    if (has_name) lo.name_field = cfg.corridor_name;
    if (!cfg.corridor_weight.empty()) lo.keep_fields.push_back(cfg.corridor_weight);
    const auto lines = io::read_line_features(lo, diag);

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
    std::string release = cfg.release;
    if (has("release")) {
        const auto releases = io::distinct_values(cfg.coverage, cfg.coverage_layer, "release");
        if (release.empty() && !releases.empty()) release = releases.back();
        if (std::find(releases.begin(), releases.end(), release) == releases.end())
            throw ConfigError("--release '" + release + "' is not in " + cfg.coverage);
        std::string quoted;
        for (char ch : release) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
        ao.where = "release = '" + quoted + "'";
    }
    ao.keep_fields = {"premises", covered_field};
    for (const char* f : {"below_uso_pct", "gigabit_pct", "bduk_white_pct", "area_name"})
        if (has(f)) ao.keep_fields.emplace_back(f);
    const auto areas = io::read_areas(ao, diag);
    std::vector<analysis::AreaCounts> counts;
    for (const auto& a : areas) counts.push_back({number_or_nan(a, "premises"), number_or_nan(a, covered_field)});
    const auto area_m2 = io::area_sizes_m2(areas);

    // Premises points, when given, are counted in each catchment instead of areal weighting.
    std::vector<Point> premises_xy;
    std::vector<double> premises_down;
    double covered_mbps = cfg.covered_mbps;
    if (!cfg.premises.empty()) {
        if (cfg.premises_down.empty()) throw ConfigError("--premises needs --premises-down (download Mbit/s field)");
        if (covered_mbps <= 0.0) {
            const std::map<std::string, double> by_tier{{"gigabit", 1000.0}, {"ultrafast300", 300.0}, {"ultrafast100", 100.0},
                                                        {"superfast", 30.0}};
            const auto it = by_tier.find(cfg.measure);
            if (it == by_tier.end())
                throw ConfigError("--premises with --measure " + cfg.measure + ": give --covered-mbps");
            covered_mbps = it->second;
        }
        io::PointLayerOptions po;
        po.input = ctx.input_policy();
        po.path = cfg.premises;
        po.layer = cfg.premises_layer;
        po.keep_fields = {cfg.premises_down};
        const auto pts = io::read_points(po, diag);
        for (const auto& p : pts) {
            premises_xy.push_back(p.xy);
            premises_down.push_back(number_or_nan_text(p.attributes.empty() ? "" : p.attributes.front().second));
        }
    }
    std::vector<double> transport(areas.size(), kNaN), transport_value(areas.size(), kNaN);
    if (!cfg.access.empty()) {
        io::ValueTableOptions vo;
        vo.input = ctx.input_policy();
        vo.path = cfg.access;
        vo.layer = cfg.access_layer;
        vo.key_field = cfg.access_id;
        vo.value_field = cfg.access_field;
        vo.sum_duplicates = false;
        const auto table = io::read_value_table(vo, diag);
        std::vector<std::string> codes;
        for (const auto& a : areas) codes.push_back(a.id);
        const auto match = io::match_codes(codes, table);
        if (!match.unmatched_wanted.empty())
            ctx.info(std::to_string(match.unmatched_wanted.size()) + " coverage areas have no row in " + cfg.access +
                     " (transport gap NULL), e.g. " + match.unmatched_wanted.front());
        transport_value = match.values;
        transport = analysis::transport_gaps(transport_value, cfg.access_kind == "time", cfg.access_ref_pct);
    }
    analysis::GapWeights weights = cfg.weights;
    if (cfg.access.empty()) weights.transport = 0.0;  // digital gap alone, transport column NULL

    io::DatasetWriter out(cfg.output, "EPSG:27700", "", &outputs);
    using io::FieldType;
    out.begin_layer({"segments", io::GeometryKind::LineString,
                     {{"corridor", FieldType::String}, {"part", FieldType::Integer}, {"seq", FieldType::Integer},
                      {"from_km", FieldType::Real}, {"to_km", FieldType::Real}, {"premises", FieldType::Real},
                      {"covered", FieldType::Real}, {"share_pct", FieldType::Real}, {"gap", FieldType::Integer},
                      {"unknown_area_m2", FieldType::Real}, {"areas", FieldType::String}}});
    struct RunRow {
        std::string corridor;
        std::size_t part;
        analysis::GapRun run;
        LineString line;
    };
    std::vector<RunRow> runs;
    // exposure[corridor][area]: share of the area within the corridor's catchment.
    std::map<std::string, std::unordered_map<std::uint32_t, double>> exposure;
    std::map<std::string, double> corridor_weight;
    for (const auto& lf : lines) {
        workflow::Step step(ctx, "corridor " + lf.name + (lf.part ? " part " + std::to_string(lf.part) : ""));
        const auto segments = analysis::cut_line(lf.line, cfg.segment_km * 1000.0);
        const auto catchments =
            io::segment_catchments(segments, cfg.buffer_km * 1000.0, areas, !premises_xy.empty());
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
        if (!premises_xy.empty()) {
            // The pieces partition the catchment, so each premises falls in at most one.
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
            const auto in_piece = io::locate_points(pieces, premises_xy);
            for (auto& c : cov) c.premises = c.covered = c.unknown_premises_m2 = 0.0;
            for (std::size_t i = 0; i < premises_xy.size(); ++i) {
                if (in_piece[i] < 0) continue;
                auto& c = cov[segment_of[static_cast<std::size_t>(in_piece[i])]];
                if (std::isnan(premises_down[i])) continue;  // unknown speed: in neither count
                c.premises += 1.0;
                if (premises_down[i] >= covered_mbps) c.covered += 1.0;
            }
        }
        double w = 1.0;
        if (!cfg.corridor_weight.empty()) {
            const auto& v = lf.attributes.front().second;
            try {
                w = v.empty() ? kNaN : std::stod(v);
            } catch (...) {
                w = kNaN;
            }
        }
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
            runs.push_back({lf.name, lf.part, r, std::move(line)});
        }
        double at = 0.0;
        for (std::size_t k = 0; k < segments.size(); ++k) {
            const double share = cov[k].share();
            out.add(segments[k], {lf.name, std::int64_t(lf.part), std::int64_t(k + 1), at, at + km[k], cov[k].premises,
                                  cov[k].covered, real_or_null(100.0 * share), std::int64_t{in_gap[k]},
                                  cov[k].unknown_premises_m2, join_codes(cov[k].areas, areas)});
            at += km[k];
        }
        step.done(std::to_string(segments.size()) + " segments, " + std::to_string(found.size()) + " gaps");
    }
    out.begin_layer({"gaps", io::GeometryKind::LineString,
                     {{"corridor", FieldType::String}, {"part", FieldType::Integer}, {"run", FieldType::Integer},
                      {"from_km", FieldType::Real}, {"to_km", FieldType::Real}, {"length_km", FieldType::Real},
                      {"segments", FieldType::Integer}, {"premises", FieldType::Real}, {"covered", FieldType::Real},
                      {"share_pct", FieldType::Real}, {"areas", FieldType::String}}});
    std::map<std::string, int> run_no;
    for (const auto& r : runs) {
        out.add(r.line, {r.corridor, std::int64_t(r.part), std::int64_t(++run_no[r.corridor]), r.run.from_km, r.run.to_km,
                         r.run.length_km(), std::int64_t(r.run.last - r.run.first + 1), r.run.premises, r.run.covered,
                         real_or_null(100.0 * r.run.share()), join_codes(r.run.areas, areas)});
    }

    // The score per (area, corridor) for areas the corridor's catchment touches.
    struct ScoreRow {
        std::uint32_t area;
        std::string corridor;
        double exposure, transport, digital, score;
    };
    std::vector<ScoreRow> scores;
    for (const auto& [corridor, by_area] : exposure) {
        std::vector<std::uint32_t> touched;
        for (const auto& [a, e] : by_area) touched.push_back(a);
        std::sort(touched.begin(), touched.end());
        for (auto a : touched) {
            const auto pct = [&](const char* f) { return number_or_nan(areas[a], f) / 100.0; };
            const double d = analysis::digital_gap(pct("below_uso_pct"), pct("gigabit_pct"), pct("bduk_white_pct"), weights);
            const double e = std::min(1.0, by_area.at(a)) * corridor_weight[corridor];
            const double t = cfg.access.empty() ? 0.0 : transport[a];
            scores.push_back({a, corridor, e, cfg.access.empty() ? kNaN : transport[a], d,
                              analysis::gap_score(e, t, d, weights)});
        }
    }
    std::stable_sort(scores.begin(), scores.end(), [](const ScoreRow& x, const ScoreRow& y) {
        if (std::isnan(x.score) != std::isnan(y.score)) return !std::isnan(x.score);
        return x.score > y.score;
    });
    out.begin_layer({"gap_scores", io::GeometryKind::MultiPolygon,
                     {{"rank", FieldType::Integer}, {"area_code", FieldType::String}, {"area_name", FieldType::String},
                      {"corridor", FieldType::String}, {"corridor_exposure", FieldType::Real},
                      {"transport_value", FieldType::Real}, {"transport_gap", FieldType::Real},
                      {"below_uso_pct", FieldType::Real}, {"gigabit_pct", FieldType::Real},
                      {"bduk_white_pct", FieldType::Real}, {"digital_gap", FieldType::Real},
                      {"gap_score", FieldType::Real}, {"release", FieldType::String}}});
    for (std::size_t i = 0; i < scores.size(); ++i) {
        const auto& s = scores[i];
        const auto& a = areas[s.area];
        const std::string* name = a.attribute("area_name");
        out.add_wkb(a.wkb, {std::isnan(s.score) ? io::FieldValue{} : io::FieldValue{std::int64_t(i + 1)}, a.id,
                            name ? *name : std::string(), s.corridor, s.exposure, real_or_null(transport_value[s.area]),
                            real_or_null(s.transport), real_or_null(number_or_nan(a, "below_uso_pct")),
                            real_or_null(number_or_nan(a, "gigabit_pct")), real_or_null(number_or_nan(a, "bduk_white_pct")),
                            real_or_null(s.digital), real_or_null(s.score), release});
    }
    // How the composite was made: it is ours, not an official statistic.
    out.begin_layer({"gap_method", io::GeometryKind::None,
                     {{"parameter", FieldType::String}, {"value", FieldType::String}}});
    const auto row = [&](const std::string& k, const std::string& v) { out.add({k, v}); };
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
                                                  : "max(0, 1 - A/A_ref), A_ref = P" + std::to_string(cfg.access_ref_pct) +
                                                        " of " + cfg.access_field);
    row("segments", std::to_string(cfg.segment_km) + " km, catchment buffer " + std::to_string(cfg.buffer_km) + " km");
    row("gap_threshold", cfg.measure + " share below " + std::to_string(cfg.threshold_pct) + "%");
    row("coverage", cfg.coverage + " release " + release);
    out.commit();
    outputs.commit();
    for (const auto& d : diag.items()) ctx.debug(d.where + ": " + d.message);
    ctx.info("wrote layers 'segments', 'gaps' (" + std::to_string(runs.size()) + "), 'gap_scores' (" +
             std::to_string(scores.size()) + ") and 'gap_method' to " + cfg.output);
    return 0;
}

}  // namespace

void add_gaps_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<GapsConfig>();
    auto* cmd = app.add_subcommand("gaps", "Digital corridors: coverage along corridor segments, gap runs, gap scores");
    add_input_flags(cmd, ctx);
    cmd->add_option("--corridors", cfg->corridors, "Corridor lines: any line layer (e.g. `midlink corridors` output)")
        ->required();
    cmd->add_option("--corridors-layer", cfg->corridors_layer, "Layer of --corridors (default: the only line layer, or 'corridors')");
    cmd->add_option("--corridor-name", cfg->corridor_name, "Name field of the corridor lines")->capture_default_str();
    cmd->add_option("--corridor-weight", cfg->corridor_weight, "Numeric field weighting each corridor's exposure (e.g. a criticality)");
    cmd->add_option("--coverage", cfg->coverage, "Coverage GeoPackage from `midlink coverage`")->required();
    cmd->add_option("--coverage-layer", cfg->coverage_layer, "Area layer of --coverage")->capture_default_str();
    cmd->add_option("--coverage-id", cfg->coverage_id, "Area code field of the coverage layer")->capture_default_str();
    cmd->add_option("--release", cfg->release, "Coverage release to use (default: the latest)");
    cmd->add_option("--measure", cfg->measure, "Tier whose share along the corridor is measured (<tier>_premises)")
        ->capture_default_str();
    cmd->add_option("--segment-km", cfg->segment_km, "Segment length (km)")->capture_default_str();
    cmd->add_option("--buffer-km", cfg->buffer_km, "Catchment buffer around each segment (km)")->capture_default_str();
    cmd->add_option("--threshold", cfg->threshold_pct, "A segment is in a gap when its share is below this (%)")
        ->capture_default_str();
    cmd->add_option("--premises", cfg->premises,
                    "Premises points (any GDAL point layer or CSV): counted in each catchment instead of areal weighting");
    cmd->add_option("--premises-layer", cfg->premises_layer, "Layer name in --premises");
    cmd->add_option("--premises-down", cfg->premises_down, "Download speed field of --premises (Mbit/s)");
    cmd->add_option("--covered-mbps", cfg->covered_mbps,
                    "With --premises: a premises is covered at this download speed (default from --measure)");
    cmd->add_option("--access", cfg->access,
                    "Accessibility per area: a `midlink access` GeoPackage (with --access-layer) or the CSV beside a layer");
    cmd->add_option("--access-layer", cfg->access_layer, "Layer of --access when it has several (e.g. lad)");
    cmd->add_option("--access-id", cfg->access_id, "Area code column of --access")->capture_default_str();
    cmd->add_option("--access-field", cfg->access_field, "Measure column of --access for the transport gap");
    cmd->add_option("--access-kind", cfg->access_kind, "time (higher is worse) or opportunity (higher is better)")
        ->capture_default_str();
    cmd->add_option("--access-ref-pct", cfg->access_ref_pct, "Opportunity measures: percentile used as A_ref")->capture_default_str();
    cmd->add_option("--w-below-uso", cfg->weights.below_uso, "Digital gap weight w1 (below USO)")->capture_default_str();
    cmd->add_option("--w-not-gigabit", cfg->weights.not_gigabit, "Digital gap weight w2 (not gigabit)")->capture_default_str();
    cmd->add_option("--w-white", cfg->weights.white, "Digital gap weight w3 (BDUK white)")->capture_default_str();
    cmd->add_option("--w-transport", cfg->weights.transport, "Weight of the transport gap")->capture_default_str();
    cmd->add_option("--w-digital", cfg->weights.digital, "Weight of the digital gap")->capture_default_str();
    cmd->add_option("--combine", cfg->combine, "sum (weighted) or product")->check(CLI::IsMember({"sum", "product"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output GeoPackage")->required();
    cmd->callback([cfg, &ctx, &action] {
        cfg->weights.product = cfg->combine == "product";
        action = [cfg, &ctx] { return run_gaps(*cfg, ctx); };
    });
}

}  // namespace midlink::cli
