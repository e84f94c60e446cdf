#include "point_input.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "midlink/core/error.hpp"

namespace midlink::cli {
namespace {
std::optional<double> to_double(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '"')) s.pop_back();
    std::size_t start = 0;
    while (start < s.size() && (s[start] == ' ' || s[start] == '"')) ++start;
    s = s.substr(start);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') cur += c;
    }
    out.push_back(cur);
    return out;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == 0 && s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF) i = 3;  // UTF-8 BOM
    return s.substr(i);
}
}  // namespace

PointSpec parse_point_spec(const std::string& text, const std::string& option) {
    PointSpec spec;
    if (text.rfind("node:", 0) == 0) {
        NodeKey key = 0;
        const auto* b = text.data() + 5;
        const auto* e = text.data() + text.size();
        auto [p, ec] = std::from_chars(b, e, key);
        if (ec != std::errc() || p != e) throw ConfigError(option + ": '" + text + "' is not node:<integer id>");
        spec.node = key;
        return spec;
    }
    const auto comma = text.find(',');
    if (comma == std::string::npos) throw ConfigError(option + ": expected X,Y or node:ID, got '" + text + "'");
    const auto x = to_double(text.substr(0, comma));
    const auto y = to_double(text.substr(comma + 1));
    if (!x || !y) throw ConfigError(option + ": expected two finite numbers X,Y, got '" + text + "'");
    spec.xy = Point{*x, *y};
    return spec;
}

std::vector<PairRow> read_pairs_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("pairs file not found or unreadable: " + path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + ": empty file (expected a header id,from_x,from_y,to_x,to_y)");
    const auto header = split_csv(line);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[trim(header[i])] = i;
    for (const char* need : {"id", "from_x", "from_y", "to_x", "to_y"}) {
        if (!col.count(need)) throw InputError(path + ": missing column '" + need + "' in the header");
    }
    std::vector<PairRow> rows;
    std::size_t row_no = 1;
    while (std::getline(in, line)) {
        ++row_no;
        if (trim(line).empty()) continue;
        const auto f = split_csv(line);
        auto field = [&](const char* name) -> std::string {
            const auto i = col[name];
            if (i >= f.size()) throw InputError(path + ", row " + std::to_string(row_no) + ": missing value for '" + name + "'");
            return f[i];
        };
        auto number = [&](const char* name) {
            const auto v = to_double(field(name));
            if (!v) throw InputError(path + ", row " + std::to_string(row_no) + ", column '" + name + "': '" + field(name) + "' is not a number");
            return *v;
        };
        rows.push_back({trim(field("id")), {number("from_x"), number("from_y")}, {number("to_x"), number("to_y")}});
    }
    return rows;
}

}  // namespace midlink::cli
