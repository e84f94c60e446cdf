#include "midlink/workflow/study_layers.hpp"

#include "wkb_shape.hpp"
#include "midlink/workflow/layer_notes.hpp"

namespace midlink::workflow {
namespace {

void add_row(io::DatasetWriter& w, const std::vector<io::FieldValue>& v, const FeatureGeometry& g) {
    if (const auto* p = std::get_if<Point>(&g))
        w.add(*p, v);
    else if (const auto* l = std::get_if<LineString>(&g))
        w.add(*l, v);
    else if (const auto* wkb = std::get_if<const std::vector<std::uint8_t>*>(&g))
        w.add_wkb(**wkb, v);
    else
        w.add(v);
}

Shape shape_of(const FeatureGeometry& g) {
    Shape s;
    if (const auto* p = std::get_if<Point>(&g)) {
        s.kind = Shape::Kind::Point;
        s.parts.push_back({*p});
    } else if (const auto* l = std::get_if<LineString>(&g)) {
        s.kind = Shape::Kind::Line;
        s.parts.push_back(*l);
    } else if (const auto* wkb = std::get_if<const std::vector<std::uint8_t>*>(&g)) {
        s = detail::polygon_shape_from_wkb(**wkb);
    }
    return s;
}

}  // namespace

void write_layers(LayersWithCsv& out, const std::vector<StudyLayer>& layers) {
    for (const auto& layer : layers) {
        if (!layer.csv) {
            out.main().begin_layer(with_notes(layer.spec));
            layer.rows([&](const auto& v, const auto& g) { add_row(out.main(), v, g); });
            continue;
        }
        out.write(layer.spec.name, layer.spec.geometry, layer.spec.fields, [&](io::DatasetWriter& w, bool spatial) {
            layer.rows([&](const auto& v, const auto& g) {
                if (spatial)
                    add_row(w, v, g);
                else
                    w.add(v);
            });
        });
    }
}

void write_layers(io::DatasetWriter& out, const std::vector<StudyLayer>& layers) {
    for (const auto& layer : layers) {
        out.begin_layer(with_notes(layer.spec));
        layer.rows([&](const auto& v, const auto& g) { add_row(out, v, g); });
    }
}

std::vector<LayerData> layer_tables(const std::vector<StudyLayer>& layers, const std::string& crs) {
    std::vector<LayerData> tables;
    for (const auto& layer : layers) {
        LayerData t;
        t.name = layer.spec.name;
        t.geometry_type = geometry_type_name(layer.spec.geometry);
        const bool spatial = layer.spec.geometry != io::GeometryKind::None;
        if (spatial) t.crs = crs;
        for (const auto& f : layer.spec.fields) t.columns.push_back({f.name, column_kind(f.type)});
        layer.rows([&](const std::vector<io::FieldValue>& v, const FeatureGeometry& g) {
            t.rows.emplace_back(v.begin(), v.end());  // FieldValue and CellValue are one variant
            if (spatial) t.shapes.push_back(shape_of(g));
        });
        tables.push_back(std::move(t));
    }
    return tables;
}

ColumnKind column_kind(io::FieldType t) {
    switch (t) {
        case io::FieldType::Integer:
        case io::FieldType::Integer64:
            return ColumnKind::Integer;
        case io::FieldType::Real:
            return ColumnKind::Real;
        case io::FieldType::String:
            return ColumnKind::String;
    }
    return ColumnKind::String;
}

std::string geometry_type_name(io::GeometryKind kind) {
    switch (kind) {
        case io::GeometryKind::None:
            return "None";
        case io::GeometryKind::Point:
            return "Point";
        case io::GeometryKind::LineString:
            return "LineString";
        case io::GeometryKind::MultiPolygon:
            return "MultiPolygon";
    }
    return "None";
}

}  // namespace midlink::workflow
