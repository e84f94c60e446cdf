// Small queries over layers shared by the report's sections.
#include <algorithm>
#include <cmath>

#include "report_sections.hpp"

namespace midlink::report::detail {

bool has_columns(const midlink::LayerData& l, std::initializer_list<const char*> names) {
    return std::all_of(names.begin(), names.end(), [&](const char* n) { return l.column(n) >= 0; });
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool ends_with(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool polygonal(const midlink::LayerData& l) {
    return l.geometry_type.find("Polygon") != std::string::npos ||
           l.geometry_type.find("POLYGON") != std::string::npos;
}

std::vector<std::size_t> all_rows(const midlink::LayerData& l) {
    std::vector<std::size_t> r(l.rows.size());
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = i;
    return r;
}

std::vector<double> column_values(const midlink::LayerData& l, int c,
                                  const std::vector<std::size_t>& rows) {
    std::vector<double> v;
    v.reserve(rows.size());
    for (std::size_t r : rows) v.push_back(number(l.rows[r][static_cast<std::size_t>(c)]));
    return v;
}

std::vector<std::string> column_labels(const midlink::LayerData& l, const std::vector<std::size_t>& rows,
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
std::vector<std::size_t> sorted_rows(const midlink::LayerData& l, const std::string& column,
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

std::vector<std::string> names_of(const midlink::LayerData& l) {
    std::vector<std::string> n;
    for (const auto& c : l.columns) n.push_back(c.name);
    return n;
}

int name_column(const midlink::LayerData& l) {
    for (std::size_t i = 0; i < l.columns.size(); ++i) {
        const auto& c = l.columns[i];
        if (c.kind != midlink::ColumnKind::String) continue;
        if (c.name == "name" || c.name == "area_name" || c.name == "NAME" || ends_with(c.name, "NM") ||
            ends_with(c.name, "_name"))
            return static_cast<int>(i);
    }
    return -1;
}

std::vector<std::string> area_labels(const midlink::LayerData& l, const std::vector<std::size_t>& rows) {
    auto labels = column_labels(l, rows, {"id", "area_code", "area_name", "name", "scenario"});
    const int n = name_column(l);
    if (n < 0) return labels;
    const std::string& col = l.columns[static_cast<std::size_t>(n)].name;
    if (col == "area_name" || col == "name") return labels;  // already in the labels
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string t = text(l.rows[rows[i]][static_cast<std::size_t>(n)]);
        if (!t.empty()) labels[i] += (labels[i].empty() ? "" : " ") + t;
    }
    return labels;
}

Reach row_reach(const midlink::LayerData& l, std::size_t row) {
    auto count = [&](const char* c) {
        const int i = l.column(c);
        const double v = i < 0 ? 0.0 : number(l.rows[row][static_cast<std::size_t>(i)]);
        return std::isnan(v) ? 0.0 : v;
    };
    Reach r;
    r.origins = count("origins");
    r.reached = std::max(0.0, r.origins - count("unsnapped") - count("unreachable"));
    return r;
}

std::map<std::string, Definition> definitions(const midlink::DatasetData& d, const char* layer,
                                              const char* def_col, const char* null_col) {
    std::map<std::string, Definition> out;
    const midlink::LayerData* l = d.layer(layer);
    if (!l || l->column("column") < 0 || l->column(def_col) < 0) return out;
    const int nc = null_col ? l->column(null_col) : -1;
    for (const auto& row : l->rows) {
        Definition def{text(row[static_cast<std::size_t>(l->column(def_col))]),
                       nc >= 0 ? text(row[static_cast<std::size_t>(nc)]) : std::string()};
        out[text(row[static_cast<std::size_t>(l->column("column"))])] = def;
    }
    return out;
}

}  // namespace midlink::report::detail
