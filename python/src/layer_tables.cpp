#include "layer_tables.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "midlink/io/dataset_reader.hpp"

namespace py = pybind11;

namespace midlink::python {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A cell as a number; NULL (and text in a numeric column) is NaN.
double as_real(const CellValue& v) {
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return kNaN;
}

py::object integer_column(const LayerData& layer, std::size_t c) {
    bool has_null = false;
    for (const auto& row : layer.rows) has_null = has_null || !std::holds_alternative<std::int64_t>(row[c]);
    if (has_null) {  // pandas' own convention for an integer column with gaps
        py::array_t<double> out(static_cast<py::ssize_t>(layer.rows.size()));
        auto w = out.mutable_unchecked<1>();
        for (std::size_t r = 0; r < layer.rows.size(); ++r) w(r) = as_real(layer.rows[r][c]);
        return out;
    }
    py::array_t<std::int64_t> out(static_cast<py::ssize_t>(layer.rows.size()));
    auto w = out.mutable_unchecked<1>();
    for (std::size_t r = 0; r < layer.rows.size(); ++r) w(r) = std::get<std::int64_t>(layer.rows[r][c]);
    return out;
}

py::object real_column(const LayerData& layer, std::size_t c) {
    py::array_t<double> out(static_cast<py::ssize_t>(layer.rows.size()));
    auto w = out.mutable_unchecked<1>();
    for (std::size_t r = 0; r < layer.rows.size(); ++r) w(r) = as_real(layer.rows[r][c]);
    return out;
}

py::object string_column(const LayerData& layer, std::size_t c) {
    py::list out(layer.rows.size());
    for (std::size_t r = 0; r < layer.rows.size(); ++r) {
        const auto& v = layer.rows[r][c];
        if (const auto* s = std::get_if<std::string>(&v)) out[r] = py::str(*s);
        else if (const auto* i = std::get_if<std::int64_t>(&v)) out[r] = py::str(std::to_string(*i));
        else if (const auto* d = std::get_if<double>(&v)) out[r] = py::str(py::float_(*d));
        else out[r] = py::none();
    }
    return out;
}

py::list shape_parts(const Shape& shape) {
    py::list parts;
    for (const auto& part : shape.parts) {
        py::list points(part.size());
        for (std::size_t i = 0; i < part.size(); ++i) points[i] = py::make_tuple(part[i].x, part[i].y);
        parts.append(std::move(points));
    }
    return parts;
}

}  // namespace

py::object layer_table(const LayerData& layer) {
    py::dict columns;
    for (std::size_t c = 0; c < layer.columns.size(); ++c) {
        const auto& col = layer.columns[c];
        switch (col.kind) {
            case ColumnKind::Integer: columns[py::str(col.name)] = integer_column(layer, c); break;
            case ColumnKind::Real: columns[py::str(col.name)] = real_column(layer, c); break;
            case ColumnKind::String: columns[py::str(col.name)] = string_column(layer, c); break;
        }
    }
    if (layer.spatial()) {
        py::list geometry(layer.rows.size());
        for (std::size_t r = 0; r < layer.rows.size(); ++r) {
            geometry[r] = r < layer.shapes.size() ? py::object(shape_parts(layer.shapes[r])) : py::object(py::list());
        }
        columns["geometry"] = std::move(geometry);
    }
    const py::object table_type = py::module_::import("midlink").attr("Table");
    return table_type(columns, py::arg("name") = layer.name, py::arg("crs") = layer.crs,
                      py::arg("geometry_type") = layer.geometry_type);
}

py::dict dataset_tables(const DatasetData& data) {
    py::dict out;
    for (const auto& layer : data.layers) out[py::str(layer.name)] = layer_table(layer);
    return out;
}

void register_tables(py::module_& m) {
    m.def(
        "read_dataset",
        [](const std::filesystem::path& path, const std::string& crs) {
            DatasetData data;
            {
                py::gil_scoped_release release;
                data = io::read_dataset(path.string(), crs);
            }
            return dataset_tables(data);
        },
        py::arg("path"), py::arg("crs") = "EPSG:27700",
        "Every layer of a GeoPackage (or any GDAL vector dataset, such as a midlink output) as\n"
        "{name: Table}, coordinates in `crs`. Raises InputError for a missing or unreadable file.");
}

}  // namespace midlink::python
