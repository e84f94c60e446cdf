#include "midlink/report/report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "midlink/report/credits.hpp"
#include "midlink/report/html.hpp"
#include "report_sections.hpp"

namespace midlink::report {
namespace detail {

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

const midlink::LayerData* Builder::outline_layer() const {
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

void Builder::area_maps(const midlink::DatasetData& d, const midlink::LayerData& l,
                        const std::vector<std::string>& columns,
                        const std::map<std::string, Definition>& defs,
                        const std::vector<std::size_t>& rows, const std::string& key,
                        const std::string& note, const MapExtras& extras) {
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
        ch.labels = area_labels(l, rows);
        ch.outlines = extras.outlines;
        ch.flagged = extras.flagged;
        ch.flag_legend = extras.flag_legend;
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

void Builder::credits() {
    std::vector<std::string> paths = m_in.credit_inputs;
    for (const auto& [key, value] : m_in.manifest) {
        if (ends_with(key, ".path") || key == "path") paths.push_back(value);
    }
    for (const auto& d : m_in.datasets) paths.push_back(d.path);
    const auto list = gather_credits(paths, m_in.attribution_files);
    m_doc.heading(2, "Data credits", "credits");
    std::string s = "<div class=\"credits\"><ul>";
    for (const auto& c : list) {
        if (c.inputs.empty()) {  // an attribution file beside the inputs, as written
            s += "<li>From <code>" + escape(c.source) + "</code>:<pre class=\"attribution\">" +
                 escape(c.text) + "</pre></li>";
            continue;
        }
        std::string from;
        for (std::size_t i = 0; i < c.inputs.size() && i < 3; ++i)
            from += (from.empty() ? "" : ", ") + base_name(c.inputs[i]);
        if (c.inputs.size() > 3) from += ", ...";
        s += "<li>" + escape(c.text) + " <span class=\"src\">(" + escape(c.source) + "; from " +
             escape(from) + ")</span></li>";
    }
    if (list.empty())
        s += "<li>No credited source was recognised among the inputs (the rules are in "
             "docs/cli/report.md). Check the licences of the data used.</li>";
    s += "</ul><p>Credits are gathered from the run manifest's inputs, the files read and any "
         "attribution file beside them.</p></div>\n";
    m_doc.html(s);
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
    const std::vector<std::pair<const midlink::DatasetData*, std::vector<OutputKind>>>& found,
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
    // Named places (a small point layer with a name column) are labelled on every map.
    std::vector<Place> places;
    for (const auto& d : m_in.datasets) {
        for (const auto& l : d.layers) {
            const int n = name_column(l);
            if (n < 0 || l.shapes.empty() || l.shapes.size() > 100 ||
                l.shapes.front().kind != midlink::Shape::Kind::Point)
                continue;
            for (std::size_t r = 0; r < l.shapes.size() && r < l.rows.size(); ++r) {
                const auto& sh = l.shapes[r];
                if (sh.parts.empty() || sh.parts.front().empty()) continue;
                const std::string name = text(l.rows[r][static_cast<std::size_t>(n)]);
                if (!name.empty()) places.push_back({sh.parts.front().front(), name});
            }
        }
    }
    m_doc.set_places(std::move(places));
    std::vector<std::pair<const midlink::DatasetData*, std::vector<OutputKind>>> found;
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
    credits();
    toc += "<li><a href=\"#credits\">Data credits</a></li>";
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

}  // namespace detail

using namespace detail;

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

std::vector<OutputKind> detect_kinds(const midlink::DatasetData& d) {
    std::vector<OutputKind> kinds;
    const bool access_areas =
        std::any_of(d.layers.begin(), d.layers.end(), [](const midlink::LayerData& l) {
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
                    [](const midlink::LayerData& l) { return starts_with(l.name, "difference"); });
    const auto* ranking = d.layer("ranking");
    if ((ranking && !ranking->spatial()) || difference) kinds.push_back(OutputKind::Scenarios);
    return kinds;
}

Report build_report(const ReportInputs& in, const ReportOptions& options) {
    return Builder(in, options).run();
}

}  // namespace midlink::report
