#pragma once
// The versioned binary graph file (.mlg): magic, format version, fingerprints of the
// input and profile, then the arrays. A file of an unknown version is refused, never guessed.
#include <cstdint>
#include <string>

#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

/// 3 added link capacity (link_capacity_vph, link_capacity_source); version 2 files are
/// still read, without capacity.
inline constexpr std::uint32_t kGraphFormatVersion = 3;
inline constexpr std::uint32_t kOldestReadableGraphFormatVersion = 2;

/// Writes to "<path>.tmp-<pid>" and renames. Throws OutputError. `version` may name an
/// older readable version (for tools that must feed an older midlink; arrays that version
/// lacks, such as capacity in version 2, are left out).
void write_graph_file(const RoadGraph& graph, const std::string& path,
                      std::uint32_t version = kGraphFormatVersion);

/// Throws InputError (missing, truncated, not a graph file) or VersionError.
RoadGraph read_graph_file(const std::string& path);

}  // namespace midlink::graph
