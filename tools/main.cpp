// midlink: one binary, subcommands over the library. main maps exceptions to exit codes.
// Built a second time with MIDLINK_MPI as midlink-mpi: the same commands, run by every rank
// of an MPI job (docs/cluster.md).
#include <filesystem>
#include <iostream>
#include <set>

#include "commands.hpp"
#include "stdout_check.hpp"
#include "midlink/core/error.hpp"
#include "midlink/version.hpp"
#include "midlink/workflow/data_dirs.hpp"
#include "error_text.hpp"
#include "json_summary.hpp"
#include "option_checks.hpp"
#ifdef MIDLINK_MPI
#include "mpi_process_group.hpp"
#endif

namespace {

#ifdef MIDLINK_MPI
// Commands whose work is dealt to the ranks; any other command runs on rank 0 alone.
bool splits_across_ranks(const CLI::App& app) {
    static const std::set<std::string> names{"access", "route", "scenarios", "run", "matrix", "centrality", "isochrone"};
    for (const auto* sub : app.get_subcommands()) {
        if (names.count(sub->get_name())) return true;
    }
    return false;
}
#endif

}  // namespace

int main(int argc, char** argv) {
    using namespace midlink;
    workflow::Context ctx;
#ifdef MIDLINK_MPI
    cli::MpiSession mpi(argc, argv);
    const cli::MpiProcessGroup group;
    ctx.group = &group;
    const bool root = group.root();
#else
    const bool root = true;
#endif
    // Profiles and lookups beside the binary (share/midlink), or MIDLINK_PROFILES/_LOOKUPS.
    const auto data_dirs = workflow::find_data_dirs();
    ctx.profiles_dir = data_dirs.profiles_dir;
    ctx.lookups_dir = data_dirs.lookups_dir;
    CLI::App app{
        "midlink: connectivity and infrastructure analysis for transport planners, GIS teams and\n"
        "broadband consultants. Reads OSM PBF, GDAL line layers, TNTP, GMNS and DIMACS networks,\n"
        "builds car and HGV routing graphs, and answers routing questions.\n\n"
        "Exit codes: 0 ok; 1 other error; 2 bad option or configuration; 3 unusable input;\n"
        "4 graph file of another version; 5 output could not be written."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("midlink ") + version_string);
    app.add_option("--threads", ctx.threads, "Worker threads (0 = all cores)")->check(cli::non_negative());
    app.add_flag("-q,--quiet", ctx.quiet, "No progress messages on stderr");
    app.add_flag("-v,--verbose", ctx.verbosity, "More detail on stderr (repeat for more)");
    app.fallthrough();

    cli::Action action;
    cli::register_commands(app, ctx, action);
    cli::SummaryFormats formats;
    cli::add_summary_formats(app, formats);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" that CLI11 prints itself, with exit code 0.
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return root ? app.exit(e) : 0;
        if (root) std::cerr << "midlink: error: " << cli::parse_error_text(e) << "\n";
        return 2;
    }
#ifdef MIDLINK_MPI
    if (!splits_across_ranks(app)) {
        // Nothing to share: rank 0 runs it as one process would; the other ranks wait.
        if (!root) return 0;
        ctx.group = nullptr;
    }
    try {
        const int code = cli::run_with_summary(formats, action, ctx);
        cli::finish_stdout();
        return code;
    } catch (const AgreedError& e) {
        // Every rank has it (an input error): rank 0 reports it once, all end normally.
        if (root) std::cerr << "midlink: error: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        // One rank failed on its own: the others may wait for it in a collective, so the
        // whole job ends now. Outputs are opened only after the last collective, so
        // nothing is left under a final name.
        const auto* error = dynamic_cast<const Error*>(&e);
        std::string text = e.what();
        if (!dynamic_cast<const RankError*>(&e) && group.size() > 1) {
            text = "rank " + std::to_string(group.rank()) + " of " + std::to_string(group.size()) + ": " + text;
        }
        std::cerr << "midlink: error: " << text << "\n" << std::flush;
        const int code = error ? error->exit_code() : 1;
        if (group.size() > 1) cli::MpiSession::abort(code);
        return code;
    }
#endif
    try {
        const int code = cli::run_with_summary(formats, action, ctx);
        cli::finish_stdout();  // results lost on the way to stdout are an error (exit 5)
        return code;
    } catch (const Error& e) {
        std::cerr << "midlink: error: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << "midlink: error: " << cli::filesystem_error_text(e) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "midlink: error: " << e.what() << "\n";
        return 1;
    }
}
