// The layers of an access study as schemas and rows: what write_access writes and what
// AccessStudy::tables() hands to library users.
#include <string>

#include "access_steps.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow {
namespace {

namespace s = schema::access;
using io::real_or_null;

// Common columns of every area layer, then one column per measure.
std::vector<io::FieldDef> area_fields(const analysis::AccessResult& r, bool level0, const std::vector<std::string>& kept) {
    std::vector<io::FieldDef> f{field(s::kId)};
    for (const auto& k : kept) f.push_back({k, io::FieldType::String});  // e.g. the LAD code used to aggregate
    if (level0) f.push_back(field(s::kPointSource));
    append_fields(f, s::kCounts);
    if (level0) f.push_back(field(s::kSnapM));
    for (const auto& c : r.columns) f.push_back({c.name, io::FieldType::Real});
    return f;
}

std::vector<io::FieldValue> area_values(const analysis::AreaTable& t, std::size_t g, const std::string& id,
                                        const std::string* point_source, const double* snap_m,
                                        const AreaFeature* area, const std::vector<std::string>& kept) {
    std::vector<io::FieldValue> v{id};
    for (const auto& k : kept) {
        const auto* value = area ? area->attribute(k) : nullptr;
        v.push_back(value ? io::FieldValue{*value} : io::FieldValue{});
    }
    if (point_source) v.push_back(*point_source);
    v.push_back(t.population[g]);
    v.push_back(std::int64_t{t.origins[g]});
    v.push_back(std::int64_t{t.unsnapped[g]});
    v.push_back(std::int64_t{t.unreachable[g]});
    v.push_back(std::int64_t{t.population_missing[g]});
    if (snap_m) v.push_back(*snap_m);
    for (std::size_t c = 0; c < t.columns; ++c) v.push_back(real_or_null(t.value(g, c)));
    return v;
}

// Level 0: each origin (area polygon or point) with its own values.
LayerTable origin_layer(const AccessStudy& study) {
    const auto& in = study.inputs;
    LayerTable t;
    t.name = in.origins_are_areas ? s::kAreasLayer : s::kOriginsLayer;
    t.kind = in.origins_are_areas ? io::GeometryKind::MultiPolygon : io::GeometryKind::Point;
    t.fields = area_fields(study.result, true, study.kept_fields);
    t.size = in.origin_ids.size();
    t.values = [&study](std::size_t i) {
        const auto& in = study.inputs;
        const std::string source = !in.origins_are_areas ? s::kSourcePoint
                                   : in.areas[i].representative_kind == RepresentativePoint::Supplied
                                       ? s::kSourceSupplied
                                       : s::kSourceOnSurface;
        return area_values(study.origin_table, i, in.origin_ids[i], &source, &in.origin_snap_m[i],
                           in.origins_are_areas ? &in.areas[i] : nullptr, study.kept_fields);
    };
    t.geometry = [&in](std::size_t i) -> RowGeometry {
        if (in.origins_are_areas) return &in.areas[i].wkb;
        return in.origin_points[i].xy;
    };
    return t;
}

LayerTable level_layer(const AccessStudy& study, const AggregationLevel& level) {
    LayerTable t;
    t.name = level.name;
    t.kind = level.spatial ? io::GeometryKind::MultiPolygon : io::GeometryKind::None;
    t.fields = area_fields(study.result, false, level.kept_fields);
    t.size = level.areas.size();
    t.values = [&level](std::size_t a) {
        return area_values(level.table, a, level.areas[a].id, nullptr, nullptr, &level.areas[a], level.kept_fields);
    };
    if (level.spatial) t.geometry = [&level](std::size_t a) -> RowGeometry { return &level.areas[a].wkb; };
    return t;
}

// Destinations with their snap and any destination measures (passive Hansen, FCA ratios).
LayerTable destination_layer(const AccessStudy& study) {
    const auto& r = study.result;
    LayerTable t;
    t.name = s::kDestinationsLayer;
    t.kind = io::GeometryKind::Point;
    append_fields(t.fields, s::kDestinationColumns);
    for (const auto& c : r.destination_columns) t.fields.push_back({c.name, io::FieldType::Real});
    t.size = study.inputs.destinations.size();
    t.values = [&study](std::size_t j) {
        const auto& in = study.inputs;
        const auto& r = study.result;
        const std::size_t dc = r.destination_columns.size();
        std::vector<io::FieldValue> v{in.destinations[j].id, in.destination_service[j], in.destinations[j].weight,
                                      std::int64_t{in.inputs.destinations[j].at.ok() ? 1 : 0}, in.destination_snap_m[j]};
        for (std::size_t c = 0; c < dc; ++c) v.push_back(real_or_null(r.destination_values[j * dc + c]));
        return v;
    };
    t.geometry = [&study](std::size_t j) -> RowGeometry { return study.inputs.destinations[j].xy; };
    return t;
}

// What every column means, so a GIS user never has to guess.
LayerTable measures_layer(const AccessStudy& study) {
    const auto& r = study.result;
    LayerTable t;
    t.name = s::kMeasuresLayer;
    append_fields(t.fields, s::kMeasureColumns);
    t.with_csv = false;
    t.size = r.columns.size() + 2;
    t.values = [&r](std::size_t k) -> std::vector<io::FieldValue> {
        if (k < r.columns.size()) {
            const auto& c = r.columns[k];
            return {c.name, c.description,
                    std::string(c.null_when_unreached ? "unsnapped, or no destination within the search limit"
                                                      : "origin unsnapped")};
        }
        if (k == r.columns.size()) {
            return {std::string("search_limit_min"),
                    "search cut-off used for this run: " + std::to_string(r.search_limit_min) + " minutes", std::string("")};
        }
        return {std::string("aggregation"),
                std::string("area values are population-weighted means over origins with a non-NULL value; counts are sums"),
                std::string("")};
    };
    return t;
}

}  // namespace

std::vector<LayerTable> access_layers(const AccessStudy& study) {
    std::vector<LayerTable> layers{origin_layer(study)};
    for (const auto& level : study.levels) layers.push_back(level_layer(study, level));
    layers.push_back(destination_layer(study));
    layers.push_back(measures_layer(study));
    return layers;
}

LayerTable od_matrix_table(const AccessStudy& study) {
    LayerTable t;
    t.name = s::kOdMatrixTable;
    append_fields(t.fields, s::kOdColumns);
    // Row k of the flattened matrix: origin by origin, each by increasing cost.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> at;  // (origin, entry)
    for (std::size_t i = 0; i < study.result.od.size(); ++i) {
        for (std::size_t e = 0; e < study.result.od[i].size(); ++e) {
            at.emplace_back(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(e));
        }
    }
    t.size = at.size();
    t.values = [&study, at = std::move(at)](std::size_t k) -> std::vector<io::FieldValue> {
        const auto& in = study.inputs;
        const auto [i, e] = at[k];
        const auto& entry = study.result.od[i][e];
        return {in.origin_ids[i], in.destinations[entry.destination].id, in.destination_service[entry.destination],
                entry.cost_min};
    };
    return t;
}

std::vector<LayerData> AccessStudy::tables() const {
    std::vector<LayerData> out;
    for (const auto& t : access_layers(*this)) out.push_back(to_layer_data(t, inputs.crs));
    if (inputs.inputs.keep_od) out.push_back(to_layer_data(od_matrix_table(*this), ""));
    return out;
}

}  // namespace midlink::workflow
