// midlink info PATH: what midlink will make of a file before using it.
#include <iostream>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "graph_summary.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/dataset_info.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"

namespace midlink::cli {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Link-table formats are not GDAL datasets: read them and describe the link table.
std::string describe_link_table(const LinkTable& t, const std::string& format, bool json) {
    std::set<NodeKey> nodes;
    BBox box;
    for (const auto& l : t.links) {
        nodes.insert(l.from);
        nodes.insert(l.to);
        for (const auto& p : l.geometry) box.expand(p);
    }
    for (const auto& [k, p] : t.node_coords) box.expand(p);
    std::ostringstream o;
    o.precision(10);
    if (json) {
        o << "{\"path\":\"" << json_escape(t.source) << "\",\"format\":\"" << format << "\",\"links\":" << t.links.size()
          << ",\"nodes\":" << nodes.size() << ",\"crs\":\"" << json_escape(t.crs) << "\"";
        if (!box.empty()) o << ",\"extent\":[" << box.min_x << "," << box.min_y << "," << box.max_x << "," << box.max_y << "]";
        o << ",\"diagnostics\":{";
        bool first = true;
        for (const auto& [code, n] : t.diagnostics.counts()) {
            o << (first ? "" : ",") << "\"" << json_escape(code) << "\":" << n;
            first = false;
        }
        o << "}}\n";
    } else {
        o << "path:        " << t.source << "\nformat:      " << format << "\nlinks:       " << t.links.size()
          << "\nnodes:       " << nodes.size() << "\ncrs:         " << (t.crs.empty() ? "(none: abstract graph)" : t.crs + " (after transformation)") << "\n";
        if (!box.empty()) o << "extent:      " << box.min_x << ", " << box.min_y << " - " << box.max_x << ", " << box.max_y << "\n";
        o << "diagnostics: " << t.diagnostics.total() << "\n";
        for (const auto& [code, n] : t.diagnostics.counts()) o << "  " << code << ": " << n << "\n";
    }
    return o.str();
}

int run_info(const std::string& path, const std::string& format, bool json, const io::InputPolicy& policy) {
    io::require_exists(path, "input");
    if (ends_with(path, ".mlg")) {
        const auto g = graph::read_graph_file(path);
        std::cout << (json ? summary_json(g, summarise(g)) : summary_text(g, summarise(g)));
        return 0;
    }
    auto f = io::parse_network_format(format);
    if (f == io::NetworkFormat::Auto) f = io::detect_network_format(path);
    if (f == io::NetworkFormat::Tntp || f == io::NetworkFormat::Gmns || f == io::NetworkFormat::Dimacs ||
        f == io::NetworkFormat::JunctionCsv) {
        io::ReadOptions ro;
        ro.input = policy;
        const auto table = io::read_network(path, f, ro);
        const char* name = f == io::NetworkFormat::Tntp     ? "tntp"
                           : f == io::NetworkFormat::Gmns   ? "gmns"
                           : f == io::NetworkFormat::Dimacs ? "dimacs"
                                                            : "junction-csv";
        std::cout << describe_link_table(table, name, json);
        return 0;
    }
    const auto info = io::describe_dataset(path, policy);
    std::cout << (json ? io::to_json(info) : io::to_text(info));
    return 0;
}
}  // namespace

void add_info_command(CLI::App& app, workflow::Context& ctx, Action& action) {
    auto path = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("auto");
    auto out_format = std::make_shared<std::string>("text");
    auto* cmd = app.add_subcommand("info", "Layers, CRS, feature counts, geometry types, extent and validity of a file");
    cmd->add_option("path", *path, "Any GDAL dataset (gpkg, shp, zip, geojson, fgb, pbf), a TNTP/GMNS/DIMACS network or a .mlg graph")->required();
    cmd->add_option("--input-format", *format, "Force a network format")->check(CLI::IsMember({"auto", "osm", "ogr", "tntp", "gmns", "dimacs"}));
    cmd->add_option("--format", *out_format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    add_input_flags(cmd, ctx);
    cmd->callback([=, &ctx, &action] {
        action = [=, &ctx] { return run_info(*path, *format, *out_format == "json", ctx.input_policy()); };
    });
}

}  // namespace midlink::cli
