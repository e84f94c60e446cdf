#include "midlink/workflow/route_pairs.hpp"

#include <map>

#include "midlink/core/error.hpp"
#include "midlink/io/csv_line.hpp"
#include "midlink/io/csv_table.hpp"

namespace midlink::workflow {

std::vector<PairRow> read_pairs_csv(const std::string& path) {
    const io::CsvTable table = io::read_csv_file(path);
    const auto column = [&](const char* name) {
        const int c = table.column(name);
        if (c < 0) throw InputError(path + ": missing column '" + name + "' in the header");
        return static_cast<std::size_t>(c);
    };
    const std::size_t id_col = column("id"), from_x = column("from_x"), from_y = column("from_y"),
                      to_x = column("to_x"), to_y = column("to_y");
    std::vector<PairRow> rows;
    std::map<std::string, std::size_t> row_of_id;
    for (const auto& record : table.records()) {
        // Rows are counted as lines, the header being row 1, as this reader always has.
        const std::string row = path + ", row " + std::to_string(record.line);
        const auto number = [&](std::size_t c) {
            const auto v = io::parse_number(record.fields[c]);
            if (!v) {
                throw InputError(row + ", column '" + table.header()[c] + "': '" + record.fields[c] +
                                 "' is not a number");
            }
            return *v;
        };
        std::string id = io::trim_field(record.fields[id_col]);
        // Output rows are keyed by id: a repeat would make two answers indistinguishable.
        if (const auto [it, fresh] = row_of_id.emplace(id, record.line); !fresh) {
            throw InputError(row + ", column 'id': '" + id + "' repeats row " + std::to_string(it->second));
        }
        rows.push_back({std::move(id), {number(from_x), number(from_y)}, {number(to_x), number(to_y)}});
    }
    return rows;
}

}  // namespace midlink::workflow
