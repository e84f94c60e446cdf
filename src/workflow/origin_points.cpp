#include "midlink/workflow/origin_points.hpp"

#include "midlink/core/error.hpp"
#include "midlink/io/csv_line.hpp"
#include "midlink/io/csv_table.hpp"

namespace midlink::workflow {

std::vector<OriginPoint> read_origin_points_csv(const std::string& path) {
    const io::CsvTable table = io::read_csv_file(path);
    const auto column = [&](const char* name) {
        const int c = table.column(name);
        if (c < 0) throw InputError(path + ": missing column '" + name + "' in the header");
        return static_cast<std::size_t>(c);
    };
    const std::size_t id = column("id"), x = column("x"), y = column("y");
    std::vector<OriginPoint> points;
    for (const auto& record : table.records()) {
        // Rows are counted as lines, the header being row 1, as this reader always has.
        const auto coord = [&](std::size_t c) {
            const auto v = io::parse_number(record.fields[c]);
            if (!v) {
                throw InputError(path + ", row " + std::to_string(record.line) + ", column '" + table.header()[c] +
                                 "': '" + record.fields[c] + "' is not a number");
            }
            return *v;
        };
        points.push_back({io::trim_field(record.fields[id]), {coord(x), coord(y)}});
    }
    if (points.empty()) throw InputError(path + ": no points (expected rows id,x,y after the header)");
    return points;
}

}  // namespace midlink::workflow
