#include "midlink/workflow/graph_summary.hpp"

#include <charconv>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "midlink/graph/graph_file.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {

double physical_length_m(const graph::RoadGraph& g) {
    std::vector<std::uint8_t> seen(g.link_count(), 0);
    double total_m = 0.0;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        if (!seen[g.edge_link[e]]) {
            seen[g.edge_link[e]] = 1;
            total_m += g.length_m(e);
        }
    }
    return total_m;
}

GraphSummary summarise(const graph::RoadGraph& g) {
    GraphSummary s;
    s.nodes = g.node_count();
    s.edges = g.edge_count();
    s.links = g.link_count();
    s.total_length_km = physical_length_m(g) / 1000.0;
    std::set<std::uint32_t> comps;
    for (NodeId v = 0; v < g.node_count(); ++v) comps.insert(g.component(v));
    s.components_kept = static_cast<std::uint32_t>(comps.size());
    s.components_total = g.meta.components_total;
    s.largest_share = g.meta.nodes_before_filter > 0
                          ? static_cast<double>(g.meta.largest_component_nodes) / g.meta.nodes_before_filter
                          : 1.0;
    s.memory_bytes = g.memory_bytes();
    for (LinkId l = 0; l < g.link_count(); ++l) {
        switch (g.capacity_source(l)) {
            case graph::CapacitySource::Input: ++s.capacity_from_input; break;
            case graph::CapacitySource::Profile: ++s.capacity_from_profile; break;
            case graph::CapacitySource::None: ++s.capacity_none; break;
        }
    }
    return s;
}

std::string summary_text(const graph::RoadGraph& g, const GraphSummary& s) {
    std::ostringstream o;
    o.precision(6);
    o << "source:            " << g.meta.source << "\n"
      << "profile:           " << g.meta.profile_name << "\n"
      << "crs:               " << (g.meta.crs.empty() ? "(none: abstract graph)" : g.meta.crs) << "\n"
      << "nodes:             " << s.nodes << "\n"
      << "edges:             " << s.edges << " (directed)\n"
      << "links:             " << s.links << " (physical)\n"
      << "components:        " << s.components_total << " strongly connected before filtering, "
      << s.components_kept << " kept\n"
      << "largest component: " << s.largest_share * 100.0 << "% of nodes\n"
      << "total length:      " << s.total_length_km << " km\n"
      << "memory:            " << s.memory_bytes << " bytes ("
      << (s.edges ? static_cast<double>(s.memory_bytes) / s.edges : 0.0) << " per edge)\n"
      << "capacity:          " << s.capacity_from_input + s.capacity_from_profile << " of " << s.links
      << " links (" << s.capacity_from_input << " from input, " << s.capacity_from_profile
      << " from profile, " << s.capacity_none << " none)\n"
      << "diagnostics:       " << g.meta.diagnostics_total
      << (g.meta.diagnostics_summary.empty() ? "" : " (" + g.meta.diagnostics_summary + ")") << "\n";
    return o.str();
}

std::string summary_json(const graph::RoadGraph& g, const GraphSummary& s) {
    // The graph file keeps its diagnostic counts as "code=count;code=count".
    nlohmann::ordered_json diagnostics = nlohmann::ordered_json::object();
    std::istringstream parts(g.meta.diagnostics_summary);
    std::string item;
    while (std::getline(parts, item, ';')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) continue;
        std::uint64_t n = 0;
        const auto* first = item.data() + eq + 1;
        const auto* last = item.data() + item.size();
        if (std::from_chars(first, last, n).ptr == last) diagnostics[item.substr(0, eq)] = n;
    }
    const nlohmann::ordered_json j = {
        {"source", g.meta.source},
        {"profile", g.meta.profile_name},
        {"crs", g.meta.crs},
        {"nodes", s.nodes},
        {"edges", s.edges},
        {"links", s.links},
        {"components", s.components_total},
        {"components_kept", s.components_kept},
        {"largest_component_share", json_rounded(s.largest_share, "%.10g")},  // ten digits, as before
        {"total_length_km", json_rounded(s.total_length_km, "%.10g")},
        {"memory_bytes", s.memory_bytes},
        {"capacity", {{"input", s.capacity_from_input}, {"profile", s.capacity_from_profile}, {"none", s.capacity_none}}},
        {"diagnostics_total", g.meta.diagnostics_total},
        {"diagnostics", diagnostics}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int run_graph_info(const std::string& graph_path, const std::string& format, std::ostream& results) {
    const auto g = graph::read_graph_file(graph_path);
    const auto s = summarise(g);
    results << (format == "json" ? summary_json(g, s) : summary_text(g, s));
    return 0;
}

}  // namespace midlink::workflow
