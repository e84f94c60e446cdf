// midlink graph build | info | export
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "graph_export.hpp"
#include "graph_summary.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/graph_build.hpp"

namespace midlink::cli {
namespace {

struct GraphBuildOptions {
    workflow::GraphBuildConfig build;
    std::string output;
    std::string diagnostics_path;  // default: beside the output
};

int run_build(const GraphBuildOptions& cfg, const workflow::Context& ctx) {
    const auto plan = workflow::plan_graph_build(cfg.build, ctx);
    io::OutputSet outputs(cfg.output);  // the graph and its diagnostics: both or neither
    const auto built = workflow::build_graph(cfg.build, plan, ctx);
    workflow::Step write_step(ctx, "writing " + cfg.output);
    const std::string diag_path = cfg.diagnostics_path.empty() ? cfg.output + ".diagnostics.csv" : cfg.diagnostics_path;
    workflow::write_built_graph(built, cfg.output, diag_path, outputs);
    outputs.commit();
    write_step.done();
    if (!ctx.quiet) {
        std::cerr << summary_text(built.graph, summarise(built.graph));
        std::cerr << "links used: " << built.links_used << ", excluded by profile: " << built.links_excluded
                  << "; diagnostics written to " << diag_path << "\n";
    }
    return 0;
}

}  // namespace

void add_graph_commands(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto* graph_cmd = app.add_subcommand("graph", "Build, inspect and export routing graphs");
    graph_cmd->require_subcommand(1);

    auto opts = std::make_shared<GraphBuildOptions>();
    auto& cfg = opts->build;
    auto* build = graph_cmd->add_subcommand("build", "Build a routing graph file (.mlg) from a network");
    add_input_flags(build, ctx);
    build->add_option("--network", cfg.network, "Network: OSM PBF, GDAL line layer (gpkg, shp, zip, geojson, fgb), TNTP *_net.tntp, GMNS folder, DIMACS .gr[.xz], junction CSV (SRN graph)")->required();
    build->add_option("--layer", cfg.layer, "Layer name for multi-layer GDAL sources");
    build->add_option("--format", cfg.format, "Input format (default: from the path)")
        ->check(CLI::IsMember({"auto", "osm", "ogr", "tntp", "gmns", "dimacs", "junction-csv", "srn"}))->capture_default_str();
    build->add_option("--profile", cfg.profile, "car, hgv or a profile YAML file")->capture_default_str();
    build->add_option("--crs", cfg.crs, "Working CRS")->capture_default_str();
    build->add_option("--assume-crs", cfg.assume_crs, "CRS for inputs that declare none (e.g. EPSG:27700)");
    build->add_option("--preset", cfg.preset, "GDAL field preset")
        ->check(CLI::IsMember({"auto", "geofabrik", "os-open-roads", "generic"}))->capture_default_str();
    build->add_option("--snap-tolerance", cfg.snap_tolerance_m, "Join line endpoints closer than this (m) when the layer has no node topology")->capture_default_str();
    build->add_option("--components", cfg.components, "Keep the largest strongly connected component or all (default: the profile's)")
        ->check(CLI::IsMember({"largest", "all"}));
    build->add_option("--order", cfg.order, "Node order for memory locality")
        ->check(CLI::IsMember({"spatial", "bfs", "input"}))->capture_default_str();
    build->add_option("--diagnostics", opts->diagnostics_path, "Diagnostics CSV (default: OUTPUT.diagnostics.csv)");
    build->add_option("--ref-field", cfg.fields.ref, "GDAL layers: field holding the road number (e.g. RoadNumber)");
    build->add_option("--name-field", cfg.fields.name, "GDAL layers: field holding the road name");
    build->add_option("--class-field", cfg.fields.road_class, "GDAL layers: field holding the road class");
    build->add_option("--oneway-field", cfg.fields.oneway, "GDAL layers: field holding one-way (yes/no/-1, F/T/B)");
    build->add_option("--speed-field", cfg.fields.speed_kmh, "GDAL layers: field holding the speed limit (km/h or '30 mph')");
    build->add_flag("--class-from-ref", cfg.fields.class_from_ref,
                    "GDAL layers: links without a known class take it from the GB road number (M/A/B)");
    build->add_flag("--strict", cfg.strict, "Fail when any per-feature diagnostic is raised");
    build->add_option("-o,--output", opts->output, "Graph file to write (.mlg)")->required();
    build->callback([opts, &ctx, &action] { action = [opts, &ctx] { return run_build(*opts, ctx); }; });

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
