// midlink::Graph: loading, building, saving and describing graphs (midlink/midlink.hpp).
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "facade_impl.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/workflow/context.hpp"
#include "midlink/workflow/graph_build.hpp"
#include "midlink/workflow/graph_summary.hpp"

namespace midlink {
namespace {

// The installed profiles: share/midlink/profiles under an ancestor of the file holding this
// code (bin/midlink, lib/libmidlink*.so or the Python module under lib/python3/...), so an
// installed tree works wherever it is moved. MIDLINK_PROFILES overrides it, as for the CLI.
std::string installed_profiles_dir() {
    if (const char* env = std::getenv("MIDLINK_PROFILES")) return env;
    static const char anchor = 0;  // any object of this binary names its file to dladdr
    Dl_info info{};
    if (dladdr(&anchor, &info) == 0 || !info.dli_fname) return "";
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::weakly_canonical(info.dli_fname, ec).parent_path();
    for (int up = 0; up < 5 && !dir.empty(); ++up, dir = dir.parent_path()) {
        const auto candidate = dir / "share" / "midlink" / "profiles";
        if (std::filesystem::is_directory(candidate, ec)) return candidate.string();
        if (dir == dir.root_path()) break;
    }
    return "";  // the built-in car and hgv profiles only
}

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
