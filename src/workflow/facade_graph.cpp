// midlink::Graph: loading, building, saving and describing graphs (midlink/midlink.hpp).
#include <vector>

#include "facade_impl.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/workflow/context.hpp"
#include "midlink/workflow/data_dirs.hpp"
#include "midlink/workflow/graph_build.hpp"
#include "midlink/workflow/graph_summary.hpp"

namespace midlink {
namespace {

// The installed profiles: share/midlink/profiles under an ancestor of the file holding this
// code (bin/midlink, or the Python module under lib/python3/...), so an installed tree works
// wherever it is moved. MIDLINK_PROFILES overrides it, as for the CLI; none found means the
// built-in car and hgv profiles only.
std::string installed_profiles_dir() { return workflow::find_data_dirs(workflow::code_prefix()).profiles_dir; }

}  // namespace

Graph Graph::load(const std::string& path) {
    return Graph(std::make_shared<const Impl>(graph::read_graph_file(path)));
}

Graph Graph::build(const std::string& network, const std::string& profile, const BuildOptions& options) {
    workflow::Context ctx;
    ctx.profiles_dir = options.profiles_dir.empty() ? installed_profiles_dir() : options.profiles_dir;
    ctx.allow_vrt = options.allow_vrt;
    ctx.skip_bad_features = options.skip_bad_features;
    ctx.quiet = !options.log;
    // The library never prints: messages go to the caller's log, or nowhere.
    ctx.sink = [&options](workflow::LogLevel level, const std::string& msg) {
        if (options.log) options.log(level == workflow::LogLevel::Warning ? "warning: " + msg : msg);
    };
    workflow::GraphBuildConfig cfg;
    cfg.network = network;
    cfg.profile = profile;
    cfg.format = options.format;
    cfg.layer = options.layer;
    cfg.assume_crs = options.assume_crs;
    cfg.crs = options.crs;
    cfg.preset = options.preset;
    cfg.snap_tolerance_m = options.snap_tolerance_m;
    cfg.components = options.components;
    cfg.strict = options.strict;
    auto built = workflow::build_graph(cfg, ctx);
    return from_road_graph(std::move(built.graph));
}

Graph Graph::from_road_graph(graph::RoadGraph graph) {
    return Graph(std::make_shared<const Impl>(std::move(graph)));
}

void Graph::save(const std::string& path) const { graph::write_graph_file(m_impl->graph, path); }

GraphInfo Graph::info() const {
    const auto& g = m_impl->graph;
    GraphInfo info;
    info.node_count = g.node_count();
    info.edge_count = g.edge_count();
    info.link_count = g.link_count();
    info.crs = g.meta.crs;
    info.profile = g.meta.profile_name;
    info.source = g.meta.source;
    info.total_length_m = workflow::physical_length_m(g);
    return info;
}

const graph::RoadGraph& Graph::road_graph() const { return m_impl->graph; }

}  // namespace midlink
