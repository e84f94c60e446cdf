// The layers of `midlink centrality`: per edge and node, the closures, the sampled
// sources and how the numbers were made.
#include <cstdint>
#include <vector>

#include "midlink/analysis/betweenness.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/centrality.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow {

namespace {

using io::FieldType;
using io::FieldValue;

// The layers of a centrality study, defined once for the writer and tables().
std::vector<StudyLayer> centrality_layers(const CentralityStudy& study, const graph::RoadGraph& g) {
    const auto& bc = study.betweenness;
    const bool spatial = g.has_coordinates();
    const auto line_kind = spatial ? io::GeometryKind::LineString : io::GeometryKind::None;
    const auto point_kind = spatial ? io::GeometryKind::Point : io::GeometryKind::None;
    const auto edge_geometry = [&g, spatial](EdgeId e) { return spatial ? FeatureGeometry(g.edge_geometry(e)) : FeatureGeometry(); };
    const auto node_geometry = [&g, spatial](NodeId v) { return spatial ? FeatureGeometry(g.node_xy[v]) : FeatureGeometry(); };
    std::vector<StudyLayer> layers;
    layers.push_back({{"edges", line_kind,
                       {{"edge_id", FieldType::Integer64}, {"from_node", FieldType::Integer64}, {"to_node", FieldType::Integer64},
                        {"length_m", FieldType::Real}, {"time_s", FieldType::Real}, {"ref", FieldType::String},
                        {"betweenness", FieldType::Real}, {"bridge", FieldType::Integer}}},
                      false,
                      [&study, &g, &bc, edge_geometry](const RowSink& row) {
                          for (NodeId u = 0; u < g.node_count(); ++u) {
                              for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
                                  row({std::int64_t{e}, std::int64_t{u}, std::int64_t{g.head[e]}, g.length_m(e), g.time_s(e),
                                       g.edge_ref(e), bc.edge[e], std::int64_t{study.bridges[e]}},
                                      edge_geometry(e));
                              }
                          }
                      }});
    layers.push_back({{"nodes", point_kind, {{"node_id", FieldType::Integer64}, {"betweenness", FieldType::Real}}},
                      false,
                      [&g, &bc, node_geometry](const RowSink& row) {
                          for (NodeId u = 0; u < g.node_count(); ++u) row({std::int64_t{u}, bc.node[u]}, node_geometry(u));
                      }});
    if (!study.impacts.empty()) {
        layers.push_back({{"network_criticality", line_kind,
                           {{"rank", FieldType::Integer}, {"edge_id", FieldType::Integer64}, {"ref", FieldType::String},
                            {"betweenness", FieldType::Real}, {"weighted_increase_min", FieldType::Real},
                            {"increase_pct", FieldType::Real}, {"disconnected_demand", FieldType::Real},
                            {"pairs_affected", FieldType::Integer64}, {"bridge", FieldType::Integer}}},
                          false,
                          [&study, &g, &bc, edge_geometry](const RowSink& row) {
                              for (std::size_t i = 0; i < study.impacts.size(); ++i) {
                                  const auto& c = study.impacts[i];
                                  row({std::int64_t(i + 1), std::int64_t{c.edge}, g.edge_ref(c.edge), bc.edge[c.edge],
                                       c.weighted_increase / 60.0,
                                       c.base_weighted_cost > 0 ? FieldValue(100.0 * c.weighted_increase / c.base_weighted_cost)
                                                                : FieldValue(),
                                       c.disconnected_demand, static_cast<std::int64_t>(c.pairs_affected),
                                       std::int64_t{study.bridges[c.edge]}},
                                      edge_geometry(c.edge));
                              }
                          }});
    }
    if (study.mode == "sampled") {
        // The sampled sources themselves, so a sampled run can be checked (Reference.centrality).
        layers.push_back({{"centrality_sources", point_kind, {{"node_id", FieldType::Integer64}}},
                          false,
                          [&g, &bc, node_geometry](const RowSink& row) {
                              for (NodeId s : analysis::sample_sources(g.node_count(), bc.sources, bc.seed))
                                  row({std::int64_t{s}}, node_geometry(s));
                          }});
    }
    // How the numbers were made, so a sampled run can be reproduced.
    layers.push_back({{"centrality_run", io::GeometryKind::None,
                       {{"mode", FieldType::String}, {"sources", FieldType::Integer64}, {"seed", FieldType::Integer64},
                        {"scale", FieldType::Real}, {"graph", FieldType::String}}},
                      false,
                      [&study, &bc](const RowSink& row) {
                          row({study.mode, std::int64_t{bc.sources}, static_cast<std::int64_t>(bc.seed), bc.scale,
                               study.graph_name},
                              FeatureGeometry());
                      }});
    return layers;
}

}  // namespace

void write_centrality(const CentralityStudy& study, const CentralityConfig& cfg, const graph::RoadGraph& g,
                      io::OutputSet& set) {
    io::DatasetWriter w(cfg.output, g.meta.crs, "", &set);
    write_layers(w, centrality_layers(study, g));
    w.commit();
}

std::vector<LayerData> CentralityStudy::tables() const {
    if (!graph) return {};
    return layer_tables(centrality_layers(*this, *graph), graph->meta.crs);
}

}  // namespace midlink::workflow
