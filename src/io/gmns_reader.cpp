// GMNS (General Modeling Network Specification) folders: node.csv and link.csv, with an
// optional config.csv declaring units and CRS. node.csv and link.csv are read one record
// at a time into the link columns: a national network (7 M links) never exists as text.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "csv_reader.hpp"
#include "csv_record.hpp"
#include "midlink/io/csv_table.hpp"
#include "link_values.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/network_reader.hpp"
#include "text_input.hpp"
#include "wkt_linestring.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;

/// Units and CRS from config.csv. Defaults (no file): metres, km/h, CRS guessed.
struct GmnsConfig {
    double metres_per_length = 1.0;
    double kmh_per_speed = 1.0;
    std::string crs;
};

double length_factor(const std::string& unit, const std::string& where) {
    const std::string u = detail::to_lower(detail::trim(unit));
    if (u.empty() || u == "m" || u == "meter" || u == "meters" || u == "metre" || u == "metres") return 1.0;
    if (u == "km" || u == "kilometer" || u == "kilometers" || u == "kilometre" || u == "kilometres") return 1000.0;
    if (u == "mi" || u == "mile" || u == "miles") return 1609.344;
    if (u == "ft" || u == "foot" || u == "feet") return 0.3048;
    throw InputError(where + ": unknown length unit '" + unit + "'");
}

double speed_factor(const std::string& unit, const std::string& where) {
    const std::string u = detail::to_lower(detail::trim(unit));
    if (u.empty() || u == "kph" || u == "kmh" || u == "km/h" || u == "kmph") return 1.0;
    if (u == "mph") return 1.609344;
    throw InputError(where + ": unknown speed unit '" + unit + "'");
}

GmnsConfig read_config(const fs::path& dir) {
    GmnsConfig config;
    const fs::path path = dir / "config.csv";
    if (!fs::exists(path)) return config;
    const CsvTable csv = read_csv_file(path.string());
    if (csv.records().empty()) return config;
    const CsvRecord& rec = csv.records().front();
    const auto value = [&](std::initializer_list<const char*> names) -> std::pair<std::string, std::size_t> {
        for (const char* name : names) {
            const int c = csv.column(name);
            if (c >= 0) return {rec.fields[static_cast<std::size_t>(c)], static_cast<std::size_t>(c)};
        }
        return {"", 0};
    };
    if (auto [v, c] = value({"long_length", "length_unit"}); !v.empty()) {
        config.metres_per_length = length_factor(v, csv.where(rec, c));
    }
    if (auto [v, c] = value({"speed", "speed_unit"}); !v.empty()) {
        config.kmh_per_speed = speed_factor(v, csv.where(rec, c));
    }
    if (auto [v, c] = value({"crs"}); !v.empty()) config.crs = normalise_crs(std::string(detail::trim(v)));
    return config;
}

/// Typed access to the current record's fields; every failure names file, row and column.
class FieldReader {
public:
    explicit FieldReader(const detail::CsvReader& csv) : m_csv(csv) {}

    [[nodiscard]] std::string_view text(int column) const {
        return column < 0 ? std::string_view() : detail::trim(m_csv.field(static_cast<std::size_t>(column)));
    }
    [[nodiscard]] std::int64_t integer(int column) const {
        std::int64_t v = 0;
        if (!detail::parse_int64(text(column), v)) fail(column, "is not an integer");
        return v;
    }
    /// NaN when the column is absent or the field empty.
    [[nodiscard]] double number(int column) const {
        if (text(column).empty()) return kUnknown;
        double v = 0.0;
        if (!detail::parse_double(text(column), v)) fail(column, "is not a number");
        return v;
    }
    [[noreturn]] void fail(int column, const std::string& what) const {
        throw InputError(m_csv.where(static_cast<std::size_t>(column)) + ": '" + std::string(text(column)) + "' " +
                         what);
    }
    [[nodiscard]] std::string where() const { return m_csv.where(); }

private:
    const detail::CsvReader& m_csv;
};

bool parse_directed(const FieldReader& f, int column) {
    const std::string v = detail::to_lower(f.text(column));
    if (v.empty() || v == "1" || v == "true" || v == "yes" || v == "t") return true;
    if (v == "0" || v == "false" || v == "no" || v == "f") return false;
    f.fail(column, "is not a directed flag (1/0/true/false)");
}

/// OSM-style names first (osm2gmns writes them), then common planning-model names.
std::optional<RoadClass> gmns_road_class(std::string_view raw) {
    std::string name = detail::to_lower(raw);
    for (char& c : name) {
        if (c == ' ' || c == '-') c = '_';
    }
    if (auto c = parse_road_class(name)) return c;
    if (name == "freeway" || name == "interstate") return RoadClass::Motorway;
    if (name == "ramp" || name == "motorway_ramp") return RoadClass::MotorwayLink;
    if (name == "expressway" || name == "highway") return RoadClass::Trunk;
    if (name == "arterial" || name == "major_arterial" || name == "principal_arterial") return RoadClass::Primary;
    if (name == "minor_arterial") return RoadClass::Secondary;
    if (name == "collector" || name == "major_collector") return RoadClass::Tertiary;
    if (name == "local" || name == "local_street") return RoadClass::Residential;
    if (name == "centroid_connector" || name == "zone_connector") return RoadClass::Connector;
    return std::nullopt;
}

/// GMNS geometry runs from_node -> to_node; a line drawn the other way round is reversed
/// so that the builder's direction of travel matches it.
void orient_from_to(LineString& line, const Link& link, const std::unordered_map<NodeKey, Point>& node_coords,
                    Diagnostics& diagnostics, const std::string& where) {
    const auto a = node_coords.find(link.from);
    const auto b = node_coords.find(link.to);
    if (a == node_coords.end() || b == node_coords.end() || link.from == link.to) return;
    const double as_is = distance_m(line.front(), a->second) + distance_m(line.back(), b->second);
    const double reversed = distance_m(line.front(), b->second) + distance_m(line.back(), a->second);
    if (reversed < as_is) {
        std::reverse(line.begin(), line.end());
        diagnostics.add("reversed_geometry", where, "geometry ran from to_node to from_node; it was reversed",
                        Severity::Info);
    }
}

/// Link ids key every per-link output (flows, criticality): a repeat makes them ambiguous.
/// Checked once all links are read, from the table's own column: a set of 7 M ids would
/// cost more than the links, and ids that only grow (the usual file) need no check at all.
class LinkIdCheck {
public:
    void add(std::int64_t id, std::size_t row, std::size_t line) {
        m_increasing = m_increasing && (row == 1 || id > m_last);
        m_last = id;
        // A record over several lines (or a blank line) shifts every later row's line.
        const std::size_t gap = line - row - 1;
        if (gap != (m_gaps.empty() ? 0 : m_gaps.back().second)) m_gaps.emplace_back(row, gap);
    }
    /// Throws naming the first row, in file order, whose id an earlier row has.
    void check(const LinkColumns& links, const std::string& path) const {
        if (m_increasing) return;
        std::vector<std::pair<std::int64_t, std::size_t>> ids(links.size());  // (link_id, row)
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = {links.source_id(i), i + 1};
        std::sort(ids.begin(), ids.end());
        std::size_t repeat = 0, first = 0;
        std::int64_t id = 0;
        for (std::size_t i = 1, start = 0; i < ids.size(); ++i) {
            if (ids[i].first != ids[i - 1].first) {
                start = i;
            } else if (repeat == 0 || ids[i].second < repeat) {
                repeat = ids[i].second;
                first = ids[start].second;
                id = ids[i].first;
            }
        }
        if (repeat == 0) return;
        throw InputError(detail::record_where(path, repeat, line_of(repeat)) + ": link_id " + std::to_string(id) +
                         " repeats row " + std::to_string(first));
    }

private:
    [[nodiscard]] std::size_t line_of(std::size_t row) const {
        const auto it = std::upper_bound(m_gaps.begin(), m_gaps.end(), std::pair{row, ~std::size_t{0}});
        return row + 1 + (it == m_gaps.begin() ? 0 : std::prev(it)->second);
    }
    bool m_increasing = true;
    std::int64_t m_last = 0;
    std::vector<std::pair<std::size_t, std::size_t>> m_gaps;  // (row, line - row - 1 from it on)
};

/// Nodes with coordinates in the source CRS; whether they all look like lon/lat.
struct SourceNodes {
    std::unordered_map<NodeKey, Point> xy;
    bool lon_lat = true;
};

SourceNodes read_nodes(const std::string& path, Diagnostics& diagnostics) {
    detail::CsvReader csv(path);
    const int n_id = static_cast<int>(csv.require("node_id"));
    const int n_x = static_cast<int>(csv.require("x_coord"));
    const int n_y = static_cast<int>(csv.require("y_coord"));
    SourceNodes nodes;
    const FieldReader f(csv);
    while (csv.next()) {
        const NodeKey id = f.integer(n_id);
        const double x = f.number(n_x);
        const double y = f.number(n_y);
        if (!known(x)) f.fail(n_x, "is empty");
        if (!known(y)) f.fail(n_y, "is empty");
        if (!nodes.xy.emplace(id, Point{x, y}).second) {
            diagnostics.add("duplicate_node", f.where(),
                            "node " + std::to_string(id) + " listed again; the first is kept");
        }
        nodes.lon_lat = nodes.lon_lat && std::abs(x) <= 180.0 && std::abs(y) <= 90.0;
    }
    return nodes;
}

}  // namespace

ColumnLinkTable read_gmns_columns(const std::string& dir, const ReadOptions& options) {
    const fs::path root(dir);
    const std::string node_path = (root / "node.csv").string();
    const std::string link_path = (root / "link.csv").string();
    require_exists(node_path, "GMNS node file");
    require_exists(link_path, "GMNS link file");
    const GmnsConfig config = read_config(root);

    ColumnLinkTable table;
    table.source = dir;
    table.crs = normalise_crs(options.target_crs);
    table.fingerprint = file_fingerprint(dir);

    SourceNodes nodes = read_nodes(node_path, table.diagnostics);
    std::string source_crs = normalise_crs(options.assume_crs);
    if (source_crs.empty()) source_crs = config.crs;
    if (source_crs.empty()) {
        source_crs = nodes.lon_lat && !nodes.xy.empty() ? "EPSG:4326" : "EPSG:27700";
        table.diagnostics.add("assumed_crs", node_path,
                              "no CRS given; coordinates read as " + source_crs +
                                  (source_crs == "EPSG:4326" ? " (they look like lon/lat)" : " (BNG metres)"),
                              Severity::Info);
    }
    // Transformed in place: one map of 4 M nodes, not two. Nodes that fail stay known to
    // node.csv (no missing_node for them) but get no coordinates.
    const CrsTransform transform(source_crs, table.crs);
    std::unordered_set<NodeKey> untransformable;
    for (auto it = nodes.xy.begin(); it != nodes.xy.end();) {
        if (transform.apply(it->second)) {
            ++it;
            continue;
        }
        table.diagnostics.add("invalid_coordinate", node_path,
                              "node " + std::to_string(it->first) + " cannot be transformed to " + table.crs);
        untransformable.insert(it->first);
        it = nodes.xy.erase(it);
    }
    table.node_coords = std::move(nodes.xy);

    detail::CsvReader links(link_path);
    const int l_id = static_cast<int>(links.require("link_id"));
    const int l_from = static_cast<int>(links.require("from_node_id"));
    const int l_to = static_cast<int>(links.require("to_node_id"));
    const int l_directed = links.column("directed");
    const int l_length = links.column("length");
    const int l_speed = links.column("free_speed");
    const int l_time = links.column("free_flow_time_s");  // midlink's own, written by write_gmns
    const int l_capacity = links.column("capacity");
    const int l_lanes = links.column("lanes");
    const int l_facility = links.column("facility_type");
    const int l_type_name = links.column("link_type_name");
    const int l_name = links.column("name");
    const int l_ref = links.column("ref");
    const int l_geometry = links.column("geometry");

    std::set<std::string> unknown_classes;
    std::set<NodeKey> missing_nodes;
    LinkIdCheck link_ids;
    detail::ZeroValueCounts zeros;
    table.links.reserve(detail::count_line_breaks(link_path) + 1);
    const FieldReader f(links);
    // Only a value that may break the rule builds the row's name (a string per link otherwise).
    const auto check = [&f](double value, const char* column, detail::ZeroMeans zero) {
        if (value <= 0.0) detail::check_link_value(value, column, zero, f.where());
    };
    while (links.next()) {
        Link link;
        link.source_id = f.integer(l_id);
        link.from = f.integer(l_from);
        link.to = f.integer(l_to);
        link.oneway = parse_directed(f, l_directed) ? Oneway::Forward : Oneway::No;
        link_ids.add(link.source_id, links.row(), links.line());
        // Negative or zero values: the rule shared with TNTP (link_values.hpp).
        const double length = f.number(l_length);
        const double speed = f.number(l_speed);
        const double time_s = f.number(l_time);
        const double capacity = f.number(l_capacity);
        const double lanes = f.number(l_lanes);
        check(length, "length", detail::ZeroMeans::Zero);
        check(speed, "free_speed", detail::ZeroMeans::NotGiven);
        check(time_s, "free_flow_time_s", detail::ZeroMeans::Zero);
        check(capacity, "capacity", detail::ZeroMeans::Refused);
        check(lanes, "lanes", detail::ZeroMeans::NotGiven);
        if (length == 0 || time_s == 0) ++zeros.zero_cost;
        if (speed == 0) ++zeros.zero_speed;
        if (known(length)) link.length_m = length * config.metres_per_length;
        if (known(speed) && speed > 0) link.speed_kmh = speed * config.kmh_per_speed;
        if (known(time_s)) link.free_flow_time_s = time_s;
        // GMNS capacity is per lane (veh/h/lane); the link table holds the whole link's.
        if (known(capacity) && capacity > 0) link.capacity_vph = capacity * (known(lanes) && lanes > 0 ? lanes : 1.0);
        if (known(lanes) && lanes > 0) link.lanes = lanes;
        std::string_view class_text = f.text(l_facility);
        if (class_text.empty()) class_text = f.text(l_type_name);
        if (!class_text.empty()) {
            if (auto c = gmns_road_class(class_text)) {
                link.road_class = *c;
            } else if (unknown_classes.emplace(class_text).second) {
                table.diagnostics.add("unknown_road_class", f.where(),
                                      "facility type '" + std::string(class_text) + "' has no road class; "
                                      "links with it are 'unknown'");
            }
        }
        link.name = std::string(f.text(l_name));
        link.ref = std::string(f.text(l_ref));

        const auto a = table.node_coords.find(link.from);
        const auto b = table.node_coords.find(link.to);
        for (const auto& [id, found] : {std::pair{link.from, a}, std::pair{link.to, b}}) {
            const bool listed = found != table.node_coords.end() || untransformable.count(id) > 0;
            if (!listed && missing_nodes.insert(id).second) {
                table.diagnostics.add("missing_node", f.where(), "node " + std::to_string(id) + " is not in node.csv");
            }
        }
        const std::string_view wkt = f.text(l_geometry);
        if (!wkt.empty()) {
            auto line = detail::parse_wkt_linestring(wkt);
            bool ok = line.has_value();
            if (ok) {
                for (Point& p : *line) ok = ok && transform.apply(p);
            }
            if (ok) {
                orient_from_to(*line, link, table.node_coords, table.diagnostics, f.where());
                link.geometry = std::move(*line);
                table.links.push_back(link);
                continue;
            }
            table.diagnostics.add("invalid_geometry", f.where(),
                                  "geometry is not a valid LINESTRING; a straight line is used");
        }
        const bool both = a != table.node_coords.end() && b != table.node_coords.end();
        table.links.push_back(link, both ? LinkShape::Straight : LinkShape::AsGiven);
    }
    link_ids.check(table.links, link_path);
    zeros.add_to(table.diagnostics, link_path);
    return table;
}

LinkTable read_gmns(const std::string& dir, const ReadOptions& options) {
    return to_link_table(read_gmns_columns(dir, options));
}

}  // namespace midlink::io
