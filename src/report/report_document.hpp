#pragma once
// Private: the building blocks of the report page (geometry shared between maps through
// <use>, choropleths with legends, line maps, tables, captions), kept apart from the
// per-output sections that decide what to show.
#include <map>
#include <string>
#include <vector>

#include "midlink/core/layer_data.hpp"
#include "midlink/report/classify.hpp"
#include "midlink/report/report_builder.hpp"
#include "midlink/report/svg_geometry.hpp"

namespace midlink::report::detail {

/// NaN for NULL and text that is not a number.
double number(const midlink::CellValue& v);
std::string text(const midlink::CellValue& v);
bool is_numeric(const midlink::LayerData& l, int column);
/// "minutes", "%", "km", ... from a column name's suffix; "" when unknown.
std::string unit_of(const std::string& column);
std::string base_name(const std::string& path);
std::string crs_note(const midlink::LayerData& l);

/// Where a figure's numbers come from and what they mean; rendered as its caption.
struct Caption {
    std::string title;
    std::string file;
    std::string layer;
    std::string column;
    std::string unit;
    std::string definition;
    std::string null_means;
    std::string method;  // classes, aggregation, simplification
    std::string crs;
};

struct Choropleth {
    const midlink::LayerData* layer = nullptr;
    std::string geometry_key;         // rows sharing a key share their drawn geometry
    std::vector<std::size_t> rows;    // rows of `layer` to draw
    std::vector<double> values;       // one per row, NaN = NULL
    std::vector<std::string> labels;  // one per row (tooltips), may be empty
    std::string null_breakdown;       // e.g. "12 unreachable, 1 unsnapped"
    Caption caption;
    const midlink::LayerData* outlines = nullptr;  // coarser areas drawn on top (e.g. LADs)
    std::vector<bool> flagged;  // one per row, may be empty: drawn grey, left out of classes
    std::string flag_legend;    // legend text of the flagged areas
};

/// A named place (a town) labelled on every map whose extent holds it.
struct Place {
    Point xy;
    std::string name;
};

struct LineOverlay {
    const midlink::LayerData* layer = nullptr;
    std::vector<std::size_t> rows;
    std::string stroke;
    double width_px = 2.0;
    std::string dash;  // in displayed pixels, e.g. "6 4"
    std::string legend;
    std::vector<std::string> titles;  // one per row, may be empty
};

class Document {
  public:
    explicit Document(const ReportOptions& options) : m_options(options) {}

    void html(const std::string& s) { m_body += s; }
    void set_places(std::vector<Place> places) { m_places = std::move(places); }
    void heading(int level, const std::string& text, const std::string& id = "");
    void paragraph(const std::string& text);
    /// A choropleth with its legend and histogram in one figure.
    void choropleth(const Choropleth& c);
    /// Area outlines (from `outlines`, when given) with line overlays over them; the extent
    /// is the overlays' unless they are empty.
    void line_map(const midlink::LayerData* outlines, const std::vector<LineOverlay>& overlays,
                  const Caption& caption);
    /// Lines of one layer grouped into quantile classes of a column (wider = higher).
    void graded_lines(const midlink::LayerData& layer, int column, const Caption& caption);
    void table(const midlink::LayerData& layer, const std::vector<std::string>& columns,
               const std::vector<std::size_t>& rows, const Caption& caption);
    void key_values(const std::vector<std::pair<std::string, std::string>>& rows,
                    const std::string& caption);
    void chart(const std::string& svg, const Caption& caption);

    [[nodiscard]] Report finish(const std::string& title, const std::string& header_html);

  private:
    struct GeometrySet {
        MapFrame frame;
        std::vector<std::string> ids;  // per drawn row, "" when it has no path
    };
    const GeometrySet& geometry(const midlink::LayerData& layer, const std::string& key,
                                const std::vector<std::size_t>& rows);
    std::string caption_html(const Caption& c, const std::string& extra = "") const;
    [[nodiscard]] double tolerance(const MapFrame& f) const;
    /// Place labels, then the scale bar and north arrow: the last children of a map's svg.
    [[nodiscard]] std::string map_overlays(const MapFrame& f) const;

    const ReportOptions& m_options;
    std::string m_body;
    std::string m_defs;
    std::map<std::string, GeometrySet> m_geometry;
    std::vector<Place> m_places;
    std::size_t m_figures = 0;
    Report m_report;
};

}  // namespace midlink::report::detail
