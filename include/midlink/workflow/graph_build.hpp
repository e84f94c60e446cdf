#pragma once
// `midlink graph build` as a library call: read a network, apply a profile, build the graph.
// The CLI, the C++ facade (midlink::Graph::build) and Python all go through it.
#include <cstdint>
#include <string>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/profile.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct GraphBuildConfig {
    std::string network;            // file or folder
    std::string format = "auto";    // auto, osm, ogr, tntp, gmns, dimacs, junction-csv (srn)
    std::string profile = "car";    // a name looked up in Context::profiles_dir, or a YAML path
    std::string crs = "EPSG:27700"; // working CRS
    std::string assume_crs;         // for inputs that declare none
    std::string layer;              // GDAL layer name
    std::string preset = "auto";    // GDAL field preset
    double snap_tolerance_m = 0.5;  // joins line endpoints of layers without node topology
    std::string components;         // "largest" or "all" overrides the profile; empty keeps it
    std::string order = "spatial";  // node order: spatial, bfs or input
    bool strict = false;            // any per-feature diagnostic is an InputError
    io::FieldMapping fields;        // GDAL layers: field names overriding the preset's
};

struct BuiltGraph {
    graph::RoadGraph graph;
    Diagnostics diagnostics;  // the reader's, then the builder's
    std::uint32_t links_used = 0;
    std::uint32_t links_excluded = 0;  // not routable for the profile
};

/// What a build needs besides the network itself: checked before anything is read or
/// locked, so a bad option fails first.
struct GraphBuildPlan {
    Profile profile;
    io::NetworkFormat format = io::NetworkFormat::Auto;
    io::ReadOptions read;
    graph::BuildOptions build;
};

/// Reads the profile and checks the options. Throws ConfigError (or InputError for an
/// unreadable profile file).
GraphBuildPlan plan_graph_build(const GraphBuildConfig& cfg, const Context& ctx);

/// Reads cfg.network and builds its graph, reporting the steps through `ctx`. Throws
/// InputError for unusable input (and, with cfg.strict, for any diagnostic).
BuiltGraph build_graph(const GraphBuildConfig& cfg, const GraphBuildPlan& plan, const Context& ctx);
/// Both steps at once.
BuiltGraph build_graph(const GraphBuildConfig& cfg, const Context& ctx);

/// Writes the graph file and its diagnostics CSV as members of `outputs`; the caller commits.
void write_built_graph(const BuiltGraph& built, const std::string& graph_path, const std::string& diagnostics_path,
                       io::OutputSet& outputs);
/// `midlink graph build`: checks, the output's lock, build, write the graph file and its
/// diagnostics CSV (empty `diagnostics_path`: OUTPUT.diagnostics.csv), then the summary
/// through `ctx`. Returns 0.
int run_graph_build(const GraphBuildConfig& cfg, const std::string& output, const std::string& diagnostics_path,
                    const Context& ctx);

}  // namespace midlink::workflow
