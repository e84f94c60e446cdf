#include "midlink/io/place_table.hpp"

#include "midlink/core/error.hpp"
#include "midlink/io/csv_table.hpp"
#include "text_input.hpp"

namespace midlink::io {

std::vector<PlaceRow> read_place_table(const std::string& path) {
    const CsvTable table = read_csv_file(path);
    // The id column may be called `id` or `name` (the corridors' places files).
    const std::size_t ci = table.column("id") >= 0 ? table.require("id") : table.require("name");
    const std::size_t cx = table.require("x"), cy = table.require("y"), cp = table.require("population");
    std::vector<PlaceRow> places;
    places.reserve(table.records().size());
    for (const auto& rec : table.records()) {
        auto number = [&](std::size_t c) {
            double v = 0.0;
            if (!detail::parse_double(detail::trim(rec.fields[c]), v)) throw InputError(table.where(rec, c) + ": not a number");
            return v;
        };
        PlaceRow p;
        p.id = std::string(detail::trim(rec.fields[ci]));
        p.xy = {number(cx), number(cy)};
        p.population = number(cp);
        if (p.population < 0) throw InputError(table.where(rec, cp) + ": negative");
        places.push_back(std::move(p));
    }
    return places;
}

}  // namespace midlink::io
