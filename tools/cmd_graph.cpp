// midlink graph build | info | export
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "graph_export.hpp"
#include "graph_summary.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/io/profile_reader.hpp"

namespace midlink::cli {
namespace {

struct GraphBuildConfig {
    std::string network;
    std::string layer;
    std::string format = "auto";
    std::string profile = "car";
    std::string crs = "EPSG:27700";
    std::string assume_crs;
    std::string preset = "auto";
    double snap_tolerance_m = 0.5;
    std::string components;  // override of the profile: largest | all
    std::string order = "spatial";
    std::string output;
    std::string diagnostics_path;  // default: beside the output
    bool strict = false;
    io::FieldMapping fields;  // GDAL line layers: field names overriding the preset's
};

}  // namespace

std::uint64_t profile_fingerprint(const Profile& p) {
    std::ostringstream s;
    s.precision(17);
    s << p.name << '|' << static_cast<int>(p.vehicle) << '|';
    for (double v : p.class_speed_kmh) s << v << ',';
    s << p.nsl_single_kmh << p.nsl_dual_kmh << p.motorway_limit_kmh << p.max_speed_kmh << p.height_m
      << p.width_m << p.weight_t << static_cast<int>(p.weight_policy) << static_cast<int>(p.hgv_no_policy)
      << static_cast<int>(p.destination_policy) << p.penalty_factor << p.respect_oneway
      << static_cast<int>(p.components) << p.use_input_speed << '|';
    for (double v : p.capacity_vph_per_lane) s << v << ',';
    for (double v : p.lanes_per_direction) s << v << ',';
    return io::fnv1a64(s.str());
}

namespace {

int run_build(const GraphBuildConfig& cfg, const workflow::Context& ctx) {
    Profile profile = io::read_profile(cfg.profile, ctx.profiles_dir);
    if (cfg.components == "all") profile.components = ComponentPolicy::All;
    else if (cfg.components == "largest") profile.components = ComponentPolicy::Largest;
    io::ReadOptions ro;
    ro.target_crs = cfg.crs;
    ro.assume_crs = cfg.assume_crs;
    ro.input = ctx.input_policy();
    ro.layer = cfg.layer;
    ro.preset = cfg.preset;
    ro.snap_tolerance_m = cfg.snap_tolerance_m;
    ro.fields = cfg.fields;
    const auto format = io::parse_network_format(cfg.format);
    graph::BuildOptions bo;
    bo.order = cfg.order == "input" ? graph::NodeOrder::Input
               : cfg.order == "bfs" ? graph::NodeOrder::BreadthFirst
                                    : graph::NodeOrder::Spatial;
    bo.profile_fingerprint = profile_fingerprint(profile);

    io::OutputSet outputs(cfg.output);  // the graph and its diagnostics: both or neither
    workflow::Step read_step(ctx, "reading " + cfg.network);
    LinkTable table = io::read_network(cfg.network, format, ro);
    read_step.done(std::to_string(table.links.size()) + " links");
    workflow::Step build_step(ctx, "building graph for profile '" + profile.name + "'");
    auto result = graph::build_graph(table, profile, bo);
    build_step.done(std::to_string(result.graph.node_count()) + " nodes, " +
                    std::to_string(result.graph.edge_count()) + " edges");
    Diagnostics all = table.diagnostics;
    all.merge(result.diagnostics);
    if (cfg.strict && all.total() > 0) {
        for (const auto& [code, n] : all.counts()) ctx.info("  " + code + ": " + std::to_string(n));
        throw InputError(cfg.network + ": " + std::to_string(all.total()) + " diagnostics and --strict was given");
    }
    table = LinkTable();  // free the link table before writing
    workflow::Step write_step(ctx, "writing " + cfg.output);
    graph::write_graph_file(result.graph, outputs.member(cfg.output));
    const std::string diag_path = cfg.diagnostics_path.empty() ? cfg.output + ".diagnostics.csv" : cfg.diagnostics_path;
    workflow::write_diagnostics_csv(all, diag_path, &outputs);
    outputs.commit();
    write_step.done();
    if (!ctx.quiet) {
        std::cerr << summary_text(result.graph, summarise(result.graph));
        std::cerr << "links used: " << result.links_used << ", excluded by profile: " << result.links_excluded
                  << "; diagnostics written to " << diag_path << "\n";
    }
    return 0;
}

}  // namespace

void add_graph_commands(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto* graph_cmd = app.add_subcommand("graph", "Build, inspect and export routing graphs");
    graph_cmd->require_subcommand(1);

    auto cfg = std::make_shared<GraphBuildConfig>();
    auto* build = graph_cmd->add_subcommand("build", "Build a routing graph file (.mlg) from a network");
    add_input_flags(build, ctx);
    build->add_option("--network", cfg->network, "Network: OSM PBF, GDAL line layer (gpkg, shp, zip, geojson, fgb), TNTP *_net.tntp, GMNS folder, DIMACS .gr[.xz], junction CSV (SRN graph)")->required();
    build->add_option("--layer", cfg->layer, "Layer name for multi-layer GDAL sources");
    build->add_option("--format", cfg->format, "Input format (default: from the path)")
        ->check(CLI::IsMember({"auto", "osm", "ogr", "tntp", "gmns", "dimacs", "junction-csv", "srn"}))->capture_default_str();
    build->add_option("--profile", cfg->profile, "car, hgv or a profile YAML file")->capture_default_str();
    build->add_option("--crs", cfg->crs, "Working CRS")->capture_default_str();
    build->add_option("--assume-crs", cfg->assume_crs, "CRS for inputs that declare none (e.g. EPSG:27700)");
    build->add_option("--preset", cfg->preset, "GDAL field preset")
        ->check(CLI::IsMember({"auto", "geofabrik", "os-open-roads", "generic"}))->capture_default_str();
    build->add_option("--snap-tolerance", cfg->snap_tolerance_m, "Join line endpoints closer than this (m) when the layer has no node topology")->capture_default_str();
    build->add_option("--components", cfg->components, "Keep the largest strongly connected component or all (default: the profile's)")
        ->check(CLI::IsMember({"largest", "all"}));
    build->add_option("--order", cfg->order, "Node order for memory locality")
        ->check(CLI::IsMember({"spatial", "bfs", "input"}))->capture_default_str();
    build->add_option("--diagnostics", cfg->diagnostics_path, "Diagnostics CSV (default: OUTPUT.diagnostics.csv)");
    build->add_option("--ref-field", cfg->fields.ref, "GDAL layers: field holding the road number (e.g. RoadNumber)");
    build->add_option("--name-field", cfg->fields.name, "GDAL layers: field holding the road name");
    build->add_option("--class-field", cfg->fields.road_class, "GDAL layers: field holding the road class");
    build->add_option("--oneway-field", cfg->fields.oneway, "GDAL layers: field holding one-way (yes/no/-1, F/T/B)");
    build->add_option("--speed-field", cfg->fields.speed_kmh, "GDAL layers: field holding the speed limit (km/h or '30 mph')");
    build->add_flag("--class-from-ref", cfg->fields.class_from_ref,
                    "GDAL layers: links without a known class take it from the GB road number (M/A/B)");
    build->add_flag("--strict", cfg->strict, "Fail when any per-feature diagnostic is raised");
    build->add_option("-o,--output", cfg->output, "Graph file to write (.mlg)")->required();
    build->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return run_build(*cfg, ctx); }; });

    auto info_path = std::make_shared<std::string>();
    auto info_format = std::make_shared<std::string>("text");
    auto* info = graph_cmd->add_subcommand("info", "Nodes, edges, components, length and diagnostics of a graph file");
    info->add_option("graph", *info_path, "Graph file (.mlg)")->required();
    info->add_option("--format", *info_format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    info->callback([info_path, info_format, &action] {
        action = [info_path, info_format] {
            const auto g = graph::read_graph_file(*info_path);
            const auto s = summarise(g);
            std::cout << (*info_format == "json" ? summary_json(g, s) : summary_text(g, s));
            return 0;
        };
    });

    auto ex = std::make_shared<ExportConfig>();
    auto* exp = graph_cmd->add_subcommand("export", "Export a graph: GeoPackage/GeoJSON/FlatGeobuf layers 'edges' and 'nodes', or GMNS with -o DIR/");
    exp->add_option("graph", ex->graph, "Graph file (.mlg)")->required();
    exp->add_option("-o,--output", ex->output, "OUT.gpkg (default format), .geojson, .fgb, .csv, PG:connection, or DIR/ for GMNS node.csv + link.csv")->required();
    exp->callback([ex, &ctx, &action] { action = [ex, &ctx] { return run_export(*ex, ctx); }; });
}

}  // namespace midlink::cli
