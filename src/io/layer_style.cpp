#include "layer_style.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "midlink/core/markup.hpp"

namespace midlink::io::style {
namespace {

// viridis in five steps: ordered in lightness, readable with the common colour blindnesses
// and in grey print.
constexpr std::array<const char*, 5> kRampHex = {"#440154", "#3b528b", "#21918c", "#5ec962",
                                                 "#fde725"};
constexpr std::array<const char*, 5> kRampRgb = {"68,1,84,255", "59,82,139,255", "33,145,140,255",
                                                 "94,201,98,255", "253,231,37,255"};
constexpr std::array<double, 5> kLineWidthMm = {0.4, 0.7, 1.0, 1.4, 1.8};
constexpr const char* kNoDataRgb = "150,150,150,255";
constexpr const char* kNoDataHex = "#969696";
constexpr const char* kNoDataLabel = "no data (NULL)";

std::string xml(const std::string& s) { return markup_escape(s); }

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s == "-0" || s.rfind("-0.", 0) == 0) {  // never print a negative zero
        if (std::stod(s) == 0) s.erase(0, 1);
    }
    return s;
}

// Which of the five ramp steps class k of n takes: spread out, ends kept.
std::size_t ramp_step(std::size_t k, std::size_t n) {
    return n <= 1 ? 2 : k * (kRampHex.size() - 1) / (n - 1);
}

std::size_t class_count(const StyleRequest& r) {
    return r.measure.empty() || r.classes.bounds.size() < 2 ? 0 : r.classes.bounds.size() - 1;
}

std::string class_label(const StyleRequest& r, std::size_t k) {
    const auto& b = r.classes.bounds;
    const std::string lo = fixed(b[k], r.classes.decimals), hi = fixed(b[k + 1], r.classes.decimals);
    return lo == hi ? lo : lo + " – " + hi;
}

// The value NULL is drawn as in QML: QGIS's graduated renderer classes a number, so the
// class attribute is coalesce(measure, this), a value below every class.
double no_data_value(const StyleRequest& r) {
    const auto& b = r.classes.bounds;
    if (b.size() < 2) return -1;
    const double span = std::max(b.back() - b.front(), std::pow(10.0, -r.classes.decimals));
    return b.front() - span;
}

std::string quoted_field(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// ---- QML ------------------------------------------------------------------------------

void prop(std::ostringstream& o, const char* k, const std::string& v) {
    o << "          <prop k=\"" << k << "\" v=\"" << xml(v) << "\"/>\n";
}

const char* symbol_type(GeometryKind g) {
    return g == GeometryKind::LineString ? "line" : g == GeometryKind::Point ? "marker" : "fill";
}

void qml_symbol(std::ostringstream& o, const StyleRequest& r, const std::string& name,
                const char* rgb, double width_mm, bool no_data) {
    o << "      <symbol type=\"" << symbol_type(r.geometry) << "\" name=\"" << name
      << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
    if (r.geometry == GeometryKind::LineString) {
        o << "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
        prop(o, "line_color", rgb);
        prop(o, "line_width", fixed(width_mm, 1));
        prop(o, "line_width_unit", "MM");
        prop(o, "line_style", no_data ? "dash" : "solid");
        prop(o, "capstyle", "round");
        prop(o, "joinstyle", "round");
    } else if (r.geometry == GeometryKind::Point) {
        o << "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
        prop(o, "name", no_data ? "cross2" : "circle");
        prop(o, "color", rgb);
        prop(o, "outline_color", no_data ? rgb : "35,35,35,255");
        prop(o, "outline_width", no_data ? "0.4" : "0.2");
        prop(o, "outline_width_unit", "MM");
        prop(o, "size", "2.4");
        prop(o, "size_unit", "MM");
    } else {
        o << "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
        prop(o, "color", rgb);
        prop(o, "style", no_data ? "b_diagonal" : "solid");  // grey hatch for no data
        prop(o, "outline_color", "120,120,120,255");
        prop(o, "outline_style", "solid");
        prop(o, "outline_width", "0.1");
        prop(o, "outline_width_unit", "MM");
    }
    o << "        </layer>\n      </symbol>\n";
}

void qml_fields(std::ostringstream& o, const StyleRequest& r) {
    if (r.two_decimal_fields.empty()) return;
    o << "  <fieldConfiguration>\n";
    for (const auto& f : r.two_decimal_fields) {
        // The Range widget's Precision is how QGIS displays a real in the attribute table and
        // forms.
        o << "    <field name=\"" << xml(f) << "\" configurationFlags=\"None\">\n"
          << "      <editWidget type=\"Range\">\n        <config>\n          <Option "
             "type=\"Map\">\n"
          << "            <Option name=\"AllowNull\" type=\"bool\" value=\"true\"/>\n"
          << "            <Option name=\"Precision\" type=\"int\" value=\"2\"/>\n"
          << "            <Option name=\"Step\" type=\"double\" value=\"0.01\"/>\n"
          << "            <Option name=\"Style\" type=\"QString\" value=\"SpinBox\"/>\n"
          << "          </Option>\n        </config>\n      </editWidget>\n    </field>\n";
    }
    o << "  </fieldConfiguration>\n";
}

// ---- SLD ------------------------------------------------------------------------------

void sld_symbolizer(std::ostringstream& o, const StyleRequest& r, const char* hex, double width_mm,
                    bool no_data) {
    const double px = width_mm * 3.78;  // SLD widths are in pixels (0.28 mm each)
    if (r.geometry == GeometryKind::LineString) {
        o << "          <se:LineSymbolizer>\n            <se:Stroke>\n"
          << "              <se:SvgParameter name=\"stroke\">" << hex << "</se:SvgParameter>\n"
          << "              <se:SvgParameter name=\"stroke-width\">" << fixed(px, 1)
          << "</se:SvgParameter>\n";
        if (no_data)
            o << "              <se:SvgParameter name=\"stroke-dasharray\">6 3</se:SvgParameter>\n";
        o << "            </se:Stroke>\n          </se:LineSymbolizer>\n";
    } else if (r.geometry == GeometryKind::Point) {
        o << "          <se:PointSymbolizer>\n            <se:Graphic>\n              <se:Mark>\n"
          << "                <se:WellKnownName>" << (no_data ? "x" : "circle")
          << "</se:WellKnownName>\n"
          << "                <se:Fill><se:SvgParameter name=\"fill\">" << hex
          << "</se:SvgParameter></se:Fill>\n"
          << "                <se:Stroke><se:SvgParameter "
             "name=\"stroke\">#232323</se:SvgParameter></se:Stroke>\n"
          << "              </se:Mark>\n              <se:Size>9</se:Size>\n"
          << "            </se:Graphic>\n          </se:PointSymbolizer>\n";
    } else {
        o << "          <se:PolygonSymbolizer>\n            <se:Fill>\n";
        if (no_data) {
            o << "              <se:GraphicFill>\n                <se:Graphic>\n                  "
                 "<se:Mark>\n"
              << "                    <se:WellKnownName>shape://backslash</se:WellKnownName>\n"
              << "                    <se:Stroke><se:SvgParameter name=\"stroke\">" << hex
              << "</se:SvgParameter></se:Stroke>\n"
              << "                  </se:Mark>\n                  <se:Size>8</se:Size>\n"
              << "                </se:Graphic>\n              </se:GraphicFill>\n";
        } else {
            o << "              <se:SvgParameter name=\"fill\">" << hex << "</se:SvgParameter>\n";
        }
        o << "            </se:Fill>\n            <se:Stroke>\n"
          << "              <se:SvgParameter name=\"stroke\">#787878</se:SvgParameter>\n"
          << "              <se:SvgParameter name=\"stroke-width\">0.4</se:SvgParameter>\n"
          << "            </se:Stroke>\n          </se:PolygonSymbolizer>\n";
    }
}

void sld_compare(std::ostringstream& o, const char* op, const std::string& field,
                 const std::string& literal) {
    o << "              <ogc:" << op << "><ogc:PropertyName>" << xml(field)
      << "</ogc:PropertyName><ogc:Literal>" << literal << "</ogc:Literal></ogc:" << op << ">\n";
}

void sld_rule(std::ostringstream& o, const std::string& title, const std::string& filter) {
    o << "        <se:Rule>\n          <se:Name>" << xml(title) << "</se:Name>\n"
      << "          <se:Description><se:Title>" << xml(title) << "</se:Title></se:Description>\n"
      << filter;
}

}  // namespace

bool is_minutes_column(const std::string& name) {
    return name.size() > 4 && name.compare(name.size() - 4, 4, "_min") == 0;
}

Classes quantile_classes(std::vector<double> values, int classes) {
    Classes out;
    if (values.empty() || classes < 1) return out;
    std::sort(values.begin(), values.end());
    const double lo = values.front(), hi = values.back();
    const double range = hi - lo;
    const double magnitude = range > 0 ? range : std::max(std::abs(hi), 1.0);
    double unit = std::pow(10.0, std::floor(std::log10(magnitude)) - 1);
    const bool whole =
        std::all_of(values.begin(), values.end(), [](double v) { return v == std::floor(v); });
    if (whole) unit = std::max(unit, 1.0);
    out.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(unit) + 1e-9)));
    auto round_to = [unit](double v) { return std::round(v / unit) * unit; };
    const double lower = std::floor(lo / unit + 1e-9) * unit;
    const double upper = std::ceil(hi / unit - 1e-9) * unit;
    out.bounds.push_back(lower);
    const std::size_t n = values.size();
    for (int k = 1; k < classes; ++k) {
        const double q = round_to(
            values[(static_cast<std::size_t>(k) * (n - 1)) / static_cast<std::size_t>(classes)]);
        if (q > out.bounds.back() && q < upper) out.bounds.push_back(q);
    }
    out.bounds.push_back(upper);  // equal to lower when every value is the same
    return out;
}

std::string style_qml(const StyleRequest& r) {
    std::ostringstream o;
    o << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
      << "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology|Fields\">\n";
    const std::size_t n = class_count(r);
    if (n == 0) {
        o << "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" "
             "enableorderby=\"0\">\n"
          << "    <symbols>\n";
        qml_symbol(o, r, "0", kRampRgb[2], kLineWidthMm[1], false);
        o << "    </symbols>\n  </renderer-v2>\n";
    } else {
        const int d = r.classes.decimals;
        const std::string attr =
            "coalesce(" + quoted_field(r.measure) + ", " + fixed(no_data_value(r), d) + ")";
        o << "  <renderer-v2 type=\"graduatedSymbol\" attr=\"" << xml(attr)
          << "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" forceraster=\"0\" "
             "enableorderby=\"0\">\n"
          << "    <ranges>\n"
          << "      <range lower=\"" << fixed(no_data_value(r), d) << "\" upper=\""
          << fixed(no_data_value(r), d) << "\" symbol=\"0\" label=\"" << kNoDataLabel
          << "\" render=\"true\"/>\n";
        for (std::size_t k = 0; k < n; ++k) {
            o << "      <range lower=\"" << fixed(r.classes.bounds[k], d) << "\" upper=\""
              << fixed(r.classes.bounds[k + 1], d) << "\" symbol=\"" << k + 1 << "\" label=\""
              << xml(class_label(r, k)) << "\" render=\"true\"/>\n";
        }
        o << "    </ranges>\n    <symbols>\n";
        qml_symbol(o, r, "0", kNoDataRgb, kLineWidthMm[0], true);
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t step = ramp_step(k, n);
            qml_symbol(o, r, std::to_string(k + 1), kRampRgb[step], kLineWidthMm[step], false);
        }
        o << "    </symbols>\n"
          << "    <mode name=\"quantile\"/>\n"
          << "    <classificationMethod id=\"Quantile\">\n"
          << "      <symmetricMode enabled=\"0\" symmetrypoint=\"0\" astride=\"0\"/>\n"
          << "      <labelFormat format=\"%1 – %2\" labelprecision=\"" << d
          << "\" trimtrailingzeroes=\"1\"/>\n"
          << "    </classificationMethod>\n"
          << "  </renderer-v2>\n";
    }
    qml_fields(o, r);
    o << "</qgis>\n";
    return o.str();
}

std::string style_sld(const StyleRequest& r) {
    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<StyledLayerDescriptor version=\"1.1.0\" xmlns=\"http://www.opengis.net/sld\""
      << " xmlns:se=\"http://www.opengis.net/se\" xmlns:ogc=\"http://www.opengis.net/ogc\""
      << " xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
      << " xsi:schemaLocation=\"http://www.opengis.net/sld"
      << " http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
      << "  <NamedLayer>\n    <se:Name>" << xml(r.layer) << "</se:Name>\n    <UserStyle>\n"
      << "      <se:Name>" << xml(r.layer) << "</se:Name>\n      <se:FeatureTypeStyle>\n";
    const std::size_t n = class_count(r);
    if (n == 0) {
        sld_rule(o, r.layer, "");
        sld_symbolizer(o, r, kRampHex[2], kLineWidthMm[1], false);
        o << "        </se:Rule>\n";
    } else {
        const int d = r.classes.decimals;
        for (std::size_t k = 0; k < n; ++k) {
            std::ostringstream f;
            f << "          <ogc:Filter xmlns:ogc=\"http://www.opengis.net/ogc\">\n            "
                 "<ogc:And>\n";
            // The first class includes its lower bound; the others start just above theirs.
            sld_compare(f, k == 0 ? "PropertyIsGreaterThanOrEqualTo" : "PropertyIsGreaterThan",
                        r.measure, fixed(r.classes.bounds[k], d));
            sld_compare(f, "PropertyIsLessThanOrEqualTo", r.measure,
                        fixed(r.classes.bounds[k + 1], d));
            f << "            </ogc:And>\n          </ogc:Filter>\n";
            sld_rule(o, class_label(r, k), f.str());
            const std::size_t step = ramp_step(k, n);
            sld_symbolizer(o, r, kRampHex[step], kLineWidthMm[step], false);
            o << "        </se:Rule>\n";
        }
        std::ostringstream f;
        f << "          <ogc:Filter xmlns:ogc=\"http://www.opengis.net/ogc\">\n"
          << "            <ogc:PropertyIsNull><ogc:PropertyName>" << xml(r.measure)
          << "</ogc:PropertyName></ogc:PropertyIsNull>\n          </ogc:Filter>\n";
        sld_rule(o, kNoDataLabel, f.str());
        sld_symbolizer(o, r, kNoDataHex, kLineWidthMm[0], true);
        o << "        </se:Rule>\n";
    }
    o << "      </se:FeatureTypeStyle>\n    </UserStyle>\n  "
         "</NamedLayer>\n</StyledLayerDescriptor>\n";
    return o.str();
}

}  // namespace midlink::io::style
