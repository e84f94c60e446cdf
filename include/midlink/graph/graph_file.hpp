#pragma once
// The versioned binary graph file (.mlg): magic, format version, fingerprints of the
// input and profile, then the arrays. A file of another version is refused, never guessed.
#include <cstdint>
#include <string>

#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

inline constexpr std::uint32_t kGraphFormatVersion = 2;

/// Writes to "<path>.tmp-<pid>" and renames. Throws OutputError.
void write_graph_file(const RoadGraph& graph, const std::string& path);

/// Throws InputError (missing, truncated, not a graph file) or VersionError.
RoadGraph read_graph_file(const std::string& path);

}  // namespace midlink::graph
