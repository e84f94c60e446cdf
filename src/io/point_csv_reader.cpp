// read_points for CSV files: coordinate columns by name (see detect_xy_columns).
#include <filesystem>

#include "midlink/io/csv_table.hpp"
#include "point_assembler.hpp"
#include "text_input.hpp"

namespace midlink::io::detail {

std::vector<PointFeature> read_points_csv(const PointLayerOptions& options,
                                          Diagnostics& diagnostics) {
    const CsvTable table = read_csv_file(options.path);
    const std::string file = std::filesystem::path(options.path).filename().string();
    const auto& columns = table.header();
    const int id = id_column(columns, options, options.path);
    const int weight = require_column(columns, options.weight_field, "weight field", options.path);
    const int category =
        require_column(columns, options.category_field, "category field", options.path);
    std::vector<int> keep;
    for (const auto& name : options.keep_fields)
        keep.push_back(require_column(columns, name, "kept field", options.path));
    const XyColumns xy = detect_xy_columns(columns, options, options.path, diagnostics);
    const auto x = static_cast<std::size_t>(table.column(xy.x));
    const auto y = static_cast<std::size_t>(table.column(xy.y));

    PointAssembler assembler(options, options.path, xy.crs, diagnostics);
    const auto cell = [](const CsvRecord& r, int c) {
        return c < 0 ? std::string() : r.fields[static_cast<std::size_t>(c)];
    };
    for (const auto& record : table.records()) {
        const std::string where = file + ", row " + std::to_string(record.row);
        const auto x_value = parse_coordinate(record.fields[x]);
        const auto y_value = parse_coordinate(record.fields[y]);
        if (!x_value || !y_value) {
            assembler.missing_coordinates(where, xy.x + " '" + record.fields[x] + "', " + xy.y +
                                                     " '" + record.fields[y] +
                                                     "' are not both numbers");
            continue;
        }
        std::vector<std::pair<std::string, std::string>> kept;
        for (std::size_t k = 0; k < keep.size(); ++k)
            kept.emplace_back(options.keep_fields[k], std::string(trim(cell(record, keep[k]))));
        assembler.add(where, static_cast<std::int64_t>(record.row),
                      std::string(trim(cell(record, id))), {*x_value, *y_value},
                      cell(record, weight), std::string(trim(cell(record, category))),
                      std::move(kept));
    }
    return assembler.finish();
}

}  // namespace midlink::io::detail
