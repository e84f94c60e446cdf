#include "origin_points.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>

#include "midlink/core/error.hpp"

namespace midlink::cli {
namespace {

// One CSV line into fields; "" inside quotes is a literal quote.
std::vector<std::string> split_fields(const std::string& line) {
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

std::string trimmed(const std::string& s) {
    std::size_t b = 0, e = s.size();
    if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) b = 3;  // UTF-8 BOM
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<double> number(const std::string& text) {
    const std::string s = trimmed(text);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

std::vector<OriginPoint> read_origin_points_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("points file not found or unreadable: " + path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + ": empty file (expected a header id,x,y)");
    const auto header = split_fields(line);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col.emplace(lower(trimmed(header[i])), i);
    for (const char* need : {"id", "x", "y"}) {
        if (!col.count(need)) throw InputError(path + ": missing column '" + need + "' in the header");
    }
    std::vector<OriginPoint> points;
    std::size_t row = 1;
    while (std::getline(in, line)) {
        ++row;
        if (trimmed(line).empty()) continue;
        const auto fields = split_fields(line);
        const auto where = [&](const char* name) {
            return path + ", row " + std::to_string(row) + ", column '" + name + "'";
        };
        const auto field = [&](const char* name) -> const std::string& {
            const std::size_t i = col.at(name);
            if (i >= fields.size()) throw InputError(where(name) + ": missing value");
            return fields[i];
        };
        const auto coord = [&](const char* name) {
            const auto v = number(field(name));
            if (!v) throw InputError(where(name) + ": '" + field(name) + "' is not a number");
            return *v;
        };
        points.push_back({trimmed(field("id")), {coord("x"), coord("y")}});
    }
    if (points.empty()) throw InputError(path + ": no points (expected rows id,x,y after the header)");
    return points;
}

}  // namespace midlink::cli
