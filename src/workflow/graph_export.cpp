// `midlink graph export`: every directed edge and every node, as layers or as GMNS.
#include "midlink/workflow/graph_export.hpp"

#include <cmath>
#include <filesystem>
#include <string_view>

#include "midlink/core/error.hpp"
#include "midlink/core/road_class.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/gmns_writer.hpp"
#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/output_paths.hpp"
#include "midlink/workflow/layer_notes.hpp"

namespace midlink::workflow {
namespace {

// Unknown capacity is NULL, never 0 (0 would read as a closed road).
io::FieldValue capacity_value(double vph) {
    if (std::isnan(vph)) return std::monostate{};
    return vph;
}

io::FieldValue optional_text(std::string_view s) {
    if (s.empty()) return std::monostate{};
    return std::string(s);
}

bool is_directory_target(const std::string& out) {
    return !out.empty() && (out.back() == '/' || std::filesystem::is_directory(out));
}

void export_layers(const graph::RoadGraph& g, const std::string& out, const Context& ctx, io::OutputSet& set) {
    using io::FieldType;
    io::DatasetWriter writer(out, g.meta.crs, "", &set);
    const bool spatial = g.has_coordinates();
    writer.begin_layer(workflow::with_notes({"edges", spatial ? io::GeometryKind::LineString : io::GeometryKind::None,
                        {{"edge_id", FieldType::Integer64},
                         {"from_node", FieldType::Integer64},
                         {"to_node", FieldType::Integer64},
                         {"from_key", FieldType::Integer64},
                         {"to_key", FieldType::Integer64},
                         {"length_m", FieldType::Real},
                         {"time_s", FieldType::Real},
                         {"class", FieldType::String},
                         {"oneway", FieldType::Integer},
                         {"component", FieldType::Integer},
                         {"ref", FieldType::String},
                         {"name", FieldType::String},
                         {"link_id", FieldType::Integer64},
                         {"source_id", FieldType::Integer64},
                         {"capacity_vph", FieldType::Real},
                         {"capacity_source", FieldType::String}}}));
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            const NodeId v = g.head[e];
            const LinkId l = g.edge_link[e];
            std::vector<io::FieldValue> values{
                std::int64_t{e},
                std::int64_t{u},
                std::int64_t{v},
                g.node_key[u],
                g.node_key[v],
                g.length_m(e),
                g.time_s(e),
                std::string(road_class_name(g.edge_class[e])),
                std::int64_t{(g.edge_flags[e] & graph::kOneway) ? 1 : 0},
                std::int64_t{g.component(u)},
                g.edge_ref(e),
                g.edge_name(e),
                std::int64_t{l},
                g.link_source(l),
                capacity_value(g.link_capacity(l)),
                optional_text(graph::capacity_source_name(g.capacity_source(l)))};
            if (spatial) writer.add(g.edge_geometry(e), values);
            else writer.add(values);
        }
    }
    writer.begin_layer(workflow::with_notes({"nodes", spatial ? io::GeometryKind::Point : io::GeometryKind::None,
                        {{"node_id", FieldType::Integer64}, {"key", FieldType::Integer64},
                         {"component", FieldType::Integer}, {"out_degree", FieldType::Integer}}}));
    for (NodeId u = 0; u < g.node_count(); ++u) {
        std::vector<io::FieldValue> values{std::int64_t{u}, g.node_key[u], std::int64_t{g.component(u)},
                                           std::int64_t{g.first_out[u + 1] - g.first_out[u]}};
        if (spatial) writer.add(g.node_xy[u], values);
        else writer.add(values);
    }
    writer.commit();
    set.commit();
    ctx.info("wrote layers 'edges' (" + std::to_string(g.edge_count()) + ") and 'nodes' (" +
             std::to_string(g.node_count()) + ") to " + out);
}

void export_gmns(const graph::RoadGraph& g, const std::string& dir, const Context& ctx, io::OutputSet& set) {
    std::vector<io::GmnsNode> nodes(g.node_count());
    for (NodeId u = 0; u < g.node_count(); ++u) {
        nodes[u].node_id = u;
        if (g.has_coordinates()) {
            nodes[u].x = g.node_xy[u].x;
            nodes[u].y = g.node_xy[u].y;
        }
    }
    std::vector<io::GmnsLink> links;
    links.reserve(g.edge_count());
    for (NodeId u = 0; u < g.node_count(); ++u) {
        for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
            io::GmnsLink l;
            l.link_id = e;
            l.from_node_id = u;
            l.to_node_id = g.head[e];
            l.directed = 1;  // every graph edge is one direction of travel
            l.length_m = g.length_m(e);
            l.time_s = g.time_s(e);
            l.free_speed_kmh = l.time_s > 0 ? l.length_m / l.time_s * 3.6 : 0.0;
            l.facility_type = std::string(road_class_name(g.edge_class[e]));
            l.name = g.edge_name(e);
            l.ref = g.edge_ref(e);
            l.capacity_vph = g.link_capacity(g.edge_link[e]);
            if (g.has_coordinates()) l.geometry = g.edge_geometry(e);
            links.push_back(std::move(l));
        }
    }
    io::write_gmns(dir, nodes, links, &set);
    set.commit();
    ctx.info("wrote GMNS node.csv (" + std::to_string(nodes.size()) + ") and link.csv (" +
             std::to_string(links.size()) + ") to " + dir);
}
}  // namespace

int run_graph_export(const GraphExportConfig& cfg, const Context& ctx) {
    // The output set is taken before the graph is read, so a second run fails at once. A
    // GMNS folder is one set anchored on its link.csv, with node.csv as a member.
    if (is_directory_target(cfg.output)) {
        std::error_code ec;
        std::filesystem::create_directories(cfg.output, ec);
        if (ec) throw OutputError("cannot create folder " + cfg.output + ": " + ec.message());
        auto outputs = open_output_set((std::filesystem::path(cfg.output) / "link.csv").string());
        export_gmns(graph::read_graph_file(cfg.graph), cfg.output, ctx, outputs);
    } else {
        check_output_folder(cfg.output);
        auto outputs = open_output_set(cfg.output);
        export_layers(graph::read_graph_file(cfg.graph), cfg.output, ctx, outputs);
    }
    return 0;
}

}  // namespace midlink::workflow
