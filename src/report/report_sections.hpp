#pragma once
// Private: the report's sections (one per kind of output) and the small queries over
// layers they share. Each kind's section lives in its own file.
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "midlink/core/layer_data.hpp"
#include "midlink/report/report_builder.hpp"
#include "report_document.hpp"

namespace midlink::report::detail {

bool has_columns(const midlink::LayerData& l, std::initializer_list<const char*> names);
bool starts_with(const std::string& s, const std::string& p);
bool ends_with(const std::string& s, const std::string& p);
bool polygonal(const midlink::LayerData& l);
std::vector<std::size_t> all_rows(const midlink::LayerData& l);
std::vector<double> column_values(const midlink::LayerData& l, int c,
                                  const std::vector<std::size_t>& rows);
/// Per row, the non-empty values of the named columns joined by spaces (tooltips).
std::vector<std::string> column_labels(const midlink::LayerData& l, const std::vector<std::size_t>& rows,
                                       std::initializer_list<const char*> names);
/// Rows ordered by a numeric column (NULL last), ties in file order, at most `limit`.
std::vector<std::size_t> sorted_rows(const midlink::LayerData& l, const std::string& column,
                                     bool ascending, std::size_t limit);
std::vector<std::string> names_of(const midlink::LayerData& l);
/// The column holding areas' or places' names: a text column called name or area_name, or
/// whose name ends in NM (ONS style: LAD24NM, LSOA21NM) or _name; -1 when none.
int name_column(const midlink::LayerData& l);
/// Per row, "code name" for tooltips: the id or code columns and the name column.
std::vector<std::string> area_labels(const midlink::LayerData& l, const std::vector<std::size_t>& rows);

/// How far a roll-up's figures rest on its origins: reached = origins − unsnapped −
/// unreachable (origins snapped to the network with a destination in reach).
struct Reach {
    double origins = 0;
    double reached = 0;
    [[nodiscard]] double share() const { return origins > 0 ? reached / origins : 0.0; }
};
/// A row's reach from an access layer's origins, unsnapped and unreachable counts.
Reach row_reach(const midlink::LayerData& l, std::size_t row);

/// Extras of a choropleth beyond its values.
struct MapExtras {
    const midlink::LayerData* outlines = nullptr;  // coarser areas drawn on top
    std::vector<bool> flagged;                     // per drawn row
    std::string flag_legend;
};

// Definitions keyed by column from a metadata table (measures, coverage_columns).
struct Definition {
    std::string definition;
    std::string null_means;
};
std::map<std::string, Definition> definitions(const midlink::DatasetData& d, const char* layer,
                                              const char* def_col, const char* null_col);

class Builder {
  public:
    Builder(const ReportInputs& in, const ReportOptions& options)
        : m_in(in), m_options(options), m_doc(options) {}

    Report run();

  private:
    void access(const midlink::DatasetData& d);
    void coverage(const midlink::DatasetData& d);
    void corridors(const midlink::DatasetData& d);
    void gaps(const midlink::DatasetData& d);
    void centrality(const midlink::DatasetData& d);
    void scenarios(const midlink::DatasetData& d);
    void manifest();
    void area_maps(const midlink::DatasetData& d, const midlink::LayerData& l,
                   const std::vector<std::string>& columns,
                   const std::map<std::string, Definition>& defs,
                   const std::vector<std::size_t>& rows, const std::string& key,
                   const std::string& note, const MapExtras& extras = {});
    void credits();
    std::vector<std::string> chosen(const std::vector<std::string>& candidates) const;
    const midlink::LayerData* outline_layer() const;
    std::string header(
        const std::vector<std::pair<const midlink::DatasetData*, std::vector<OutputKind>>>& found,
        const std::vector<std::string>& absent) const;

    const ReportInputs& m_in;
    const ReportOptions& m_options;
    Document m_doc;
    std::vector<std::string> m_summary;  // key figures, in section order
};

}  // namespace midlink::report::detail
