#pragma once
// `midlink graph export`: a graph's edges and nodes as GIS layers, or as a GMNS folder.
#include <string>

#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

struct GraphExportConfig {
    std::string graph;
    std::string output;  // a layer file or PG: connection; a folder (DIR/) for GMNS
};

/// Reads the graph and writes the layers 'edges' and 'nodes' to cfg.output, or node.csv and
/// link.csv when cfg.output is a folder. The output is locked before the graph is read.
int run_graph_export(const GraphExportConfig& cfg, const Context& ctx);

}  // namespace midlink::workflow
