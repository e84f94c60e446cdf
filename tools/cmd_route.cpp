// midlink route: one route between two points, or many from a pairs CSV (in parallel). The
// options bind straight into workflow::RouteConfig; workflow::run_route does the rest.
#include <iostream>

#include "commands.hpp"
#include "midlink/workflow/route.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_route_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::RouteConfig>();
    auto* cmd = app.add_subcommand("route", "Fastest (or shortest) route between points on a graph");
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--from", cfg->from, "Start as X,Y (in --assume-crs; within 0.5 m of a node: that node) or node:ID");
    cmd->add_option("--to", cfg->to, "End as X,Y or node:ID");
    cmd->add_option("--pairs", cfg->pairs, "CSV with id,from_x,from_y,to_x,to_y; writes id,time_s,distance_m,status");
    auto* crs = cmd->add_option("--assume-crs", cfg->coords_crs,
                                "CRS of the given coordinates (default: the graph's, usually EPSG:27700)");
    add_old_name(cmd, "--coords-crs", cfg->coords_crs, crs);
    cmd->add_option("--metric", cfg->metric, "Optimise time or distance")->check(CLI::IsMember({"time", "distance"}))->capture_default_str();
    cmd->add_option("--format", cfg->format, "text or json (single route)")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    cmd->add_option("--max-snap", cfg->max_snap_m, "Points farther than this (m) from the network are unsnapped")->check(cli::distance_m())->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "CSV for --pairs (default: stdout)");
    cmd->add_flag("--snap-connectors", cfg->snap_connectors, "Also snap points onto zone connectors (link-table models; off by default)");
    cmd->add_option("--geometry", cfg->geometry, "Also write route lines to this layer file (.gpkg, .geojson, ...)");
    cmd->add_option("--hierarchy", cfg->hierarchy,
                    "Contraction hierarchy file, or none for Dijkstra (default with --pairs: GRAPH.mlg.ch when present and current)");
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_route(*cfg, ctx, std::cout); }; });
}

}  // namespace midlink::cli
