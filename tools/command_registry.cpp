// The one list of subcommands, shared by main and by `midlink run`.
#include <algorithm>

#include "commands.hpp"
#include "midlink/core/error.hpp"

namespace midlink::cli {

void add_input_flags(CLI::App* cmd, workflow::Context& ctx) {
    cmd->add_flag("--allow-vrt", ctx.allow_vrt,
                  "Read VRT files, which name other files (network access stays off)");
    cmd->add_flag("--skip-bad-features", ctx.skip_bad_features,
                  "Skip features GDAL cannot read (and OSM ways with missing nodes) instead of stopping; "
                  "the count is printed on stderr");
}

void register_commands(CLI::App& app, workflow::Context& ctx, Action& action) {
    add_info_command(app, ctx, action);
    add_graph_commands(app, ctx, action);
    add_route_command(app, ctx, action);
    add_matrix_command(app, ctx, action);
    add_access_command(app, ctx, action);
    add_isochrone_command(app, ctx, action);
    add_centrality_command(app, ctx, action);
    add_corridors_command(app, ctx, action);
    add_bench_commands(app, ctx, action);
    add_assign_command(app, ctx, action);
    add_gaps_command(app, ctx, action);
    add_scenarios_command(app, ctx, action);
    add_fibre_cost_command(app, ctx, action);
    add_flows_command(app, ctx, action);
    add_coverage_command(app, ctx, action);
    add_raster_command(app, ctx, action);
    add_report_command(app, ctx, action);
    add_run_command(app, ctx, action);
}


}  // namespace midlink::cli
