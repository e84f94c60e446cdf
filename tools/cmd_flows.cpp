// midlink flows: DfT AADF counts matched to graph edges, with HGV share and the peak-hour
// volume/capacity ratio. Options only: the study is workflow::run_flows.
#include "commands.hpp"
#include "midlink/workflow/flows.hpp"
#include "option_checks.hpp"

namespace midlink::cli {

void add_flows_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::FlowsConfig>();
    auto* cmd = app.add_subcommand(
        "flows", "Match DfT AADF counts to graph edges: AADF, HGV share, peak-hour V/C");
    add_input_flags(cmd, ctx);
    cmd->add_option("graph", cfg->graph, "Graph file (.mlg)")->required();
    cmd->add_option("--counts", cfg->counts.path,
                    "AADF counts: CSV or GDAL point layer (DfT or shapefile column names)")
        ->required();
    cmd->add_option("--layer", cfg->counts.layer, "Layer of the counts dataset");
    auto* crs = cmd->add_option("--assume-crs", cfg->counts.assume_crs,
                                "CRS of counts without one (or of ambiguous x/y columns)");
    add_old_name(cmd, "--counts-crs", cfg->counts.assume_crs, crs);
    cmd->add_option("--id-field", cfg->counts.id_field,
                    "Count point id field (default: count_point_id or CP)");
    cmd->add_option("--road-field", cfg->counts.road_field,
                    "Road number field (default: road_name or RoadNumber)");
    cmd->add_option("--all-field", cfg->counts.all_field,
                    "All motor vehicles field (default: all_motor_vehicles, FdAll_MV or AllMV)");
    cmd->add_option("--hgv-field", cfg->counts.hgv_field,
                    "All HGVs field (default: all_hgvs, FdHGV or HGV)");
    cmd->add_option("--estimation-field", cfg->counts.estimation_field,
                    "Estimation method field (default: estimation_method)");
    cmd->add_option("--direction-field", cfg->counts.direction_field,
                    "Direction of travel field, N/S/E/W (default: direction_of_travel or iDir; "
                    "none = both directions)");
    cmd->add_option("--x-field", cfg->counts.x_field,
                    "X/easting/longitude field (default: the geometry or known names)");
    cmd->add_option("--y-field", cfg->counts.y_field, "Y/northing/latitude field");
    auto* snap = cmd->add_option("--max-snap", cfg->match.tolerance_m,
                                 "Match a count to a link of its road within this distance (m)")
                     ->check(cli::distance_m())
                     ->capture_default_str();
    add_old_name(cmd, "--tolerance-m", cfg->match.tolerance_m, snap)->check(named(cli::distance_m(), "--tolerance-m"));
    cmd->add_flag("--any-ref-fallback", cfg->match.any_ref_fallback,
                  "When no link of the count's road is within the tolerance, take the nearest link "
                  "of any road");
    cmd->add_option("--peak-hour-factor", cfg->flow.peak_hour_factor,
                    "Share of the AADF in the peak hour (K)")
        ->capture_default_str();
    cmd->add_option("--directional-split", cfg->flow.directional_split,
                    "Peak-direction share of a two-way count (D), for counts without a direction")
        ->capture_default_str();
    cmd->add_flag("--counted-only", cfg->counted_edges_only,
                  "Write only the edges that carry a count");
    cmd->add_option("--diagnostics", cfg->diagnostics_path,
                    "Diagnostics CSV (default: OUTPUT.diagnostics.csv)");
    cmd->add_option("-o,--output", cfg->output,
                    "OUT.gpkg (layers flows, counts), .geojson, .fgb, PG:...")
        ->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_flows(*cfg, ctx); }; });
}

}  // namespace midlink::cli
