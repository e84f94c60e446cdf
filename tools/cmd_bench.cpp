// midlink bench sssp | route | load | england-network: option binding for workflow/bench.hpp
// and workflow/england_network.hpp.
#include <iostream>

#include "commands.hpp"
#include "midlink/workflow/bench.hpp"
#include "midlink/workflow/england_network.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_bench_commands(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto* bench = app.add_subcommand("bench", "Measure engine speed and memory");
    bench->require_subcommand(1);
    auto cfg = std::make_shared<workflow::BenchSsspConfig>();
    auto* sssp = bench->add_subcommand("sssp", "One-to-all shortest-path trees from random sources; ms per tree, ns per settled node");
    sssp->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    sssp->add_option("--sources", cfg->sources, "Number of random sources")->capture_default_str()->check(cli::positive());
    sssp->add_option("--seed", cfg->seed, "Random seed")->capture_default_str();
    sssp->add_option("--metric", cfg->metric, "time or distance")->check(CLI::IsMember({"time", "distance"}))->capture_default_str();
    sssp->add_option("--format", cfg->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    sssp->add_option("--engine", cfg->engine, "dijkstra, phast (builds a contraction hierarchy first, timed apart), or phast16 (sixteen trees per sweep)")
        ->check(CLI::IsMember({"dijkstra", "phast", "phast16"}))
        ->capture_default_str();
    sssp->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_bench_sssp(*cfg, ctx, std::cout); }; });

    auto route_cfg = std::make_shared<workflow::BenchRouteConfig>();
    auto* route = bench->add_subcommand("route", "Random node-to-node queries through a contraction hierarchy or Dijkstra; us per query");
    route->add_option("graph", route_cfg->graph, "Graph file (.mlg)")->required();
    route->add_option("--pairs", route_cfg->pairs, "Number of random node pairs")->capture_default_str()->check(cli::positive());
    route->add_option("--seed", route_cfg->seed, "Random seed")->capture_default_str();
    route->add_option("--metric", route_cfg->metric, "time or distance")->check(CLI::IsMember({"time", "distance"}))->capture_default_str();
    route->add_option("--format", route_cfg->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    route->add_option("--engine", route_cfg->engine, "ch (the stored hierarchy, else one built first and timed apart) or dijkstra")
        ->check(CLI::IsMember({"ch", "dijkstra"}))
        ->capture_default_str();
    route->add_option("--hierarchy", route_cfg->hierarchy, "Hierarchy file, or none to build one (default: GRAPH.mlg.ch when current)");
    route->add_option("--write-pairs", route_cfg->write_pairs, "Also write the pairs as node keys (SOURCE TARGET per line)");
    route->add_flag("--unpack", route_cfg->unpack, "Also unpack each path into graph edges");
    route->add_flag("--no-stalling", route_cfg->no_stalling, "CH queries without stall-on-demand");
    route->add_flag("--warm-up", route_cfg->warm_up,
                    "CH: run the pairs once untimed first, so the timed pass finds memory mapped and cached");
    route->callback([route_cfg, &ctx, &action] { action = [route_cfg, &ctx] { return workflow::run_bench_route(*route_cfg, ctx, std::cout); }; });

    auto load_cfg = std::make_shared<workflow::BenchLoadConfig>();
    auto* load = bench->add_subcommand("load", "Graph file load time with and without the checksum check");
    load->add_option("graph", load_cfg->graph, "Graph file (.mlg)")->required();
    load->add_option("--repeat", load_cfg->repeat, "Loads of each kind (median reported)")->capture_default_str()->check(CLI::PositiveNumber);
    load->add_option("--format", load_cfg->format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    load->callback([load_cfg, &action] { action = [load_cfg] { return workflow::run_bench_load(*load_cfg, std::cout); }; });

    auto eng = std::make_shared<workflow::EnglandNetworkConfig>();
    auto* england = bench->add_subcommand(
        "england-network", "Write an England-sized synthetic road network (GMNS) with national access job inputs");
    england->add_option("-o,--output", eng->out_dir, "Output folder (network/, origins.csv, destinations/, README.md)")->required();
    england->add_option("--scale", eng->scale, "Multiplies node, origin and destination counts (area stays England)")
        ->capture_default_str()
        ->check(CLI::Range(0.0001, 4.0));
    england->add_option("--seed", eng->seed, "Random seed")->capture_default_str();
    england->add_option("--geodata", eng->geodata, "Folder of the real data it builds on (LSOAs, SRN, schools, NHS)")
        ->capture_default_str();
    england->callback([eng, &ctx, &action] {
        action = [eng, &ctx] { return workflow::run_england_network(*eng, ctx, std::cout); };
    });
}

}  // namespace midlink::cli
