// The layers of `midlink centrality`: per edge and node, the closures, the sampled
// sources and how the numbers were made.
#include <cstdint>
#include <vector>

#include "midlink/analysis/betweenness.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/centrality.hpp"

namespace midlink::workflow {

void write_centrality(const CentralityStudy& study, const CentralityConfig& cfg, const graph::RoadGraph& g,
                      io::OutputSet& set) {
    const auto& bc = study.betweenness;
    const auto& bridges = study.bridges;
    const auto& mode = study.mode;
    const auto& impacts = study.impacts;
    using io::FieldType;
    io::DatasetWriter w(cfg.output, g.meta.crs, "", &set);
    const bool spatial = g.has_coordinates();
    w.begin_layer({"edges", spatial ? io::GeometryKind::LineString : io::GeometryKind::None,
                   {{"edge_id", FieldType::Integer64}, {"from_node", FieldType::Integer64}, {"to_node", FieldType::Integer64},
                    {"length_m", FieldType::Real}, {"time_s", FieldType::Real}, {"ref", FieldType::String},
                    {"betweenness", FieldType::Real}, {"bridge", FieldType::Integer}}});
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            std::vector<io::FieldValue> v{std::int64_t{e}, std::int64_t{u}, std::int64_t{g.head[e]}, g.length_m(e), g.time_s(e),
                                          g.edge_ref(e), bc.edge[e], std::int64_t{bridges[e]}};
            if (spatial) w.add(g.edge_geometry(e), v);
            else w.add(v);
        }
    }
    w.begin_layer({"nodes", spatial ? io::GeometryKind::Point : io::GeometryKind::None,
                   {{"node_id", FieldType::Integer64}, {"betweenness", FieldType::Real}}});
    for (NodeId u = 0; u < g.node_count(); ++u) {
        std::vector<io::FieldValue> v{std::int64_t{u}, bc.node[u]};
        if (spatial) w.add(g.node_xy[u], v);
        else w.add(v);
    }
    if (!impacts.empty()) {
        w.begin_layer({"network_criticality", spatial ? io::GeometryKind::LineString : io::GeometryKind::None,
                       {{"rank", FieldType::Integer}, {"edge_id", FieldType::Integer64}, {"ref", FieldType::String},
                        {"betweenness", FieldType::Real}, {"weighted_increase_min", FieldType::Real},
                        {"increase_pct", FieldType::Real}, {"disconnected_demand", FieldType::Real},
                        {"pairs_affected", FieldType::Integer64}, {"bridge", FieldType::Integer}}});
        for (std::size_t i = 0; i < impacts.size(); ++i) {
            const auto& c = impacts[i];
            std::vector<io::FieldValue> v{std::int64_t(i + 1), std::int64_t{c.edge}, g.edge_ref(c.edge), bc.edge[c.edge],
                                          c.weighted_increase / 60.0,
                                          c.base_weighted_cost > 0 ? io::FieldValue(100.0 * c.weighted_increase / c.base_weighted_cost)
                                                                   : io::FieldValue(),
                                          c.disconnected_demand, static_cast<std::int64_t>(c.pairs_affected),
                                          std::int64_t{bridges[c.edge]}};
            if (spatial) w.add(g.edge_geometry(c.edge), v);
            else w.add(v);
        }
    }
    if (mode == "sampled") {
        // The sampled sources themselves, so a sampled run can be checked (Reference.centrality).
        w.begin_layer({"centrality_sources", spatial ? io::GeometryKind::Point : io::GeometryKind::None,
                       {{"node_id", FieldType::Integer64}}});
        for (NodeId s : analysis::sample_sources(g.node_count(), bc.sources, bc.seed)) {
            std::vector<io::FieldValue> v{std::int64_t{s}};
            if (spatial) w.add(g.node_xy[s], v);
            else w.add(v);
        }
    }
    // How the numbers were made, so a sampled run can be reproduced.
    w.begin_layer({"centrality_run", io::GeometryKind::None,
                   {{"mode", FieldType::String}, {"sources", FieldType::Integer64}, {"seed", FieldType::Integer64},
                    {"scale", FieldType::Real}, {"graph", FieldType::String}}});
    w.add({mode, std::int64_t{bc.sources}, static_cast<std::int64_t>(bc.seed), bc.scale, cfg.graph});
    w.commit();
}

}  // namespace midlink::workflow
