// `midlink info`: graph files, link-table networks and GDAL datasets described.
#include "midlink/workflow/info.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "midlink/graph/graph_file.hpp"
#include "midlink/io/dataset_info.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/workflow/graph_summary.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const char* link_table_format_name(io::NetworkFormat f) {
    switch (f) {
        case io::NetworkFormat::Tntp: return "tntp";
        case io::NetworkFormat::Gmns: return "gmns";
        case io::NetworkFormat::Dimacs: return "dimacs";
        case io::NetworkFormat::JunctionCsv: return "junction-csv";
        default: return nullptr;  // a GDAL dataset or OSM file
    }
}

}  // namespace

std::string describe_link_table(const LinkTable& t, const std::string& format_name, bool json) {
    std::set<NodeKey> nodes;
    BBox box;
    for (const auto& l : t.links) {
        nodes.insert(l.from);
        nodes.insert(l.to);
        for (const auto& p : l.geometry) box.expand(p);
    }
    for (const auto& [k, p] : t.node_coords) box.expand(p);
    if (json) {
        // Ten significant digits, as the text shows them.
        const auto number = [](double v) { return json_rounded(v, "%.10g"); };
        nlohmann::ordered_json j = {{"path", t.source}, {"format", format_name}, {"links", t.links.size()},
                                    {"nodes", nodes.size()}, {"crs", t.crs}};
        if (!box.empty()) j["extent"] = {number(box.min_x), number(box.min_y), number(box.max_x), number(box.max_y)};
        j["diagnostics"] = nlohmann::ordered_json::object();
        for (const auto& [code, n] : t.diagnostics.counts()) j["diagnostics"][code] = n;
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    std::ostringstream o;
    o.precision(10);
    o << "path:        " << t.source << "\nformat:      " << format_name << "\nlinks:       " << t.links.size()
      << "\nnodes:       " << nodes.size() << "\ncrs:         " << (t.crs.empty() ? "(none: abstract graph)" : t.crs + " (after transformation)") << "\n";
    if (!box.empty()) o << "extent:      " << box.min_x << ", " << box.min_y << " - " << box.max_x << ", " << box.max_y << "\n";
    o << "diagnostics: " << t.diagnostics.total() << "\n";
    for (const auto& [code, n] : t.diagnostics.counts()) o << "  " << code << ": " << n << "\n";
    return o.str();
}

std::string describe_input(const InfoConfig& cfg, const Context& ctx) {
    const bool json = cfg.format == "json";
    io::require_exists(cfg.path, "input");
    if (ends_with(cfg.path, ".mlg")) {
        const auto g = graph::read_graph_file(cfg.path);
        return json ? summary_json(g, summarise(g)) : summary_text(g, summarise(g));
    }
    auto f = io::parse_network_format(cfg.input_format);
    if (f == io::NetworkFormat::Auto) f = io::detect_network_format(cfg.path);
    const auto policy = ctx.input_policy();
    if (const char* name = link_table_format_name(f)) {
        io::ReadOptions ro;
        ro.input = policy;
        return describe_link_table(io::read_network(cfg.path, f, ro), name, json);
    }
    const auto info = io::describe_dataset(cfg.path, policy);
    return json ? io::to_json(info) : io::to_text(info);
}

int run_info(const InfoConfig& cfg, const Context& ctx, std::ostream& results) {
    results << describe_input(cfg, ctx);
    return 0;
}

}  // namespace midlink::workflow
