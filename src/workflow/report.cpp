// midlink report as a library call (workflow/report.hpp): list the inputs, read every
// GeoPackage (and manifest.json) as plain data, draw the page, write it through a
// temporary name.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

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

// Attribution files that name a file's licence: ATTRIBUTION*, LICENCE*, *.licence.
bool is_attribution_file(const fs::path& p) {
    const std::string n = p.filename().string();
    return n.starts_with("ATTRIBUTION") || n.starts_with("LICENCE") || p.extension() == ".licence";
}

// Attribution files in the folder of each input and the folder above it (a study keeps
// one ATTRIBUTION.md for its sub-folders), each read once (at most 64 KB).
std::vector<std::pair<std::string, std::string>> attribution_files(
    const std::vector<std::string>& inputs) {
    std::vector<std::pair<std::string, std::string>> out;
    std::set<fs::path> seen_dirs;
    for (const auto& input : inputs) {
        std::error_code ec;
        fs::path dir = fs::absolute(fs::path(input), ec).parent_path();
        for (int up = 0; up < 2 && !dir.empty(); ++up, dir = dir.parent_path()) {
            if (!seen_dirs.insert(dir).second || !fs::is_directory(dir, ec)) continue;
            std::vector<fs::path> found;
            for (const auto& e : fs::directory_iterator(dir, ec)) {
                if (e.is_regular_file(ec) && is_attribution_file(e.path())) found.push_back(e.path());
            }
            std::sort(found.begin(), found.end());
            for (const auto& f : found) {
                std::ifstream in(f, std::ios::binary);
                std::string text(64 * 1024, '\0');
                in.read(text.data(), static_cast<std::streamsize>(text.size()));
                text.resize(static_cast<std::size_t>(in.gcount()));
                out.emplace_back(f.string(), text);
            }
        }
    }
    return out;
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Prints the page `html` to `pdf` with headless Chromium, from a copy in a scratch folder
// (the page is self-contained); OutputError when it fails.
void print_pdf(const std::string& browser, const std::string& page, const std::string& pdf) {
    char profile[] = "/tmp/midlink-chromium-XXXXXX";
    if (!mkdtemp(profile)) throw OutputError("--pdf: cannot make a Chromium profile folder in /tmp");
    const std::string html = std::string(profile) + "/report.html";
    std::ofstream(html, std::ios::binary) << page;
    const std::string cmd = "timeout 300 " + shell_quote(browser) +
                            " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
                            "--no-first-run --no-pdf-header-footer --user-data-dir=" +
                            shell_quote(std::string(profile) + "/profile") + " --print-to-pdf=" + shell_quote(pdf) + " " +
                            shell_quote("file://" + fs::absolute(html).string()) + " >/dev/null 2>&1";
    const int rc = std::system(cmd.c_str());
    std::error_code ec;
    fs::remove_all(profile, ec);
    if (rc != 0 || !fs::exists(pdf) || fs::file_size(pdf, ec) == 0)
        throw OutputError("--pdf: " + browser + " could not print the report to " + pdf);
}

}  // namespace

std::string find_chromium() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    std::vector<std::string> folders;
    for (std::string d; std::getline(dirs, d, ':');) folders.push_back(d.empty() ? "." : d);
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        for (const auto& d : folders) {
            const fs::path p = fs::path(d) / name;
            if (access(p.c_str(), X_OK) == 0) return p.string();
        }
    }
    return "";
}

int run_report(const ReportConfig& cfg_in, const Context& ctx) {
    ReportConfig cfg = cfg_in;
    try {
        if (!cfg.classification.empty())
            cfg.options.classification = report::parse_classification(cfg.classification);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("--classification: ") + e.what());
    }
    if (!cfg.options.breaks.empty()) cfg.options.classification = report::Classification::Fixed;
    if (cfg.options.classification == report::Classification::Fixed && cfg.options.breaks.empty())
        throw ConfigError("--classification fixed needs --breaks (e.g. --breaks 10,20,30)");
    if (!(cfg.options.min_reached_share >= 0.0 && cfg.options.min_reached_share <= 1.0))
        throw ConfigError("--min-reached-share must be between 0 and 1");
    std::string browser;
    if (cfg.pdf) {
        browser = find_chromium();
        if (browser.empty())
            throw ConfigError(
                "--pdf needs headless Chromium (Debian package chromium), which is not "
                "installed; nothing was written");
    }
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
    // Credits: the files read, the manifest's inputs, and attribution files beside them.
    std::vector<std::string> near = datasets;
    for (const auto& [key, value] : in.manifest) {
        if (key.size() >= 5 && key.compare(key.size() - 5, 5, ".path") == 0) near.push_back(value);
    }
    in.credit_inputs = datasets;
    in.attribution_files = attribution_files(near);
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
    std::string pdf;
    if (cfg.pdf) {
        // Printed from the page's temporary copy, into the set: both appear together or not at all.
        pdf = (fs::path(cfg.output).parent_path() / fs::path(cfg.output).stem()).string() + ".pdf";
        if (fs::path(cfg.output).parent_path().empty()) pdf = fs::path(cfg.output).stem().string() + ".pdf";
        const std::string pdf_tmp = outputs.member(pdf);
        print_pdf(browser, r.html, pdf_tmp);
    }
    outputs.commit();
    char size[32];
    std::snprintf(size, sizeof size, "%.2f MB", static_cast<double>(r.html.size()) / 1e6);
    step.done(std::to_string(r.maps) + " maps, " + std::to_string(r.charts) + " charts, " +
              std::to_string(r.tables) + " tables, " + size + (pdf.empty() ? "" : ", and " + pdf));
    for (const auto& a : r.absent) ctx.debug(a);
    return 0;
}

}  // namespace midlink::workflow
