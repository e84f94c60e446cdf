#pragma once
// `midlink report` as a library call: one self-contained HTML page from a study's outputs
// (a folder or named GeoPackages, and manifest.json). io reads the data, the report layer
// draws it; this finds the inputs and writes the page as one output.
#include <string>
#include <vector>

#include "midlink/report/report_builder.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// The options of `midlink report`, one field per flag.
struct ReportConfig {
    std::vector<std::string> inputs;  // OUTDIR/ or GeoPackage files (and manifest.json)
    std::string output;               // REPORT.html
    std::string title = "midlink study report";
    std::vector<std::string> columns;
    report::ReportOptions options;
};

/// Reads the inputs (a broken file found by listing a folder is reported and skipped; a
/// named one is an InputError), builds the page and writes it atomically. Returns 0.
int run_report(const ReportConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
