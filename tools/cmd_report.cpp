// midlink report: one self-contained HTML report from a study's outputs (workflow/report.hpp).
#include "commands.hpp"
#include "midlink/workflow/report.hpp"

namespace midlink::cli {

void add_report_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto cfg = std::make_shared<workflow::ReportConfig>();
    auto* cmd = app.add_subcommand("report",
                                   "One self-contained HTML report (maps, tables, charts) from a "
                                   "study's output folder or files");
    cmd->add_option("inputs", cfg->inputs,
                    "OUTDIR/ (every .gpkg and manifest.json in it) or GeoPackage files")
        ->required();
    cmd->add_option("-o,--output", cfg->output, "REPORT.html")->required();
    cmd->add_option("--title", cfg->title, "Title of the report")->capture_default_str();
    cmd->add_option("--columns", cfg->columns,
                    "Map only these area columns (comma list; default: the key measures)")
        ->delimiter(',');
    cmd->add_option("--classes", cfg->options.classes, "Quantile classes per map (1-7)")
        ->check(CLI::Range(1, 7))
        ->capture_default_str();
    cmd->add_option("--max-maps", cfg->options.max_maps, "Most choropleths per area layer")
        ->capture_default_str();
    cmd->add_option("--rows", cfg->options.table_rows, "Rows of ranked tables")
        ->capture_default_str();
    cmd->add_option("--tolerance-px", cfg->options.tolerance_px,
                    "Simplification tolerance in displayed pixels")
        ->capture_default_str();
    cmd->add_option("--classification", cfg->classification,
                    "Class breaks: quantile, equal (interval), jenks (natural breaks) or fixed "
                    "(with --breaks)")
        ->check(CLI::IsMember({"quantile", "equal", "jenks", "fixed"}))
        ->default_str("quantile");
    cmd->add_option("--breaks", cfg->options.breaks,
                    "Fixed class breaks, comma list (e.g. 10,20,30); implies --classification fixed")
        ->delimiter(',');
    cmd->add_option("--min-reached-share", cfg->options.min_reached_share,
                    "Flag roll-up areas with fewer of their origins reached than this share (0-1)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd->add_flag("--pdf", cfg->pdf,
                  "Also print REPORT.pdf beside the page with headless Chromium (exit 2 when "
                  "Chromium is not installed)");
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_report(*cfg, ctx); }; });
}

}  // namespace midlink::cli
