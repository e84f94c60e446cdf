// midlink report as a library call (workflow/report.hpp): list the inputs, read every
// GeoPackage (and manifest.json) as plain data, draw the page, write it through a
// temporary name.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>

#include "midlink/core/error.hpp"
#include "midlink/io/dataset_reader.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/report.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {
namespace fs = std::filesystem;

bool is_manifest(const fs::path& p) { return p.filename() == "manifest.json"; }

std::string utc_now() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
    return buf;
}

}  // namespace

int run_report(const ReportConfig& cfg_in, const Context& ctx) {
    ReportConfig cfg = cfg_in;
    report::ReportInputs in;
    in.title = cfg.title;
    in.generated = utc_now();
    std::vector<std::string> datasets;
    std::set<std::string> folder_datasets;  // found by listing a folder, not named
    for (const auto& input : cfg.inputs) {
        const fs::path p(input);
        if (fs::is_directory(p)) {
            std::vector<fs::path> entries;
            for (const auto& e : fs::directory_iterator(p)) {
                // Output-set bookkeeping (hidden temporaries and member lists, *.lock) is no input.
                const std::string name = e.path().filename().string();
                const bool bookkeeping = name.starts_with('.') || e.path().extension() == ".lock";
                if (e.is_regular_file() && !bookkeeping) entries.push_back(e.path());
            }
            std::sort(entries.begin(), entries.end());
            std::size_t skipped = 0;
            std::string skipped_names;
            for (const auto& e : entries) {
                if (is_manifest(e)) {
                    // In a folder, a broken manifest or GeoPackage is reported, not fatal:
                    // the rest of the study is still worth reading.
                    try {
                        in.manifest = io::read_json_entries(e.string());
                        in.manifest_found = true;
                    } catch (const InputError& err) {
                        ctx.warn(err.what());
                        in.not_read.push_back(e.filename().string() + ": not read (" + err.what() +
                                              ")");
                    }
                } else if (e.extension() == ".gpkg") {
                    folder_datasets.insert(e.string());
                    datasets.push_back(e.string());
                } else if (fs::absolute(e) != fs::absolute(cfg.output)) {
                    if (++skipped <= 8)
                        skipped_names +=
                            (skipped_names.empty() ? "" : ", ") + e.filename().string();
                }
            }
            if (skipped > 0) {
                in.not_read.push_back(
                    std::to_string(skipped) +
                    " other file(s) not read (CSV copies, diagnostics, graphs): " + skipped_names +
                    (skipped > 8 ? ", ..." : ""));
            }
        } else if (is_manifest(p)) {
            in.manifest = io::read_json_entries(input);
            in.manifest_found = true;
        } else if (fs::exists(p)) {
            datasets.push_back(input);
        } else {
            throw InputError(input + ": no such file or directory");
        }
    }
    std::string source;
    for (const auto& i : cfg.inputs) source += (source.empty() ? "" : " ") + i;
    in.source = source;
    if (datasets.empty()) throw InputError("no GeoPackage among the inputs (" + source + ")");
    {
        Step step(ctx, "reading " + std::to_string(datasets.size()) + " dataset(s)");
        for (const auto& d : datasets) {
            try {
                in.datasets.push_back(io::read_dataset(d, "EPSG:27700"));
            } catch (const InputError& err) {
                if (!folder_datasets.count(d))
                    throw;  // a file named on the command line must be read
                ctx.warn(err.what());
                in.not_read.push_back(fs::path(d).filename().string() + ": not read (" +
                                      err.what() + ")");
                continue;
            }
            const auto kinds = report::detect_kinds(in.datasets.back());
            std::string k;
            for (auto kind : kinds)
                k += std::string(k.empty() ? "" : ", ") + report::kind_name(kind);
            ctx.debug(d + ": " + (k.empty() ? "not recognised" : k));
        }
        step.done();
    }
    if (in.datasets.empty())
        throw InputError("no readable GeoPackage among the inputs (" + source + ")");
    cfg.options.columns = cfg.columns;
    for (const auto& c : cfg.columns) {
        bool found = false;
        for (const auto& d : in.datasets) {
            for (const auto& l : d.layers) found = found || l.column(c) >= 0;
        }
        if (!found) ctx.warn("--columns: no layer of the inputs has a column '" + c + "'");
    }
    // Locked after the inputs are listed, so a folder of inputs never lists our lock file.
    check_output_folder(cfg.output);
    auto outputs = open_output_set(cfg.output);
    Step step(ctx, "writing " + cfg.output);
    const auto r = report::build_report(in, cfg.options);
    write_text_atomically(cfg.output, r.html, &outputs);
    outputs.commit();
    char size[32];
    std::snprintf(size, sizeof size, "%.2f MB", static_cast<double>(r.html.size()) / 1e6);
    step.done(std::to_string(r.maps) + " maps, " + std::to_string(r.charts) + " charts, " +
              std::to_string(r.tables) + " tables, " + size);
    for (const auto& a : r.absent) ctx.debug(a);
    return 0;
}

}  // namespace midlink::workflow
