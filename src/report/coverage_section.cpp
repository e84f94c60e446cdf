// The broadband coverage section: the latest release mapped, trends before and after.
#include <algorithm>
#include <cmath>
#include <map>

#include "midlink/report/charts.hpp"
#include "midlink/report/html.hpp"
#include "report_sections.hpp"

namespace midlink::report::detail {

void Builder::coverage(const midlink::DatasetData& d) {
    const auto defs = definitions(d, "coverage_columns", "definition", "");
    const std::string file = base_name(d.path);
    m_doc.heading(3, "Broadband coverage: " + file);
    for (const auto& l : d.layers) {
        if (!starts_with(l.name, "coverage") || !has_columns(l, {"area_code", "release"})) continue;
        // The latest release: `midlink coverage` writes each area's releases in time order,
        // so the last label to appear is the latest, whatever its spelling.
        std::vector<std::string> releases;
        const int rc = l.column("release");
        for (const auto& row : l.rows) {
            const std::string r = text(row[static_cast<std::size_t>(rc)]);
            if (std::find(releases.begin(), releases.end(), r) == releases.end())
                releases.push_back(r);
        }
        const std::string latest = releases.empty() ? std::string() : releases.back();
        std::vector<std::size_t> rows;
        for (std::size_t r = 0; r < l.rows.size(); ++r) {
            if (text(l.rows[r][static_cast<std::size_t>(rc)]) == latest) rows.push_back(r);
        }
        std::vector<std::string> key;
        for (const char* c : {"gigabit_pct", "full_fibre_pct", "superfast_pct", "below_uso_pct",
                              "ultrafast300_pct", "ultrafast100_pct"}) {
            if (is_numeric(l, l.column(c))) key.push_back(c);
        }
        if (key.empty()) {
            for (const auto& c : l.columns) {
                if (ends_with(c.name, "_pct") && c.kind != midlink::ColumnKind::String)
                    key.push_back(c.name);
            }
        }
        const auto drawn = chosen(key);
        m_summary.push_back(file + ": " + std::to_string(rows.size()) + " areas in release " +
                            latest + " (" + l.name + ")");
        if (polygonal(l) && !l.shapes.empty()) {
            area_maps(d, l, drawn, defs, rows, "release " + latest, "release " + latest);
        } else {
            std::vector<std::string> cols{"area_code", "area_name", "premises"};
            cols.insert(cols.end(), key.begin(), key.end());
            Caption cap{l.name + ", release " + latest + ", lowest " +
                            (key.empty() ? std::string("") : key.front()) + " first",
                        file, l.name};
            std::vector<std::size_t> sorted = rows;
            const int kc = key.empty() ? -1 : l.column(key.front());
            if (kc >= 0) {
                std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
                    return number(l.rows[a][static_cast<std::size_t>(kc)]) <
                           number(l.rows[b][static_cast<std::size_t>(kc)]);
                });
            }
            if (sorted.size() > m_options.table_rows) sorted.resize(m_options.table_rows);
            m_doc.table(l, cols, sorted, cap);
        }
    }
    // Trends: before/after of each tier's share, and the change mapped.
    for (const auto& l : d.layers) {
        if (!starts_with(l.name, "trend")) continue;
        for (const auto& c : l.columns) {
            if (!ends_with(c.name, "_change_pp")) continue;
            const std::string tier = c.name.substr(0, c.name.size() - 10);
            const int from = l.column(tier + "_pct_from"), to = l.column(tier + "_pct_to");
            if (from < 0 || to < 0) continue;
            const auto rows = all_rows(l);
            ScatterSpec s{column_values(l, from, rows), column_values(l, to, rows), tier + "_pct",
                          tier + "_pct"};
            Caption cap{tier + " coverage, first release against last (" + l.name + ")", file,
                        l.name, tier + "_pct_from, " + tier + "_pct_to", "% of premises"};
            const auto def = defs.find(tier + "_pct");
            if (def != defs.end()) cap.definition = def->second.definition;
            cap.method =
                "one point per area; the dashed diagonal is no change; the release of each end is "
                "in " +
                tier + "_from / " + tier + "_to";
            cap.crs = "not a map";
            m_doc.chart(scatter_svg(s), cap);
            if (polygonal(l) && !l.shapes.empty()) {
                std::map<std::string, Definition> change_defs = defs;
                if (const auto it = defs.find("<tier>_change_pp"); it != defs.end())
                    change_defs[c.name] = it->second;
                area_maps(d, l, {c.name}, change_defs, rows, "all", "");
            }
            break;  // the first tier with a trend; the rest are in the layer
        }
    }
}

}  // namespace midlink::report::detail
