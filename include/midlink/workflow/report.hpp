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
    // --classification: quantile, equal, jenks or fixed; "" keeps options.classification
    std::string classification;
    report::ReportOptions options;
    bool pdf = false;  // also print REPORT.pdf beside it with headless Chromium
};

/// The headless Chromium on PATH (chromium, chromium-browser, google-chrome), "" when none.
std::string find_chromium();

/// Reads the inputs (a broken file found by listing a folder is reported and skipped; a
/// named one is an InputError), builds the page and writes it atomically. With `pdf`, the
/// page is also printed to REPORT.pdf (same stem) in the same output set: a ConfigError
/// (exit 2) before anything is written when Chromium is not installed. Returns 0.
int run_report(const ReportConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
