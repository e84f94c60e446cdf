// The layers of a gaps study, defined once for write_gaps and GapsStudy::tables().
#include <cmath>
#include <map>

#include "gaps_values.hpp"
#include "midlink/workflow/gaps.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow {
namespace {
using io::FieldType;
using io::FieldValue;
using io::real_or_null;

std::string join_codes(const std::vector<std::uint32_t>& idx, const std::vector<AreaFeature>& areas) {
    std::string out;
    for (auto i : idx) out += (out.empty() ? "" : ";") + areas[i].id;
    return out;
}

std::vector<StudyLayer> gaps_study_layers(const GapsStudy& s) {
    std::vector<StudyLayer> layers;
    layers.push_back({{gaps_layers::kSegments,
                       io::GeometryKind::LineString,
                       {{"corridor", FieldType::String},
                        {"part", FieldType::Integer},
                        {"seq", FieldType::Integer},
                        {"from_km", FieldType::Real},
                        {"to_km", FieldType::Real},
                        {"premises", FieldType::Real},
                        {"covered", FieldType::Real},
                        {"share_pct", FieldType::Real},
                        {"gap", FieldType::Integer},
                        {"unknown_area_m2", FieldType::Real},
                        {"areas", FieldType::String}}},
                      false,
                      [&s](const RowSink& sink) {
                          for (const auto& g : s.segments) {
                              const auto& c = g.coverage;
                              sink({g.corridor, std::int64_t(g.part), std::int64_t(g.seq), g.from_km, g.to_km,
                                    c.premises, c.covered, real_or_null(100.0 * c.share()), std::int64_t{g.in_gap},
                                    c.unknown_premises_m2, join_codes(c.areas, s.areas)},
                                   g.line);
                          }
                      }});
    layers.push_back({{gaps_layers::kGaps,
                       io::GeometryKind::LineString,
                       {{"corridor", FieldType::String},
                        {"part", FieldType::Integer},
                        {"run", FieldType::Integer},
                        {"from_km", FieldType::Real},
                        {"to_km", FieldType::Real},
                        {"length_km", FieldType::Real},
                        {"segments", FieldType::Integer},
                        {"premises", FieldType::Real},
                        {"covered", FieldType::Real},
                        {"share_pct", FieldType::Real},
                        {"areas", FieldType::String}}},
                      false,
                      [&s](const RowSink& sink) {
                          std::map<std::string, int> run_no;
                          for (const auto& r : s.runs) {
                              sink({r.corridor, std::int64_t(r.part), std::int64_t(++run_no[r.corridor]),
                                    r.run.from_km, r.run.to_km, r.run.length_km(),
                                    std::int64_t(r.run.last - r.run.first + 1), r.run.premises, r.run.covered,
                                    real_or_null(100.0 * r.run.share()), join_codes(r.run.areas, s.areas)},
                                   r.line);
                          }
                      }});
    layers.push_back({{gaps_layers::kScores,
                       io::GeometryKind::MultiPolygon,
                       {{"rank", FieldType::Integer},
                        {"area_code", FieldType::String},
                        {"area_name", FieldType::String},
                        {"corridor", FieldType::String},
                        {"corridor_exposure", FieldType::Real},
                        {"transport_value", FieldType::Real},
                        {"transport_gap", FieldType::Real},
                        {"below_uso_pct", FieldType::Real},
                        {"gigabit_pct", FieldType::Real},
                        {"bduk_white_pct", FieldType::Real},
                        {"digital_gap", FieldType::Real},
                        {"gap_score", FieldType::Real},
                        {"release", FieldType::String}}},
                      false,
                      [&s](const RowSink& sink) {
                          using detail::number_or_nan;
                          for (std::size_t i = 0; i < s.scores.size(); ++i) {
                              const auto& sc = s.scores[i];
                              const auto& a = s.areas[sc.area];
                              const std::string* name = a.attribute("area_name");
                              sink({std::isnan(sc.score) ? FieldValue{} : FieldValue{std::int64_t(i + 1)}, a.id,
                                    name ? *name : std::string(), sc.corridor, sc.exposure,
                                    real_or_null(s.transport_value[sc.area]), real_or_null(sc.transport),
                                    real_or_null(number_or_nan(a, "below_uso_pct")),
                                    real_or_null(number_or_nan(a, "gigabit_pct")),
                                    real_or_null(number_or_nan(a, "bduk_white_pct")), real_or_null(sc.digital),
                                    real_or_null(sc.score), s.release},
                                   &a.wkb);
                          }
                      }});
    // How the composite was made: it is ours, not an official statistic.
    layers.push_back({{gaps_layers::kMethod,
                       io::GeometryKind::None,
                       {{"parameter", FieldType::String}, {"value", FieldType::String}}},
                      false,
                      [&s](const RowSink& sink) {
                          for (const auto& [k, v] : s.method) sink({k, v}, {});
                      }});
    return layers;
}

}  // namespace

std::vector<LayerData> GapsStudy::tables() const { return layer_tables(gaps_study_layers(*this), "EPSG:27700"); }

void write_gaps(const GapsStudy& study, const GapsConfig& cfg, const Context&, io::OutputSet& set) {
    io::DatasetWriter out(cfg.output, "EPSG:27700", "", &set);
    write_layers(out, gaps_study_layers(study));
    out.commit();
}

int run_gaps(const GapsConfig& cfg, const Context& ctx) {
    check_gaps_config(cfg);
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const GapsStudy study = compute_gaps(cfg, ctx);
    write_gaps(study, cfg, ctx, outputs);
    outputs.commit();
    for (const auto& d : study.diagnostics.items()) ctx.debug(d.where + ": " + d.message);
    ctx.info("wrote layers 'segments', 'gaps' (" + std::to_string(study.runs.size()) + "), 'gap_scores' (" +
             std::to_string(study.scores.size()) + ") and 'gap_method' to " + cfg.output);
    return 0;
}

}  // namespace midlink::workflow
