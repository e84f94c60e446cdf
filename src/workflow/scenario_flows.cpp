// Flows under a scenario (the project's 'assignment' section) and the digital gap of a
// coverage area before and after a rollout.
#include <cmath>
#include <cstdio>
#include <limits>

#include "midlink/analysis/digital_gaps.hpp"
#include "midlink/analysis/graph_assignment.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "scenario_steps.hpp"

namespace midlink::workflow {

std::string format_flow(const FlowSummary& f) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.1f vehicle-hours, %zu links at V/C >= 0.85, relative gap %.2g", f.vehicle_hours,
                  f.near_capacity, f.gap);
    return buf;
}

FlowInputs read_flow_inputs(const graph::RoadGraph& g, const io::ProjectAssignment& pa, double max_snap_m,
                            const Context& ctx) {
    GraphAssignConfig ac;
    ac.zones = pa.zones;
    ac.zone_id_field = pa.zone_id;
    ac.od = pa.od;
    ac.snap_distance_m = max_snap_m;
    Diagnostics diag;
    Context quiet = ctx;
    quiet.quiet = true;
    FlowInputs in;
    in.zones = snap_assignment_zones(g, ac, diag, quiet);
    in.od = read_assignment_od(ac, in.zones, diag, quiet);
    // The project reader admits only known names; never let another one become a default.
    if (!analysis::parse_assignment_method(pa.method, in.options.method))
        throw ConfigError("'assignment.method' " + pa.method + " is not a known method");
    in.options.target_gap = pa.gap;
    in.options.max_iterations = pa.max_iter;
    return in;
}

FlowSummary assign_flows(const graph::RoadGraph& g, const std::vector<analysis::ZoneAccess>& zones, const FlowInputs& in) {
    const auto network = analysis::graph_assignment_network(g, zones);
    const auto r = analysis::assign_traffic(network.net, in.od, in.options);
    FlowSummary f;
    f.vehicle_hours = r.total_travel_time / 3600.0;
    f.gap = r.relative_gap;
    f.max_vc = 0.0;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        const double cap = g.link_capacity(g.edge_link[e]);
        if (!(cap > 0.0)) continue;
        const double vc = r.volume[e] / cap;
        f.max_vc = std::max(f.max_vc, vc);
        if (vc >= 0.85) ++f.near_capacity;
    }
    return f;
}

// The same links and fractions, so a zone does not jump to a new link that happens to pass
// nearer. Nodes keep their ids, so connectors stay as they are.
std::vector<analysis::ZoneAccess> zones_on(const graph::EditedGraph& edited, std::vector<analysis::ZoneAccess> zones) {
    for (auto& z : zones) {
        z.leave = graph::moved_anchors(z.leave, edited, true);
        z.arrive = graph::moved_anchors(z.arrive, edited, false);
    }
    return zones;
}

double number_attribute(const AreaFeature& a, const std::string& field) {
    const std::string* v = a.attribute(field);
    if (!v || v->empty()) return std::numeric_limits<double>::quiet_NaN();
    try {
        return std::stod(*v);
    } catch (...) {
        return std::numeric_limits<double>::quiet_NaN();
    }
}

double area_digital_gap(const AreaFeature& a, bool upgraded) {
    const analysis::GapWeights weights;
    const double gig = upgraded ? 1.0 : number_attribute(a, "gigabit_pct") / 100.0;
    const double uso = upgraded ? 0.0 : number_attribute(a, "below_uso_pct") / 100.0;
    return analysis::digital_gap(uso, gig, number_attribute(a, "bduk_white_pct") / 100.0, weights);
}

}  // namespace midlink::workflow
