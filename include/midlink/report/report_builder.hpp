#pragma once
// `midlink report`: one self-contained HTML page (inline CSS and SVG, nothing fetched
// when opened) from the outputs a study leaves behind. Pure: datasets come in as plain
// midlink::DatasetData, the page goes out as a string.
#include <string>
#include <utility>
#include <vector>

#include "midlink/core/layer_data.hpp"
#include "midlink/report/classify.hpp"

namespace midlink::report {

/// What a dataset holds, recognised by its layer names (never by file name).
enum class OutputKind { Access, Coverage, Corridors, Gaps, Centrality, Scenarios };

const char* kind_name(OutputKind k);
/// Every kind a dataset matches (a combined GeoPackage may match several); empty when none.
std::vector<OutputKind> detect_kinds(const midlink::DatasetData& d);

struct ReportInputs {
    std::string title = "midlink study report";
    std::string source;     // the folder or files given, for the summary
    std::string generated;  // when, as text (left out when empty)
    std::vector<midlink::DatasetData> datasets;
    std::vector<std::pair<std::string, std::string>> manifest;  // flattened manifest.json
    bool manifest_found = false;
    std::vector<std::string> not_read;  // files present but not read, "name: why"
    /// Paths of the study's inputs that owe credits (report::credit_rules()), besides the
    /// manifest's inputs[].path entries, which are read from `manifest`.
    std::vector<std::string> credit_inputs;
    /// Attribution files found beside the inputs (ATTRIBUTION.md, LICENCE*, *.licence):
    /// (path, text); their text is shown as the credit.
    std::vector<std::pair<std::string, std::string>> attribution_files;
};

struct ReportOptions {
    std::size_t classes = 5;           // classes per choropleth
    Classification classification = Classification::Quantile;
    std::vector<double> breaks;        // fixed breaks (--breaks; sets Classification::Fixed)
    double min_reached_share = 0.5;    // roll-up areas below this share of origins reached are flagged
    std::size_t max_maps = 12;         // choropleths per area layer
    std::vector<std::string> columns;  // map these columns only (empty = the key measures)
    std::size_t table_rows = 20;       // rows of ranked tables
    double map_width = 8000.0;         // SVG units across a map (about 10 units per pixel)
    double tolerance_px = 0.5;         // Douglas-Peucker tolerance, in displayed pixels
};

struct Report {
    std::string html;
    std::size_t maps = 0;
    std::size_t charts = 0;
    std::size_t tables = 0;
    std::vector<std::string> absent;  // kinds of output not found
};

Report build_report(const ReportInputs& in, const ReportOptions& options);

}  // namespace midlink::report
