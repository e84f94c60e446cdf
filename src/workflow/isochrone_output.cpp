// The layers of an isochrone study: what write_isochrone writes and tables() returns.
#include "layer_table.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/isochrone.hpp"
#include "midlink/workflow/study_layers.hpp"
#include "midlink/workflow/layer_notes.hpp"

namespace midlink::workflow {
namespace {

namespace s = schema::isochrone;

// Row k of a layer that has `per_origin(o)` rows for each origin o: (origin, row within it).
std::vector<std::pair<std::size_t, std::size_t>> row_index(const IsochroneStudy& study, bool edges) {
    std::vector<std::pair<std::size_t, std::size_t>> at;
    for (std::size_t i = 0; i < study.origins.size(); ++i) {
        const std::size_t n = edges ? study.origins[i].pieces.size() : study.bands_min.size();
        for (std::size_t k = 0; k < n; ++k) at.emplace_back(i, k);
    }
    return at;
}

// Every reachable piece of road, cut at band limits, with its times and band.
LayerTable edges_layer(const IsochroneStudy& study) {
    LayerTable t;
    t.name = s::kEdgesLayer;
    t.kind = io::GeometryKind::LineString;
    append_fields(t.fields, s::kEdgeColumns);
    auto at = row_index(study, true);
    t.size = at.size();
    t.values = [&study, at](std::size_t row) -> std::vector<io::FieldValue> {
        const auto [i, k] = at[row];
        const auto& p = study.origins[i].pieces[k];
        return {study.origins[i].id, static_cast<std::int64_t>(p.edge), p.from_s, p.to_s, study.bands_min[p.band]};
    };
    t.geometry = [&study, at](std::size_t row) -> RowGeometry {
        const auto [i, k] = at[row];
        return &study.origins[i].piece_lines[k];
    };
    return t;
}

// One polygon per origin and band: the reachable road buffered and merged.
LayerTable bands_layer(const IsochroneStudy& study) {
    LayerTable t;
    t.name = s::kBandsLayer;
    t.kind = io::GeometryKind::MultiPolygon;
    append_fields(t.fields, s::kBandColumns);
    auto at = row_index(study, false);
    t.size = at.size();
    t.values = [&study, at](std::size_t row) -> std::vector<io::FieldValue> {
        const auto [i, b] = at[row];
        const auto& r = study.origins[i];
        return {r.id, study.bands_min[b], r.area_m2[b] / 1e6, r.reachable_m[b] / 1000.0,
                std::string(r.snap.ok ? s::kStatusOk : s::kStatusUnsnapped)};
    };
    t.geometry = [&study, at](std::size_t row) -> RowGeometry {
        const auto [i, b] = at[row];
        return &study.origins[i].band_wkb[b];
    };
    return t;
}

}  // namespace

void write_isochrone(const IsochroneStudy& study, const IsochroneConfig& cfg, const Context&, io::OutputSet& set) {
    io::DatasetWriter w(cfg.output, study.crs, "", &set);
    for (const auto& t : {edges_layer(study), bands_layer(study)}) {
        w.begin_layer(with_notes({t.name, t.kind, t.fields}));
        add_rows(w, t, true);
    }
    w.commit();
}

std::vector<LayerData> IsochroneStudy::tables() const {
    return {to_layer_data(edges_layer(*this), crs), to_layer_data(bands_layer(*this), crs)};
}

}  // namespace midlink::workflow
