// Studies along the network from Python: midlink.corridors, midlink.gaps,
// midlink.fibre_cost and midlink.flows. As in study_bindings.cpp, the keywords are the
// command's flags with '-' as '_', the same workflow calls run, the output layers come back
// as {name: midlink.Table}, and `output=` also writes the command's files.
#include "midlink/midlink.hpp"
#include "midlink/workflow/corridors.hpp"
#include "midlink/workflow/fibre_cost.hpp"
#include "midlink/workflow/flows.hpp"
#include "midlink/workflow/gaps.hpp"
#include "study_options.hpp"

namespace py = pybind11;

namespace midlink::python {
namespace {

py::dict corridors(const Graph& g, const py::kwargs& options) {
    workflow::CorridorsConfig cfg;
    const auto ctx = study_context("corridors", options,
          {{"corridors", field(cfg.corridors)}, {"places", field(cfg.places)}, {"places_id", field(cfg.places_id)},
           {"places_population", field(cfg.places_population)}, {"max_angle", field(cfg.max_angle_deg)},
           {"min_km", field(cfg.min_km)}, {"discover", field(cfg.discover)}, {"hgv_graph", field(cfg.hgv_graph)},
           {"k", field(cfg.k)}, {"top", field(cfg.top)}, {"snap_connectors", field(cfg.snap_connectors)},
           {"max_snap", field(cfg.max_snap_m)}, {"output", field(cfg.output)}});
    return run_study<workflow::CorridorsStudy>(
        cfg.output, ctx, [&] { return workflow::compute_corridors(cfg, ctx, g.road_graph()); },
        [&](const workflow::CorridorsStudy& s, io::OutputSet& set) {
            workflow::write_corridors(s, cfg, g.road_graph(), set);
        });
}

py::dict gaps(const py::kwargs& options) {
    workflow::GapsConfig cfg;
    auto& w = cfg.weights;
    const auto ctx = study_context("gaps", options,
          {{"corridors", field(cfg.corridors)}, {"corridors_layer", field(cfg.corridors_layer)},
           {"corridor_name", field(cfg.corridor_name)}, {"corridor_weight", field(cfg.corridor_weight)},
           {"coverage", field(cfg.coverage)}, {"coverage_layer", field(cfg.coverage_layer)},
           {"coverage_id", field(cfg.coverage_id)}, {"release", field(cfg.release)}, {"measure", field(cfg.measure)},
           {"segment_km", field(cfg.segment_km)}, {"buffer_km", field(cfg.buffer_km)},
           {"threshold", field(cfg.threshold_pct)}, {"premises", field(cfg.premises)},
           {"premises_layer", field(cfg.premises_layer)}, {"premises_down", field(cfg.premises_down)},
           {"covered_mbps", field(cfg.covered_mbps)}, {"access", field(cfg.access)},
           {"access_layer", field(cfg.access_layer)}, {"access_id", field(cfg.access_id)},
           {"access_field", field(cfg.access_field)}, {"access_kind", field(cfg.access_kind)},
           {"access_ref_pct", field(cfg.access_ref_pct)}, {"w_below_uso", field(w.below_uso)},
           {"w_not_gigabit", field(w.not_gigabit)}, {"w_white", field(w.white)}, {"w_transport", field(w.transport)},
           {"w_digital", field(w.digital)}, {"combine", field(cfg.combine)}, {"output", field(cfg.output)}});
    return run_study<workflow::GapsStudy>(
        cfg.output, ctx, [&] { return workflow::compute_gaps(cfg, ctx); },
        [&](const workflow::GapsStudy& s, io::OutputSet& set) { workflow::write_gaps(s, cfg, ctx, set); });
}

py::dict fibre_cost(const Graph& g, const py::kwargs& options) {
    workflow::FibreConfig cfg;
    auto& p = cfg.params;
    const auto ctx = study_context("fibre_cost", options,
          {{"premises", field(cfg.premises)}, {"premises_layer", field(cfg.premises_layer)},
           {"premises_id", field(cfg.premises_id)}, {"served", field(cfg.served)},
           {"served_layer", field(cfg.served_layer)}, {"served_id", field(cfg.served_id)}, {"spine", field(cfg.spine)},
           {"spine_layer", field(cfg.spine_layer)}, {"spine_spacing_m", field(cfg.spine_spacing_m)},
           {"assume_crs", field(cfg.assume_crs)}, {"cost_per_km", field(p.route_cost_per_km_gbp)},
           {"drop_cost_per_km", field(cfg.drop_cost_per_km)}, {"cost_per_premises", field(p.connection_cost_gbp)},
           {"uso_cap", field(p.uso_cap_gbp)}, {"max_snap", field(cfg.max_snap_m)}, {"max_snap_m", field(cfg.max_snap_m)}, {"output", field(cfg.output)}});
    return run_study<workflow::FibreCostStudy>(
        cfg.output, ctx, [&] { return workflow::compute_fibre_cost(cfg, g.road_graph(), ctx); },
        [&](const workflow::FibreCostStudy& s, io::OutputSet& set) { workflow::write_fibre_cost(s, cfg, ctx, set); });
}

py::dict flows(const Graph& g, const py::kwargs& options) {
    workflow::FlowsConfig cfg;
    auto& c = cfg.counts;
    const auto ctx = study_context("flows", options,
          {{"counts", field(c.path)}, {"layer", field(c.layer)}, {"assume_crs", field(c.assume_crs)}, {"counts_crs", field(c.assume_crs)},
           {"id_field", field(c.id_field)}, {"road_field", field(c.road_field)}, {"all_field", field(c.all_field)},
           {"hgv_field", field(c.hgv_field)}, {"estimation_field", field(c.estimation_field)},
           {"direction_field", field(c.direction_field)}, {"x_field", field(c.x_field)}, {"y_field", field(c.y_field)},
           {"max_snap", field(cfg.match.tolerance_m)}, {"tolerance_m", field(cfg.match.tolerance_m)}, {"any_ref_fallback", field(cfg.match.any_ref_fallback)},
           {"peak_hour_factor", field(cfg.flow.peak_hour_factor)},
           {"directional_split", field(cfg.flow.directional_split)}, {"counted_only", field(cfg.counted_edges_only)},
           {"diagnostics", field(cfg.diagnostics_path)}, {"output", field(cfg.output)}});
    return run_study<workflow::FlowsStudy>(
        cfg.output, ctx, [&] { return workflow::compute_flows(cfg, g.road_graph(), ctx); },
        [&](const workflow::FlowsStudy& s, io::OutputSet& set) { workflow::write_flows(s, cfg, ctx, set); });
}

}  // namespace

void register_network_studies(py::module_& m) {
    m.def("_corridors", &corridors, py::arg("graph"));
    m.def("_gaps", &gaps);
    m.def("_fibre_cost", &fibre_cost, py::arg("graph"));
    m.def("_flows", &flows, py::arg("graph"));
}

}  // namespace midlink::python
