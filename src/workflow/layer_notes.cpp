#include "midlink/workflow/layer_notes.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace midlink::workflow {
namespace {

constexpr const char* kRoads =
    "Road network: the graph midlink was given; credit its source (OpenStreetMap: (c) "
    "OpenStreetMap "
    "contributors, ODbL 1.0; OS Open Roads: contains OS data (c) Crown copyright and database "
    "right, OGL v3.0).";
constexpr const char* kBroadband =
    "Ofcom Connected Nations and BDUK open data (contains public sector information licensed under "
    "the Open "
    "Government Licence v3.0); boundaries as given (ONS: OGL v3.0).";
constexpr const char* kAccess =
    "Origins, destinations and population as given; travel times on the road graph (see the "
    "measures layer).";

struct Note {
    std::string_view layer;    // exact name, or a prefix ending in '*'
    std::string_view key;      // a column the layer must have to match; empty: any
    std::string_view measure;  // the main measure; "*_x": the first column ending in _x
    std::string_view description;
    const char* source;
};

// Layers sharing a name across commands (edges, nodes) are told apart by a key column.
constexpr std::array kNotes{
    // graph export, route
    Note{"edges", "from_key", "time_s",
         "Directed graph edges (graph export): time_s is the edge's travel time in seconds.",
         kRoads},
    Note{"nodes", "key", "out_degree",
         "Graph nodes (graph export): out_degree is the number of edges leaving the node.", kRoads},
    Note{"routes", "", "time_s",
         "Routes between point pairs (route --geometry): time_s is the travel time in seconds.",
         kRoads},
    // isochrone
    Note{"edges", "band_min", "to_time_s",
         "Reachable road per origin (isochrone): to_time_s is the time in seconds at the edge's "
         "far end.",
         kRoads},
    Note{"bands", "", "band_min",
         "Isochrone bands per origin: the road reachable within band_min minutes, buffered.",
         kRoads},
    // centrality
    Note{"edges", "betweenness", "betweenness",
         "Edge betweenness centrality (centrality): the share of shortest paths using the edge.",
         kRoads},
    Note{"nodes", "betweenness", "betweenness", "Node betweenness centrality (centrality).",
         kRoads},
    Note{"centrality_sources", "", "", "The sampled source nodes of a sampled centrality run.",
         kRoads},
    Note{"network_criticality", "", "weighted_increase_min",
         "Critical links (centrality): weighted_increase_min is the demand-weighted rise in travel "
         "time, in minutes, when the link is closed.",
         kRoads},
    // corridors
    Note{"corridors", "", "time_min",
         "Strategic corridors (corridors): time_min is the fastest travel time along the corridor "
         "in minutes.",
         kRoads},
    Note{"alternatives", "", "time_min",
         "Alternative routes per corridor: time_min is the route's travel time in minutes.",
         kRoads},
    Note{"critical_links", "", "time_increase_min",
         "Critical links per corridor: time_increase_min is the rise in corridor time, in minutes, "
         "when the link is closed.",
         kRoads},
    Note{"hgv_restrictions", "", "length_m",
         "HGV restrictions on corridor routes: length_m is the restricted link's length in metres.",
         kRoads},
    Note{"discovered_pairs", "", "time_min",
         "Corridor end pairs found by discovery: time_min is the pair's travel time in minutes.",
         kRoads},
    // assign, flows
    Note{"assigned_edges", "", "vc_ratio",
         "Assigned traffic per edge (assign): vc_ratio is volume over capacity.", kRoads},
    Note{"flows", "", "aadf_all",
         "Traffic flows per link (flows): aadf_all is the annual average daily flow, all vehicles "
         "(DfT road traffic counts, OGL v3.0).",
         kRoads},
    Note{"counts", "", "aadf_all",
         "DfT count points (flows): aadf_all is the annual average daily flow, all vehicles.",
         "Department for Transport road traffic statistics (Open Government Licence v3.0)."},
    // coverage
    Note{"coverage*", "", "gigabit_pct",
         "Broadband coverage per area (coverage): gigabit_pct is the share of premises with "
         "gigabit-capable broadband, in percent.",
         kBroadband},
    Note{"coverage*", "", "*_pct",
         "Broadband coverage per area (coverage): the share of premises per tier, in percent.",
         kBroadband},
    Note{"trend*", "", "gigabit_change_pp",
         "Broadband coverage change per area (coverage trend): gigabit_change_pp is the change in "
         "gigabit share, in percentage points.",
         kBroadband},
    Note{"trend*", "", "*_change_pp",
         "Broadband coverage change per area (coverage trend), in percentage points.", kBroadband},
    // gaps
    Note{"segments", "", "share_pct",
         "Corridor segments (gaps): share_pct is the share of nearby premises with the coverage "
         "asked for, in percent.",
         kBroadband},
    Note{"gaps", "", "length_km",
         "Coverage gaps along corridors (gaps): length_km is the gap's length in kilometres.",
         kBroadband},
    Note{"gap_scores", "", "gap_score",
         "Areas ranked by combined transport and digital gap (gaps): gap_score, higher is a larger "
         "gap.",
         kBroadband},
    // fibre-cost
    Note{"build_network", "", "premises_downstream",
         "Fibre build network (fibre-cost): premises_downstream is the number of premises the "
         "segment serves.",
         kRoads},
    Note{"premises", "attached_cost_gbp", "attached_cost_gbp",
         "Premises to connect (fibre-cost): attached_cost_gbp is the premises' share of the build "
         "cost in pounds.",
         kRoads},
    Note{"served", "", "snap_m",
         "Premises already served (fibre-cost): snap_m is the distance to the network in metres.",
         kRoads},
    // scenarios
    Note{"difference_*", "", "*_change",
         "Change per origin under a scenario (scenarios): <measure>_change is scenario minus base.",
         kAccess},
    Note{"digital_changes", "", "premises_upgraded",
         "Digital change per area under a scenario (scenarios): premises_upgraded is the number of "
         "premises upgraded.",
         kBroadband},
    // access
    Note{"destinations", "service", "weight",
         "Access destinations: id, service and weight as given, snapped to the graph.", kAccess},
    // tables without geometry: described, never styled
    Note{"measures", "definition", "",
         "What each access measure column means and what NULL means in it.", kAccess},
    Note{"centrality_run", "", "", "The parameters of the centrality run.", kRoads},
    Note{"unmatched", "", "",
         "Areas of one side of a coverage join with no match on the other, and why.", kBroadband},
    Note{"coverage_columns", "", "", "What each coverage column means and where it comes from.",
         kBroadband},
    Note{"gap_method", "", "", "The parameters of the gap scoring.", kBroadband},
    Note{"summary", "", "",
         "The fibre build case in one row: premises, lengths and costs in pounds.", kRoads},
    Note{"ranking", "", "", "Scenarios ranked by benefit (scenarios).", kAccess},
    Note{"corridor_changes", "", "",
         "Corridor travel times, base and scenario, in minutes (scenarios).", kRoads},
    Note{"flow_changes", "", "", "Vehicle hours and capacity use, base and scenario (scenarios).",
         kRoads},
};

bool has(const io::LayerSpec& spec, std::string_view name) {
    return std::any_of(spec.fields.begin(), spec.fields.end(),
                       [&](const auto& f) { return f.name == name; });
}

bool name_matches(std::string_view pattern, const std::string& name) {
    if (!pattern.empty() && pattern.back() == '*')
        return name.rfind(pattern.substr(0, pattern.size() - 1), 0) == 0;
    return name == pattern;
}

// The measure a note names, as a column of the spec; empty when the spec has none.
std::string find_measure(const io::LayerSpec& spec, std::string_view measure) {
    if (measure.empty()) return {};
    if (measure.front() != '*') return has(spec, measure) ? std::string(measure) : std::string();
    const std::string_view tail = measure.substr(1);
    for (const auto& f : spec.fields) {
        if (f.type != io::FieldType::String && f.name.size() > tail.size() &&
            f.name.compare(f.name.size() - tail.size(), tail.size(), tail) == 0)
            return f.name;
    }
    return {};
}

// Access area layers (every level) end with the fixed counts, then snap_m at level 0, then
// one column per measure: the first of those is the main measure.
bool note_access_areas(io::LayerSpec& spec) {
    if (!has(spec, "population_missing")) return false;
    const std::string_view last_fixed = has(spec, "snap_m") ? "snap_m" : "population_missing";
    auto it = std::find_if(spec.fields.begin(), spec.fields.end(),
                           [&](const auto& f) { return f.name == last_fixed; });
    for (++it; it != spec.fields.end() && spec.main_measure.empty(); ++it) {
        if (it->type != io::FieldType::String) spec.main_measure = it->name;
    }
    if (spec.description.empty()) {
        spec.description =
            "Access measures per " + std::string(spec.name == "origins" ? "origin point" : "area") +
            " (access): one column per service and measure, defined in the measures layer" +
            (spec.main_measure.empty() ? "." : "; the style shows " + spec.main_measure + ".");
    }
    if (spec.source.empty()) spec.source = kAccess;
    return true;
}

}  // namespace

io::LayerSpec with_notes(io::LayerSpec spec) {
    if (note_access_areas(spec)) return spec;
    for (const Note& n : kNotes) {
        if (!name_matches(n.layer, spec.name) || (!n.key.empty() && !has(spec, n.key))) continue;
        const std::string measure = find_measure(spec, n.measure);
        if (!n.measure.empty() && measure.empty())
            continue;  // a later note of the same layer may fit
        if (spec.main_measure.empty()) spec.main_measure = measure;
        if (spec.description.empty()) spec.description = n.description;
        if (spec.source.empty()) spec.source = n.source;
        break;
    }
    return spec;
}

}  // namespace midlink::workflow
