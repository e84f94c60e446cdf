// The layers of a fibre case, defined once for write_fibre_cost and FibreCostStudy::tables().
#include <algorithm>
#include <cmath>

#include "midlink/analysis/isochrone.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/fibre_cost.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow {
namespace {
using io::FieldType;
using io::FieldValue;

FieldValue real_or_null(double v) { return std::isfinite(v) ? FieldValue(v) : FieldValue(); }

std::string status_name(analysis::PremisesStatus s) {
    switch (s) {
        case analysis::PremisesStatus::Connected:
            return "connected";
        case analysis::PremisesStatus::Unsnapped:
            return "unsnapped";
        case analysis::PremisesStatus::Unreachable:
            return "unreachable";
    }
    return "unknown";
}

/// The directed edge of each link in its drawing order (along) and against it.
struct LinkEdges {
    std::vector<EdgeId> along, against;
    explicit LinkEdges(const graph::RoadGraph& g)
        : along(g.link_count(), kInvalidEdge), against(g.link_count(), kInvalidEdge) {
        for (EdgeId e = 0; e < g.edge_count(); ++e) ((g.edge_flags[e] & graph::kReversed) ? against : along)[g.edge_link[e]] = e;
    }
};

// Geometry of a segment in the link's drawing order, cut from whichever directed edge the
// link has (fibre ignores one-way rules, so either will do).
LineString segment_geometry(const graph::RoadGraph& g, const LinkEdges& le, const analysis::BuildSegment& s) {
    analysis::ReachableEdge piece;
    if (le.along[s.link] != kInvalidEdge) {
        piece.edge = le.along[s.link];
        piece.start_fraction = s.from_fraction;
        piece.end_fraction = s.to_fraction;
        return analysis::piece_geometry(g, piece);
    }
    piece.edge = le.against[s.link];
    piece.start_fraction = 1.0 - s.to_fraction;
    piece.end_fraction = 1.0 - s.from_fraction;
    LineString line = analysis::piece_geometry(g, piece);
    std::reverse(line.begin(), line.end());
    return line;
}

void build_rows(const FibreCostStudy& st, const RowSink& sink) {
    const auto& g = *st.graph;
    const LinkEdges le(g);
    const auto& fc = st.result;
    for (std::size_t i = 0; i < fc.segments.size(); ++i) {
        const auto& s = fc.segments[i];
        const EdgeId e = le.along[s.link] != kInvalidEdge ? le.along[s.link] : le.against[s.link];
        const std::int64_t source = g.link_source(s.link);
        sink({static_cast<std::int64_t>(i), static_cast<std::int64_t>(s.link),
              source >= 0 ? FieldValue(source) : FieldValue(), g.edge_ref(e), g.edge_name(e), s.from_fraction,
              s.to_fraction, s.length_m, static_cast<std::int64_t>(s.premises_downstream), s.cost_gbp,
              s.premises_downstream ? FieldValue(s.cost_gbp / s.premises_downstream) : FieldValue()},
             segment_geometry(g, le, s));
    }
}

void premises_rows(const FibreCostStudy& st, const RowSink& sink) {
    for (std::size_t i = 0; i < st.premises.size(); ++i) {
        const auto& p = st.result.premises[i];
        const auto& snap = st.premises_snaps[i];
        const bool c = p.connected();
        sink({st.premises[i].id, status_name(p.status),
              std::int64_t{p.status == analysis::PremisesStatus::Unsnapped ? 0 : 1}, real_or_null(p.drop_m),
              snap.ok ? FieldValue(snap.point.x) : FieldValue(), snap.ok ? FieldValue(snap.point.y) : FieldValue(),
              c ? FieldValue(st.served[static_cast<std::size_t>(p.served_index)].id) : FieldValue(),
              real_or_null(p.path_to_served_m), real_or_null(p.route_share_gbp), real_or_null(p.drop_gbp),
              c ? FieldValue(st.params.connection_cost_gbp) : FieldValue(), real_or_null(p.attached_cost_gbp),
              c ? FieldValue(std::int64_t{p.attached_cost_gbp <= st.params.uso_cap_gbp}) : FieldValue()},
             st.premises[i].xy);
    }
}

void summary_rows(const FibreCostStudy& st, const RowSink& sink) {
    const auto& fc = st.result;
    const auto count = [](std::size_t n) { return FieldValue(static_cast<std::int64_t>(n)); };
    sink({count(st.premises.size()), count(fc.connected), count(fc.unsnapped), count(fc.unreachable),
          count(st.served.size()), count(fc.served_on_network), fc.route_m / 1000.0, fc.drop_m / 1000.0,
          fc.route_cost_gbp, fc.drop_cost_gbp, fc.connection_cost_gbp, fc.capital_gbp,
          real_or_null(fc.cost_per_premises_gbp), count(fc.under_uso_cap), real_or_null(fc.share_under_uso_cap),
          st.params.route_cost_per_km_gbp, st.params.drop_cost_per_km_gbp, st.params.connection_cost_gbp,
          st.params.uso_cap_gbp, st.max_snap_m},
         {});
}

std::vector<StudyLayer> fibre_study_layers(const FibreCostStudy& st) {
    std::vector<StudyLayer> layers;
    layers.push_back({{fibre_layers::kBuildNetwork,
                       io::GeometryKind::LineString,
                       {{"segment_id", FieldType::Integer64},
                        {"link_id", FieldType::Integer64},
                        {"source_id", FieldType::Integer64},
                        {"ref", FieldType::String},
                        {"name", FieldType::String},
                        {"from_fraction", FieldType::Real},
                        {"to_fraction", FieldType::Real},
                        {"length_m", FieldType::Real},
                        {"premises_downstream", FieldType::Integer64},
                        {"cost_gbp", FieldType::Real},
                        {"cost_per_downstream_premises_gbp", FieldType::Real}}},
                      true,
                      [&st](const RowSink& s) { build_rows(st, s); }});
    layers.push_back({{fibre_layers::kPremises,
                       io::GeometryKind::Point,
                       {{"id", FieldType::String},
                        {"status", FieldType::String},
                        {"snapped", FieldType::Integer},
                        {"snap_m", FieldType::Real},
                        {"attach_x", FieldType::Real},
                        {"attach_y", FieldType::Real},
                        {"served_id", FieldType::String},
                        {"path_to_served_m", FieldType::Real},
                        {"route_share_gbp", FieldType::Real},
                        {"drop_gbp", FieldType::Real},
                        {"connection_gbp", FieldType::Real},
                        {"attached_cost_gbp", FieldType::Real},
                        {"under_uso_cap", FieldType::Integer}}},
                      true,
                      [&st](const RowSink& s) { premises_rows(st, s); }});
    layers.push_back({{fibre_layers::kServed,
                       io::GeometryKind::Point,
                       {{"id", FieldType::String}, {"snapped", FieldType::Integer}, {"snap_m", FieldType::Real}}},
                      true,
                      [&st](const RowSink& s) {
                          for (std::size_t i = 0; i < st.served.size(); ++i)
                              s({st.served[i].id, std::int64_t{st.served_snaps[i].ok ? 1 : 0},
                                 real_or_null(st.served_snaps[i].distance_m)},
                                st.served[i].xy);
                      }});
    layers.push_back({{fibre_layers::kSummary,
                       io::GeometryKind::None,
                       {{"premises", FieldType::Integer64},
                        {"connected", FieldType::Integer64},
                        {"unsnapped", FieldType::Integer64},
                        {"unreachable", FieldType::Integer64},
                        {"served", FieldType::Integer64},
                        {"served_on_network", FieldType::Integer64},
                        {"route_km", FieldType::Real},
                        {"drop_km", FieldType::Real},
                        {"route_cost_gbp", FieldType::Real},
                        {"drop_cost_gbp", FieldType::Real},
                        {"connection_cost_gbp", FieldType::Real},
                        {"capital_gbp", FieldType::Real},
                        {"cost_per_premises_gbp", FieldType::Real},
                        {"under_uso_cap", FieldType::Integer64},
                        {"share_under_uso_cap", FieldType::Real},
                        {"param_cost_per_km_gbp", FieldType::Real},
                        {"param_drop_cost_per_km_gbp", FieldType::Real},
                        {"param_cost_per_premises_gbp", FieldType::Real},
                        {"param_uso_cap_gbp", FieldType::Real},
                        {"param_max_snap_m", FieldType::Real}}},
                      true,
                      [&st](const RowSink& s) { summary_rows(st, s); }});
    return layers;
}

}  // namespace

std::vector<LayerData> FibreCostStudy::tables() const { return layer_tables(fibre_study_layers(*this), graph->meta.crs); }

void write_fibre_cost(const FibreCostStudy& study, const FibreConfig& cfg, const Context& ctx, io::OutputSet& set) {
    LayersWithCsv layers(set, cfg.output, study.graph->meta.crs);
    write_layers(layers, fibre_study_layers(study));
    layers.commit();
    write_diagnostics_csv(study.diagnostics, diagnostics_csv_path(cfg.output), &set, &ctx);
}

}  // namespace midlink::workflow
