// read_od_table: line by line, as `assign` has always read OD tables: quoted fields may
// hold commas and doubled quotes, short rows read missing fields as empty, and header
// names are matched exactly after trimming.
#include <fstream>
#include <map>

#include "midlink/core/error.hpp"
#include "midlink/io/csv_line.hpp"
#include "midlink/io/od_table.hpp"

namespace midlink::io {

std::vector<OdTableRow> read_od_table(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError("OD file not found or unreadable: " + path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + ": empty file (expected a header from,to,trips)");
    const auto header = split_csv_line(line);
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
        const auto f = split_csv_line(line);
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
