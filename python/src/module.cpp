// The compiled part of the `midlink` Python package (midlink._midlink); the package's
// __init__.py re-exports it with a small pure-Python layer (docs/python.md).
#include <pybind11/pybind11.h>

#include "errors.hpp"
#include "layer_tables.hpp"
#include "midlink/version.hpp"

namespace midlink::python {
void register_graph(pybind11::module_& m);
void register_studies(pybind11::module_& m);
void register_network_studies(pybind11::module_& m);
}

PYBIND11_MODULE(_midlink, m) {
    m.doc() = "midlink: routing graphs, routes and travel-time matrices (C++ core)";
    midlink::python::register_errors(m);
    midlink::python::register_graph(m);
    midlink::python::register_tables(m);
    midlink::python::register_studies(m);
    midlink::python::register_network_studies(m);
    m.attr("__version__") = midlink::version_string;
}
