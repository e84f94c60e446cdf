#pragma once
// Point layers read in a graph's CRS, as a reported step (private to workflow).
#include <string>
#include <vector>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/features.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// io::read_points of `options` (path, layer, id fields, assume_crs) in the graph's CRS
/// under the context's input policy, reported as "reading <what> <path>".
inline std::vector<PointFeature> read_graph_points(io::PointLayerOptions options, const graph::RoadGraph& g,
                                                   const std::string& what, Diagnostics& diag, const Context& ctx) {
    Step step(ctx, "reading " + (what.empty() ? std::string() : what + " ") + options.path);
    options.target_crs = g.meta.crs;
    options.input = ctx.input_policy();
    auto points = io::read_points(options, diag);
    step.done(std::to_string(points.size()) + " points");
    return points;
}

}  // namespace midlink::workflow
