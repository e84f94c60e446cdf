// midlink graph build | info | contract | export: option binding for workflow::run_graph_build,
// run_graph_info, run_graph_contract and run_graph_export.
#include <iostream>

#include "commands.hpp"
#include "option_checks.hpp"
#include "midlink/workflow/graph_build.hpp"
#include "midlink/workflow/graph_contract.hpp"
#include "midlink/workflow/graph_export.hpp"
#include "midlink/workflow/graph_summary.hpp"

namespace midlink::cli {
namespace {

struct GraphBuildOptions {
    workflow::GraphBuildConfig build;
    std::string output;
    std::string diagnostics_path;  // default: beside the output
};

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
    auto* input_format = build->add_option("--input-format", cfg.format, "Input format (default: from the path)")
        ->check(CLI::IsMember({"auto", "osm", "ogr", "tntp", "gmns", "dimacs", "junction-csv", "srn"}))->capture_default_str();
    // --format is the output style (text/json) in every other command.
    add_old_name(build, "--format", cfg.format, input_format)
        ->check(named(CLI::IsMember({"auto", "osm", "ogr", "tntp", "gmns", "dimacs", "junction-csv", "srn"}), "--format"));
    build->add_option("--profile", cfg.profile, "car, hgv, walk, cycle (JTS walking and cycling) or a profile YAML file")->capture_default_str();
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
    build->callback([opts, &ctx, &action] { action = [opts, &ctx] { return workflow::run_graph_build(opts->build, opts->output, opts->diagnostics_path, ctx); }; });

    auto info_path = std::make_shared<std::string>();
    auto info_format = std::make_shared<std::string>("text");
    auto* info = graph_cmd->add_subcommand("info", "Nodes, edges, components, length and diagnostics of a graph file");
    info->add_option("graph", *info_path, "Graph file (.mlg)")->required();
    info->add_option("--format", *info_format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    info->callback([info_path, info_format, &action] {
        action = [info_path, info_format] { return workflow::run_graph_info(*info_path, *info_format, std::cout); };
    });

    auto contract_cfg = std::make_shared<workflow::GraphContractConfig>();
    auto* contract = graph_cmd->add_subcommand("contract", "Build a contraction hierarchy beside a graph (GRAPH.mlg.ch) for fast routes and access");
    contract->add_option("graph", contract_cfg->graph, "Graph file (.mlg)")->required();
    contract->add_option("-o,--output", contract_cfg->output, "Hierarchy file (default: GRAPH.mlg.ch; GRAPH.mlg.distance.ch for --metric distance)");
    contract->add_option("--metric", contract_cfg->metric, "Metric of the hierarchy")->check(CLI::IsMember({"time", "distance"}))->capture_default_str();
    contract->callback([contract_cfg, &ctx, &action] {
        action = [contract_cfg, &ctx] { return workflow::run_graph_contract(*contract_cfg, ctx); };
    });

    auto ex = std::make_shared<workflow::GraphExportConfig>();
    auto* exp = graph_cmd->add_subcommand("export", "Export a graph: GeoPackage/GeoJSON/FlatGeobuf layers 'edges' and 'nodes', or GMNS with -o DIR/");
    exp->add_option("graph", ex->graph, "Graph file (.mlg)")->required();
    exp->add_option("-o,--output", ex->output, "OUT.gpkg (default format), .geojson, .fgb, .csv, PG:connection, or DIR/ for GMNS node.csv + link.csv")->required();
    exp->callback([ex, &ctx, &action] { action = [ex, &ctx] { return workflow::run_graph_export(*ex, ctx); }; });
}

}  // namespace midlink::cli
