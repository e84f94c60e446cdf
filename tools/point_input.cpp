#include "point_input.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "csv_line.hpp"
#include "midlink/core/error.hpp"

namespace midlink::cli {
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
    const auto x = parse_number(text.substr(0, comma));
    const auto y = parse_number(text.substr(comma + 1));
    if (!x || !y) throw ConfigError(option + ": expected two finite numbers X,Y, got '" + text + "'");
    spec.xy = Point{*x, *y};
    return spec;
}

std::vector<PairRow> read_pairs_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("pairs file not found or unreadable: " + path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + ": empty file (expected a header id,from_x,from_y,to_x,to_y)");
    const auto header = split_csv_line(line);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[trim_field(header[i])] = i;
    for (const char* need : {"id", "from_x", "from_y", "to_x", "to_y"}) {
        if (!col.count(need)) throw InputError(path + ": missing column '" + need + "' in the header");
    }
    std::vector<PairRow> rows;
    std::map<std::string, std::size_t> row_of_id;
    std::size_t row_no = 1;
    while (std::getline(in, line)) {
        ++row_no;
        if (trim_field(line).empty()) continue;
        const auto f = split_csv_line(line);
        auto field = [&](const char* name) -> std::string {
            const auto i = col[name];
            if (i >= f.size()) throw InputError(path + ", row " + std::to_string(row_no) + ": missing value for '" + name + "'");
            return f[i];
        };
        auto number = [&](const char* name) {
            const auto v = parse_number(field(name));
            if (!v) throw InputError(path + ", row " + std::to_string(row_no) + ", column '" + name + "': '" + field(name) + "' is not a number");
            return *v;
        };
        std::string id = trim_field(field("id"));
        // Output rows are keyed by id: a repeat would make two answers indistinguishable.
        if (const auto [it, fresh] = row_of_id.emplace(id, row_no); !fresh) {
            throw InputError(path + ", row " + std::to_string(row_no) + ", column 'id': '" + id + "' repeats row " +
                             std::to_string(it->second));
        }
        rows.push_back({std::move(id), {number("from_x"), number("from_y")}, {number("to_x"), number("to_y")}});
    }
    return rows;
}

}  // namespace midlink::cli
