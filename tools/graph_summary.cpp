#include "graph_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace midlink::cli {

GraphSummary summarise(const graph::RoadGraph& g) {
    GraphSummary s;
    s.nodes = g.node_count();
    s.edges = g.edge_count();
    s.links = g.link_count();
    std::vector<std::uint8_t> seen(g.link_count(), 0);
    double total_m = 0.0;
    for (EdgeId e = 0; e < g.edge_count(); ++e) {
        if (!seen[g.edge_link[e]]) {
            seen[g.edge_link[e]] = 1;
            total_m += g.length_m(e);
        }
    }
    s.total_length_km = total_m / 1000.0;
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

std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out;
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
    std::ostringstream o;
    o.precision(10);
    o << "{\"source\":\"" << json_escape(g.meta.source) << "\",\"profile\":\"" << json_escape(g.meta.profile_name)
      << "\",\"crs\":\"" << json_escape(g.meta.crs) << "\",\"nodes\":" << s.nodes << ",\"edges\":" << s.edges
      << ",\"links\":" << s.links << ",\"components\":" << s.components_total
      << ",\"components_kept\":" << s.components_kept << ",\"largest_component_share\":" << s.largest_share
      << ",\"total_length_km\":" << s.total_length_km << ",\"memory_bytes\":" << s.memory_bytes
      << ",\"capacity\":{\"input\":" << s.capacity_from_input << ",\"profile\":" << s.capacity_from_profile
      << ",\"none\":" << s.capacity_none << "}"
      << ",\"diagnostics_total\":" << g.meta.diagnostics_total << ",\"diagnostics\":{";
    std::istringstream parts(g.meta.diagnostics_summary);
    std::string item;
    bool first = true;
    while (std::getline(parts, item, ';')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) continue;
        o << (first ? "" : ",") << "\"" << json_escape(item.substr(0, eq)) << "\":" << item.substr(eq + 1);
        first = false;
    }
    o << "}}\n";
    return o.str();
}

}  // namespace midlink::cli
