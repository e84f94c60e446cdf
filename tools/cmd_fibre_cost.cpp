// midlink fibre-cost: the rural last-mile case (metrics.md §5). Fibre is routed along the
// road graph from served locations to unserved premises (Mehlhorn's Steiner tree), costed
// per km and per premises, and each premises' attributed cost compared with the USO cap.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>

#include "commands.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/analysis/fibre_cost.hpp"
#include "midlink/analysis/isochrone.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/io/network_reader.hpp"
#include "option_checks.hpp"

namespace midlink::cli {
namespace {

std::string fixed(double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", precision, v);
    return buf;
}
std::string money(double v) { return fixed(v, 0); }

struct FibreConfig {
    std::string graph;
    std::string premises, premises_layer, premises_id;
    std::string served, served_layer, served_id;
    std::string spine, spine_layer;  // fibre spine lines: served wherever they pass
    double spine_spacing_m = 100.0;
    std::string assume_crs;
    analysis::FibreCostParams params;
    double drop_cost_per_km =
        std::numeric_limits<double>::quiet_NaN();  // NaN: same as --cost-per-km
    double max_snap_m = 500.0;
    std::string output;
};

void validate(FibreConfig& cfg) {
    if (std::isnan(cfg.drop_cost_per_km)) cfg.drop_cost_per_km = cfg.params.route_cost_per_km_gbp;
    cfg.params.drop_cost_per_km_gbp = cfg.drop_cost_per_km;
    const std::pair<const char*, double> costs[] = {
        {"--cost-per-km", cfg.params.route_cost_per_km_gbp},
        {"--drop-cost-per-km", cfg.params.drop_cost_per_km_gbp},
        {"--cost-per-premises", cfg.params.connection_cost_gbp},
        {"--uso-cap", cfg.params.uso_cap_gbp},
        {"--max-snap-m", cfg.max_snap_m}};
    if (cfg.served.empty() && cfg.spine.empty())
        throw ConfigError("give --served POINTS, --spine LINES or both");
    if (!(cfg.spine_spacing_m > 0.0) || !std::isfinite(cfg.spine_spacing_m)) {
        throw ConfigError("--spine-spacing-m: must be a positive number of metres");
    }
    for (const auto& [name, v] : costs) {
        if (!std::isfinite(v) || v < 0.0)
            throw ConfigError(std::string(name) + ": must be a non-negative number");
    }
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
    std::vector<std::string> outputs{cfg.output, workflow::diagnostics_csv_path(cfg.output)};
    for (const char* layer : {"build_network", "premises", "served", "summary"})
        outputs.push_back(workflow::layer_csv_path(cfg.output, layer));
    for (const auto& in : {cfg.graph, cfg.premises, cfg.served, cfg.spine}) {
        if (in.empty()) continue;
        for (const auto& out : outputs) {
            if (same(in, out))
                throw ConfigError("-o " + cfg.output + " would overwrite the input " + in + " (" +
                                  out + "); choose another output name");
        }
    }
}

std::vector<PointFeature> read_point_set(const std::string& path, const std::string& layer,
                                         const std::string& id, const FibreConfig& cfg,
                                         const graph::RoadGraph& g, Diagnostics& diag,
                                         const workflow::Context& ctx, const std::string& what) {
    workflow::Step step(ctx, "reading " + what + " " + path);
    io::PointLayerOptions po;
    po.path = path;
    po.layer = layer;
    po.id_field = id;
    po.target_crs = g.meta.crs;
    po.assume_crs = cfg.assume_crs;
    po.input = ctx.input_policy();
    auto points = io::read_points(po, diag);
    step.done(std::to_string(points.size()) + " points");
    return points;
}

// A spine serves every point along it: each line is sampled every `spacing_m` (and at
// both ends), and each sample joins the served set as "spine:<feature>:<k>".
std::vector<PointFeature> read_spine(const FibreConfig& cfg, const graph::RoadGraph& g,
                                     Diagnostics& diag, const workflow::Context& ctx) {
    workflow::Step step(ctx, "reading spine " + cfg.spine);
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
                add({line[i].x + t * (line[i + 1].x - line[i].x),
                     line[i].y + t * (line[i + 1].y - line[i].y)});
                next_m += cfg.spine_spacing_m;
            }
            walked += seg;
        }
        if (line.size() > 1) add(line.back());
    }
    if (points.empty()) throw InputError(cfg.spine + ": no spine line with coordinates");
    step.done(std::to_string(lines.links.size()) + " lines, " + std::to_string(points.size()) +
              " points every " + fixed(cfg.spine_spacing_m, 0) + " m");
    return points;
}

std::vector<graph::Snap> snap_all(const graph::Snapper& snapper,
                                  const std::vector<PointFeature>& points, double max_m) {
    std::vector<graph::Snap> snaps;
    snaps.reserve(points.size());
    for (const auto& p : points) snaps.push_back(snapper.snap(p.xy, max_m));
    return snaps;
}

io::FieldValue real_or_null(double v) {
    return std::isfinite(v) ? io::FieldValue(v) : io::FieldValue();
}

std::string status_name(analysis::PremisesStatus s) {
    switch (s) {
        case analysis::PremisesStatus::Connected:
            return "connected";
        case analysis::PremisesStatus::Unsnapped:
            return "unsnapped";
        case analysis::PremisesStatus::Unreachable:
            return "unreachable";
    }
    return "unknown";
}

// Geometry of a segment in the link's drawing order, cut from whichever directed edge the
// link has (fibre ignores one-way rules, so either will do).
LineString segment_geometry(const graph::RoadGraph& g, const std::vector<EdgeId>& along,
                            const std::vector<EdgeId>& against, const analysis::BuildSegment& s) {
    analysis::ReachableEdge piece;
    if (along[s.link] != kInvalidEdge) {
        piece.edge = along[s.link];
        piece.start_fraction = s.from_fraction;
        piece.end_fraction = s.to_fraction;
        return analysis::piece_geometry(g, piece);
    }
    piece.edge = against[s.link];
    piece.start_fraction = 1.0 - s.to_fraction;
    piece.end_fraction = 1.0 - s.from_fraction;
    LineString line = analysis::piece_geometry(g, piece);
    std::reverse(line.begin(), line.end());
    return line;
}

void write_case(io::OutputSet& set, const FibreConfig& cfg, const graph::RoadGraph& g,
                const std::vector<PointFeature>& premises, const std::vector<graph::Snap>& snaps,
                const std::vector<PointFeature>& served,
                const std::vector<graph::Snap>& served_snaps, const analysis::FibreCase& fc) {
    workflow::LayersWithCsv layers(set, cfg.output, g.meta.crs);

    std::vector<EdgeId> along(g.link_count(), kInvalidEdge), against(g.link_count(), kInvalidEdge);
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        ((g.edge_flags[e] & graph::kReversed) ? against : along)[g.edge_link[e]] = e;
    }
    layers.write(
        "build_network", io::GeometryKind::LineString,
        {{"segment_id", io::FieldType::Integer64},
         {"link_id", io::FieldType::Integer64},
         {"source_id", io::FieldType::Integer64},
         {"ref", io::FieldType::String},
         {"name", io::FieldType::String},
         {"from_fraction", io::FieldType::Real},
         {"to_fraction", io::FieldType::Real},
         {"length_m", io::FieldType::Real},
         {"premises_downstream", io::FieldType::Integer64},
         {"cost_gbp", io::FieldType::Real},
         {"cost_per_downstream_premises_gbp", io::FieldType::Real}},
        [&](io::DatasetWriter& w, bool spatial) {
            for (std::size_t i = 0; i < fc.segments.size(); ++i) {
                const auto& s = fc.segments[i];
                const EdgeId e = along[s.link] != kInvalidEdge ? along[s.link] : against[s.link];
                const std::int64_t source = g.link_source(s.link);
                const std::vector<io::FieldValue> v{
                    static_cast<std::int64_t>(i),
                    static_cast<std::int64_t>(s.link),
                    source >= 0 ? io::FieldValue(source) : io::FieldValue(),
                    g.edge_ref(e),
                    g.edge_name(e),
                    s.from_fraction,
                    s.to_fraction,
                    s.length_m,
                    static_cast<std::int64_t>(s.premises_downstream),
                    s.cost_gbp,
                    s.premises_downstream ? io::FieldValue(s.cost_gbp / s.premises_downstream)
                                          : io::FieldValue()};
                if (spatial)
                    w.add(segment_geometry(g, along, against, s), v);
                else
                    w.add(v);
            }
        });
    layers.write(
        "premises", io::GeometryKind::Point,
        {{"id", io::FieldType::String},
         {"status", io::FieldType::String},
         {"snapped", io::FieldType::Integer},
         {"snap_m", io::FieldType::Real},
         {"attach_x", io::FieldType::Real},
         {"attach_y", io::FieldType::Real},
         {"served_id", io::FieldType::String},
         {"path_to_served_m", io::FieldType::Real},
         {"route_share_gbp", io::FieldType::Real},
         {"drop_gbp", io::FieldType::Real},
         {"connection_gbp", io::FieldType::Real},
         {"attached_cost_gbp", io::FieldType::Real},
         {"under_uso_cap", io::FieldType::Integer}},
        [&](io::DatasetWriter& w, bool spatial) {
            for (std::size_t i = 0; i < premises.size(); ++i) {
                const auto& p = fc.premises[i];
                const bool c = p.connected();
                const std::vector<io::FieldValue> v{
                    premises[i].id,
                    status_name(p.status),
                    std::int64_t{p.status == analysis::PremisesStatus::Unsnapped ? 0 : 1},
                    real_or_null(p.drop_m),
                    snaps[i].ok ? io::FieldValue(snaps[i].point.x) : io::FieldValue(),
                    snaps[i].ok ? io::FieldValue(snaps[i].point.y) : io::FieldValue(),
                    c ? io::FieldValue(served[static_cast<std::size_t>(p.served_index)].id)
                      : io::FieldValue(),
                    real_or_null(p.path_to_served_m),
                    real_or_null(p.route_share_gbp),
                    real_or_null(p.drop_gbp),
                    c ? io::FieldValue(cfg.params.connection_cost_gbp) : io::FieldValue(),
                    real_or_null(p.attached_cost_gbp),
                    c ? io::FieldValue(std::int64_t{p.attached_cost_gbp <= cfg.params.uso_cap_gbp})
                      : io::FieldValue()};
                if (spatial)
                    w.add(premises[i].xy, v);
                else
                    w.add(v);
            }
        });
    layers.write("served", io::GeometryKind::Point,
                {{"id", io::FieldType::String},
                 {"snapped", io::FieldType::Integer},
                 {"snap_m", io::FieldType::Real}},
                [&](io::DatasetWriter& w, bool spatial) {
                    for (std::size_t i = 0; i < served.size(); ++i) {
                        const std::vector<io::FieldValue> v{
                            served[i].id, std::int64_t{served_snaps[i].ok ? 1 : 0},
                            real_or_null(served_snaps[i].distance_m)};
                        if (spatial)
                            w.add(served[i].xy, v);
                        else
                            w.add(v);
                    }
                });
    auto count = [](std::size_t n) { return io::FieldValue(static_cast<std::int64_t>(n)); };
    layers.write("summary", io::GeometryKind::None,
                {{"premises", io::FieldType::Integer64},
                 {"connected", io::FieldType::Integer64},
                 {"unsnapped", io::FieldType::Integer64},
                 {"unreachable", io::FieldType::Integer64},
                 {"served", io::FieldType::Integer64},
                 {"served_on_network", io::FieldType::Integer64},
                 {"route_km", io::FieldType::Real},
                 {"drop_km", io::FieldType::Real},
                 {"route_cost_gbp", io::FieldType::Real},
                 {"drop_cost_gbp", io::FieldType::Real},
                 {"connection_cost_gbp", io::FieldType::Real},
                 {"capital_gbp", io::FieldType::Real},
                 {"cost_per_premises_gbp", io::FieldType::Real},
                 {"under_uso_cap", io::FieldType::Integer64},
                 {"share_under_uso_cap", io::FieldType::Real},
                 {"param_cost_per_km_gbp", io::FieldType::Real},
                 {"param_drop_cost_per_km_gbp", io::FieldType::Real},
                 {"param_cost_per_premises_gbp", io::FieldType::Real},
                 {"param_uso_cap_gbp", io::FieldType::Real},
                 {"param_max_snap_m", io::FieldType::Real}},
                [&](io::DatasetWriter& w, bool) {
                    w.add({count(premises.size()),
                           count(fc.connected),
                           count(fc.unsnapped),
                           count(fc.unreachable),
                           count(served.size()),
                           count(fc.served_on_network),
                           fc.route_m / 1000.0,
                           fc.drop_m / 1000.0,
                           fc.route_cost_gbp,
                           fc.drop_cost_gbp,
                           fc.connection_cost_gbp,
                           fc.capital_gbp,
                           real_or_null(fc.cost_per_premises_gbp),
                           count(fc.under_uso_cap),
                           real_or_null(fc.share_under_uso_cap),
                           cfg.params.route_cost_per_km_gbp,
                           cfg.params.drop_cost_per_km_gbp,
                           cfg.params.connection_cost_gbp,
                           cfg.params.uso_cap_gbp,
                           cfg.max_snap_m});
                });
    layers.commit();
}

int run_fibre_cost(FibreConfig cfg, const workflow::Context& ctx) {
    validate(cfg);
    refuse_overwriting_inputs(cfg);
    auto outputs = workflow::open_output_set(cfg.output);  // before the long steps: a second run fails at once
    graph::RoadGraph g;
    {
        workflow::Step step(ctx, "reading graph " + cfg.graph);
        g = graph::read_graph_file(cfg.graph);
        step.done(std::to_string(g.node_count()) + " nodes, " + std::to_string(g.link_count()) +
                  " links");
    }
    if (!g.has_coordinates())
        throw ConfigError(cfg.graph +
                          ": fibre-cost needs a graph with coordinates (not an abstract graph)");
    Diagnostics diag;
    const auto premises = read_point_set(cfg.premises, cfg.premises_layer, cfg.premises_id, cfg, g,
                                         diag, ctx, "premises");
    std::vector<PointFeature> served;
    if (!cfg.served.empty()) {
        served = read_point_set(cfg.served, cfg.served_layer, cfg.served_id, cfg, g, diag, ctx,
                                "served locations");
    }
    if (!cfg.spine.empty()) {
        auto spine = read_spine(cfg, g, diag, ctx);
        served.insert(served.end(), std::make_move_iterator(spine.begin()),
                      std::make_move_iterator(spine.end()));
    }

    std::vector<graph::Snap> premises_snaps, served_snaps;
    {
        workflow::Step step(ctx, "snapping to the network (max " + money(cfg.max_snap_m) + " m)");
        const graph::Snapper snapper(g);
        premises_snaps = snap_all(snapper, premises, cfg.max_snap_m);
        served_snaps = snap_all(snapper, served, cfg.max_snap_m);
        std::size_t far_p = 0, far_s = 0;
        for (std::size_t i = 0; i < premises.size(); ++i) {
            if (premises_snaps[i].ok) continue;
            ++far_p;
            diag.add("unsnapped_premises", cfg.premises + ", premises " + premises[i].id,
                     "premises is " + money(premises_snaps[i].distance_m) +
                         " m from the network (limit " + money(cfg.max_snap_m) + " m); not costed");
        }
        for (std::size_t i = 0; i < served.size(); ++i) {
            if (served_snaps[i].ok) continue;
            ++far_s;
            diag.add("unsnapped_served", "served " + served[i].id,
                     "served location is " + money(served_snaps[i].distance_m) +
                         " m from the network (limit " + money(cfg.max_snap_m) + " m); not used");
        }
        step.done(std::to_string(far_p) + " premises and " + std::to_string(far_s) +
                  " served locations unsnapped");
    }

    analysis::FibreCase fc;
    {
        workflow::Step step(ctx, "routing the build network (Steiner tree, " +
                           std::to_string(premises.size()) + " premises)");
        fc = analysis::fibre_cost(g, served_snaps, premises_snaps, cfg.params);
        step.done(fixed(fc.route_m / 1000.0, 1) + " km in " + std::to_string(fc.segments.size()) +
                  " segments");
    }
    for (std::size_t i = 0; i < premises.size(); ++i) {
        if (fc.premises[i].status != analysis::PremisesStatus::Unreachable) continue;
        diag.add("unreachable_premises", cfg.premises + ", premises " + premises[i].id,
                 "no served location is connected to this premises' road; not costed");
    }
    {
        workflow::Step step(ctx, "writing " + cfg.output);
        write_case(outputs, cfg, g, premises, premises_snaps, served, served_snaps, fc);
        workflow::write_diagnostics_csv(diag, workflow::diagnostics_csv_path(cfg.output), &outputs);
        outputs.commit();
        step.done();
    }

    char line[512];
    std::snprintf(
        line, sizeof(line),
        "premises %zu: %zu connected, %zu unsnapped, %zu unreachable\n"
        "route %.2f km, capital GBP %s, GBP %s per connected premises, %s%% at or under the GBP "
        "%s USO cap\n",
        premises.size(), fc.connected, fc.unsnapped, fc.unreachable, fc.route_m / 1000.0,
        money(fc.capital_gbp).c_str(), fc.connected ? money(fc.cost_per_premises_gbp).c_str() : "-",
        fc.connected ? fixed(100.0 * fc.share_under_uso_cap, 1).c_str() : "-",
        money(cfg.params.uso_cap_gbp).c_str());
    std::fputs(line, stdout);
    if (!ctx.quiet && !diag.empty()) {
        std::fprintf(stderr, "%zu diagnostics in %s\n", diag.total(),
                     workflow::diagnostics_csv_path(cfg.output).c_str());
        for (const auto& [code, n] : diag.counts())
            std::fprintf(stderr, "  %s: %zu\n", code.c_str(), n);
    }
    return 0;
}

}  // namespace

void add_fibre_cost_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<FibreConfig>();
    auto* cmd = app.add_subcommand(
        "fibre-cost",
        "Rural last-mile case: fibre from served locations to premises along the roads, costed");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg) with coordinates")->required();
    cmd->add_option(
           "--premises", cfg->premises,
           "Unserved premises: point layer or CSV (easting/northing, x/y or longitude/latitude)")
        ->required();
    cmd->add_option("--premises-layer", cfg->premises_layer, "Layer name in --premises");
    cmd->add_option("--premises-id", cfg->premises_id,
                    "Id field of --premises (default: row number)");
    cmd->add_option("--served", cfg->served,
                    "Served locations (gigabit premises, exchanges): point layer or CSV");
    cmd->add_option("--served-layer", cfg->served_layer, "Layer name in --served");
    cmd->add_option("--served-id", cfg->served_id, "Id field of --served (default: row number)");
    cmd->add_option(
        "--spine", cfg->spine,
        "Fibre spine: a line layer served wherever it passes (sampled every --spine-spacing-m)");
    cmd->add_option("--spine-layer", cfg->spine_layer, "Layer name in --spine");
    cmd->add_option("--spine-spacing-m", cfg->spine_spacing_m,
                    "Sampling interval along the spine (m)")
        ->capture_default_str();
    cmd->add_option("--assume-crs", cfg->assume_crs, "CRS for inputs that declare none");
    cmd->add_option("--cost-per-km", cfg->params.route_cost_per_km_gbp,
                    "Duct and trench along the road, GBP per km (illustrative default)")
        ->capture_default_str();
    cmd->add_option("--drop-cost-per-km", cfg->drop_cost_per_km,
                    "Drop from the road to the premises (the snap offset), GBP per km (default: "
                    "--cost-per-km)");
    cmd->add_option("--cost-per-premises", cfg->params.connection_cost_gbp,
                    "Connection per premises, GBP (illustrative default)")
        ->capture_default_str();
    cmd->add_option("--uso-cap", cfg->params.uso_cap_gbp, "USO cost threshold per premises, GBP")
        ->capture_default_str();
    cmd->add_option("--max-snap-m", cfg->max_snap_m,
                    "Points farther than this (m) from the network are unsnapped and not costed")->check(cli::distance_m())
        ->capture_default_str();
    cmd->add_option("-o,--output", cfg->output,
                    "Output GeoPackage (layers build_network, premises, served, summary; a CSV per "
                    "layer beside it)")
        ->required();
    cmd->callback(
        [cfg, &ctx, &action] { action = [cfg, &ctx] { return run_fibre_cost(*cfg, ctx); }; });
}

}  // namespace midlink::cli
