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
    cmd->callback([cfg, &ctx, &action] { action = [cfg, &ctx] { return workflow::run_report(*cfg, ctx); }; });
}

}  // namespace midlink::cli
