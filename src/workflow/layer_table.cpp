#include "layer_table.hpp"

#include "midlink/io/dataset_reader.hpp"

namespace midlink::workflow {
namespace {

Shape shape_of(const RowGeometry& g) {
    if (const auto* p = std::get_if<Point>(&g)) return {Shape::Kind::Point, {{*p}}};
    if (const auto* l = std::get_if<const LineString*>(&g)) return {Shape::Kind::Line, {**l}};
    if (const auto* w = std::get_if<const std::vector<std::uint8_t>*>(&g)) return io::shape_from_wkb(**w);
    return {};
}

}  // namespace

void add_rows(io::DatasetWriter& w, const LayerTable& table, bool spatial) {
    for (std::size_t i = 0; i < table.size; ++i) {
        const auto values = table.values(i);
        const RowGeometry g = spatial && table.geometry ? table.geometry(i) : RowGeometry{};
        if (const auto* p = std::get_if<Point>(&g)) w.add(*p, values);
        else if (const auto* l = std::get_if<const LineString*>(&g)) w.add(**l, values);
        else if (const auto* b = std::get_if<const std::vector<std::uint8_t>*>(&g)) w.add_wkb(**b, values);
        else w.add(values);
    }
}

LayerData to_layer_data(const LayerTable& table, const std::string& crs) {
    LayerData d;
    d.name = table.name;
    const bool spatial = table.kind != io::GeometryKind::None && table.geometry;
    d.geometry_type = spatial ? geometry_type_name(table.kind) : "None";
    d.crs = spatial ? crs : "";
    for (const auto& f : table.fields) d.columns.push_back({f.name, column_kind(f.type)});
    d.rows.reserve(table.size);
    for (std::size_t i = 0; i < table.size; ++i) {
        d.rows.push_back(table.values(i));
        if (spatial) d.shapes.push_back(shape_of(table.geometry(i)));
    }
    return d;
}

}  // namespace midlink::workflow
