#include "midlink/workflow/origin_points.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>

#include "midlink/workflow/csv_line.hpp"
#include "midlink/core/error.hpp"

namespace midlink::workflow {
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::vector<OriginPoint> read_origin_points_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("points file not found or unreadable: " + path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + ": empty file (expected a header id,x,y)");
    const auto header = split_csv_line(line);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col.emplace(lower(trim_field(header[i])), i);
    for (const char* need : {"id", "x", "y"}) {
        if (!col.count(need)) throw InputError(path + ": missing column '" + need + "' in the header");
    }
    std::vector<OriginPoint> points;
    std::size_t row = 1;
    while (std::getline(in, line)) {
        ++row;
        if (trim_field(line).empty()) continue;
        const auto fields = split_csv_line(line);
        const auto where = [&](const char* name) {
            return path + ", row " + std::to_string(row) + ", column '" + name + "'";
        };
        const auto field = [&](const char* name) -> const std::string& {
            const std::size_t i = col.at(name);
            if (i >= fields.size()) throw InputError(where(name) + ": missing value");
            return fields[i];
        };
        const auto coord = [&](const char* name) {
            const auto v = parse_number(field(name));
            if (!v) throw InputError(where(name) + ": '" + field(name) + "' is not a number");
            return *v;
        };
        points.push_back({trim_field(field("id")), {coord("x"), coord("y")}});
    }
    if (points.empty()) throw InputError(path + ": no points (expected rows id,x,y after the header)");
    return points;
}

}  // namespace midlink::workflow
