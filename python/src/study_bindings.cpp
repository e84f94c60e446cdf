// Studies from Python: midlink.access, midlink.coverage, midlink.assign, midlink.isochrone
// and midlink.centrality take the CLI's options as keywords (its flag names with '-' as
// '_'), run the same workflow calls as the command, return the output layers as {name:
// midlink.Table}, and with `output=` also write the same files the command writes.
#include <optional>

#include "midlink/core/error.hpp"
#include "midlink/midlink.hpp"
#include "midlink/workflow/access.hpp"
#include "midlink/workflow/assign.hpp"
#include "midlink/workflow/centrality.hpp"
#include "midlink/workflow/coverage.hpp"
#include "midlink/workflow/isochrone.hpp"
#include "study_options.hpp"

namespace py = pybind11;

namespace midlink::python {
namespace {

py::dict access(const Graph& g, const py::kwargs& options) {
    workflow::AccessConfig cfg;
    const auto ctx = study_context("access", options,
          {{"origins", field(cfg.origins)}, {"origin_layer", field(cfg.origin_layer)},
           {"origin_id", field(cfg.origin_id)}, {"origin_points", field(cfg.origin_points)},
           {"origin_points_id", field(cfg.origin_points_id)}, {"population", field(cfg.population)},
           {"population_id", field(cfg.population_id)}, {"population_field", field(cfg.population_field)},
           {"destinations", list_field(cfg.destinations)}, {"dest_name", list_field(cfg.dest_names)},
           {"dest_weight", field(cfg.dest_weight)}, {"dest_category", field(cfg.dest_category)},
           {"dest_id", field(cfg.dest_id)}, {"measures", field(cfg.measures)},
           {"aggregate_to", list_field(cfg.aggregate_to)}, {"aggregate_id", list_field(cfg.aggregate_id)},
           {"aggregate_by", list_field(cfg.aggregate_by)}, {"aggregate_name", list_field(cfg.aggregate_name)},
           {"aggregate_code", list_field(cfg.aggregate_code)}, {"assume_crs", field(cfg.assume_crs)},
           {"max_snap", field(cfg.max_snap_m)}, {"snap_connectors", field(cfg.snap_connectors)},
           {"max_time", field(cfg.max_time_min)}, {"od_matrix", field(cfg.od_matrix)}, {"engine", field(cfg.engine)},
           {"output", field(cfg.output)}});
    return run_study<workflow::AccessStudy>(
        cfg.output, ctx, [&] { return workflow::compute_access(cfg, ctx, g.road_graph()); },
        [&](const workflow::AccessStudy& s, io::OutputSet& set) { workflow::write_access(s, cfg, ctx, set); });
}

py::dict coverage(const py::kwargs& options) {
    workflow::CoverageConfig cfg;
    const auto ctx = study_context("coverage", options,
          {{"areas", field(cfg.areas)}, {"area_layer", field(cfg.area_layer)}, {"area_id", field(cfg.area_id)},
           {"area_name", field(cfg.area_name)}, {"coverage", list_field(cfg.coverage)},
           {"release", list_field(cfg.releases)}, {"level", field(cfg.level)}, {"code_field", field(cfg.code_field)},
           {"lookup", field(cfg.lookup)}, {"lookup_from", field(cfg.lookup_from)}, {"lookup_to", field(cfg.lookup_to)},
           {"premises", field(cfg.premises)}, {"premises_layer", field(cfg.premises_layer)},
           {"premises_down", field(cfg.premises_down)}, {"premises_up", field(cfg.premises_up)},
           {"premises_tech", field(cfg.premises_tech)}, {"premises_bduk", field(cfg.premises_bduk)},
           {"premises_release", field(cfg.premises_release)}, {"coverage_polygons", field(cfg.polygons)},
           {"coverage_polygons_layer", field(cfg.polygons_layer)}, {"coverage_polygons_id", field(cfg.polygons_id)},
           {"coverage_polygons_tier", field(cfg.polygons_tier)}, {"coverage_polygons_release", field(cfg.polygons_release)},
           {"bduk", field(cfg.bduk)}, {"bduk_key", field(cfg.bduk_key)}, {"bduk_class", field(cfg.bduk_class)},
           {"bduk_premises", field(cfg.bduk_premises)}, {"aggregate_to", list_field(cfg.aggregate_to)},
           {"aggregate_id", list_field(cfg.aggregate_id)}, {"aggregate_name", list_field(cfg.aggregate_name)},
           {"aggregate_code", list_field(cfg.aggregate_code)}, {"assume_crs", field(cfg.assume_crs)},
           {"output", field(cfg.output)}});
    return run_study<workflow::CoverageStudy>(
        cfg.output, ctx, [&] { return workflow::compute_coverage(cfg, ctx); },
        [&](const workflow::CoverageStudy& s, io::OutputSet& set) { workflow::write_coverage(s, cfg, ctx, set); });
}

py::dict assign(const std::optional<Graph>& g, const py::kwargs& options) {
    workflow::AssignConfig cfg;
    auto& on = cfg.on_graph;
    std::optional<double> toll, distance;
    const auto ctx = study_context("assign", options,
          {{"network", field(cfg.network)}, {"trips", field(cfg.trips)}, {"method", field(cfg.method)},
           {"gap", field(cfg.gap)}, {"max_iter", field(cfg.max_iterations)}, {"toll_factor", field(toll)},
           {"distance_factor", field(distance)}, {"zones", field(on.zones)}, {"zone_layer", field(on.zone_layer)},
           {"zone_id_field", field(on.zone_id_field)}, {"assume_crs", field(on.zones_crs)}, {"zones_crs", field(on.zones_crs)}, {"od", field(on.od)},
           {"max_snap", field(on.snap_distance_m)}, {"snap_distance", field(on.snap_distance_m)}, {"snap_connectors", field(on.snap_connectors)},
           {"connectors", field(on.connectors)}, {"connector_speed", field(on.connector_speed_kmh)},
           {"edges_out", field(on.edges_output)}, {"bpr_alpha", field(on.bpr.alpha)}, {"bpr_power", field(on.bpr.power)}, {"output", field(cfg.output)}});
    cfg.toll_factor = toll;
    cfg.distance_factor = distance;
    if (g) {
        on.graph = "(in memory)";  // the graph form; the graph itself is given
        on.output = cfg.output;
    }
    return run_study<workflow::AssignStudy>(
        cfg.output, ctx,
        [&] { return g ? workflow::compute_assign(cfg, g->road_graph(), ctx) : workflow::compute_assign(cfg, ctx); },
        [&](const workflow::AssignStudy& s, io::OutputSet& set) { workflow::write_assign(s, cfg, ctx, set); });
}

py::dict isochrone(const Graph& g, const py::object& origins, const py::kwargs& options) {
    workflow::IsochroneConfig cfg;
    const auto ctx = study_context("isochrone", options,
          {{"points", field(cfg.points)}, {"assume_crs", field(cfg.coords_crs)}, {"coords_crs", field(cfg.coords_crs)}, {"bands", field(cfg.bands_min)},
           {"max_snap", field(cfg.max_snap_m)}, {"snap_connectors", field(cfg.snap_connectors)},
           {"buffer", field(cfg.buffer_m)}, {"output", field(cfg.output)}});
    // origins: {id: (x, y)} or [(x, y), ...] (ids "0", "1", ...); else points= (a CSV).
    std::optional<std::vector<workflow::OriginPoint>> given;
    if (!origins.is_none()) {
        if (!cfg.points.empty()) throw ConfigError("isochrone: give origins or points=, not both");
        given.emplace();
        try {
            if (py::isinstance<py::dict>(origins)) {
                for (const auto& [id, xy] : py::cast<py::dict>(origins)) {
                    const auto p = py::cast<std::pair<double, double>>(xy);
                    given->push_back({py::cast<std::string>(py::str(id)), {p.first, p.second}});
                }
            } else {
                for (const auto& xy : py::cast<std::vector<std::pair<double, double>>>(origins)) {
                    given->push_back({std::to_string(given->size()), {xy.first, xy.second}});
                }
            }
        } catch (const py::cast_error&) {
            throw ConfigError("isochrone: origins must be {id: (x, y)} or a list of (x, y)");
        }
    }
    return run_study<workflow::IsochroneStudy>(
        cfg.output, ctx,
        [&] {
            return given ? workflow::compute_isochrone(cfg, ctx, g.road_graph(), *given)
                         : workflow::compute_isochrone(cfg, ctx, g.road_graph());
        },
        [&](const workflow::IsochroneStudy& s, io::OutputSet& set) { workflow::write_isochrone(s, cfg, ctx, set); });
}

py::dict centrality(const Graph& g, const py::kwargs& options) {
    workflow::CentralityConfig cfg;
    const auto ctx = study_context("centrality", options,
          {{"samples", field(cfg.samples)}, {"seed", field(cfg.seed)}, {"places", field(cfg.od)}, {"od", field(cfg.od)},
           {"assume_crs", field(cfg.coords_crs)}, {"coords_crs", field(cfg.coords_crs)}, {"max_snap", field(cfg.max_snap_m)},
           {"snap_connectors", field(cfg.snap_connectors)}, {"criticality", field(cfg.criticality)},
           {"output", field(cfg.output)}});
    return run_study<workflow::CentralityStudy>(
        cfg.output, ctx, [&] { return workflow::compute_centrality(cfg, ctx, g.road_graph()); },
        [&](const workflow::CentralityStudy& s, io::OutputSet& set) {
            workflow::write_centrality(s, cfg, g.road_graph(), set);
        });
}

}  // namespace

void register_studies(py::module_& m) {
    m.def("_centrality", &centrality, py::arg("graph"));
    m.def("_isochrone", &isochrone, py::arg("graph"), py::arg("origins") = py::none());
    m.def("_access", &access, py::arg("graph"));
    m.def("_coverage", &coverage);
    m.def("_assign", &assign, py::arg("graph") = py::none());
}

}  // namespace midlink::python
