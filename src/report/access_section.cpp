// The accessibility section: `midlink access` area layers, levels and measures.
#include <algorithm>
#include <cmath>

#include "midlink/report/html.hpp"
#include "report_sections.hpp"

namespace midlink::report::detail {

void Builder::access(const midlink::DatasetData& d) {
    const auto defs = definitions(d, "measures", "definition", "null_means");
    const std::string file = base_name(d.path);
    m_doc.heading(3, "Accessibility: " + file);
    // Measure columns in the order the measures table lists them.
    std::vector<std::string> measure_cols;
    if (const auto* m = d.layer("measures"); m && m->column("column") >= 0) {
        for (const auto& row : m->rows)
            measure_cols.push_back(text(row[static_cast<std::size_t>(m->column("column"))]));
    }
    bool first_level = true;
    for (const auto& l : d.layers) {
        if (!has_columns(l, {"id", "unreachable", "origins"})) continue;
        std::vector<std::string> present;
        for (const auto& c : measure_cols) {
            if (is_numeric(l, l.column(c))) present.push_back(c);
        }
        // The JTS destination and origin shares are detail; the average minimum time stays.
        std::vector<std::string> key;
        for (const auto& c : present) {
            if (c.find("_jts_dest") == std::string::npos &&
                c.find("_jts_orig") == std::string::npos)
                key.push_back(c);
        }
        auto drawn = chosen(key);
        double population = 0.0;
        std::size_t with_unreachable = 0, with_unsnapped = 0;
        for (const auto& row : l.rows) {
            const double p = number(row[static_cast<std::size_t>(l.column("population"))]);
            if (!std::isnan(p)) population += p;
            with_unreachable += number(row[static_cast<std::size_t>(l.column("unreachable"))]) > 0;
            if (l.column("unsnapped") >= 0)
                with_unsnapped += number(row[static_cast<std::size_t>(l.column("unsnapped"))]) > 0;
        }
        m_doc.heading(4, "Layer " + l.name + " (" + std::to_string(l.rows.size()) + " rows)");
        m_doc.paragraph(
            format_number(static_cast<double>(l.rows.size())) + " areas, population " +
            format_number(population) + "; " + std::to_string(with_unreachable) +
            " areas have origins with no destination in reach, " + std::to_string(with_unsnapped) +
            " have unsnapped origins. Measures in this layer: " + std::to_string(present.size()) +
            ".");
        if (first_level) {
            m_summary.push_back(file + ": " + format_number(static_cast<double>(l.rows.size())) +
                                " areas (" + l.name + "), population " + format_number(population) +
                                ", " + std::to_string(present.size()) + " measures");
        }
        // Coarser levels keep only the areas that hold origins (an --aggregate-to layer
        // often covers far more than the study); the finest level keeps every area.
        std::vector<std::size_t> rows;
        for (std::size_t r = 0; r < l.rows.size(); ++r) {
            if (first_level || number(l.rows[r][static_cast<std::size_t>(l.column("origins"))]) > 0)
                rows.push_back(r);
        }
        if (rows.size() < l.rows.size()) {
            m_doc.paragraph(std::to_string(l.rows.size() - rows.size()) + " of the " +
                            std::to_string(l.rows.size()) +
                            " areas of this layer hold no origins and are left out below.");
        }
        if (polygonal(l) && !l.shapes.empty() && !rows.empty()) {
            // Finer levels get every key measure; coarser levels the first ones only.
            if (!first_level && drawn.size() > 2) drawn.resize(2);
            area_maps(d, l, drawn, defs, rows, "with origins",
                      first_level ? "" : "areas with origins");
            if (drawn.size() < present.size() && first_level) {
                std::string rest;
                for (const auto& c : present) {
                    if (std::find(drawn.begin(), drawn.end(), c) == drawn.end())
                        rest += (rest.empty() ? "" : ", ") + c;
                }
                m_doc.paragraph("Also in this layer, not mapped: " + rest + ".");
            }
        }
        if (!first_level || !polygonal(l)) {
            std::vector<std::string> cols{"id", "population", "origins", "unreachable"};
            for (std::size_t i = 0; i < std::min<std::size_t>(key.size(), 5); ++i)
                cols.push_back(key[i]);
            const std::string sort = key.empty() ? "population" : key.front();
            Caption cap{l.name + " (" + std::to_string(rows.size()) + " areas with origins), by " +
                            sort + ", top " +
                            std::to_string(std::min(rows.size(), m_options.table_rows)),
                        file, l.name};
            cap.method =
                "population-weighted means over origins with a value; NULL = no origin with a "
                "value";
            auto ordered = sorted_rows(l, sort, false, l.rows.size());
            ordered.erase(std::remove_if(ordered.begin(), ordered.end(),
                                         [&](std::size_t r) {
                                             return !std::binary_search(rows.begin(), rows.end(),
                                                                        r);
                                         }),
                          ordered.end());
            if (ordered.size() > m_options.table_rows) ordered.resize(m_options.table_rows);
            m_doc.table(l, cols, ordered, cap);
        }
        first_level = false;
    }
    if (const auto* m = d.layer("measures")) {
        Caption cap{"What each column means", file, "measures"};
        m_doc.table(*m, names_of(*m), all_rows(*m), cap);
    }
}

}  // namespace midlink::report::detail
