// TNTP link tables (the Transportation Networks for Research format): one directed link
// per row of `*_net.tntp`, node coordinates from a `*_node(s).tntp` beside it.
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "link_values.hpp"
#include "text_input.hpp"
#include "tntp_units.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;
using detail::at_line;

constexpr std::size_t kNetColumns = 10;
constexpr const char* kNetColumnNames[kNetColumns] = {
    "init_node", "term_node", "capacity", "length", "free_flow_time",
    "b",         "power",     "speed",    "toll",   "link_type"};

struct NetRow {
    NodeKey from = 0;
    NodeKey to = 0;
    double capacity = 0.0;
    double length = 0.0;
    double free_flow_time = 0.0;
    double speed = 0.0;
};

struct NetFile {
    std::int64_t first_thru_node = 1;  // ids below it are zones; 1 = no zones
    std::int64_t declared_links = -1;
    std::vector<NetRow> rows;
};

/// Whitespace-separated tokens with the row terminator ';' dropped.
std::vector<std::string_view> split_row(std::string_view line) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        std::string_view token = line.substr(start, i - start);
        if (!token.empty() && token.back() == ';') token.remove_suffix(1);
        if (!token.empty()) tokens.push_back(token);
    }
    return tokens;
}

std::int64_t metadata_value(std::string_view value, const detail::LineReader& in) {
    std::int64_t v = 0;
    if (!detail::parse_int64(value, v)) {
        throw InputError(at_line(in.path(), in.line_number(),
                                 "metadata value '" + std::string(value) + "' is not an integer"));
    }
    return v;
}

NetFile read_net_file(const std::string& path) {
    detail::LineReader in(path);
    NetFile net;
    bool in_metadata = true;
    std::string_view line;
    while (in.next(line)) {
        line = detail::trim(line);
        if (line.empty() || line.front() == '~') continue;
        if (in_metadata && line.front() == '<') {
            const auto close = line.find('>');
            if (close == std::string_view::npos) {
                throw InputError(at_line(path, in.line_number(), "metadata tag without '>'"));
            }
            const std::string key = detail::to_lower(line.substr(1, close - 1));
            const std::string_view value = line.substr(close + 1);
            if (key == "end of metadata") in_metadata = false;
            if (key == "first thru node") net.first_thru_node = metadata_value(value, in);
            if (key == "number of links") net.declared_links = metadata_value(value, in);
            continue;
        }
        in_metadata = false;
        const auto tokens = split_row(line);
        if (tokens.size() != kNetColumns) {
            throw InputError(at_line(path, in.line_number(),
                                     "expected " + std::to_string(kNetColumns) +
                                         " columns (init_node term_node capacity length "
                                         "free_flow_time b power speed toll link_type), found " +
                                         std::to_string(tokens.size())));
        }
        double values[kNetColumns];
        for (std::size_t c = 0; c < kNetColumns; ++c) {
            if (!detail::parse_double(tokens[c], values[c])) {
                throw InputError(at_line(path, in.line_number(),
                                         std::string("column ") + kNetColumnNames[c] + ": '" +
                                             std::string(tokens[c]) + "' is not a number"));
            }
        }
        NetRow row;
        std::int64_t from = 0;
        std::int64_t to = 0;
        if (!detail::parse_int64(tokens[0], from) || !detail::parse_int64(tokens[1], to)) {
            throw InputError(at_line(path, in.line_number(), "node ids must be integers"));
        }
        // The same rule as `assign` reads the file with (link_values.hpp).
        const std::string where = path + ", line " + std::to_string(in.line_number());
        detail::check_link_value(values[2], "capacity", detail::ZeroMeans::Refused, where);
        detail::check_link_value(values[3], "length", detail::ZeroMeans::Zero, where);
        detail::check_link_value(values[4], "free_flow_time", detail::ZeroMeans::Zero, where);
        detail::check_link_value(values[7], "speed", detail::ZeroMeans::NotGiven, where);
        row.from = from;
        row.to = to;
        row.capacity = values[2];
        row.length = values[3];
        row.free_flow_time = values[4];
        row.speed = values[7];
        net.rows.push_back(row);
    }
    return net;
}

/// `Birmingham_Net.tntp` -> `Birmingham_Nodes.tntp`; case-insensitive, as the collection
/// spells it three ways (`_node`, `_nodes`, `_Nodes`).
std::optional<fs::path> find_node_file(const fs::path& net_path) {
    std::string stem = detail::to_lower(net_path.filename().string());
    const std::string suffix = "_net.tntp";
    if (stem.size() <= suffix.size() || stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return std::nullopt;
    }
    stem.resize(stem.size() - suffix.size());
    const fs::path dir = net_path.has_parent_path() ? net_path.parent_path() : fs::path(".");
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = detail::to_lower(entry.path().filename().string());
        if (name == stem + "_node.tntp" || name == stem + "_nodes.tntp") return entry.path();
    }
    return std::nullopt;
}

/// Node id -> coordinates as written (the file's own CRS).
std::unordered_map<NodeKey, Point> read_node_file(const std::string& path, Diagnostics& diagnostics) {
    detail::LineReader in(path);
    std::unordered_map<NodeKey, Point> nodes;
    bool first = true;
    std::string_view line;
    while (in.next(line)) {
        line = detail::trim(line);
        if (line.empty() || line.front() == '~') continue;
        const auto tokens = split_row(line);
        std::int64_t id = 0;
        if (first && (tokens.empty() || !detail::parse_int64(tokens[0], id))) {
            first = false;  // header: "Node X Y ;" or "NodeID Xcoord Ycoord"
            continue;
        }
        first = false;
        Point p;
        if (tokens.size() < 3) {
            throw InputError(at_line(path, in.line_number(),
                                     "expected 3 columns (node x y), found " + std::to_string(tokens.size())));
        }
        if (!detail::parse_int64(tokens[0], id) || !detail::parse_double(tokens[1], p.x) ||
            !detail::parse_double(tokens[2], p.y)) {
            throw InputError(at_line(path, in.line_number(),
                                     "'" + std::string(line.substr(0, 60)) + "' is not 'node x y'"));
        }
        if (!nodes.emplace(id, p).second) {
            diagnostics.add("duplicate_node", at_line(path, in.line_number(), ""),
                            "node " + std::to_string(id) + " listed again; the first coordinates are kept");
        }
    }
    return nodes;
}

bool all_lon_lat(const std::unordered_map<NodeKey, Point>& nodes) {
    for (const auto& [id, p] : nodes) {
        if (std::abs(p.x) > 180.0 || std::abs(p.y) > 90.0) return false;
    }
    return true;
}

bool is_geographic(const std::string& crs) {
    return crs == "EPSG:4326" || crs == "EPSG:4258" || crs == "EPSG:4269" || crs == "OGC:CRS84";
}

/// Great-circle metres for lon/lat, plain distance for projected coordinates.
double straight_line_m(const Point& a, const Point& b, bool geographic) {
    if (!geographic) return distance_m(a, b);
    constexpr double kEarthRadiusM = 6371008.8;
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double dlat = (b.y - a.y) * kRad;
    const double dlon = (b.x - a.x) * kRad;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.y * kRad) * std::cos(b.y * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

/// Road class from modelled speed, as TNTP has none. Thresholds follow UK practice for
/// free-flow speeds: motorways run at 100+ km/h, dual trunk roads 80+, single-carriageway
/// A roads 60+, urban main roads 45+; anything slower is treated as tertiary.
RoadClass class_from_speed(double kmh) {
    if (!known(kmh)) return RoadClass::Unknown;
    if (kmh >= 100.0) return RoadClass::Motorway;
    if (kmh >= 80.0) return RoadClass::Trunk;
    if (kmh >= 60.0) return RoadClass::Primary;
    if (kmh >= 45.0) return RoadClass::Secondary;
    return RoadClass::Tertiary;
}

}  // namespace

LinkTable read_tntp(const std::string& net_path, const ReadOptions& options) {
    require_exists(net_path, "TNTP network");
    LinkTable table;
    table.source = net_path;
    table.crs = normalise_crs(options.target_crs);
    NetFile net = read_net_file(net_path);
    // A count that does not match is a file cut short (or padded): refused, as `assign` does.
    if (net.declared_links >= 0 && static_cast<std::size_t>(net.declared_links) != net.rows.size()) {
        throw InputError(net_path + ": <NUMBER OF LINKS> is " + std::to_string(net.declared_links) +
                         ", found " + std::to_string(net.rows.size()) +
                         " links (is the file truncated?)");
    }
    if (net.rows.empty()) throw InputError(net_path + ": no links");

    const auto node_path = find_node_file(net_path);
    std::unordered_map<NodeKey, Point> source_nodes;
    std::string source_crs;
    table.fingerprint = file_fingerprint(net_path);
    if (node_path) {
        source_nodes = read_node_file(node_path->string(), table.diagnostics);
        const std::uint64_t node_hash = file_fingerprint(node_path->string());
        table.fingerprint = fnv1a64(std::string_view(reinterpret_cast<const char*>(&node_hash),
                                                     sizeof node_hash), table.fingerprint);
        if (!options.assume_crs.empty()) {
            source_crs = normalise_crs(options.assume_crs);
        } else {
            source_crs = all_lon_lat(source_nodes) ? "EPSG:4326" : "EPSG:27700";
            table.diagnostics.add("assumed_crs", node_path->string(),
                                  "node file declares no CRS; coordinates look like " +
                                      std::string(source_crs == "EPSG:4326" ? "lon/lat, read as EPSG:4326"
                                                                            : "metres, read as EPSG:27700 (BNG)"),
                                  Severity::Info);
        }
    } else {
        table.diagnostics.add("no_node_coordinates", net_path,
                              "no *_node.tntp or *_nodes.tntp beside the network; links have no geometry",
                              Severity::Info);
    }

    // Units are inferred in the node file's own CRS, before any reprojection distorts it.
    const bool geographic = is_geographic(source_crs);
    std::vector<detail::TntpUnitSample> samples;
    samples.reserve(net.rows.size());
    for (const auto& row : net.rows) {
        detail::TntpUnitSample s{row.length, row.free_flow_time, row.speed, -1.0};
        const auto a = source_nodes.find(row.from);
        const auto b = source_nodes.find(row.to);
        if (a != source_nodes.end() && b != source_nodes.end()) {
            s.straight_m = straight_line_m(a->second, b->second, geographic);
        }
        samples.push_back(s);
    }
    const auto units = detail::infer_tntp_units(samples, !source_nodes.empty(), net_path, table.diagnostics);

    if (!source_nodes.empty()) {
        const CrsTransform transform(source_crs, table.crs);
        table.node_coords.reserve(source_nodes.size());
        for (auto [id, p] : source_nodes) {
            if (transform.apply(p)) {
                table.node_coords.emplace(id, p);
            } else {
                table.diagnostics.add("invalid_coordinate", node_path->string(),
                                      "node " + std::to_string(id) + " cannot be transformed to " + table.crs);
            }
        }
    }

    // A column that is zero on every row is absent, not a row of zeros.
    bool has_length = false;
    bool has_time = false;
    for (const auto& row : net.rows) {
        has_length = has_length || row.length > 0;
        has_time = has_time || row.free_flow_time > 0;
    }

    std::unordered_map<NodeKey, bool> reported_missing;
    const auto coords_of = [&](NodeKey id) -> const Point* {
        const auto it = table.node_coords.find(id);
        if (it != table.node_coords.end()) return &it->second;
        if (node_path && source_nodes.count(id) == 0 && reported_missing.emplace(id, true).second) {
            table.diagnostics.add("missing_node_coordinate", node_path->string(),
                                  "node " + std::to_string(id) + " is used by links but has no coordinates");
        }
        return nullptr;
    };

    table.links.reserve(net.rows.size());
    std::int64_t ordinal = 0;
    detail::ZeroValueCounts zeros;
    for (const auto& row : net.rows) {
        if ((has_length && row.length == 0) || (has_time && row.free_flow_time == 0)) ++zeros.zero_cost;
        if (row.speed == 0) ++zeros.zero_speed;
        Link& link = table.links.emplace_back();
        link.from = row.from;
        link.to = row.to;
        link.oneway = Oneway::Forward;
        link.source_id = ++ordinal;  // 1-based link order, as TNTP flow files count links
        if (row.capacity > 0) link.capacity_vph = row.capacity;
        if (has_length && row.length >= 0) link.length_m = row.length * units.metres_per_length;
        if (has_time && row.free_flow_time >= 0) link.free_flow_time_s = row.free_flow_time * units.seconds_per_time;
        if (row.speed > 0) link.speed_kmh = row.speed * units.kmh_per_speed;
        const bool connector = row.from < net.first_thru_node || row.to < net.first_thru_node;
        link.road_class = connector ? RoadClass::Connector : class_from_speed(link.speed_kmh);
        const Point* a = coords_of(row.from);
        const Point* b = coords_of(row.to);
        if (a && b) link.geometry = {*a, *b};
    }
    zeros.add_to(table.diagnostics, net_path);
    return table;
}

}  // namespace midlink::io
