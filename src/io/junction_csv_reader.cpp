// Junction-to-junction CSV link tables: one directed link per row between numbered
// junctions with their coordinates, as in the National Highways SRN graph
// (SRN_region_graph.csv: StartCluster/EndCluster ids, StartX/StartY/EndX/EndY in BNG,
// `road` ref, `dist` straight-line km). Links are drawn straight between junctions; the
// length is `dist` when given, else the straight line, so times are lower bounds.
#include <cmath>
#include <fstream>
#include <regex>
#include <string>

#include "midlink/io/csv_table.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {

/// SRN refs: motorways (M6, A1(M)) and all-purpose trunk roads (A38).
RoadClass class_of_ref(const std::string& ref, Carriageway& carriageway) {
    static const std::regex motorway(R"(^(M\d+[A-Z]?|A\d+\(M\))$)");
    if (std::regex_match(ref, motorway)) {
        carriageway = Carriageway::Motorway;
        return RoadClass::Motorway;
    }
    carriageway = Carriageway::Unknown;
    return ref.empty() ? RoadClass::Unknown : RoadClass::Trunk;
}
}  // namespace

bool is_junction_csv(const std::string& path) {
    std::ifstream in(path);
    std::string header;
    if (!in || !std::getline(in, header)) return false;
    return header.find("StartCluster") != std::string::npos && header.find("EndCluster") != std::string::npos;
}

LinkTable read_junction_csv(const std::string& path, const ReadOptions& options) {
    const CsvTable csv = read_csv_file(path);
    const std::size_t c_from = csv.require("StartCluster"), c_to = csv.require("EndCluster");
    const std::size_t c_x0 = csv.require("StartX"), c_y0 = csv.require("StartY");
    const std::size_t c_x1 = csv.require("EndX"), c_y1 = csv.require("EndY");
    const int c_ref = csv.column("road"), c_dist = csv.column("dist"), c_name = csv.column("LinkDescription");
    if (!options.target_crs.empty() && options.target_crs != "EPSG:27700") {
        throw ConfigError(path + ": junction CSV coordinates are British National Grid; build it with the "
                                 "default working CRS EPSG:27700");
    }
    LinkTable table;
    table.crs = "EPSG:27700";
    table.source = path;
    std::size_t straight = 0;
    for (const auto& rec : csv.records()) {
        auto number = [&](std::size_t c, double& out) {
            if (!detail::parse_double(detail::trim(rec.fields[c]), out) || !std::isfinite(out)) {
                table.diagnostics.add("bad_number", csv.where(rec, c), "not a number; row skipped");
                return false;
            }
            return true;
        };
        // A junction id is a whole number that fits a node key: converting 1e68 or 2.5 to
        // an integer would be undefined or silently merge junctions (found by fuzzing).
        auto node_id = [&](std::size_t c, double& out) {
            if (!number(c, out)) return false;
            if (out != std::floor(out) || std::fabs(out) >= 9.0e15) {
                table.diagnostics.add("bad_node_id", csv.where(rec, c), "not a whole-number junction id; row skipped");
                return false;
            }
            return true;
        };
        double from = 0, to = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        if (!node_id(c_from, from) || !node_id(c_to, to) || !number(c_x0, x0) || !number(c_y0, y0) ||
            !number(c_x1, x1) || !number(c_y1, y1))
            continue;
        Link link;
        link.from = static_cast<NodeKey>(from);
        link.to = static_cast<NodeKey>(to);
        link.geometry = {{x0, y0}, {x1, y1}};
        link.oneway = Oneway::Forward;  // each direction is its own row
        if (c_ref >= 0) link.ref = std::string(detail::trim(rec.fields[std::size_t(c_ref)]));
        if (c_name >= 0) link.name = std::string(detail::trim(rec.fields[std::size_t(c_name)]));
        link.road_class = class_of_ref(link.ref, link.carriageway);
        double dist_km = 0;
        if (c_dist >= 0 && detail::parse_double(detail::trim(rec.fields[std::size_t(c_dist)]), dist_km) &&
            std::isfinite(dist_km) && dist_km >= 0) {
            link.length_m = dist_km * 1000.0;
        }
        ++straight;
        link.source_id = static_cast<std::int64_t>(rec.row);
        table.node_coords.emplace(link.from, link.geometry.front());
        table.node_coords.emplace(link.to, link.geometry.back());
        table.links.push_back(std::move(link));
    }
    if (straight > 0) {
        table.diagnostics.add("straight_line_links", path,
                              std::to_string(straight) +
                                  " links drawn straight between junctions; lengths and times are lower bounds",
                              Severity::Info);
    }
    table.fingerprint = file_fingerprint(path);
    return table;
}

}  // namespace midlink::io
