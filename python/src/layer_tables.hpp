#pragma once
// midlink::LayerData (midlink/core/layer_data.hpp) as a Python midlink.Table: a dict of
// columns in layer order with the layer's name, crs and geometry_type as attributes.
//   Integer -> numpy int64 (float64 with NaN where any value is NULL)
//   Real    -> numpy float64 (NaN for NULL)
//   String  -> list of str (None for NULL)
// A spatial layer adds "geometry": per row, a list of parts, each a list of (x, y) tuples
// (polygons: every ring of every part; an even-odd fill tells holes apart).
// Every study binding returns its tables through these, so they convert alike.
#include <pybind11/pybind11.h>

#include "midlink/core/layer_data.hpp"

namespace midlink::python {

/// Needs the GIL. The result is a midlink.Table (see python/midlink/__init__.py).
pybind11::object layer_table(const LayerData& layer);

/// Every layer of a dataset, as {name: midlink.Table}, in file order.
pybind11::dict dataset_tables(const DatasetData& data);

void register_tables(pybind11::module_& m);

}  // namespace midlink::python
