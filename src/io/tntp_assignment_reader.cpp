// TNTP net, trips and flow files for assignment, read as given (see tntp_assignment.hpp).
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/error.hpp"
#include "midlink/io/file_fingerprint.hpp"
#include "midlink/io/tntp_assignment.hpp"
#include "link_values.hpp"
#include "text_input.hpp"

namespace midlink::io {
namespace {
using detail::at_line;

constexpr std::size_t kNetColumns = 10;
constexpr const char* kNetColumnNames[kNetColumns] = {
    "init_node", "term_node", "capacity", "length", "free_flow_time",
    "b",         "power",     "speed",    "toll",   "link_type"};

/// Blank/tab separated tokens, a trailing ';' on a token dropped.
std::vector<std::string_view> tokens_of(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        std::string_view t = line.substr(start, i - start);
        if (!t.empty() && t.back() == ';') t.remove_suffix(1);
        if (!t.empty()) out.push_back(t);
    }
    return out;
}

/// Splits "<KEY> value" into a lower-case key and the value text; false if not a tag.
bool metadata_tag(std::string_view line, std::string& key, std::string_view& value) {
    if (line.empty() || line.front() != '<') return false;
    const auto close = line.find('>');
    if (close == std::string_view::npos) return false;
    key = detail::to_lower(line.substr(1, close - 1));
    value = detail::trim(line.substr(close + 1));
    return true;
}

std::int64_t int_value(std::string_view text, const detail::LineReader& in,
                       const std::string& what) {
    std::int64_t v = 0;
    if (!detail::parse_int64(text, v)) {
        throw InputError(at_line(in.path(), in.line_number(),
                                 what + " '" + std::string(text) + "' is not an integer"));
    }
    return v;
}

double real_value(std::string_view text, const detail::LineReader& in, const std::string& what) {
    double v = 0.0;
    if (!detail::parse_double(text, v)) {
        throw InputError(at_line(in.path(), in.line_number(),
                                 what + " '" + std::string(text) + "' is not a number"));
    }
    return v;
}

TntpAssignmentLink parse_link(const std::vector<std::string_view>& t,
                              const detail::LineReader& in) {
    if (t.size() != kNetColumns) {
        throw InputError(
            at_line(in.path(), in.line_number(),
                    "expected " + std::to_string(kNetColumns) +
                        " columns (init_node term_node capacity length free_flow_time b power "
                        "speed toll link_type), found " +
                        std::to_string(t.size())));
    }
    double v[kNetColumns];
    for (std::size_t c = 0; c < kNetColumns; ++c)
        v[c] = real_value(t[c], in, std::string("column ") + kNetColumnNames[c]);
    TntpAssignmentLink link;
    link.init_node = int_value(t[0], in, "init_node");
    link.term_node = int_value(t[1], in, "term_node");
    link.capacity = v[2];
    link.length = v[3];
    link.free_flow_time = v[4];
    link.b = v[5];
    link.power = v[6];
    link.speed = v[7];
    link.toll = v[8];
    link.link_type = static_cast<std::int64_t>(v[9]);
    // The same rule as `graph build` reads the file with (link_values.hpp).
    const std::string where = in.path() + ", line " + std::to_string(in.line_number());
    detail::check_link_value(link.capacity, "capacity", detail::ZeroMeans::Refused, where);
    detail::check_link_value(link.length, "length", detail::ZeroMeans::Zero, where);
    detail::check_link_value(link.free_flow_time, "free_flow_time", detail::ZeroMeans::Zero, where);
    detail::check_link_value(link.b, "b", detail::ZeroMeans::Zero, where);
    detail::check_link_value(link.power, "power", detail::ZeroMeans::Zero, where);
    detail::check_link_value(link.speed, "speed", detail::ZeroMeans::NotGiven, where);
    return link;
}

}  // namespace

TntpAssignmentNet read_tntp_assignment_net(const std::string& path) {
    require_exists(path, "TNTP network");
    detail::LineReader in(path);
    TntpAssignmentNet net;
    net.path = path;
    std::int64_t declared_links = -1;
    std::int64_t declared_nodes = -1;
    std::vector<std::size_t> link_lines;
    std::string_view line;
    std::string key;
    std::string_view value;
    while (in.next(line)) {
        line = detail::trim(line);
        if (line.empty() || line.front() == '~') continue;
        if (metadata_tag(line, key, value)) {
            if (key == "number of zones") net.zones = int_value(value, in, "<NUMBER OF ZONES>");
            if (key == "number of nodes")
                declared_nodes = int_value(value, in, "<NUMBER OF NODES>");
            if (key == "number of links")
                declared_links = int_value(value, in, "<NUMBER OF LINKS>");
            if (key == "first thru node")
                net.first_thru_node = int_value(value, in, "<FIRST THRU NODE>");
            if (key == "toll factor") net.toll_factor = real_value(value, in, "<TOLL FACTOR>");
            if (key == "distance factor")
                net.distance_factor = real_value(value, in, "<DISTANCE FACTOR>");
            continue;
        }
        net.links.push_back(parse_link(tokens_of(line), in));
        link_lines.push_back(in.line_number());
    }
    if (net.links.empty()) throw InputError(path + ": no links");
    if (declared_links >= 0 && static_cast<std::size_t>(declared_links) != net.links.size()) {
        throw InputError(path + ": <NUMBER OF LINKS> is " + std::to_string(declared_links) +
                         ", found " + std::to_string(net.links.size()) + " links");
    }
    std::int64_t max_id = 0;
    for (const auto& l : net.links) max_id = std::max({max_id, l.init_node, l.term_node});
    net.nodes = declared_nodes >= 0 ? declared_nodes : max_id;
    for (std::size_t i = 0; i < net.links.size(); ++i) {
        const auto& l = net.links[i];
        if (l.init_node < 1 || l.term_node < 1 || l.init_node > net.nodes ||
            l.term_node > net.nodes) {
            throw InputError(at_line(
                path, link_lines[i],
                "node id outside 1.." + std::to_string(net.nodes) + " (<NUMBER OF NODES>)"));
        }
    }
    return net;
}

TntpTrips read_tntp_trips(const std::string& path) {
    require_exists(path, "TNTP trips");
    detail::LineReader in(path);
    TntpTrips trips;
    trips.path = path;
    double declared_total = -1.0;
    std::string_view line;
    std::string key;
    std::string_view value;
    while (in.next(line)) {
        line = detail::trim(line);
        if (line.empty() || line.front() == '~') continue;
        if (metadata_tag(line, key, value)) {
            if (key == "number of zones") trips.zones = int_value(value, in, "<NUMBER OF ZONES>");
            if (key == "total od flow") declared_total = real_value(value, in, "<TOTAL OD FLOW>");
            continue;
        }
        const auto t = tokens_of(line);
        if (t.empty()) continue;  // separators only, e.g. a lone ';' (found by fuzz_tntp_assignment)
        if (detail::to_lower(t.front()) == "origin") {
            if (t.size() != 2)
                throw InputError(at_line(path, in.line_number(), "expected 'Origin N'"));
            trips.origins.push_back({int_value(t[1], in, "origin"), {}});
            if (trips.zones > 0 && (trips.origins.back().origin < 1 || trips.origins.back().origin > trips.zones)) {
                throw InputError(at_line(path, in.line_number(),
                                         "origin " + std::to_string(trips.origins.back().origin) +
                                             " is outside 1.." + std::to_string(trips.zones) +
                                             " (<NUMBER OF ZONES>)"));
            }
            continue;
        }
        if (trips.origins.empty())
            throw InputError(at_line(path, in.line_number(), "demand before any 'Origin' line"));
        // Entries "dest : flow;" several to a line, the spacing around ':' varying.
        std::size_t pos = 0;
        while (pos < line.size()) {
            const auto end = std::min(line.find(';', pos), line.size());
            const auto entry = detail::trim(line.substr(pos, end - pos));
            pos = end + 1;
            if (entry.empty()) continue;
            const auto colon = entry.find(':');
            if (colon == std::string_view::npos) {
                throw InputError(at_line(path, in.line_number(),
                                         "'" + std::string(entry) + "' is not 'dest : flow'"));
            }
            TntpDemand d;
            d.destination = int_value(detail::trim(entry.substr(0, colon)), in, "destination");
            d.flow = real_value(detail::trim(entry.substr(colon + 1)), in, "flow");
            if (d.flow < 0) throw InputError(at_line(path, in.line_number(), "negative demand"));
            trips.origins.back().demands.push_back(d);
            trips.total_od_flow += d.flow;
        }
    }
    if (trips.origins.empty()) throw InputError(path + ": no 'Origin' blocks");
    // Entries are written with a few decimals, so their sum matches the header to rounding.
    if (declared_total >= 0 &&
        std::abs(trips.total_od_flow - declared_total) > 1e-6 * std::max(1.0, declared_total)) {
        throw InputError(path + ": entries sum to " + std::to_string(trips.total_od_flow) +
                         " but <TOTAL OD FLOW> is " + std::to_string(declared_total));
    }
    return trips;
}

std::vector<TntpLinkFlow> read_tntp_flows(const std::string& path) {
    require_exists(path, "TNTP flow file");
    detail::LineReader in(path);
    std::vector<TntpLinkFlow> flows;
    bool header = true;
    std::string_view line;
    while (in.next(line)) {
        line = detail::trim(line);
        if (line.empty() || line.front() == '~' || line.front() == '<') continue;
        const auto t = tokens_of(line);
        if (t.empty()) continue;  // separators only, e.g. a lone ';'
        std::int64_t probe = 0;
        if (header && !detail::parse_int64(t.front(), probe)) {  // "From To Volume Cost"
            header = false;
            continue;
        }
        header = false;
        if (t.size() != 4) {
            throw InputError(at_line(
                path, in.line_number(),
                "expected 4 columns (from to volume cost), found " + std::to_string(t.size())));
        }
        flows.push_back({int_value(t[0], in, "from"), int_value(t[1], in, "to"),
                         real_value(t[2], in, "volume"), real_value(t[3], in, "cost")});
    }
    return flows;
}

}  // namespace midlink::io
