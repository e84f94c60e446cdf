// command_summary_json: the outputs read back (workflow/command_summary.hpp).
#include "midlink/workflow/command_summary.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "midlink/core/error.hpp"
#include "midlink/workflow/rank_report.hpp"
#include "midlink/io/csv_table.hpp"
#include "midlink/io/dataset_info.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/output_paths.hpp"

namespace midlink::workflow {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

bool is_layer_file(const fs::path& p) {
    std::string ext = p.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".gpkg" || ext == ".geojson" || ext == ".fgb" || ext == ".shp" || ext == ".csv" || ext == ".json";
}

Json layers_of(const std::string& path, Json& unread) {
    Json layers = Json::array();
    try {
        const auto info = io::describe_dataset(path);
        for (const auto& l : info.layers) {
            layers.push_back({{"file", path},
                              {"layer", l.name},
                              {"features", l.feature_count},
                              {"geometry", l.geometry_type},
                              {"crs", l.crs.empty() ? Json() : Json(l.crs)}});
        }
    } catch (const Error& e) {
        unread.push_back({{"file", path}, {"reason", e.what()}});
    }
    return layers;
}

Json diagnostics_of(const std::string& path, Json& unread) {
    if (!fs::exists(path)) return Json();
    try {
        const auto table = io::read_csv_file(path);
        const int code = table.column("code");
        std::map<std::string, std::int64_t> by_code;
        for (const auto& r : table.records())
            if (code >= 0) ++by_code[r.fields[static_cast<std::size_t>(code)]];
        Json counts = Json::object();
        for (const auto& [c, n] : by_code) counts[c] = n;
        return {{"file", path}, {"rows", table.records().size()}, {"by_code", counts}};
    } catch (const Error& e) {
        unread.push_back({{"file", path}, {"reason", e.what()}});
        return Json();
    }
}

/// The layers of every file, in name order.
Json layers_of_files(std::vector<fs::path> files, Json& unread) {
    std::sort(files.begin(), files.end());
    Json layers = Json::array();
    for (const auto& f : files)
        for (auto& l : layers_of(f.string(), unread)) layers.push_back(std::move(l));
    return layers;
}

}  // namespace

std::string command_summary_json(const CommandSummary& s, const Context& ctx) {
    Json out;
    out["command"] = s.command;
    out["exit_code"] = s.exit_code;
    out["seconds"] = std::round(s.seconds * 1000.0) / 1000.0;
    out["output"] = s.output;
    Json unread = Json::array();
    Json layers = Json::array();
    if (!s.output.empty() && !io::is_database_path(s.output)) {
        const fs::path p(s.output);
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            // A folder of outputs (run, graph export to GMNS): every layer file in it.
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(p, ec))
                if (e.is_regular_file() && is_layer_file(e.path()) && e.path().filename() != "manifest.json")
                    files.push_back(e.path());
            layers = layers_of_files(std::move(files), unread);
            const auto manifest = p / "manifest.json";
            if (fs::exists(manifest)) {
                try {
                    std::ifstream in(manifest);
                    const auto m = Json::parse(in);
                    out["stages"] = m.at("stages");
                } catch (const std::exception& e) {
                    unread.push_back({{"file", manifest.string()}, {"reason", e.what()}});
                }
            }
        } else if (fs::exists(p, ec) && is_layer_file(p)) {
            layers = layers_of(s.output, unread);
        } else if (is_layer_file(p)) {
            // A single-layer format given several layers: a file per layer, OUT_<layer>.ext.
            std::vector<fs::path> files;
            const fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
            const std::string prefix = p.stem().string() + "_";
            for (const auto& e : fs::directory_iterator(folder, ec)) {
                const std::string name = e.path().filename().string();
                if (e.is_regular_file() && e.path().extension() == p.extension() && name.rfind(prefix, 0) == 0)
                    files.push_back(e.path());
            }
            layers = layers_of_files(std::move(files), unread);
        } else if (fs::exists(p, ec)) {
            out["bytes"] = fs::file_size(p, ec);
        }
        out["layers"] = layers;
        out["diagnostics"] = diagnostics_of(diagnostics_csv_path(s.output), unread);
    }
    if (!s.printed.empty()) out["printed"] = s.printed;
    // A job of several ranks (midlink-mpi): each shared step's time per rank and imbalance.
    if (ctx.distributed()) out["ranks"] = Json::parse(rank_steps_json(ctx));
    if (!unread.empty()) out["unread"] = unread;
    return out.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace midlink::workflow
