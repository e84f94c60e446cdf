// The centrality and scenario sections: betweenness, closures, ranked scenarios and differences.
#include <algorithm>
#include <cmath>

#include "midlink/report/charts.hpp"
#include "midlink/report/html.hpp"
#include "report_sections.hpp"

namespace midlink::report::detail {

void Builder::centrality(const midlink::DatasetData& d) {
    const std::string file = base_name(d.path);
    m_doc.heading(3, "Network centrality: " + file);
    const auto* e = d.layer("edges");
    if (e && e->column("betweenness") >= 0) {
        m_summary.push_back(file + ": betweenness of " +
                            format_number(static_cast<double>(e->rows.size())) + " edges");
        if (!e->shapes.empty()) {
            m_doc.graded_lines(*e, e->column("betweenness"),
                               Caption{"Road betweenness", file, "edges", "betweenness",
                                       "shortest paths through the edge (unnormalised)",
                                       "Brandes betweenness on travel time (sampled or OD-weighted "
                                       "as the run table says)",
                                       "", "", crs_note(*e)});
        }
        HistogramSpec h{column_values(*e, e->column("betweenness"), all_rows(*e)), "betweenness"};
        m_doc.chart(histogram_svg(h),
                    Caption{"Distribution of edge betweenness", file, "edges", "betweenness", "",
                            "", "", "20 equal bins", "not a map"});
        m_doc.table(*e, {"edge_id", "ref", "length_m", "time_s", "betweenness", "bridge"},
                    sorted_rows(*e, "betweenness", false, m_options.table_rows),
                    Caption{"Edges with the highest betweenness", file, "edges", "", "", "", "",
                            "bridge = 1 when closing the road splits the network"});
    }
    if (const auto* n = d.layer("network_criticality")) {
        m_doc.table(*n, names_of(*n), sorted_rows(*n, "rank", true, m_options.table_rows),
                    Caption{"Network criticality: closures ranked", file, "network_criticality", "",
                            "", "", "",
                            "weighted_increase_min = sum of demand x added minutes; disconnected "
                            "demand is never a time"});
    }
    if (const auto* r = d.layer("centrality_run"))
        m_doc.table(*r, names_of(*r), all_rows(*r),
                    Caption{"Centrality run", file, "centrality_run"});
}

void Builder::scenarios(const midlink::DatasetData& d) {
    const std::string file = base_name(d.path);
    m_doc.heading(3, "Scenarios: " + file);
    for (const auto& l : d.layers) {
        if (l.name != "ranking") continue;
        const std::string sort =
            l.column("rank") >= 0
                ? "rank"
                : (l.column("benefit_per_million") >= 0 ? "benefit_per_million" : "");
        const auto rows = sorted_rows(l, sort, sort == "rank", l.rows.size());
        m_summary.push_back(file + ": " + std::to_string(l.rows.size()) + " scenarios ranked");
        m_doc.table(l, names_of(l), rows,
                    Caption{"Scenarios ranked", file, l.name, "", "", "", "",
                            sort.empty() ? "" : "ordered by " + sort});
        const int score = l.column("benefit_per_million");
        const int name = l.column("scenario");
        if (score >= 0 && name >= 0) {
            BarSpec b;
            for (std::size_t i = 0; i < std::min<std::size_t>(rows.size(), m_options.table_rows);
                 ++i) {
                b.labels.push_back(text(l.rows[rows[i]][static_cast<std::size_t>(name)]));
                b.values.push_back(number(l.rows[rows[i]][static_cast<std::size_t>(score)]));
            }
            b.value_label = "benefit_per_million (benefit per £1m of capital cost)";
            m_doc.chart(bar_svg(b),
                        Caption{"Benefit per £1m by scenario", file, l.name, "benefit_per_million",
                                "benefit units per £1m", "benefit / (cost_gbp / 1,000,000)", "", "",
                                "not a map"});
        }
    }
    for (const auto& l : d.layers) {
        if (!starts_with(l.name, "difference")) continue;
        std::vector<std::string> numeric;
        for (std::size_t i = 0; i < l.columns.size(); ++i) {
            const auto& n = l.columns[i].name;
            if (l.columns[i].kind == midlink::ColumnKind::String || n == "rank" || n == "fid" ||
                ends_with(n, "_id"))
                continue;
            numeric.push_back(n);
        }
        const auto rows = all_rows(l);
        if (polygonal(l) && !l.shapes.empty())
            area_maps(d, l, chosen(numeric), {}, rows, "all", "");
        // Before/after pairs: X_before/X_after or X_base/X_scenario.
        for (const auto& n : numeric) {
            for (const auto& [b, a] : {std::pair<std::string, std::string>{"_before", "_after"},
                                       {"_base", "_scenario"}}) {
                if (!ends_with(n, b)) continue;
                const std::string stem = n.substr(0, n.size() - b.size());
                const int after = l.column(stem + a);
                if (after < 0) continue;
                ScatterSpec s{column_values(l, l.column(n), rows), column_values(l, after, rows),
                              stem, stem};
                m_doc.chart(
                    scatter_svg(s),
                    Caption{stem + ": before and after (" + l.name + ")", file, l.name,
                            n + ", " + stem + a, unit_of(stem), "", "",
                            "one point per area; dashed diagonal = no change", "not a map"});
            }
        }
    }
}

}  // namespace midlink::report::detail
