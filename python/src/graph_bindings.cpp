// midlink.Graph and midlink.Route over the C++ facade (midlink/midlink.hpp). The GIL is
// released while a graph is read, built, saved or searched, so Python threads can query
// one graph at once; numpy arrays are read and made while it is held.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "midlink/midlink.hpp"

namespace py = pybind11;

namespace midlink::python {
namespace {

using XY = std::array<double, 2>;
using release_gil = py::call_guard<py::gil_scoped_release>;

const char* status_name(RouteStatus s) {
    switch (s) {
        case RouteStatus::Ok: return "ok";
        case RouteStatus::Unreachable: return "unreachable";
        case RouteStatus::Unsnapped: return "unsnapped";
    }
    return "unsnapped";
}

// An (n, 2) array of x, y (anything numpy can turn into one: lists of pairs too).
std::vector<Point> points_of(const py::handle& obj, const char* what) {
    const auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
    if (!arr) throw py::type_error(std::string(what) + " must be an (n, 2) array of x, y coordinates");
    if (arr.size() == 0) return {};
    if (arr.ndim() != 2 || arr.shape(1) != 2) {
        std::string shape;
        for (py::ssize_t d = 0; d < arr.ndim(); ++d) shape += (d ? ", " : "") + std::to_string(arr.shape(d));
        throw py::value_error(std::string(what) + " must be an (n, 2) array of x, y coordinates, not shape (" + shape + ")");
    }
    const auto r = arr.unchecked<2>();
    std::vector<Point> out(static_cast<std::size_t>(arr.shape(0)));
    for (py::ssize_t i = 0; i < arr.shape(0); ++i) out[static_cast<std::size_t>(i)] = {r(i, 0), r(i, 1)};
    return out;
}

// Python sees a failed route's time and distance as NaN: a 0 would read as an answer.
double route_value(const Route& r, double v) {
    return r.status == RouteStatus::Ok ? v : std::numeric_limits<double>::quiet_NaN();
}

std::string route_repr(const Route& r) {
    if (r.status != RouteStatus::Ok) return std::string("Route(status='") + status_name(r.status) + "')";
    char buf[128];
    std::snprintf(buf, sizeof buf, "Route(status='ok', time_s=%.1f, distance_m=%.1f)", r.time_s, r.distance_m);
    return buf;
}

py::dict info_dict(const GraphInfo& info) {
    py::dict d;
    d["node_count"] = info.node_count;
    d["edge_count"] = info.edge_count;
    d["link_count"] = info.link_count;
    d["crs"] = info.crs;
    d["profile"] = info.profile;
    d["source"] = info.source;
    d["total_length_m"] = info.total_length_m;
    return d;
}

// Build messages go to the "midlink" logger: progress at INFO, warnings at WARNING.
void log_line(const std::string& line) {
    py::gil_scoped_acquire gil;
    const py::object logger = py::module_::import("logging").attr("getLogger")("midlink");
    static const std::string prefix = "warning: ";
    if (line.rfind(prefix, 0) == 0) logger.attr("warning")(line.substr(prefix.size()));
    else logger.attr("info")(line);
}

}  // namespace

void register_graph(py::module_& m) {
    py::class_<Route>(m, "Route", "A point-to-point answer: status, time_s, distance_m and geometry.")
        .def_property_readonly("status", [](const Route& r) { return status_name(r.status); },
                               "'ok', 'unreachable' (no path joins the points) or 'unsnapped' (a point is farther "
                               "than max_snap_m from the network)")
        .def_property_readonly("ok", [](const Route& r) { return r.status == RouteStatus::Ok; })
        .def_property_readonly("time_s", [](const Route& r) { return route_value(r, r.time_s); },
                               "Travel time in seconds; NaN unless status is 'ok'")
        .def_property_readonly("distance_m", [](const Route& r) { return route_value(r, r.distance_m); },
                               "Length in metres; NaN unless status is 'ok'")
        .def_property_readonly(
            "geometry",
            [](const Route& r) {
                py::list out(r.geometry.size());
                for (std::size_t i = 0; i < r.geometry.size(); ++i) out[i] = py::make_tuple(r.geometry[i].x, r.geometry[i].y);
                return out;
            },
            "[(x, y), ...] from the snapped start to the snapped end, in the graph's CRS; empty unless 'ok'")
        .def("__repr__", &route_repr);
    m.attr("Route").attr("__module__") = "midlink";  // as users import it

    py::class_<Graph>(m, "Graph",
                      "An immutable routing graph. Queries are thread-safe and release the GIL.\n\n"
                      "Graph.load(path) reads a .mlg file; Graph.build(network, profile) builds one.")
        .def_static(
            "load", [](const std::filesystem::path& path) { return Graph::load(path.string()); }, py::arg("path"),
            release_gil(), "Reads a .mlg graph file (as written by `midlink graph build` or save()).")
        .def_static(
            "build",
            [](const std::filesystem::path& network, const std::filesystem::path& profile, const std::string& format,
               const std::string& layer, const std::string& assume_crs, const std::string& crs, const std::string& preset,
               double snap_tolerance_m, const std::string& components, bool strict, bool allow_vrt,
               bool skip_bad_features, const std::filesystem::path& profiles_dir) {
                BuildOptions o;
                o.format = format;
                o.layer = layer;
                o.assume_crs = assume_crs;
                o.crs = crs;
                o.preset = preset;
                o.snap_tolerance_m = snap_tolerance_m;
                o.components = components;
                o.strict = strict;
                o.allow_vrt = allow_vrt;
                o.skip_bad_features = skip_bad_features;
                o.profiles_dir = profiles_dir.string();
                o.log = log_line;
                return Graph::build(network.string(), profile.string(), o);
            },
            py::arg("network"), py::arg("profile") = "car", py::kw_only(), py::arg("format") = "auto",
            py::arg("layer") = "", py::arg("assume_crs") = "", py::arg("crs") = "EPSG:27700",
            py::arg("preset") = "auto", py::arg("snap_tolerance_m") = 0.5, py::arg("components") = "",
            py::arg("strict") = false, py::arg("allow_vrt") = false, py::arg("skip_bad_features") = false,
            py::arg("profiles_dir") = "", release_gil(),
            "Builds a graph from a network file or folder, as `midlink graph build` does.\n"
            "profile: 'car', 'hgv' or a profile YAML path. Progress and warnings go to the\n"
            "'midlink' logger.")
        .def(
            "save", [](const Graph& g, const std::filesystem::path& path) { g.save(path.string()); }, py::arg("path"),
            release_gil(), "Writes the graph as a .mlg file (under a temporary name, then renamed).")
        .def(
            "route",
            [](const Graph& g, XY from, XY to, double max_snap_m, bool snap_connectors) {
                QueryOptions o;
                o.max_snap_m = max_snap_m;
                o.snap_connectors = snap_connectors;
                return g.route({from[0], from[1]}, {to[0], to[1]}, o);
            },
            py::arg("origin"), py::arg("destination"), py::arg("max_snap_m") = 1000.0,
            py::arg("snap_connectors") = false, release_gil(),
            "Fastest route between two (x, y) points in the graph's CRS, as `midlink route` finds it.")
        .def(
            "matrix",
            [](const Graph& g, const py::object& origins_xy, const py::object& destinations_xy, int threads,
               double max_snap_m, bool snap_connectors) {
                const auto origins = points_of(origins_xy, "origins");
                const auto destinations = points_of(destinations_xy, "destinations");
                QueryOptions o;
                o.threads = threads;
                o.max_snap_m = max_snap_m;
                o.snap_connectors = snap_connectors;
                auto* times = new std::vector<double>();
                py::capsule owner(times, [](void* p) { delete static_cast<std::vector<double>*>(p); });
                {
                    py::gil_scoped_release release;
                    *times = g.matrix(origins, destinations, o);
                }
                const std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(origins.size()),
                                                     static_cast<py::ssize_t>(destinations.size())};
                return py::array_t<double>(shape, times->data(), owner);
            },
            py::arg("origins_xy"), py::arg("destinations_xy"), py::arg("threads") = 0,
            py::arg("max_snap_m") = 1000.0, py::arg("snap_connectors") = false,
            "Travel times in seconds as an (n, m) float64 array: row i is origin i, column j\n"
            "destination j; inf where no path exists. Raises InputError naming the first point\n"
            "farther than max_snap_m from the network. threads=0 uses every core.")
        .def("info", [](const Graph& g) { return info_dict(g.info()); },
             "node_count, edge_count, link_count, crs, profile, source, total_length_m")
        .def("__repr__", [](const Graph& g) {
            const auto i = g.info();
            return "<midlink.Graph " + std::to_string(i.node_count) + " nodes, " + std::to_string(i.edge_count) +
                   " edges, " + (i.crs.empty() ? std::string("no CRS") : i.crs) + ", profile '" + i.profile + "'>";
        });
    m.attr("Graph").attr("__module__") = "midlink";
}

}  // namespace midlink::python
