// compute_fibre_cost and run_fibre_cost.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iterator>

#include "fibre_text.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/workflow/fibre_cost.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "point_sets.hpp"

namespace midlink::workflow {
namespace {
using detail::fixed;
using detail::money;

analysis::FibreCostParams resolved_params(const FibreConfig& cfg) {
    analysis::FibreCostParams p = cfg.params;
    p.drop_cost_per_km_gbp = std::isnan(cfg.drop_cost_per_km) ? p.route_cost_per_km_gbp : cfg.drop_cost_per_km;
    return p;
}

// The CSVs beside the output are named OUT_<layer>.csv: refuse a run that would write over
// one of its own inputs (premises.csv beside case.gpkg gives case_premises.csv, but an
// input called case_premises.csv would be replaced).
void refuse_overwriting_inputs(const FibreConfig& cfg) {
    namespace fs = std::filesystem;
    auto same = [](const std::string& a, const std::string& b) {
        std::error_code ec;
        return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
    };
    std::vector<std::string> outputs{cfg.output, diagnostics_csv_path(cfg.output)};
    for (const char* layer : {fibre_layers::kBuildNetwork, fibre_layers::kPremises, fibre_layers::kServed,
                              fibre_layers::kSummary})
        outputs.push_back(layer_csv_path(cfg.output, layer));
    for (const auto& in : {cfg.graph, cfg.premises, cfg.served, cfg.spine}) {
        if (in.empty()) continue;
        for (const auto& out : outputs) {
            if (same(in, out))
                throw ConfigError("-o " + cfg.output + " would overwrite the input " + in + " (" + out +
                                  "); choose another output name");
        }
    }
}

std::vector<PointFeature> read_point_set(const std::string& path, const std::string& layer, const std::string& id,
                                         const FibreConfig& cfg, const graph::RoadGraph& g, Diagnostics& diag,
                                         const Context& ctx, const std::string& what) {
    io::PointLayerOptions po;
    po.path = path;
    po.layer = layer;
    po.id_field = id;
    po.assume_crs = cfg.assume_crs;
    return read_graph_points(std::move(po), g, what, diag, ctx);
}

// A spine serves every point along it: each line is sampled every `spacing_m` (and at
// both ends), and each sample joins the served set as "spine:<feature>:<k>".
std::vector<PointFeature> read_spine(const FibreConfig& cfg, const graph::RoadGraph& g, Diagnostics& diag,
                                     const Context& ctx) {
    Step step(ctx, "reading spine " + cfg.spine);
    io::ReadOptions ro;
    ro.target_crs = g.meta.crs;
    ro.assume_crs = cfg.assume_crs;
    ro.input = ctx.input_policy();
    ro.layer = cfg.spine_layer;
    ro.preset = "generic";
    LinkTable lines = io::read_ogr_lines(cfg.spine, ro);
    diag.merge(lines.diagnostics);
    std::vector<PointFeature> points;
    for (const auto& link : lines.links) {
        const LineString& line = link.geometry;
        if (line.empty()) continue;
        const std::string base = "spine:" + std::to_string(link.source_id) + ":";
        std::size_t k = 0;
        auto add = [&](const Point& p) {
            PointFeature f;
            f.id = base + std::to_string(k++);
            f.xy = p;
            points.push_back(std::move(f));
        };
        add(line.front());
        double next_m = cfg.spine_spacing_m, walked = 0.0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const double seg = distance_m(line[i], line[i + 1]);
            while (seg > 0.0 && next_m < walked + seg) {
                const double t = (next_m - walked) / seg;
                add({line[i].x + t * (line[i + 1].x - line[i].x), line[i].y + t * (line[i + 1].y - line[i].y)});
                next_m += cfg.spine_spacing_m;
            }
            walked += seg;
        }
        if (line.size() > 1) add(line.back());
    }
    if (points.empty()) throw InputError(cfg.spine + ": no spine line with coordinates");
    step.done(std::to_string(lines.links.size()) + " lines, " + std::to_string(points.size()) + " points every " +
              fixed(cfg.spine_spacing_m, 0) + " m");
    return points;
}

std::vector<graph::Snap> snap_all(const graph::Snapper& snapper, const std::vector<PointFeature>& points,
                                  double max_m) {
    std::vector<graph::Snap> snaps;
    snaps.reserve(points.size());
    for (const auto& p : points) snaps.push_back(snapper.snap(p.xy, max_m));
    return snaps;
}

void snap_points(const FibreConfig& cfg, const graph::RoadGraph& g, FibreCostStudy& s, const Context& ctx) {
    Step step(ctx, "snapping to the network (max " + money(cfg.max_snap_m) + " m)");
    const graph::Snapper snapper(g);
    s.premises_snaps = snap_all(snapper, s.premises, cfg.max_snap_m);
    s.served_snaps = snap_all(snapper, s.served, cfg.max_snap_m);
    std::size_t far_p = 0, far_s = 0;
    for (std::size_t i = 0; i < s.premises.size(); ++i) {
        if (s.premises_snaps[i].ok) continue;
        ++far_p;
        s.diagnostics.add("unsnapped_premises", cfg.premises + ", premises " + s.premises[i].id,
                          "premises is " + money(s.premises_snaps[i].distance_m) + " m from the network (limit " +
                              money(cfg.max_snap_m) + " m); not costed");
    }
    for (std::size_t i = 0; i < s.served.size(); ++i) {
        if (s.served_snaps[i].ok) continue;
        ++far_s;
        s.diagnostics.add("unsnapped_served", "served " + s.served[i].id,
                          "served location is " + money(s.served_snaps[i].distance_m) + " m from the network (limit " +
                              money(cfg.max_snap_m) + " m); not used");
    }
    step.done(std::to_string(far_p) + " premises and " + std::to_string(far_s) + " served locations unsnapped");
}

}  // namespace

void check_fibre_config(const FibreConfig& cfg) {
    const auto params = resolved_params(cfg);
    const std::pair<const char*, double> costs[] = {{"--cost-per-km", params.route_cost_per_km_gbp},
                                                    {"--drop-cost-per-km", params.drop_cost_per_km_gbp},
                                                    {"--cost-per-premises", params.connection_cost_gbp},
                                                    {"--uso-cap", params.uso_cap_gbp},
                                                    {"--max-snap-m", cfg.max_snap_m}};
    if (cfg.served.empty() && cfg.spine.empty()) throw ConfigError("give --served POINTS, --spine LINES or both");
    if (!(cfg.spine_spacing_m > 0.0) || !std::isfinite(cfg.spine_spacing_m))
        throw ConfigError("--spine-spacing-m: must be a positive number of metres");
    for (const auto& [name, v] : costs) {
        if (!std::isfinite(v) || v < 0.0) throw ConfigError(std::string(name) + ": must be a non-negative number");
    }
    refuse_overwriting_inputs(cfg);
}

FibreCostStudy compute_fibre_cost(const FibreConfig& cfg, const graph::RoadGraph& g, const Context& ctx) {
    check_fibre_config(cfg);
    if (!g.has_coordinates())
        throw ConfigError((cfg.graph.empty() ? std::string("the graph") : cfg.graph) +
                          ": fibre-cost needs a graph with coordinates (not an abstract graph)");
    FibreCostStudy s;
    s.graph = &g;
    s.params = resolved_params(cfg);
    s.max_snap_m = cfg.max_snap_m;
    s.premises = read_point_set(cfg.premises, cfg.premises_layer, cfg.premises_id, cfg, g, s.diagnostics, ctx, "premises");
    if (!cfg.served.empty())
        s.served = read_point_set(cfg.served, cfg.served_layer, cfg.served_id, cfg, g, s.diagnostics, ctx,
                                  "served locations");
    if (!cfg.spine.empty()) {
        auto spine = read_spine(cfg, g, s.diagnostics, ctx);
        s.served.insert(s.served.end(), std::make_move_iterator(spine.begin()), std::make_move_iterator(spine.end()));
    }
    snap_points(cfg, g, s, ctx);
    {
        Step step(ctx, "routing the build network (Steiner tree, " + std::to_string(s.premises.size()) + " premises)");
        s.result = analysis::fibre_cost(g, s.served_snaps, s.premises_snaps, s.params);
        step.done(fixed(s.result.route_m / 1000.0, 1) + " km in " + std::to_string(s.result.segments.size()) +
                  " segments");
    }
    for (std::size_t i = 0; i < s.premises.size(); ++i) {
        if (s.result.premises[i].status != analysis::PremisesStatus::Unreachable) continue;
        s.diagnostics.add("unreachable_premises", cfg.premises + ", premises " + s.premises[i].id,
                          "no served location is connected to this premises' road; not costed");
    }
    return s;
}

std::string fibre_cost_summary(const FibreCostStudy& s) {
    const auto& fc = s.result;
    char line[512];
    std::snprintf(line, sizeof(line),
                  "premises %zu: %zu connected, %zu unsnapped, %zu unreachable\n"
                  "route %.2f km, capital GBP %s, GBP %s per connected premises, %s%% at or under the GBP "
                  "%s USO cap\n",
                  s.premises.size(), fc.connected, fc.unsnapped, fc.unreachable, fc.route_m / 1000.0,
                  money(fc.capital_gbp).c_str(), fc.connected ? money(fc.cost_per_premises_gbp).c_str() : "-",
                  fc.connected ? fixed(100.0 * fc.share_under_uso_cap, 1).c_str() : "-",
                  money(s.params.uso_cap_gbp).c_str());
    return line;
}

int run_fibre_cost(const FibreConfig& cfg, const Context& ctx, std::ostream& results) {
    check_fibre_config(cfg);
    auto outputs = open_output_set(cfg.output);  // before the long steps: a second run fails at once
    graph::RoadGraph g;
    {
        Step step(ctx, "reading graph " + cfg.graph);
        g = graph::read_graph_file(cfg.graph);
        step.done(std::to_string(g.node_count()) + " nodes, " + std::to_string(g.link_count()) + " links");
    }
    const FibreCostStudy s = compute_fibre_cost(cfg, g, ctx);
    {
        Step step(ctx, "writing " + cfg.output);
        write_fibre_cost(s, cfg, ctx, outputs);
        outputs.commit();
        step.done();
    }
    results << fibre_cost_summary(s);
    if (!s.diagnostics.empty()) {
        ctx.info(std::to_string(s.diagnostics.total()) + " diagnostics in " + diagnostics_csv_path(cfg.output));
        for (const auto& [code, n] : s.diagnostics.counts()) ctx.info("  " + code + ": " + std::to_string(n));
    }
    return 0;
}

}  // namespace midlink::workflow
