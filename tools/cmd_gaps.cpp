// midlink gaps: digital corridors and the digital-corridor gap score (metrics.md §4; our
// own composite, labelled as such). Options only: the study is workflow::run_gaps.
#include "commands.hpp"
#include "midlink/workflow/gaps.hpp"

namespace midlink::cli {

void add_gaps_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::GapsConfig>();
    auto* cmd = app.add_subcommand("gaps", "Digital corridors: coverage along corridor segments, gap runs, gap scores");
    add_input_flags(cmd, ctx);
    cmd->add_option("--corridors", cfg->corridors, "Corridor lines: any line layer (e.g. `midlink corridors` output)")
        ->required();
    cmd->add_option("--corridors-layer", cfg->corridors_layer, "Layer of --corridors (default: the only line layer, or 'corridors')");
    cmd->add_option("--corridor-name", cfg->corridor_name, "Name field of the corridor lines")->capture_default_str();
    cmd->add_option("--corridor-weight", cfg->corridor_weight, "Numeric field weighting each corridor's exposure (e.g. a criticality)");
    cmd->add_option("--coverage", cfg->coverage, "Coverage GeoPackage from `midlink coverage`")->required();
    cmd->add_option("--coverage-layer", cfg->coverage_layer, "Area layer of --coverage")->capture_default_str();
    cmd->add_option("--coverage-id", cfg->coverage_id, "Area code field of the coverage layer")->capture_default_str();
    cmd->add_option("--release", cfg->release, "Coverage release to use (default: the latest)");
    cmd->add_option("--measure", cfg->measure, "Tier whose share along the corridor is measured (<tier>_premises)")
        ->capture_default_str();
    cmd->add_option("--segment-km", cfg->segment_km, "Segment length (km)")->capture_default_str();
    cmd->add_option("--buffer-km", cfg->buffer_km, "Catchment buffer around each segment (km)")->capture_default_str();
    cmd->add_option("--threshold", cfg->threshold_pct, "A segment is in a gap when its share is below this (%)")
        ->capture_default_str();
    cmd->add_option("--premises", cfg->premises,
                    "Premises points (any GDAL point layer or CSV): counted in each catchment instead of areal weighting");
    cmd->add_option("--premises-layer", cfg->premises_layer, "Layer name in --premises");
    cmd->add_option("--premises-down", cfg->premises_down, "Download speed field of --premises (Mbit/s)");
    cmd->add_option("--covered-mbps", cfg->covered_mbps,
                    "With --premises: a premises is covered at this download speed (default from --measure)");
    cmd->add_option("--access", cfg->access,
                    "Accessibility per area: a `midlink access` GeoPackage (with --access-layer) or the CSV beside a layer");
    cmd->add_option("--access-layer", cfg->access_layer, "Layer of --access when it has several (e.g. lad)");
    cmd->add_option("--access-id", cfg->access_id, "Area code column of --access")->capture_default_str();
    cmd->add_option("--access-field", cfg->access_field, "Measure column of --access for the transport gap");
    cmd->add_option("--access-kind", cfg->access_kind, "time (higher is worse) or opportunity (higher is better)")
        ->capture_default_str();
    cmd->add_option("--access-ref-pct", cfg->access_ref_pct, "Opportunity measures: percentile used as A_ref")->capture_default_str();
    cmd->add_option("--w-below-uso", cfg->weights.below_uso, "Digital gap weight w1 (below USO)")->capture_default_str();
    cmd->add_option("--w-not-gigabit", cfg->weights.not_gigabit, "Digital gap weight w2 (not gigabit)")->capture_default_str();
    cmd->add_option("--w-white", cfg->weights.white, "Digital gap weight w3 (BDUK white)")->capture_default_str();
    cmd->add_option("--w-transport", cfg->weights.transport, "Weight of the transport gap")->capture_default_str();
    cmd->add_option("--w-digital", cfg->weights.digital, "Weight of the digital gap")->capture_default_str();
    cmd->add_option("--combine", cfg->combine, "sum (weighted) or product")->capture_default_str();
    cmd->add_option("-o,--output", cfg->output, "Output GeoPackage")->required();
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_gaps(*cfg, ctx); }; });
}

}  // namespace midlink::cli
