// midlink: one binary, subcommands over the library. main maps exceptions to exit codes.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "midlink/core/error.hpp"

#ifndef MIDLINK_DEFAULT_PROFILES_DIR
#define MIDLINK_DEFAULT_PROFILES_DIR "geodata/profiles"
#endif

namespace {
std::string profiles_dir() {
    if (const char* env = std::getenv("MIDLINK_PROFILES")) return env;
    return MIDLINK_DEFAULT_PROFILES_DIR;
}
}  // namespace

int main(int argc, char** argv) {
    using namespace midlink;
    cli::CliContext ctx;
    ctx.profiles_dir = profiles_dir();
    CLI::App app{
        "midlink: connectivity and infrastructure analysis for transport planners, GIS teams and\n"
        "broadband consultants. Reads OSM PBF, GDAL line layers, TNTP, GMNS and DIMACS networks,\n"
        "builds car and HGV routing graphs, and answers routing questions.\n\n"
        "Exit codes: 0 ok; 1 other error; 2 bad option or configuration; 3 unusable input;\n"
        "4 graph file of another version; 5 output could not be written."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("midlink ") + "0.1.0");
    app.add_option("--threads", ctx.threads, "Worker threads (0 = all cores)")->check(CLI::NonNegativeNumber);
    app.add_flag("-q,--quiet", ctx.quiet, "No progress messages on stderr");
    app.add_flag("-v,--verbose", ctx.verbosity, "More detail on stderr (repeat for more)");
    app.fallthrough();

    cli::Action action;
    cli::add_info_command(app, ctx, action);
    cli::add_graph_commands(app, ctx, action);
    cli::add_route_command(app, ctx, action);
    cli::add_access_command(app, ctx, action);
    cli::add_isochrone_command(app, ctx, action);
    cli::add_centrality_command(app, ctx, action);
    cli::add_corridors_command(app, ctx, action);
    cli::add_bench_commands(app, ctx, action);
    cli::add_assign_command(app, ctx, action);
    cli::add_gaps_command(app, ctx, action);
    cli::add_report_command(app, ctx, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        return action ? action() : 0;
    } catch (const Error& e) {
        std::cerr << "midlink: error: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "midlink: error: " << e.what() << "\n";
        return 1;
    }
}
