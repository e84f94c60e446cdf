#include "midlink/workflow/route_pairs.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "midlink/core/error.hpp"
#include "midlink/workflow/csv_line.hpp"

namespace midlink::workflow {
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

}  // namespace midlink::workflow
