// The corridors and digital-gaps sections: route maps, critical links, gap runs and scores.
#include <algorithm>
#include <cmath>
#include <map>

#include "midlink/report/charts.hpp"
#include "midlink/report/html.hpp"
#include "midlink/report/palette.hpp"
#include "report_sections.hpp"

namespace midlink::report::detail {

void Builder::corridors(const midlink::DatasetData& d) {
    const std::string file = base_name(d.path);
    m_doc.heading(3, "Corridors: " + file);
    const auto* c = d.layer("corridors");
    std::vector<LineOverlay> overlays;
    // Gap runs from any gaps output, under the routes.
    for (const auto& other : m_in.datasets) {
        if (const auto* g = other.layer("gaps");
            g && other.layer("gap_scores") && !g->shapes.empty()) {
            overlays.push_back({g, all_rows(*g), "#CC79A7", 7.0, "",
                                "digital gap runs (" + base_name(other.path) + ", layer gaps)",
                                column_labels(*g, all_rows(*g), {"corridor", "from_km", "to_km"})});
        }
    }
    if (const auto* a = d.layer("alternatives"); a && !a->shapes.empty()) {
        overlays.push_back({a, all_rows(*a), "#888888", 1.2, "6 4",
                            "alternatives (Yen k-shortest, link-disjoint)",
                            column_labels(*a, all_rows(*a), {"corridor", "kind", "rank"})});
    }
    if (const auto* p = d.layer("discovered_pairs"); p && !p->shapes.empty()) {
        overlays.push_back({p, all_rows(*p), "#56B4E9", 1.0, "2 4",
                            "discovered east-west pairs (straight lines)",
                            column_labels(*p, all_rows(*p), {"west", "east"})});
    }
    if (const auto* k = d.layer("critical_links"); k && !k->shapes.empty()) {
        overlays.push_back(
            {k, all_rows(*k), "#D55E00", 6.0, "", "critical links (closure adds the most time)",
             column_labels(*k, all_rows(*k), {"corridor", "rank", "ref", "time_increase_min"})});
    }
    if (c && !c->shapes.empty()) {
        // One colour per corridor (Okabe-Ito), so a route can be told from its neighbours;
        // dashed once the colours repeat. Drawn over the critical links, which show as a
        // wider casing.
        for (std::size_t r = 0; r < c->rows.size(); ++r) {
            overlays.push_back(
                {c,
                 {r},
                 category_colour(r),
                 2.6,
                 r >= 5 ? "8 4" : "",
                 "route: " +
                     text(c->rows[r][static_cast<std::size_t>(std::max(0, c->column("name")))]),
                 column_labels(*c, {r}, {"name", "time_min"})});
        }
    }
    const midlink::LayerData* outlines = outline_layer();
    if (!overlays.empty()) {
        Caption cap{
            "Corridor routes, alternatives, critical links" +
                std::string(overlays.front().layer->name == "gaps" ? " and digital gap runs" : ""),
            file,
            "corridors, alternatives, critical_links" +
                std::string(d.layer("discovered_pairs") ? ", discovered_pairs" : "")};
        cap.definition =
            "route = fastest path through the waypoints; critical link = a link whose closure "
            "(both directions) adds the most time, "
            "or disconnects; gap run = consecutive corridor segments whose coverage share is below "
            "the threshold";
        cap.crs = crs_note(*overlays.front().layer);
        if (outlines)
            cap.method = "area outlines from layer " + outlines->name +
                         "; lines simplified (Douglas–Peucker, " +
                         format_number(m_options.tolerance_px) + " px)";
        else
            cap.method = "no area layer among the inputs, so no outlines";
        m_doc.line_map(outlines, overlays, cap);
    }
    if (c) {
        m_summary.push_back(file + ": " + std::to_string(c->rows.size()) + " corridors");
        m_doc.table(
            *c,
            {"name", "mode", "status", "time_min", "distance_km", "mean_speed_kmh", "straight_km",
             "circuity", "alternatives", "redundancy", "bridges_on_route", "source", "ref_share"},
            all_rows(*c),
            Caption{
                "Corridors", file, "corridors", "", "", "", "",
                "time in minutes, distance in km; circuity = route km / straight km; redundancy = "
                "best link-disjoint alternative time / route time"});
    }
    if (const auto* k = d.layer("critical_links")) {
        auto rows = all_rows(*k);
        if (rows.size() > m_options.table_rows) rows.resize(m_options.table_rows);
        m_doc.table(
            *k,
            {"corridor", "rank", "edge_id", "ref", "time_increase_min", "disconnects", "bridge"},
            rows,
            Caption{"Critical links, ranked per corridor", file, "critical_links", "", "", "", "",
                    "time_increase_min is NULL when closing the link disconnects the corridor"});
    }
    if (const auto* p = d.layer("discovered_pairs")) {
        auto rows = all_rows(*p);
        if (rows.size() > m_options.table_rows) rows.resize(m_options.table_rows);
        m_doc.table(*p, names_of(*p), rows,
                    Caption{"Discovered east-west pairs, by gravity", file, "discovered_pairs", "",
                            "", "", "", "gravity = P_west x P_east / t (t in minutes)"});
    }
}

void Builder::gaps(const midlink::DatasetData& d) {
    const std::string file = base_name(d.path);
    m_doc.heading(3, "Digital corridors and gaps: " + file);
    std::vector<std::pair<std::string, std::string>> method;
    if (const auto* m = d.layer("gap_method");
        m && m->column("parameter") >= 0 && m->column("value") >= 0) {
        for (const auto& row : m->rows) {
            method.emplace_back(text(row[static_cast<std::size_t>(m->column("parameter"))]),
                                text(row[static_cast<std::size_t>(m->column("value"))]));
        }
    }
    auto method_of = [&](const std::string& k) {
        for (const auto& [p, v] : method) {
            if (p == k) return v;
        }
        return std::string();
    };
    const auto* scores = d.layer("gap_scores");
    if (scores && polygonal(*scores) && scores->column("gap_score") >= 0) {
        // One value per area: its highest score over the corridors.
        std::map<std::string, std::size_t> first_row;
        std::map<std::string, double> best;
        const int code = scores->column("area_code") >= 0 ? scores->column("area_code") : 0;
        const int sc = scores->column("gap_score");
        for (std::size_t r = 0; r < scores->rows.size(); ++r) {
            const std::string a = text(scores->rows[r][static_cast<std::size_t>(code)]);
            const double v = number(scores->rows[r][static_cast<std::size_t>(sc)]);
            if (!first_row.count(a)) {
                first_row[a] = r;
                best[a] = v;
            } else if (!std::isnan(v) && (std::isnan(best[a]) || v > best[a])) {
                best[a] = v;
            }
        }
        Choropleth ch;
        ch.layer = scores;
        ch.geometry_key = d.path + "|gap_scores";
        for (const auto& [a, r] : first_row) {
            ch.rows.push_back(r);
            ch.values.push_back(best[a]);
            ch.labels.push_back(a);
        }
        ch.caption = Caption{
            "Gap score by area (highest over corridors)",
            file,
            "gap_scores",
            "gap_score",
            "index, 0 to 1",
            method_of("method") +
                (method_of("gap_score").empty() ? "" : "; gap_score = " + method_of("gap_score")),
            "no known share for the area",
            "one value per area: the maximum over its corridors",
            crs_note(*scores)};
        m_doc.choropleth(ch);
    }
    if (const auto* g = d.layer("gaps")) {
        m_summary.push_back(file + ": " + std::to_string(g->rows.size()) + " gap runs");
        m_doc.table(*g,
                    {"corridor", "part", "run", "from_km", "to_km", "length_km", "segments",
                     "premises", "covered", "share_pct", "areas"},
                    sorted_rows(*g, "length_km", false, m_options.table_rows),
                    Caption{"Gap runs, longest first", file, "gaps", "", "", "", "",
                            "a run is a maximal stretch of segments whose covered share is below "
                            "the threshold (" +
                                method_of("threshold_pct") + ")"});
    }
    if (scores) {
        m_doc.table(*scores,
                    {"rank", "area_code", "area_name", "corridor", "corridor_exposure",
                     "transport_gap", "digital_gap", "gap_score", "release"},
                    sorted_rows(*scores, "rank", true, m_options.table_rows),
                    Caption{"Top gap scores", file, "gap_scores", "", "", "", "",
                            "our own composite, not an official statistic"});
    }
    if (const auto* s = d.layer("segments"); s && s->column("share_pct") >= 0) {
        HistogramSpec h{column_values(*s, s->column("share_pct"), all_rows(*s)),
                        "share_pct (% of premises covered)"};
        Caption cap{"Coverage share of corridor segments",
                    file,
                    "segments",
                    "share_pct",
                    "% of premises",
                    "covered premises / premises in the segment's catchment, by areal weighting",
                    "no premises known in the catchment",
                    "20 equal bins",
                    "not a map"};
        m_doc.chart(histogram_svg(h), cap);
    }
    if (!method.empty())
        m_doc.key_values(method,
                         "How the gap score was computed. Data: " + file + ", layer gap_method.");
}

}  // namespace midlink::report::detail
