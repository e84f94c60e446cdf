#include "midlink/io/network_reader.hpp"

#include <filesystem>

#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/file_fingerprint.hpp"

namespace midlink::io {
namespace fs = std::filesystem;

NetworkFormat parse_network_format(const std::string& name) {
    if (name == "auto" || name.empty()) return NetworkFormat::Auto;
    if (name == "osm") return NetworkFormat::Osm;
    if (name == "ogr") return NetworkFormat::Ogr;
    if (name == "tntp") return NetworkFormat::Tntp;
    if (name == "gmns") return NetworkFormat::Gmns;
    if (name == "dimacs") return NetworkFormat::Dimacs;
    if (name == "junction-csv" || name == "srn") return NetworkFormat::JunctionCsv;
    throw ConfigError("unknown network format '" + name +
                      "' (expected osm, ogr, tntp, gmns, dimacs, junction-csv or auto)");
}

namespace {
bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
}  // namespace

NetworkFormat detect_network_format(const std::string& path) {
    const std::string p = lower(path);
    if (fs::is_directory(path) && fs::exists(fs::path(path) / "link.csv")) return NetworkFormat::Gmns;
    if (ends_with(p, ".pbf") || ends_with(p, ".osm")) return NetworkFormat::Osm;
    if (ends_with(p, ".tntp")) return NetworkFormat::Tntp;
    if (ends_with(p, ".gr") || ends_with(p, ".gr.xz")) return NetworkFormat::Dimacs;
    if (ends_with(p, ".csv") && is_junction_csv(path)) return NetworkFormat::JunctionCsv;
    return NetworkFormat::Ogr;
}

namespace {
template <typename Table>
Table checked(Table table, const std::string& path) {
    if (table.links.empty()) throw InputError(path + ": no usable links in the network");
    if (table.fingerprint == 0) table.fingerprint = file_fingerprint(path);
    if (table.source.empty()) table.source = path;
    return table;
}
}  // namespace

NetworkTable read_network_table(const std::string& path, NetworkFormat format, const ReadOptions& options) {
    if (gdal::is_network_path(path)) {
        throw InputError(path + ": network access is disabled in midlink (input files must not reach out)");
    }
    require_exists(path, "network file");
    if (format == NetworkFormat::Auto) format = detect_network_format(path);
    switch (format) {
        case NetworkFormat::Osm: return checked(read_osm_pbf(path, options), path);
        case NetworkFormat::Ogr: return checked(read_ogr_lines(path, options), path);
        case NetworkFormat::Tntp: return checked(read_tntp(path, options), path);
        case NetworkFormat::Gmns: return checked(read_gmns_columns(path, options), path);
        case NetworkFormat::Dimacs: return checked(read_dimacs(path, options), path);
        case NetworkFormat::JunctionCsv: return checked(read_junction_csv(path, options), path);
        case NetworkFormat::Auto: break;
    }
    throw InputError(path + ": no usable links in the network");
}

LinkTable read_network(const std::string& path, NetworkFormat format, const ReadOptions& options) {
    NetworkTable table = read_network_table(path, format, options);
    if (auto* columns = std::get_if<ColumnLinkTable>(&table)) return to_link_table(std::move(*columns));
    return std::move(std::get<LinkTable>(table));
}

}  // namespace midlink::io
