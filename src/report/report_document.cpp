#include "report_document.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "midlink/report/charts.hpp"
#include "midlink/report/html.hpp"
#include "midlink/report/map_furniture.hpp"
#include "midlink/report/palette.hpp"

namespace midlink::report::detail {
namespace {

constexpr double kDisplayWidthPx = 660.0;    // a map's CSS max-width
constexpr std::size_t kTooltipLimit = 1500;  // per-area tooltips only on small layers
constexpr const char* kFlagColour = "#c9c9c9";  // roll-up areas too few of whose origins reached

double units_per_px(const MapFrame& f) { return std::max(f.width, f.height / 1.4) / kDisplayWidthPx; }

ClassOptions class_options(const ReportOptions& o) {
    return {o.breaks.empty() ? o.classification : Classification::Fixed, o.classes, o.breaks};
}

std::string method_note(const ReportOptions& o, std::size_t classes) {
    switch (class_options(o).method) {
        case Classification::Equal:
            return std::to_string(classes) + " equal-interval classes";
        case Classification::Jenks:
            return std::to_string(classes) + " natural-breaks (Jenks) classes";
        case Classification::Fixed:
            return std::to_string(classes) + " classes at fixed breaks";
        case Classification::Quantile:
            break;
    }
    return std::to_string(classes) + " quantile classes";
}

std::string fmt(double v) { return svg_number(v); }

const char* kStyle =
    R"(body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1100px;padding:0 20px 40px;color:#222;background:#fff}
h1{font-size:1.8em;margin:24px 0 4px}h2{border-bottom:2px solid #0072B2;padding-bottom:4px;margin-top:40px}h3{margin-top:28px}
nav ul{columns:2;padding-left:20px}
figure{margin:18px 0;padding:10px;border:1px solid #ddd;border-radius:4px;break-inside:avoid}
figcaption{font-size:.86em;color:#333;margin-top:8px}figcaption .t{font-weight:600;display:block;font-size:1.05em;margin-bottom:2px}
figcaption dl{display:grid;grid-template-columns:max-content auto;gap:1px 10px;margin:4px 0}figcaption dt{color:#666}figcaption dd{margin:0}
.row{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
svg.map{flex:1 1 480px;width:100%;max-width:660px;max-height:720px;height:auto;background:#fafafa;border:1px solid #eee}
.side{flex:0 1 340px}svg.chart{width:340px;max-width:100%;height:auto;font-size:11px}svg.chart.wide{width:560px}svg.chart .note{fill:#666}
.scroll{overflow-x:auto}
.legend{list-style:none;padding:0;margin:0;font-size:.86em;min-width:200px}.legend li{margin:3px 0;display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:22px;height:14px;border:1px solid #999;flex:none}
.sw.null{background:repeating-linear-gradient(45deg,#999 0 2px,#f2f2f2 2px 6px)}
.sw.line{height:0;border:0;border-top-width:4px;border-top-style:solid}
table{border-collapse:collapse;margin:14px 0;font-size:.88em;width:100%}caption{text-align:left;font-size:.92em;color:#333;padding:4px 0;caption-side:bottom}
th,td{border-bottom:1px solid #e3e3e3;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f3f6f9}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.null{color:#999;font-style:italic;text-align:right}.absent{color:#8a4b00}.summary li{margin:2px 0}
.caveat{border-left:4px solid #D55E00;background:#fff4e5;padding:6px 10px}tr.flag td{color:#777;background:#efefef}
.credits li{margin:4px 0}.credits .src{color:#666;font-size:.86em}pre.attribution{white-space:pre-wrap;font-size:.8em;background:#f7f7f7;padding:6px}
svg.map text{fill:#222}
@page{size:A4;margin:14mm 12mm}
@media print{nav{display:none}figure{border:0;padding:0}body{max-width:none;padding:0;font-size:10.5pt}
h2{break-before:page}header h2{break-before:auto}h3,h4{break-after:avoid}figure,svg.map,.legend,tr{break-inside:avoid}
svg.map{max-height:190mm;flex-basis:100%}.scroll{overflow:visible}})";

// A dash pattern given in displayed pixels ("6 4"), in map units.
std::string scaled_dash(const std::string& dash_px, double units_per_px) {
    std::string out;
    std::size_t pos = 0;
    while (pos < dash_px.size()) {
        std::size_t used = 0;
        const double v = std::stod(dash_px.substr(pos), &used);
        out += (out.empty() ? "" : " ") + fmt(v * units_per_px);
        pos += used;
        while (pos < dash_px.size() && dash_px[pos] == ' ') ++pos;
    }
    return out;
}

}  // namespace

double number(const midlink::CellValue& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* s = std::get_if<std::string>(&v)) {
        char* end = nullptr;
        const double d = std::strtod(s->c_str(), &end);
        if (!s->empty() && end && *end == '\0') return d;
    }
    return std::nan("");
}

std::string text(const midlink::CellValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return "";
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return format_number(number(v));
}

bool is_numeric(const midlink::LayerData& l, int column) {
    return column >= 0 &&
           l.columns[static_cast<std::size_t>(column)].kind != midlink::ColumnKind::String;
}

std::string unit_of(const std::string& c) {
    auto ends = [&](const char* s) {
        const std::string suffix(s);
        return c.size() >= suffix.size() &&
               c.compare(c.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends("_min")) return "minutes";
    if (ends("_pct") || ends("_pct_from") || ends("_pct_to") || ends("share_pct"))
        return "% of premises";
    if (ends("_pp")) return "percentage points";
    if (ends("_km")) return "km";
    if (ends("_kmh")) return "km/h";
    if (ends("_m2")) return "m²";
    if (ends("_m")) return "m";
    if (ends("_s")) return "seconds";
    if (ends("_gbp")) return "£";
    if (c.find("2sfca") != std::string::npos || c.find("bfca") != std::string::npos)
        return "opportunities per person";
    if (c.find("hansen") != std::string::npos) return "distance-weighted opportunities";
    if (c.find("_cum") != std::string::npos) return "opportunities within the time";
    if (c.find("jts_dest") != std::string::npos)
        return "destinations within the time (capped at 10)";
    if (c.find("jts_orig") != std::string::npos) return "share of users within the time";
    if (c.find("gap") != std::string::npos || c.find("exposure") != std::string::npos)
        return "index, 0 to 1";
    return "";
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string crs_note(const midlink::LayerData& l) {
    if (l.crs == "EPSG:27700")
        return "EPSG:27700 (British National Grid), projected metres; north up (SVG y = −northing)";
    if (l.crs.empty()) return "none recorded (coordinates drawn as they are, north up)";
    return l.crs + " (could not be taken to EPSG:27700; drawn as it is, north up)";
}

void Document::heading(int level, const std::string& t, const std::string& id) {
    const std::string h = "h" + std::to_string(level);
    m_body += "<" + h + (id.empty() ? "" : " id=\"" + escape(id) + "\"") + ">" + escape(t) + "</" +
              h + ">\n";
}

void Document::paragraph(const std::string& t) { m_body += "<p>" + escape(t) + "</p>\n"; }

double Document::tolerance(const MapFrame& f) const {
    return m_options.tolerance_px * std::max(f.width, f.height / 1.4) / kDisplayWidthPx;
}

const Document::GeometrySet& Document::geometry(const midlink::LayerData& layer, const std::string& key,
                                                const std::vector<std::size_t>& rows) {
    const auto found = m_geometry.find(key);
    if (found != m_geometry.end()) return found->second;
    BBox extent;
    for (std::size_t r : rows) {
        if (r < layer.shapes.size()) {
            const BBox b = shape_bbox(layer.shapes[r]);
            if (!b.empty()) {
                extent.expand({b.min_x, b.min_y});
                extent.expand({b.max_x, b.max_y});
            }
        }
    }
    GeometrySet set;
    set.frame = make_frame(extent, m_options.map_width);
    const double tol = tolerance(set.frame);
    const std::string prefix = "g" + std::to_string(m_geometry.size()) + "_";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::string d =
            rows[i] < layer.shapes.size() ? path_data(layer.shapes[rows[i]], set.frame, tol) : "";
        if (d.empty()) {
            set.ids.emplace_back();
            continue;
        }
        set.ids.push_back(prefix + std::to_string(i));
        m_defs += "<path id=\"" + set.ids.back() + "\" d=\"" + d + "\"/>\n";
    }
    return m_geometry.emplace(key, std::move(set)).first->second;
}

std::string Document::map_overlays(const MapFrame& f) const {
    const double px = units_per_px(f);
    std::string s;
    std::string labels;
    for (const auto& p : m_places) {
        if (!f.intersects({p.xy.x, p.xy.y, p.xy.x, p.xy.y})) continue;
        const Point q = f.to_svg(p.xy);
        labels += "<circle cx=\"" + fmt(q.x) + "\" cy=\"" + fmt(q.y) + "\" r=\"" + fmt(3 * px) +
                  "\"/><text x=\"" + fmt(q.x + 5 * px) + "\" y=\"" + fmt(q.y - 4 * px) + "\">" +
                  escape(p.name) + "</text>";
    }
    if (!labels.empty())
        s += "<g class=\"places\" font-size=\"" + fmt(12 * px) +
             "\" font-family=\"sans-serif\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"" +
             fmt(3 * px) + "\" paint-order=\"stroke\">" + labels + "</g>";
    return s + map_furniture_svg(f, px);
}

std::string Document::caption_html(const Caption& c, const std::string& extra) const {
    std::string s = "<figcaption><span class=\"t\">Figure " + std::to_string(m_figures) + ". " +
                    escape(c.title) + "</span><dl>";
    auto item = [&](const char* k, const std::string& v) {
        if (!v.empty()) s += "<dt>" + std::string(k) + "</dt><dd>" + escape(v) + "</dd>";
    };
    std::string data = c.file;
    if (!c.layer.empty()) data += ", layer " + c.layer;
    if (!c.column.empty()) data += ", column " + c.column;
    item("Data", data);
    item("Unit", c.unit);
    item("Definition", c.definition);
    item("NULL means", c.null_means);
    item("Method", c.method);
    item("CRS", c.crs);
    return s + "</dl>" + extra + "</figcaption>";
}

void Document::choropleth(const Choropleth& c) {
    const midlink::LayerData& layer = *c.layer;
    const GeometrySet& geo = geometry(layer, c.geometry_key, c.rows);
    const bool flags = c.flagged.size() == c.rows.size();
    std::vector<double> classed = c.values;  // flagged areas stay out of the classes
    if (flags) {
        for (std::size_t i = 0; i < classed.size(); ++i) {
            if (c.flagged[i]) classed[i] = std::nan("");
        }
    }
    const Classes classes = make_classes(classed, class_options(m_options));
    const auto colours = sequential_colours(classes.count());
    // Classes, then NULL, then the flagged areas.
    std::vector<std::vector<std::size_t>> members(classes.count() + 2);
    std::size_t no_geometry = 0;
    for (std::size_t i = 0; i < c.rows.size(); ++i) {
        const int k = classes.class_of(classed[i]);
        if (geo.ids[i].empty()) ++no_geometry;
        if (flags && c.flagged[i])
            members[classes.count() + 1].push_back(i);
        else
            members[k < 0 ? classes.count() : static_cast<std::size_t>(k)].push_back(i);
    }
    ++m_figures;
    ++m_report.maps;
    std::string s =
        "<figure class=\"choropleth\"><div class=\"row\"><svg class=\"map\" viewBox=\"0 0 " +
        fmt(geo.frame.width) + " " + fmt(geo.frame.height) +
        "\" role=\"img\" aria-label=\"map of " + escape(c.caption.column) + "\">";
    s += "<g stroke=\"#ffffff\" stroke-width=\"" + fmt(std::max(1.0, geo.frame.width / 2500.0)) +
         "\" fill-rule=\"evenodd\">";
    const bool tooltips = c.rows.size() <= kTooltipLimit && c.labels.size() == c.rows.size();
    for (std::size_t k = 0; k < members.size(); ++k) {
        const bool null_class = k == classes.count();
        const bool flag_class = k == classes.count() + 1;
        if (flag_class && !flags) continue;
        s += "<g fill=\"" +
             (null_class ? std::string("url(#hatch)") : flag_class ? kFlagColour : colours[k]) +
             "\"" + (null_class ? " class=\"null\"" : flag_class ? " class=\"flagged\"" : "") + ">";
        for (std::size_t i : members[k]) {
            if (geo.ids[i].empty()) continue;
            s += "<use href=\"#" + geo.ids[i] + "\"";
            if (tooltips) {
                s += "><title>" + escape(c.labels[i]) + ": " + format_number(c.values[i]) +
                     "</title></use>";
            } else {
                s += "/>";
            }
        }
        s += "</g>";
    }
    s += "</g>";
    if (c.outlines) {
        // The coarser areas' outlines over the fill, so a planner sees the districts.
        std::string d;
        for (const auto& sh : c.outlines->shapes) {
            if (geo.frame.intersects(shape_bbox(sh))) d += path_data(sh, geo.frame, tolerance(geo.frame));
        }
        s += "<path class=\"outline\" d=\"" + d + "\" fill=\"none\" stroke=\"#333333\" stroke-width=\"" +
             fmt(1.6 * units_per_px(geo.frame)) + "\"><title>" + escape(c.outlines->name) +
             " boundaries</title></path>";
    }
    s += map_overlays(geo.frame) + "</svg>";
    // Legend: class breaks with counts, then NULL, never folded into a class.
    s += "<div class=\"side\"><ul class=\"legend\"><li><strong>" + escape(c.caption.column) +
         (c.caption.unit.empty() ? "" : " (" + escape(c.caption.unit) + ")") + "</strong></li>";
    for (std::size_t k = 0; k < classes.count(); ++k) {
        s += "<li><span class=\"sw\" style=\"background:" + colours[k] + "\"></span>" +
             format_number(classes.breaks[k]) + " – " + format_number(classes.breaks[k + 1]) +
             " <span class=\"n\">(" + std::to_string(members[k].size()) + ")</span></li>";
    }
    const std::size_t n_null = members[classes.count()].size();
    s += "<li class=\"nodata\"><span class=\"sw null\"></span>no data (" + std::to_string(n_null) +
         ") — NULL: " + std::to_string(n_null) + " area" + (n_null == 1 ? "" : "s") +
         (c.null_breakdown.empty() ? "" : " (" + escape(c.null_breakdown) + ")") + "</li>";
    if (flags)
        s += "<li class=\"flagged\"><span class=\"sw\" style=\"background:" + std::string(kFlagColour) +
             "\"></span>" + escape(c.flag_legend) + " (" + std::to_string(members.back().size()) + ")</li>";
    if (c.outlines)
        s += "<li><span class=\"sw\" style=\"background:none;border:2px solid #333\"></span>" +
             escape(c.outlines->name) + " boundaries</li>";
    if (no_geometry > 0) s += "<li>no geometry: " + std::to_string(no_geometry) + "</li>";
    s += "</ul>";
    HistogramSpec h;
    h.values = classed;
    h.label = c.caption.column + (c.caption.unit.empty() ? "" : " (" + c.caption.unit + ")");
    h.classes = &classes;
    s += histogram_svg(h) + "</div></div>";
    ++m_report.charts;
    Caption cap = c.caption;
    const std::size_t known = c.rows.size() - n_null - members.back().size();
    cap.method =
        (cap.method.empty() ? "" : cap.method + "; ") + method_note(m_options, classes.count()) +
        " of the " + std::to_string(known) +
        " non-NULL values (breaks rounded; tied breaks merged); NULL hatched, never coloured as 0; "
        "boundaries simplified (Douglas–Peucker, " +
        format_number(m_options.tolerance_px) + " px); histogram: 20 equal bins";
    s += caption_html(cap) + "</figure>\n";
    m_body += s;
}

void Document::line_map(const midlink::LayerData* outlines, const std::vector<LineOverlay>& overlays,
                        const Caption& caption) {
    BBox extent;
    for (const auto& o : overlays) {
        for (std::size_t r : o.rows) {
            const BBox b = r < o.layer->shapes.size() ? shape_bbox(o.layer->shapes[r]) : BBox{};
            if (b.empty()) continue;
            extent.expand({b.min_x, b.min_y});
            extent.expand({b.max_x, b.max_y});
        }
    }
    if (extent.empty() && outlines) {
        for (const auto& sh : outlines->shapes) {
            const BBox b = shape_bbox(sh);
            if (b.empty()) continue;
            extent.expand({b.min_x, b.min_y});
            extent.expand({b.max_x, b.max_y});
        }
    }
    const MapFrame frame = make_frame(extent, m_options.map_width, 0.05);
    const double tol = tolerance(frame);
    const double px =
        std::max(frame.width, frame.height / 1.4) / kDisplayWidthPx;  // units per displayed pixel
    ++m_figures;
    ++m_report.maps;
    std::string s =
        "<figure class=\"linemap\"><div class=\"row\"><svg class=\"map\" viewBox=\"0 0 " +
        fmt(frame.width) + " " + fmt(frame.height) + "\" role=\"img\" aria-label=\"" +
        escape(caption.title) + "\">";
    std::string legend = "<ul class=\"legend\">";
    if (outlines) {
        std::string d;
        for (const auto& sh : outlines->shapes) {
            if (frame.intersects(shape_bbox(sh))) d += path_data(sh, frame, tol);
        }
        s += "<path d=\"" + d + "\" fill=\"#f1f1ee\" stroke=\"#b5b5b5\" stroke-width=\"" +
             fmt(0.6 * px) + "\" fill-rule=\"evenodd\"/>";
        legend += "<li><span class=\"sw\" style=\"background:#f1f1ee\"></span>areas (" +
                  escape(outlines->name) + ")</li>";
    }
    for (const auto& o : overlays) {
        s += "<g fill=\"none\" stroke=\"" + o.stroke + "\" stroke-width=\"" + fmt(o.width_px * px) +
             "\" stroke-linecap=\"round\" stroke-linejoin=\"round\" stroke-opacity=\"0.9\"" +
             (o.dash.empty() ? "" : " stroke-dasharray=\"" + scaled_dash(o.dash, px) + "\"") + ">";
        for (std::size_t i = 0; i < o.rows.size(); ++i) {
            const std::size_t r = o.rows[i];
            if (r >= o.layer->shapes.size()) continue;
            const std::string d = path_data(o.layer->shapes[r], frame, tol);
            if (d.empty()) continue;
            s += "<path d=\"" + d + "\">";
            if (i < o.titles.size()) s += "<title>" + escape(o.titles[i]) + "</title>";
            s += "</path>";
        }
        s += "</g>";
        legend += "<li><span class=\"sw line\" style=\"border-top-color:" + o.stroke +
                  "\"></span>" + escape(o.legend) + "</li>";
    }
    s += map_overlays(frame) + "</svg>" + legend + "</ul></div>";
    Caption cap = caption;
    if (cap.method.empty())
        cap.method = "lines and outlines simplified (Douglas–Peucker, " +
                     format_number(m_options.tolerance_px) + " px)";
    s += caption_html(cap) + "</figure>\n";
    m_body += s;
}

void Document::graded_lines(const midlink::LayerData& layer, int column, const Caption& caption) {
    std::vector<double> values;
    for (const auto& row : layer.rows)
        values.push_back(number(row[static_cast<std::size_t>(column)]));
    const Classes classes = make_classes(values, class_options(m_options));
    const auto colours = sequential_colours(classes.count());
    BBox extent;
    for (const auto& sh : layer.shapes) {
        const BBox b = shape_bbox(sh);
        if (b.empty()) continue;
        extent.expand({b.min_x, b.min_y});
        extent.expand({b.max_x, b.max_y});
    }
    const MapFrame frame = make_frame(extent, m_options.map_width);
    const double tol = tolerance(frame);
    const double px = std::max(frame.width, frame.height / 1.4) / kDisplayWidthPx;
    std::vector<std::string> d(classes.count());
    std::vector<std::size_t> counts(classes.count(), 0);
    std::string null_d;
    std::size_t nulls = 0;
    for (std::size_t r = 0; r < layer.shapes.size() && r < values.size(); ++r) {
        const int k = classes.class_of(values[r]);
        if (k < 0) {
            null_d += path_data(layer.shapes[r], frame, tol);
            ++nulls;
            continue;
        }
        d[static_cast<std::size_t>(k)] += path_data(layer.shapes[r], frame, tol);
        ++counts[static_cast<std::size_t>(k)];
    }
    ++m_figures;
    ++m_report.maps;
    std::string s =
        "<figure class=\"linemap\"><div class=\"row\"><svg class=\"map\" viewBox=\"0 0 " +
        fmt(frame.width) + " " + fmt(frame.height) + "\" role=\"img\" aria-label=\"" +
        escape(caption.title) + "\"><g fill=\"none\" stroke-linecap=\"round\">";
    if (!null_d.empty())
        s += "<path d=\"" + null_d + "\" stroke=\"#bbbbbb\" stroke-dasharray=\"" + fmt(3 * px) +
             "\" stroke-width=\"" + fmt(0.6 * px) + "\"/>";
    std::string legend =
        "<ul class=\"legend\"><li><strong>" + escape(caption.column) + "</strong></li>";
    for (std::size_t k = 0; k < classes.count(); ++k) {
        const double w = (0.6 + 0.9 * static_cast<double>(k)) * px;
        // The lightest class is drawn grey so that it stays visible on the background.
        const std::string colour = k == 0 && classes.count() > 2 ? "#c8c8c8" : colours[k];
        s += "<path d=\"" + d[k] + "\" stroke=\"" + colour + "\" stroke-width=\"" + fmt(w) + "\"/>";
        legend += "<li><span class=\"sw line\" style=\"border-top-color:" + colour + "\"></span>" +
                  format_number(classes.breaks[k]) + " – " + format_number(classes.breaks[k + 1]) +
                  " (" + std::to_string(counts[k]) + ")</li>";
    }
    legend += "<li class=\"nodata\"><span class=\"sw null\"></span>no data (" + std::to_string(nulls) +
              ") — NULL: " + std::to_string(nulls) + "</li></ul>";
    s += "</g>" + map_overlays(frame) + "</svg>" + legend + "</div>";
    Caption cap = caption;
    cap.method = method_note(m_options, classes.count()) +
                 " (wider and darker = higher; the lowest class grey); lines "
                 "simplified (Douglas–Peucker, " +
                 format_number(m_options.tolerance_px) + " px)";
    s += caption_html(cap) + "</figure>\n";
    m_body += s;
}

void Document::table(const midlink::LayerData& layer, const std::vector<std::string>& columns,
                     const std::vector<std::size_t>& rows, const Caption& caption) {
    std::vector<int> idx;
    for (const auto& c : columns) {
        const int i = layer.column(c);
        if (i >= 0) idx.push_back(i);
    }
    if (idx.empty()) return;
    ++m_report.tables;
    std::string cap = escape(caption.title) + ". Data: " + escape(caption.file) + ", layer " +
                      escape(caption.layer);
    if (!caption.method.empty()) cap += ". " + escape(caption.method);
    if (!caption.definition.empty()) cap += ". " + escape(caption.definition);
    // The caption is the table's first child (HTML requires it); CSS shows it below.
    std::string s = "<div class=\"scroll\"><table><caption>Table " +
                    std::to_string(m_report.tables) + ". " + cap + ".</caption><thead><tr>";
    for (int i : idx)
        s += "<th>" + escape(layer.columns[static_cast<std::size_t>(i)].name) + "</th>";
    s += "</tr></thead><tbody>";
    // A row with a caveat (a roll-up area with too few origins reached) is greyed out.
    const int caveat = layer.column("caveat");
    for (std::size_t r : rows) {
        const bool flagged = caveat >= 0 && !text(layer.rows[r][static_cast<std::size_t>(caveat)]).empty();
        s += flagged ? "<tr class=\"flag\">" : "<tr>";
        for (int i : idx) {
            const auto& v = layer.rows[r][static_cast<std::size_t>(i)];
            if (std::holds_alternative<std::monostate>(v))
                s += "<td class=\"null\">NULL</td>";
            else if (is_numeric(layer, i))
                s += "<td class=\"n\">" + escape(text(v)) + "</td>";
            else
                s += "<td>" + escape(text(v)) + "</td>";
        }
        s += "</tr>";
    }
    s += "</tbody></table></div>\n";
    m_body += s;
}

void Document::key_values(const std::vector<std::pair<std::string, std::string>>& rows,
                          const std::string& caption) {
    ++m_report.tables;
    std::string s = "<div class=\"scroll\"><table><caption>Table " +
                    std::to_string(m_report.tables) + ". " + escape(caption) + "</caption><tbody>";
    for (const auto& [k, v] : rows)
        s += "<tr><th>" + escape(k) + "</th><td>" + escape(v) + "</td></tr>";
    s += "</tbody></table></div>\n";
    m_body += s;
}

void Document::chart(const std::string& svg, const Caption& caption) {
    ++m_figures;
    ++m_report.charts;
    m_body += "<figure class=\"chart\">" + svg + caption_html(caption) + "</figure>\n";
}

Report Document::finish(const std::string& title, const std::string& header_html) {
    Report r = m_report;
    r.html.reserve(m_body.size() + m_defs.size() + 8192);
    r.html +=
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
        "content=\"width=device-width\">";
    r.html += "<title>" + escape(title) + "</title><style>";
    r.html += kStyle;
    r.html += "</style></head><body>\n";
    // Shared drawing: the hatch for NULL and every area's path, referenced by the maps.
    r.html +=
        "<svg width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>"
        "<pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"50\" height=\"50\" "
        "patternTransform=\"rotate(45)\">"
        "<rect width=\"50\" height=\"50\" fill=\"#eeeeee\"/><rect width=\"16\" height=\"50\" "
        "fill=\"#999999\"/></pattern>\n";
    r.html += m_defs;
    r.html += "</defs></svg>\n";
    r.html += header_html;
    r.html += m_body;
    r.html += "</body></html>\n";
    return r;
}

}  // namespace midlink::report::detail
