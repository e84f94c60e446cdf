#include "midlink/workflow/output_paths.hpp"

#include <filesystem>
#include <cctype>
#include <sstream>

#include "midlink/core/error.hpp"
#include "midlink/workflow/layer_notes.hpp"

namespace midlink::workflow {
namespace fs = std::filesystem;

namespace {
// "PG:host=/tmp dbname='study' user=x" -> "study"; "postgis" when no dbname is given.
std::string database_name(const std::string& output) {
    std::istringstream in(output.substr(3));
    for (std::string token; in >> token;) {
        if (token.rfind("dbname=", 0) != 0) continue;
        std::string name = token.substr(7);
        std::erase(name, '\'');
        std::erase(name, '"');
        if (!name.empty()) return name;
    }
    return "postgis";
}
}  // namespace

std::string layer_csv_path(const std::string& output, const std::string& layer) {
    if (io::is_database_path(output)) return database_name(output) + "_" + layer + ".csv";
    const fs::path p(output);
    return (p.parent_path() / (p.stem().string() + "_" + layer + ".csv")).string();
}

std::string diagnostics_csv_path(const std::string& output) {
    return io::is_database_path(output) ? database_name(output) + ".diagnostics.csv" : output + ".diagnostics.csv";
}

void LayersWithCsv::write(const std::string& name, io::GeometryKind kind, const std::vector<io::FieldDef>& fields,
                          const Rows& rows) {
    m_main.begin_layer(with_notes({name, kind, fields}));
    rows(m_main, true);
    auto csv = std::make_unique<io::DatasetWriter>(layer_csv_path(m_output, name), "", "CSV", &m_set);
    csv->begin_layer({name, io::GeometryKind::None, fields});
    rows(*csv, false);
    m_csvs.push_back(std::move(csv));
}

void LayersWithCsv::commit() {
    for (auto& csv : m_csvs) csv->commit();
    m_main.commit();
}

std::string output_set_anchor(const std::string& output) {
    return io::is_database_path(output) ? database_name(output) : output;
}

io::OutputSet open_output_set(const std::string& output) { return io::OutputSet(output_set_anchor(output)); }

void check_output_folder(const std::string& output) {
    if (io::is_database_path(output)) return;
    // Before any long step: an output midlink cannot write in that format (x.parquet) is
    // refused now, not after the study, and never written as a GeoPackage under that name.
    std::string ext = fs::path(output).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Rasters, reports and matrices check their own formats.
    if (ext != ".tif" && ext != ".tiff" && ext != ".html" && ext != ".htm" && ext != ".omx")
        io::check_vector_output_path(output);
    const auto parent = fs::path(output).parent_path();
    if (!parent.empty() && !fs::is_directory(parent)) throw OutputError("output folder does not exist: " + parent.string());
}

}  // namespace midlink::workflow
