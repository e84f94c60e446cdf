// read_od_table: line by line, as `assign` has always read OD tables: quoted fields may
// hold commas and doubled quotes, short rows read missing fields as empty, and header
// names are matched exactly after trimming.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>

#include "midlink/core/error.hpp"
#include "midlink/io/od_table.hpp"

namespace midlink::io {
namespace {

std::vector<std::string> split_line(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == ',' && !quoted) {
            out.emplace_back();
        } else if (c != '\r') {
            out.back() += c;
        }
    }
    return out;
}

/// Without surrounding whitespace or a leading UTF-8 byte-order mark.
std::string trim_field(const std::string& s) {
    std::size_t b = 0, e = s.size();
    if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) b = 3;
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::optional<double> parse_number(const std::string& s) {
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

std::vector<OdTableRow> read_od_table(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("OD file not found or unreadable: " + path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + ": empty file (expected a header from,to,trips)");
    const auto header = split_line(line);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[trim_field(header[i])] = i;
    for (const char* need : {"from", "to", "trips"}) {
        if (!col.count(need)) throw InputError(path + ": missing column '" + need + "' (expected from,to,trips)");
    }
    std::vector<OdTableRow> rows;
    std::size_t row = 0;
    while (std::getline(in, line)) {
        ++row;
        if (trim_field(line).empty()) continue;
        const auto f = split_line(line);
        const auto field = [&](const char* name) {
            const auto i = col[name];
            return i < f.size() ? trim_field(f[i]) : std::string();
        };
        OdTableRow r;
        r.row = row;
        r.from = field("from");
        r.to = field("to");
        r.trips_text = field("trips");
        r.trips = parse_number(r.trips_text);
        rows.push_back(std::move(r));
    }
    return rows;
}

}  // namespace midlink::io
