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
    // The levels, finest first (as `midlink access` writes them); the first coarser polygon
    // level's outlines are drawn over the finest level's maps.
    std::vector<const midlink::LayerData*> levels;
    for (const auto& l : d.layers) {
        if (has_columns(l, {"id", "unreachable", "origins"})) levels.push_back(&l);
    }
    const midlink::LayerData* coarser = nullptr;
    for (std::size_t i = 1; i < levels.size() && !coarser; ++i) {
        if (polygonal(*levels[i]) && !levels[i]->shapes.empty()) coarser = levels[i];
    }
    const std::string finest = levels.empty() ? std::string("areas") : levels.front()->name;
    bool first_level = true;
    for (const auto* lp : levels) {
        const auto& l = *lp;
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
        // A roll-up's figure is a mean over the origins that reached the network: say how
        // many did, and flag the areas where too few did.
        MapExtras extras;
        midlink::LayerData shown = l;  // with the reach columns of a roll-up
        if (!first_level) {
            const double threshold = m_options.min_reached_share;
            Reach total;
            std::string flagged_names;
            std::size_t n_flagged = 0;
            shown.columns.push_back({"reached", midlink::ColumnKind::String});
            shown.columns.push_back({"caveat", midlink::ColumnKind::String});
            const auto labels = area_labels(l, all_rows(l));
            for (std::size_t r = 0; r < l.rows.size(); ++r) {
                const Reach reach = row_reach(l, r);
                const bool low = reach.origins > 0 && reach.share() < threshold;
                shown.rows[r].emplace_back(format_number(reach.reached) + " of " +
                                           format_number(reach.origins));
                shown.rows[r].emplace_back(low ? std::string("few origins reached: read with care")
                                               : std::string());
                if (reach.origins <= 0) continue;
                total.origins += reach.origins;
                total.reached += reach.reached;
                if (low) {
                    if (++n_flagged <= 10)
                        flagged_names += (flagged_names.empty() ? "" : ", ") + labels[r];
                }
            }
            if (n_flagged > 0) {
                for (std::size_t r : rows) {
                    const Reach reach = row_reach(l, r);
                    extras.flagged.push_back(reach.origins > 0 && reach.share() < threshold);
                }
            }
            extras.flag_legend = "fewer than " + format_number(100.0 * threshold) +
                                 "% of origins reached (greyed out, not classed)";
            std::string caveat = "Caveat: each " + l.name +
                                 " figure is a population-weighted mean over the origins that "
                                 "reached the network with a destination in reach. " +
                                 format_number(total.reached) + " of " +
                                 format_number(total.origins) + " origins (layer " + finest +
                                 ") reached the network.";
            if (n_flagged > 0) {
                caveat += " " + std::to_string(n_flagged) + " " + l.name + " area" +
                          (n_flagged == 1 ? " has" : "s have") + " fewer than " +
                          format_number(100.0 * threshold) +
                          "% of their origins reached; their figures could mislead and are greyed "
                          "out in the map and flagged in the table: " +
                          flagged_names + (n_flagged > 10 ? ", ..." : "") + ".";
            }
            m_doc.html("<p class=\"caveat\">" + escape(caveat) + "</p>\n");
        } else {
            extras.outlines = coarser;
        }
        if (polygonal(l) && !l.shapes.empty() && !rows.empty()) {
            // Finer levels get every key measure; coarser levels the first ones only.
            if (!first_level && drawn.size() > 2) drawn.resize(2);
            area_maps(d, l, drawn, defs, rows, "with origins",
                      first_level ? "" : "areas with origins", extras);
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
            std::vector<std::string> cols{"id"};
            if (const int n = name_column(l); n >= 0)
                cols.push_back(l.columns[static_cast<std::size_t>(n)].name);
            for (const char* c : {"population", "origins", "unreachable", "reached", "caveat"})
                cols.emplace_back(c);
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
            m_doc.table(shown, cols, ordered, cap);
        }
        first_level = false;
    }
    if (const auto* m = d.layer("measures")) {
        Caption cap{"What each column means", file, "measures"};
        m_doc.table(*m, names_of(*m), all_rows(*m), cap);
    }
}

}  // namespace midlink::report::detail
