#include "midlink/report/report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "midlink/report/charts.hpp"
#include "midlink/report/html.hpp"
#include "midlink/report/palette.hpp"
#include "report_document.hpp"

namespace midlink::report {
using namespace detail;
namespace {

bool has_columns(const io::LayerData& l, std::initializer_list<const char*> names) {
    return std::all_of(names.begin(), names.end(), [&](const char* n) { return l.column(n) >= 0; });
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool ends_with(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool polygonal(const io::LayerData& l) {
    return l.geometry_type.find("Polygon") != std::string::npos ||
           l.geometry_type.find("POLYGON") != std::string::npos;
}

std::vector<std::size_t> all_rows(const io::LayerData& l) {
    std::vector<std::size_t> r(l.rows.size());
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = i;
    return r;
}

std::vector<double> column_values(const io::LayerData& l, int c,
                                  const std::vector<std::size_t>& rows) {
    std::vector<double> v;
    v.reserve(rows.size());
    for (std::size_t r : rows) v.push_back(number(l.rows[r][static_cast<std::size_t>(c)]));
    return v;
}

std::vector<std::string> column_labels(const io::LayerData& l, const std::vector<std::size_t>& rows,
                                       std::initializer_list<const char*> names) {
    std::vector<std::string> out;
    std::vector<int> idx;
    for (const char* n : names) {
        if (l.column(n) >= 0) idx.push_back(l.column(n));
    }
    for (std::size_t r : rows) {
        std::string s;
        for (int i : idx) {
            const std::string t = text(l.rows[r][static_cast<std::size_t>(i)]);
            if (!t.empty()) s += (s.empty() ? "" : " ") + t;
        }
        out.push_back(s);
    }
    return out;
}

// Rows ordered by a numeric column (NULL last), ties in file order.
std::vector<std::size_t> sorted_rows(const io::LayerData& l, const std::string& column,
                                     bool ascending, std::size_t limit) {
    auto rows = all_rows(l);
    const int c = l.column(column);
    if (c >= 0) {
        std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
            const double x = number(l.rows[a][static_cast<std::size_t>(c)]);
            const double y = number(l.rows[b][static_cast<std::size_t>(c)]);
            if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
            return ascending ? x < y : x > y;
        });
    }
    if (rows.size() > limit) rows.resize(limit);
    return rows;
}

std::vector<std::string> names_of(const io::LayerData& l) {
    std::vector<std::string> n;
    for (const auto& c : l.columns) n.push_back(c.name);
    return n;
}

// Definitions keyed by column from a metadata table (measures, coverage_columns).
struct Definition {
    std::string definition;
    std::string null_means;
};
std::map<std::string, Definition> definitions(const io::DatasetData& d, const char* layer,
                                              const char* def_col, const char* null_col) {
    std::map<std::string, Definition> out;
    const io::LayerData* l = d.layer(layer);
    if (!l || l->column("column") < 0 || l->column(def_col) < 0) return out;
    const int nc = null_col ? l->column(null_col) : -1;
    for (const auto& row : l->rows) {
        Definition def{text(row[static_cast<std::size_t>(l->column(def_col))]),
                       nc >= 0 ? text(row[static_cast<std::size_t>(nc)]) : std::string()};
        out[text(row[static_cast<std::size_t>(l->column("column"))])] = def;
    }
    return out;
}

class Builder {
  public:
    Builder(const ReportInputs& in, const ReportOptions& options)
        : m_in(in), m_options(options), m_doc(options) {}

    Report run();

  private:
    void access(const io::DatasetData& d);
    void coverage(const io::DatasetData& d);
    void corridors(const io::DatasetData& d);
    void gaps(const io::DatasetData& d);
    void centrality(const io::DatasetData& d);
    void scenarios(const io::DatasetData& d);
    void manifest();
    void area_maps(const io::DatasetData& d, const io::LayerData& l,
                   const std::vector<std::string>& columns,
                   const std::map<std::string, Definition>& defs,
                   const std::vector<std::size_t>& rows, const std::string& key,
                   const std::string& note);
    std::vector<std::string> chosen(const std::vector<std::string>& candidates) const;
    const io::LayerData* outline_layer() const;
    std::string header(
        const std::vector<std::pair<const io::DatasetData*, std::vector<OutputKind>>>& found,
        const std::vector<std::string>& absent) const;

    const ReportInputs& m_in;
    const ReportOptions& m_options;
    Document m_doc;
    std::vector<std::string> m_summary;  // key figures, in section order
};

std::vector<std::string> Builder::chosen(const std::vector<std::string>& candidates) const {
    std::vector<std::string> out;
    if (!m_options.columns.empty()) {
        for (const auto& c : m_options.columns) {
            if (std::find(candidates.begin(), candidates.end(), c) != candidates.end())
                out.push_back(c);
        }
        return out;
    }
    out = candidates;
    if (out.size() > m_options.max_maps) out.resize(m_options.max_maps);
    return out;
}

const io::LayerData* Builder::outline_layer() const {
    // Prefer the finest areas a study drew: access areas, then coverage, gap scores, differences.
    for (const char* kind : {"areas", "coverage", "gap_scores"}) {
        for (const auto& d : m_in.datasets) {
            const auto* l = d.layer(kind);
            if (l && polygonal(*l) && !l->shapes.empty()) return l;
        }
    }
    for (const auto& d : m_in.datasets) {
        for (const auto& l : d.layers) {
            if (polygonal(l) && !l.shapes.empty()) return &l;
        }
    }
    return nullptr;
}

void Builder::area_maps(const io::DatasetData& d, const io::LayerData& l,
                        const std::vector<std::string>& columns,
                        const std::map<std::string, Definition>& defs,
                        const std::vector<std::size_t>& rows, const std::string& key,
                        const std::string& note) {
    const int unreachable = l.column("unreachable");
    const int unsnapped = l.column("unsnapped");
    for (const auto& column : columns) {
        const int c = l.column(column);
        if (!is_numeric(l, c)) continue;
        Choropleth ch;
        ch.layer = &l;
        ch.geometry_key = d.path + "|" + l.name + "|" + key;
        ch.rows = rows;
        ch.values = column_values(l, c, rows);
        ch.labels = column_labels(l, rows, {"id", "area_code", "area_name", "name", "scenario"});
        // Why areas are NULL, from the access counts when the layer has them.
        if (unreachable >= 0 || unsnapped >= 0) {
            std::size_t n_unreach = 0, n_unsnap = 0;
            for (std::size_t i = 0; i < rows.size(); ++i) {
                if (!std::isnan(ch.values[i])) continue;
                const auto& row = l.rows[rows[i]];
                if (unsnapped >= 0 && number(row[static_cast<std::size_t>(unsnapped)]) > 0)
                    ++n_unsnap;
                else if (unreachable >= 0 && number(row[static_cast<std::size_t>(unreachable)]) > 0)
                    ++n_unreach;
            }
            ch.null_breakdown = std::to_string(n_unreach) + " with unreachable origins, " +
                                std::to_string(n_unsnap) + " with unsnapped origins";
        }
        const auto def = defs.find(column);
        ch.caption.title = column + " by area (" + l.name + ")" + (note.empty() ? "" : ", " + note);
        ch.caption.file = base_name(d.path);
        ch.caption.layer = l.name;
        ch.caption.column = column;
        ch.caption.unit = unit_of(column);
        if (def != defs.end()) {
            ch.caption.definition = def->second.definition;
            ch.caption.null_means = def->second.null_means;
        }
        if (ch.caption.null_means.empty()) ch.caption.null_means = "no value for the area (not 0)";
        ch.caption.method = note;
        ch.caption.crs = crs_note(l);
        m_doc.choropleth(ch);
    }
}

void Builder::access(const io::DatasetData& d) {
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

void Builder::coverage(const io::DatasetData& d) {
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
                if (ends_with(c.name, "_pct") && c.kind != io::ColumnKind::String)
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

void Builder::corridors(const io::DatasetData& d) {
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
    const io::LayerData* outlines = outline_layer();
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

void Builder::gaps(const io::DatasetData& d) {
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

void Builder::centrality(const io::DatasetData& d) {
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

void Builder::scenarios(const io::DatasetData& d) {
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
            if (l.columns[i].kind == io::ColumnKind::String || n == "rank" || n == "fid" ||
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

void Builder::manifest() {
    if (!m_in.manifest_found) return;
    m_doc.heading(2, "Run manifest", "manifest");
    auto rows = m_in.manifest;
    const std::size_t limit = 200;
    if (rows.size() > limit) rows.resize(limit);
    m_doc.key_values(
        rows, "The run manifest (manifest.json), flattened" +
                  std::string(m_in.manifest.size() > limit ? "; first 200 entries" : "") + ".");
}

std::string Builder::header(
    const std::vector<std::pair<const io::DatasetData*, std::vector<OutputKind>>>& found,
    const std::vector<std::string>& absent) const {
    std::string s = "<header><h1>" + escape(m_in.title) + "</h1>";
    s += "<p>Made by <code>midlink report</code> from <code>" + escape(m_in.source) + "</code>" +
         (m_in.generated.empty() ? "" : " on " + escape(m_in.generated)) +
         ". Everything is in this one file: it needs no network access. Maps are drawn in "
         "EPSG:27700 (British National Grid).</p>";
    s += "<h2 id=\"summary\">Summary</h2><ul class=\"summary\">";
    for (const auto& line : m_summary) s += "<li>" + escape(line) + "</li>";
    s += "</ul><h3>Inputs</h3><ul class=\"summary\">";
    for (const auto& [d, kinds] : found) {
        std::string k;
        for (auto kind : kinds) k += (k.empty() ? "" : ", ") + std::string(kind_name(kind));
        std::string layers;
        for (const auto& l : d->layers) layers += (layers.empty() ? "" : ", ") + l.name;
        s += "<li><code>" + escape(d->path) + "</code>: " +
             (k.empty() ? "not recognised (layers: " + escape(layers) + ")"
                        : escape(k) + " (layers: " + escape(layers) + ")") +
             "</li>";
    }
    for (const auto& n : m_in.not_read) s += "<li>" + escape(n) + "</li>";
    s += std::string("<li>") +
         (m_in.manifest_found ? "run manifest: manifest.json"
                              : "no run manifest (manifest.json) found") +
         "</li></ul>";
    if (!absent.empty()) {
        s += "<h3>Not in the inputs</h3><ul class=\"summary absent\">";
        for (const auto& a : absent) s += "<li>" + escape(a) + "</li>";
        s += "</ul>";
    }
    s += "</header>\n";
    return s;
}

Report Builder::run() {
    std::vector<std::pair<const io::DatasetData*, std::vector<OutputKind>>> found;
    std::set<OutputKind> seen;
    for (const auto& d : m_in.datasets) {
        found.emplace_back(&d, detect_kinds(d));
        seen.insert(found.back().second.begin(), found.back().second.end());
    }
    const std::vector<std::pair<OutputKind, const char*>> sections{
        {OutputKind::Access, "Accessibility"},
        {OutputKind::Coverage, "Broadband coverage"},
        {OutputKind::Corridors, "Corridors"},
        {OutputKind::Gaps, "Digital corridors and gaps"},
        {OutputKind::Centrality, "Network centrality"},
        {OutputKind::Scenarios, "Scenarios"}};
    std::string toc = "<nav><ul>";
    for (const auto& [kind, title] : sections) {
        if (!seen.count(kind)) continue;
        m_doc.heading(2, title, kind_name(kind));
        toc += "<li><a href=\"#" + std::string(kind_name(kind)) + "\">" + title + "</a></li>";
        for (const auto& [d, kinds] : found) {
            if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
            switch (kind) {
                case OutputKind::Access:
                    access(*d);
                    break;
                case OutputKind::Coverage:
                    coverage(*d);
                    break;
                case OutputKind::Corridors:
                    corridors(*d);
                    break;
                case OutputKind::Gaps:
                    gaps(*d);
                    break;
                case OutputKind::Centrality:
                    centrality(*d);
                    break;
                case OutputKind::Scenarios:
                    scenarios(*d);
                    break;
            }
        }
    }
    manifest();
    if (m_in.manifest_found) toc += "<li><a href=\"#manifest\">Run manifest</a></li>";
    toc += "</ul></nav>\n";
    std::vector<std::string> absent;
    const std::map<OutputKind, const char*> needs{
        {OutputKind::Access, "accessibility (midlink access: an area layer and a measures table)"},
        {OutputKind::Coverage, "broadband coverage (midlink coverage: layer coverage)"},
        {OutputKind::Corridors, "corridors (midlink corridors: layers corridors, critical_links)"},
        {OutputKind::Gaps, "digital gaps (midlink gaps: layers segments, gaps, gap_scores)"},
        {OutputKind::Centrality, "centrality (midlink centrality: layer edges with betweenness)"},
        {OutputKind::Scenarios,
         "scenario ranking (midlink scenarios: layer ranking, difference layers)"}};
    for (const auto& [kind, what] : needs) {
        if (!seen.count(kind)) absent.emplace_back(std::string("no ") + what);
    }
    if (found.empty()) m_summary.emplace_back("No datasets were read.");
    Report r = m_doc.finish(m_in.title, header(found, absent) + toc);
    r.absent = absent;
    return r;
}

}  // namespace

const char* kind_name(OutputKind k) {
    switch (k) {
        case OutputKind::Access:
            return "access";
        case OutputKind::Coverage:
            return "coverage";
        case OutputKind::Corridors:
            return "corridors";
        case OutputKind::Gaps:
            return "gaps";
        case OutputKind::Centrality:
            return "centrality";
        case OutputKind::Scenarios:
            return "scenarios";
    }
    return "unknown";
}

std::vector<OutputKind> detect_kinds(const io::DatasetData& d) {
    std::vector<OutputKind> kinds;
    const bool access_areas =
        std::any_of(d.layers.begin(), d.layers.end(), [](const io::LayerData& l) {
            return has_columns(l, {"id", "unreachable", "origins"});
        });
    if (d.layer("measures") && access_areas) kinds.push_back(OutputKind::Access);
    const auto* cov = d.layer("coverage");
    if ((cov && has_columns(*cov, {"area_code", "release"})) || d.layer("coverage_columns"))
        kinds.push_back(OutputKind::Coverage);
    if (d.layer("corridors") && (d.layer("critical_links") || d.layer("alternatives")))
        kinds.push_back(OutputKind::Corridors);
    if (d.layer("gap_scores") || (d.layer("segments") && d.layer("gaps")))
        kinds.push_back(OutputKind::Gaps);
    const auto* edges = d.layer("edges");
    if (d.layer("centrality_run") || d.layer("network_criticality") ||
        (edges && edges->column("betweenness") >= 0)) {
        kinds.push_back(OutputKind::Centrality);
    }
    const bool difference =
        std::any_of(d.layers.begin(), d.layers.end(),
                    [](const io::LayerData& l) { return starts_with(l.name, "difference"); });
    const auto* ranking = d.layer("ranking");
    if ((ranking && !ranking->spatial()) || difference) kinds.push_back(OutputKind::Scenarios);
    return kinds;
}

Report build_report(const ReportInputs& in, const ReportOptions& options) {
    return Builder(in, options).run();
}

}  // namespace midlink::report
