// midlink scenarios: investment options evaluated against the baseline of a project and
// ranked by benefit per pound. Accessibility is recomputed only for the origins a
// scenario can affect (analysis/scenario_eval.hpp); --check-full recomputes everything as
// well and refuses to write if the two differ.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "midlink/workflow/access.hpp"
#include "commands.hpp"
#include "midlink/workflow/assign.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/analysis/digital_gaps.hpp"
#include "midlink/analysis/scenario_eval.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_edit.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/route.hpp"
#include "midlink/graph/snap_anchors.hpp"
#include "midlink/io/corridor_reader.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_values.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/io/project_reader.hpp"
#include "midlink/io/scenario_reader.hpp"

namespace midlink::cli {
namespace {
using workflow::AssignmentZones;
using workflow::GraphAssignConfig;
using workflow::read_assignment_od;
using workflow::snap_assignment_zones;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct ScenariosConfig {
    std::string project;
    std::string scenarios;
    std::string graph;  // overrides the project's graph/network (`midlink run` passes its own)
    std::string output;
    bool check_full = false;
    bool no_incremental = false;
};

/// A scenario turned into graph edits and area changes, checked before any long work.
struct Resolved {
    io::Scenario spec;
    graph::GraphEdits edits;
    std::vector<EdgeId> changed_base;  // baseline ids of retimed and closed edges
    std::vector<NodeId> new_tails;
    std::vector<std::string> broadband_areas;
    bool capacity_only = false;  // changes capacity alone: times, and so accessibility, are unchanged
};

double point_segment_m(Point p, Point a, Point b) {
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

std::vector<EdgeId> chosen_edges(const graph::RoadGraph& g, const io::Intervention& iv, const std::string& file,
                                 bool lenient) {
    std::vector<EdgeId> out;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        bool take = iv.refs.empty() || std::find(iv.refs.begin(), iv.refs.end(), g.edge_ref(e)) != iv.refs.end();
        if (take && iv.near) {
            const auto line = g.edge_geometry(e);
            double d = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i + 1 < line.size(); ++i) d = std::min(d, point_segment_m(*iv.near, line[i], line[i + 1]));
            take = d <= iv.radius_m;
        }
        if (take && g.time_weight[e] != kUnreachable) out.push_back(e);
    }
    if (out.empty() && !lenient) {
        std::string what;
        for (const auto& r : iv.refs) what += (what.empty() ? "ref " : ", ") + r;
        if (iv.near) what += (what.empty() ? "" : " ") + std::string("within ") + std::to_string(int(iv.radius_m)) + " m of the point";
        throw ConfigError(file + ": " + iv.where + ": no link of the graph matches (" + what + ")");
    }
    return out;
}

NodeId nearest_node(const graph::RoadGraph& g, const graph::Snapper& snapper, Point p, double max_snap_m,
                    const std::string& file, const std::string& what) {
    const auto s = snapper.snap(p, max_snap_m);
    if (!s.ok) {
        throw ConfigError(file + ": " + what + " is more than " + std::to_string(int(max_snap_m)) +
                          " m from the network");
    }
    if (s.node != kInvalidNode) return s.node;  // the point is on a node
    const EdgeId e = s.along != kInvalidEdge ? s.along : s.against;
    const NodeId a = g.tail(e), b = g.head[e];
    return distance_m(g.node_xy[a], p) <= distance_m(g.node_xy[b], p) ? a : b;
}

/// `lenient`: links an intervention names may be missing (the HGV graph leaves roads out).
Resolved resolve(const graph::RoadGraph& g, const graph::Snapper& snapper, const io::Scenario& sc, double max_snap_m,
                 const std::vector<std::string>& coverage_codes, const std::string& file, bool lenient = false) {
    Resolved r;
    r.spec = sc;
    std::map<EdgeId, double> time_s, capacity;
    for (const auto& iv : sc.interventions) {
        switch (iv.type) {
            case io::InterventionType::Upgrade:
                for (EdgeId e : chosen_edges(g, iv, file, lenient)) {
                    if (iv.speed_kmh > 0 || iv.speed_factor > 0) {
                        time_s[e] = iv.speed_kmh > 0 ? g.length_m(e) / (iv.speed_kmh / 3.6)
                                                     : (time_s.count(e) ? time_s[e] : g.time_s(e)) / iv.speed_factor;
                    }
                    if (iv.capacity_vph > 0 || iv.capacity_factor > 0) {
                        const double now = capacity.count(e) ? capacity[e] : g.link_capacity(g.edge_link[e]);
                        if (iv.capacity_vph > 0) capacity[e] = iv.capacity_vph;
                        else if (!std::isnan(now)) capacity[e] = now * iv.capacity_factor;
                    }
                }
                break;
            case io::InterventionType::Closure:
                for (EdgeId e : chosen_edges(g, iv, file, lenient)) r.edits.close.push_back(e);
                break;
            case io::InterventionType::NewLink:
            case io::InterventionType::PtLink: {
                graph::NewLink l;
                l.from = nearest_node(g, snapper, iv.from, max_snap_m, file, iv.where + " 'from'");
                l.to = nearest_node(g, snapper, iv.to, max_snap_m, file, iv.where + " 'to'");
                if (l.from == l.to) throw ConfigError(file + ": " + iv.where + ": both ends join the network at one node");
                l.length_m = distance_m(g.node_xy[l.from], g.node_xy[l.to]);
                l.time_s = iv.type == io::InterventionType::PtLink ? iv.time_min * 60.0 : l.length_m / (iv.speed_kmh / 3.6);
                l.road_class = iv.type == io::InterventionType::PtLink ? RoadClass::Unknown : iv.road_class;
                l.ref = sc.name;
                r.new_tails.insert(r.new_tails.end(), {l.from, l.to});
                r.edits.add.push_back(l);
                break;
            }
            case io::InterventionType::Broadband:
                if (lenient) break;
                if (coverage_codes.empty())
                    throw ConfigError(file + ": " + iv.where + ": a broadband rollout needs 'coverage' in the project");
                for (const auto& a : iv.areas) {
                    if (!std::binary_search(coverage_codes.begin(), coverage_codes.end(), a))
                        throw ConfigError(file + ": " + iv.where + ": area '" + a + "' is not in the coverage layer");
                    r.broadband_areas.push_back(a);
                }
                break;
        }
    }
    for (const auto& [e, t] : time_s) r.edits.set_time_s.push_back({e, t});
    for (const auto& [e, t] : time_s) r.changed_base.push_back(e);
    for (const auto& [e, c] : capacity) r.edits.set_capacity_vph.push_back({e, c});
    r.capacity_only = time_s.empty() && r.edits.close.empty() && r.edits.add.empty() && !capacity.empty();
    r.changed_base.insert(r.changed_base.end(), r.edits.close.begin(), r.edits.close.end());
    std::sort(r.broadband_areas.begin(), r.broadband_areas.end());
    r.broadband_areas.erase(std::unique(r.broadband_areas.begin(), r.broadband_areas.end()), r.broadband_areas.end());
    return r;
}

graph::RoadGraph load_graph(const io::Project& p, const workflow::Context& ctx) {
    if (!p.graph.empty()) return graph::read_graph_file(p.graph);
    workflow::Step step(ctx, "building the baseline graph from " + p.network);
    const Profile profile = io::read_profile(p.profile, ctx.profiles_dir);
    io::ReadOptions ro;
    ro.input = ctx.input_policy();
    const auto table = io::read_network(p.network, io::NetworkFormat::Auto, ro);
    auto built = graph::build_graph(table, profile);
    step.done(std::to_string(built.graph.node_count()) + " nodes");
    return std::move(built.graph);
}

workflow::AccessConfig access_config(const io::Project& p) {
    workflow::AccessConfig c;
    const auto& a = p.access;
    c.origins = a.origins;
    c.origin_layer = a.origin_layer;
    c.origin_id = a.origin_id;
    c.origin_points = a.origin_points;
    c.origin_points_id = a.origin_points_id;
    c.population = a.population;
    c.population_id = a.population_id;
    c.population_field = a.population_field;
    for (const auto& d : a.destinations) {
        c.destinations.push_back(d.path);
        c.dest_names.push_back(d.name);
    }
    c.dest_weight = a.dest_weight;
    c.dest_category = a.dest_category;
    c.assume_crs = a.assume_crs;
    c.measures = a.measures;
    c.max_snap_m = a.max_snap_m;
    c.max_time_min = a.max_time_min;
    return c;
}

struct CorridorTime {
    std::string name;
    std::vector<graph::Snap> snaps;  // on the baseline graph
    double base_min = kNaN;
};

/// Minutes along the corridor's legs on `g`, the baseline (edited == nullptr) or a
/// scenario's copy of it.
double corridor_minutes(const graph::RoadGraph& g, const graph::EditedGraph* edited, const std::vector<graph::Snap>& snaps) {
    graph::ShortestPathSearch search(g, graph::Metric::Time);
    double total = 0.0;
    for (std::size_t i = 0; i + 1 < snaps.size(); ++i) {
        graph::Snap a = snaps[i], b = snaps[i + 1];
        if (edited) {
            a = graph::moved_snap(a, *edited);
            b = graph::moved_snap(b, *edited);
        }
        const auto leg = graph::route_between(search, a, b);
        if (leg.status != graph::RouteStatus::Ok) return kNaN;
        total += leg.time_s / 60.0;
    }
    return total;
}

/// Flows on a graph for the project's OD: total vehicle-hours and the links at V/C >= 0.85.
struct FlowSummary {
    double vehicle_hours = kNaN;
    std::size_t near_capacity = 0;
    double max_vc = kNaN;
    double gap = kNaN;
};

std::string format_flow(const FlowSummary& f) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.1f vehicle-hours, %zu links at V/C >= 0.85, relative gap %.2g", f.vehicle_hours,
                  f.near_capacity, f.gap);
    return buf;
}

/// The project's zones (snapped once, to the baseline graph), OD and method.
struct FlowInputs {
    AssignmentZones zones;
    analysis::OdMatrix od;
    analysis::AssignmentOptions options;
};

FlowInputs read_flow_inputs(const graph::RoadGraph& g, const io::ProjectAssignment& pa, double max_snap_m,
                            const workflow::Context& ctx) {
    GraphAssignConfig ac;
    ac.zones = pa.zones;
    ac.zone_id_field = pa.zone_id;
    ac.od = pa.od;
    ac.snap_distance_m = max_snap_m;
    Diagnostics diag;
    workflow::Context quiet = ctx;
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

/// Zone anchors moved onto an edited graph, as access origins are: the same links and
/// fractions, so a zone does not jump to a new link that happens to pass nearer. Nodes keep
/// their ids, so connectors stay as they are.
std::vector<analysis::ZoneAccess> zones_on(const graph::EditedGraph& edited, std::vector<analysis::ZoneAccess> zones) {
    for (auto& z : zones) {
        z.leave = graph::moved_anchors(z.leave, edited, true);
        z.arrive = graph::moved_anchors(z.arrive, edited, false);
    }
    return zones;
}

double number_attr(const AreaFeature& a, const std::string& f) {
    const std::string* v = a.attribute(f);
    if (!v || v->empty()) return kNaN;
    try {
        return std::stod(*v);
    } catch (...) {
        return kNaN;
    }
}

std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    return out;
}

using io::real_or_null;

int run_scenarios(const ScenariosConfig& cfg, const workflow::Context& ctx) {
    const auto project = io::read_project(cfg.project);
    if (!project.access.present) throw ConfigError(cfg.project + ": scenarios need an 'access' section (the baseline)");
    workflow::check_output_folder(cfg.output);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    const auto g = cfg.graph.empty() ? load_graph(project, ctx) : graph::read_graph_file(cfg.graph);
    const auto specs = io::read_scenarios(cfg.scenarios, g.meta.crs);
    // Coverage areas (for broadband rollouts and the digital gap).
    std::vector<AreaFeature> cov_areas;
    std::vector<std::string> cov_codes;
    Diagnostics diag;
    if (project.coverage.present) {
        io::AreaLayerOptions ao;
        ao.input = ctx.input_policy();
        ao.path = project.coverage.path;
        ao.layer = project.coverage.layer;
        ao.id_field = project.coverage.id;
        const auto fields = io::layer_fields(ao.path, ao.layer);
        const auto has = [&](const char* f) { return std::find(fields.begin(), fields.end(), f) != fields.end(); };
        for (const char* f : {"premises", "gigabit_premises"}) {
            if (!has(f)) throw ConfigError(ao.path + " (layer " + ao.layer + ") has no field '" + f + "': give a `midlink coverage` output");
        }
        for (const char* f : {"premises", "gigabit_premises", "below_uso_pct", "gigabit_pct", "bduk_white_pct"})
            if (has(f)) ao.keep_fields.emplace_back(f);
        if (!project.coverage.release.empty()) ao.where = "release = '" + project.coverage.release + "'";
        cov_areas = io::read_areas(ao, diag);
        for (const auto& a : cov_areas) cov_codes.push_back(a.id);
        std::sort(cov_codes.begin(), cov_codes.end());
    }
    // Every scenario is resolved (refs, points, areas) before the long work starts.
    const graph::Snapper snapper(g);
    std::vector<Resolved> resolved;
    for (const auto& s : specs) resolved.push_back(resolve(g, snapper, s, project.access.max_snap_m, cov_codes, cfg.scenarios));
    // HGV corridor times, when the project names an HGV graph: the same interventions,
    // resolved on that graph (roads it leaves out are simply not there to change).
    std::optional<graph::RoadGraph> hgv;
    std::optional<graph::Snapper> hgv_snapper;
    std::vector<Resolved> hgv_resolved;
    if (!project.hgv_graph.empty()) {
        hgv = graph::read_graph_file(project.hgv_graph);
        hgv_snapper.emplace(*hgv);
        for (const auto& s : specs)
            hgv_resolved.push_back(resolve(*hgv, *hgv_snapper, s, project.access.max_snap_m, cov_codes, cfg.scenarios, true));
    }
    std::vector<CorridorTime> corridors, hgv_corridors;
    if (!project.corridors.empty()) {
        for (const auto& c : io::read_corridors(project.corridors, g.meta.crs)) {
            CorridorTime ct{c.name, {}, kNaN};
            for (const auto& [name, xy] : c.waypoints) ct.snaps.push_back(snapper.snap(xy, project.access.max_snap_m));
            corridors.push_back(std::move(ct));
            if (hgv) {
                CorridorTime ht{c.name, {}, kNaN};
                for (const auto& [name, xy] : c.waypoints) ht.snaps.push_back(hgv_snapper->snap(xy, project.access.max_snap_m));
                ht.base_min = corridor_minutes(*hgv, nullptr, ht.snaps);
                hgv_corridors.push_back(std::move(ht));
            }
        }
    }

    // Baseline.
    const auto acfg = access_config(project);
    auto job = workflow::load_access_inputs(acfg, ctx, g);
    // Scenario graphs differ from the baseline's, and incremental evaluation splices
    // searches of a few origins into the baseline: one engine throughout keeps the
    // spliced values bit-identical to a full recomputation (and no hierarchy per scenario).
    job.inputs.engine = analysis::SearchEngine::Dijkstra;
    workflow::Step base_step(ctx, "baseline accessibility for " + std::to_string(job.inputs.origins.size()) + " origins");
    const auto base = analysis::run_access(job.inputs);
    base_step.done();
    for (auto& c : corridors) c.base_min = corridor_minutes(g, nullptr, c.snaps);
    FlowSummary base_flows;
    FlowInputs flow_inputs;
    if (project.assignment.present) {
        workflow::Step step(ctx, "baseline assignment (" + project.assignment.method + ")");
        flow_inputs = read_flow_inputs(g, project.assignment, project.access.max_snap_m, ctx);
        base_flows = assign_flows(g, flow_inputs.zones.access, flow_inputs);
        step.done(format_flow(base_flows));
    }
    std::vector<std::size_t> benefit_cols;
    std::vector<std::string> benefit_names = project.benefit.measures;
    if (benefit_names.empty() && !base.columns.empty()) benefit_names.push_back(base.columns.front().name);
    for (const auto& name : benefit_names) {
        std::size_t k = 0;
        while (k < base.columns.size() && base.columns[k].name != name) ++k;
        if (k == base.columns.size()) {
            std::string have;
            for (const auto& c : base.columns) have += (have.empty() ? "" : ", ") + c.name;
            throw ConfigError(cfg.project + ": benefit measure '" + name + "' is not an access column (" + have + ")");
        }
        benefit_cols.push_back(k);
    }
    const bool incremental = !cfg.no_incremental && analysis::measures_are_per_origin(job.inputs.measures);
    analysis::GapWeights gw;
    const auto digital = [&](const AreaFeature& a, bool upgraded) {
        const double gig = upgraded ? 1.0 : number_attr(a, "gigabit_pct") / 100.0;
        const double uso = upgraded ? 0.0 : number_attr(a, "below_uso_pct") / 100.0;
        return analysis::digital_gap(uso, gig, number_attr(a, "bduk_white_pct") / 100.0, gw);
    };

    struct Row {
        std::size_t spec;
        std::size_t recomputed = 0;
        std::vector<double> base_mean, scen_mean, person_total;
        double corridor_change_min = 0.0;
        double hgv_corridor_change_min = 0.0;
        FlowSummary flows;
        double premises_upgraded = 0.0, digital_change = 0.0;
        double benefit_gbp = kNaN, bcr = kNaN, per_million = kNaN;
        analysis::AccessResult result;
        double check_diff = kNaN;
    };
    std::vector<Row> rows;
    std::vector<std::vector<double>> corridor_scen(resolved.size(), std::vector<double>(corridors.size(), kNaN));
    std::vector<std::vector<double>> hgv_scen(resolved.size(), std::vector<double>(hgv_corridors.size(), kNaN));
    for (std::size_t s = 0; s < resolved.size(); ++s) {
        const auto& rs = resolved[s];
        workflow::Step step(ctx, "scenario " + rs.spec.name);
        Row row;
        row.spec = s;
        const auto edited = graph::apply_edits(g, rs.edits);
        analysis::AccessInputs in = job.inputs;
        in.graph = &edited.graph;
        for (auto& o : in.origins) o.at = graph::moved_anchors(o.at, edited, true);
        for (auto& d : in.destinations) d.at = graph::moved_anchors(d.at, edited, false);
        const bool road = !rs.changed_base.empty() || !rs.new_tails.empty();
        if (!road) {
            row.result = base;
        } else if (incremental) {
            const auto affected =
                analysis::affected_origins(g, rs.changed_base, rs.new_tails, job.inputs.origins, base.origin_cutoff);
            analysis::AccessInputs part = in;
            part.origins.clear();
            std::vector<std::size_t> idx;
            for (std::size_t i = 0; i < affected.size(); ++i) {
                if (!affected[i]) continue;
                idx.push_back(i);
                part.origins.push_back(in.origins[i]);
            }
            row.recomputed = idx.size();
            row.result = idx.empty() ? base : analysis::splice_origins(base, analysis::run_access(part), idx);
        } else {
            row.result = analysis::run_access(in);
            row.recomputed = in.origins.size();
        }
        if (cfg.check_full && road) {
            const auto full = analysis::run_access(in);
            double worst = 0.0;
            for (std::size_t k = 0; k < full.values.size(); ++k) {
                const double a = full.values[k], b = row.result.values[k];
                if (std::isnan(a) != std::isnan(b)) worst = std::numeric_limits<double>::infinity();
                else if (!std::isnan(a)) worst = std::max(worst, std::abs(a - b));
            }
            row.check_diff = worst;
            if (worst != 0.0)
                throw Error("scenario '" + rs.spec.name + "': incremental and full recomputation differ by " +
                            std::to_string(worst));
        }
        for (std::size_t k = 0; k < benefit_cols.size(); ++k) {
            const std::size_t c = benefit_cols[k];
            row.base_mean.push_back(analysis::population_weighted_mean(base, c, job.origin_population));
            row.scen_mean.push_back(analysis::population_weighted_mean(row.result, c, job.origin_population));
            const bool time_like = benefit_names[k].size() > 4 && benefit_names[k].ends_with("_min");
            double total = 0.0;
            for (std::size_t i = 0; i < base.status.size(); ++i) {
                const double b = base.value(i, c), a = row.result.value(i, c), p = job.origin_population[i];
                if (std::isnan(a) || std::isnan(b) || std::isnan(p)) continue;
                total += p * (time_like ? b - a : a - b);
            }
            row.person_total.push_back(total);
        }
        for (std::size_t c = 0; c < corridors.size(); ++c) {
            corridor_scen[s][c] = road ? corridor_minutes(edited.graph, &edited, corridors[c].snaps)
                                       : corridors[c].base_min;
            if (!std::isnan(corridor_scen[s][c]) && !std::isnan(corridors[c].base_min))
                row.corridor_change_min += corridor_scen[s][c] - corridors[c].base_min;
        }
        if (project.assignment.present) {
            const bool flows_change = road || !rs.edits.set_capacity_vph.empty();
            row.flows = flows_change ? assign_flows(edited.graph, zones_on(edited, flow_inputs.zones.access), flow_inputs)
                                     : base_flows;
        }
        if (hgv) {
            const auto& hr = hgv_resolved[s];
            const bool hroad = !hr.changed_base.empty() || !hr.new_tails.empty();
            const auto hedited = graph::apply_edits(*hgv, hr.edits);
            for (std::size_t c = 0; c < hgv_corridors.size(); ++c) {
                hgv_scen[s][c] = hroad ? corridor_minutes(hedited.graph, &hedited, hgv_corridors[c].snaps)
                                       : hgv_corridors[c].base_min;
                if (!std::isnan(hgv_scen[s][c]) && !std::isnan(hgv_corridors[c].base_min))
                    row.hgv_corridor_change_min += hgv_scen[s][c] - hgv_corridors[c].base_min;
            }
        }
        for (const auto& a : cov_areas) {
            if (!std::binary_search(rs.broadband_areas.begin(), rs.broadband_areas.end(), a.id)) continue;
            const double premises = number_attr(a, "premises"), gig = number_attr(a, "gigabit_premises");
            if (!std::isnan(premises) && !std::isnan(gig)) row.premises_upgraded += premises - gig;
            const double before = digital(a, false), after = digital(a, true);
            if (!std::isnan(before) && !std::isnan(premises)) row.digital_change += premises * (after - before);
        }
        const auto& b = project.benefit;
        const bool first_time_like = !benefit_names.empty() && benefit_names.front().ends_with("_min");
        if (b.value_of_time_gbp_per_hour > 0 && first_time_like) {
            row.benefit_gbp = row.person_total.front() / 60.0 * b.value_of_time_gbp_per_hour * b.trips_per_person_per_year * b.years;
            row.bcr = row.benefit_gbp / rs.spec.cost_gbp;
        }
        if (!row.person_total.empty()) row.per_million = row.person_total.front() / (rs.spec.cost_gbp / 1e6);
        step.done(std::to_string(row.recomputed) + " of " + std::to_string(base.status.size()) + " origins recomputed");
        rows.push_back(std::move(row));
    }
    // Rank: by benefit-cost ratio when a value of time is given, else by the first benefit
    // measure per £m; broadband-only options then by premises upgraded per £m.
    const bool by_bcr = project.benefit.value_of_time_gbp_per_hour > 0;
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto key = [&](const Row& r) {
        const double v = by_bcr ? r.bcr : r.per_million;
        return std::isnan(v) ? -std::numeric_limits<double>::infinity() : v;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (key(rows[a]) != key(rows[b])) return key(rows[a]) > key(rows[b]);
        return rows[a].premises_upgraded / resolved[rows[a].spec].spec.cost_gbp >
               rows[b].premises_upgraded / resolved[rows[b].spec].spec.cost_gbp;
    });

    using io::FieldType;
    io::DatasetWriter out(cfg.output, g.meta.crs, "", &outputs);
    std::vector<io::FieldDef> f{{"rank", FieldType::Integer}, {"scenario", FieldType::String},
                                {"members", FieldType::String}, {"cost_gbp", FieldType::Real},
                                {"origins_recomputed", FieldType::Integer}, {"origins_total", FieldType::Integer}};
    for (const auto& n : benefit_names) {
        for (const char* suffix : {"_base_mean", "_scenario_mean", "_change", "_person_total"})
            f.push_back({n + suffix, FieldType::Real});
    }
    for (const char* n : {"corridor_change_min", "hgv_corridor_change_min", "vehicle_hours_change",
                          "near_capacity_links_change", "premises_upgraded", "digital_gap_change", "benefit_gbp", "bcr",
                          "benefit_per_million"})
        f.push_back({n, FieldType::Real});
    f.push_back({"ranked_by", FieldType::String});
    out.begin_layer({"ranking", io::GeometryKind::None, f});
    for (std::size_t r = 0; r < order.size(); ++r) {
        const Row& row = rows[order[r]];
        const auto& sp = resolved[row.spec].spec;
        std::string members;
        for (const auto& m : sp.members) members += (members.empty() ? "" : ";") + m;
        std::vector<io::FieldValue> v{std::int64_t(r + 1), sp.name, members, sp.cost_gbp, std::int64_t(row.recomputed),
                                      std::int64_t(base.status.size())};
        for (std::size_t k = 0; k < benefit_names.size(); ++k) {
            v.insert(v.end(), {real_or_null(row.base_mean[k]), real_or_null(row.scen_mean[k]),
                               real_or_null(row.scen_mean[k] - row.base_mean[k]), row.person_total[k]});
        }
        const bool flows = project.assignment.present;
        v.insert(v.end(), {row.corridor_change_min, hgv ? io::FieldValue{row.hgv_corridor_change_min} : io::FieldValue{},
                           flows ? real_or_null(row.flows.vehicle_hours - base_flows.vehicle_hours) : io::FieldValue{},
                           flows ? io::FieldValue{double(row.flows.near_capacity) - double(base_flows.near_capacity)}
                                 : io::FieldValue{},
                           row.premises_upgraded, row.digital_change, real_or_null(row.benefit_gbp),
                           real_or_null(row.bcr), real_or_null(row.per_million)});
        v.push_back(by_bcr ? std::string("bcr (value of time)") : "benefit_per_million (" + benefit_names.front() + ")");
        out.add(v);
    }
    out.begin_layer({"corridor_changes", io::GeometryKind::None,
                     {{"scenario", FieldType::String}, {"corridor", FieldType::String}, {"base_min", FieldType::Real},
                      {"scenario_min", FieldType::Real}, {"change_min", FieldType::Real},
                      {"hgv_base_min", FieldType::Real}, {"hgv_scenario_min", FieldType::Real},
                      {"hgv_change_min", FieldType::Real}}});
    for (std::size_t s = 0; s < resolved.size(); ++s) {
        for (std::size_t c = 0; c < corridors.size(); ++c) {
            const double hb = hgv ? hgv_corridors[c].base_min : kNaN, hs = hgv ? hgv_scen[s][c] : kNaN;
            out.add({resolved[s].spec.name, corridors[c].name, real_or_null(corridors[c].base_min),
                     real_or_null(corridor_scen[s][c]), real_or_null(corridor_scen[s][c] - corridors[c].base_min),
                     real_or_null(hb), real_or_null(hs), real_or_null(hs - hb)});
        }
    }
    if (project.assignment.present) {
        out.begin_layer({"flow_changes", io::GeometryKind::None,
                         {{"scenario", FieldType::String}, {"vehicle_hours_base", FieldType::Real},
                          {"vehicle_hours_scenario", FieldType::Real}, {"near_capacity_base", FieldType::Integer},
                          {"near_capacity_scenario", FieldType::Integer}, {"max_vc_base", FieldType::Real},
                          {"max_vc_scenario", FieldType::Real}, {"relative_gap", FieldType::Real}}});
        for (const auto& row : rows) {
            out.add({resolved[row.spec].spec.name, real_or_null(base_flows.vehicle_hours),
                     real_or_null(row.flows.vehicle_hours), std::int64_t(base_flows.near_capacity),
                     std::int64_t(row.flows.near_capacity), real_or_null(base_flows.max_vc), real_or_null(row.flows.max_vc),
                     real_or_null(row.flows.gap)});
        }
    }
    // Per-area differences: one layer per scenario, origins' areas (or points).
    for (std::size_t s = 0; s < rows.size(); ++s) {
        const auto& row = rows[s];
        std::vector<io::FieldDef> df{{"id", FieldType::String}, {"scenario", FieldType::String},
                                     {"population", FieldType::Real}};
        for (const auto& n : benefit_names) {
            for (const char* suffix : {"_base", "_scenario", "_change"}) df.push_back({n + suffix, FieldType::Real});
        }
        const auto kind = job.origins_are_areas ? io::GeometryKind::MultiPolygon : io::GeometryKind::Point;
        out.begin_layer({"difference_" + std::to_string(s + 1) + "_" + slug(resolved[s].spec.name), kind, df});
        for (std::size_t i = 0; i < base.status.size(); ++i) {
            std::vector<io::FieldValue> v{job.origin_ids[i], resolved[s].spec.name, real_or_null(job.origin_population[i])};
            for (std::size_t c : benefit_cols) {
                const double b = base.value(i, c), a = row.result.value(i, c);
                v.insert(v.end(), {real_or_null(b), real_or_null(a), real_or_null(a - b)});
            }
            if (job.origins_are_areas) out.add_wkb(job.areas[i].wkb, v);
            else out.add(job.origin_points[i].xy, v);
        }
    }
    if (!cov_areas.empty()) {
        out.begin_layer({"digital_changes", io::GeometryKind::MultiPolygon,
                         {{"area_code", FieldType::String}, {"scenario", FieldType::String},
                          {"digital_gap_base", FieldType::Real}, {"digital_gap_scenario", FieldType::Real},
                          {"premises_upgraded", FieldType::Real}}});
        for (const auto& rs : resolved) {
            for (const auto& a : cov_areas) {
                const bool up = std::binary_search(rs.broadband_areas.begin(), rs.broadband_areas.end(), a.id);
                const double premises = number_attr(a, "premises"), gig = number_attr(a, "gigabit_premises");
                out.add_wkb(a.wkb, {a.id, rs.spec.name, real_or_null(digital(a, false)), real_or_null(digital(a, up)),
                                    up ? real_or_null(premises - gig) : io::FieldValue{0.0}});
            }
        }
    }
    out.commit();
    outputs.commit();
    ctx.info("wrote 'ranking' (" + std::to_string(rows.size()) + " scenarios), 'corridor_changes', per-scenario "
             "'difference_*' layers" + std::string(cov_areas.empty() ? "" : " and 'digital_changes'") + " to " + cfg.output);
    return 0;
}

}  // namespace

void add_scenarios_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<ScenariosConfig>();
    auto* cmd = app.add_subcommand("scenarios", "Evaluate investment scenarios against a project's baseline and rank them");
    add_input_flags(cmd, ctx);
    cmd->add_option("project", cfg->project, "Project file (YAML)")->required();
    cmd->add_option("--scenarios", cfg->scenarios, "Scenario file (YAML)")->required();
    cmd->add_flag("--check-full", cfg->check_full,
                  "Also recompute every origin and refuse to write if the incremental result differs");
    cmd->add_option("--graph", cfg->graph, "Graph file to use instead of the project's graph or network");
    cmd->add_flag("--no-incremental", cfg->no_incremental, "Recompute every origin for every scenario (for comparison)");
    cmd->add_option("-o,--output", cfg->output, "Ranking GeoPackage")->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_scenarios(*cfg, ctx); }; });
}

}  // namespace midlink::cli
