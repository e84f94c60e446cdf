#pragma once
// The versioned binary graph file (.mlg): magic, format version, fingerprints of the
// input and profile, then the arrays. A file of an unknown version is refused, never guessed.
#include <cstdint>
#include <string>

#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

/// 3 added link capacity (link_capacity_vph, link_capacity_source).
/// 4 added a CRC-32 of everything after the magic, stored before the end marker. Files of
/// versions 2 and 3 carry no checksum, so they cannot be verified and are refused
/// (VersionError, "rebuild it") rather than routed unchecked.
inline constexpr std::uint32_t kGraphFormatVersion = 4;
inline constexpr std::uint32_t kOldestReadableGraphFormatVersion = 4;
inline constexpr std::uint32_t kFirstChecksummedGraphFormatVersion = 4;
/// Older versions can still be written, for tools that must feed an older midlink.
inline constexpr std::uint32_t kOldestWritableGraphFormatVersion = 2;

/// Whether read_graph_file verifies the checksum. Skip exists only so `bench load` can
/// show what the check costs; every command verifies.
enum class GraphFileCheck { Checksum, Skip };

/// Writes to ".<stem>.midlink-tmp-<pid><ext>" beside `path` and renames. Throws OutputError. `version` may name an
/// older readable version (for tools that must feed an older midlink; arrays that version
/// lacks, such as capacity in version 2, are left out).
void write_graph_file(const RoadGraph& graph, const std::string& path,
                      std::uint32_t version = kGraphFormatVersion);

/// Throws InputError (missing, truncated, not a graph file, checksum mismatch: exit 3) or
/// VersionError (another format version: exit 4). Verifies the checksum.
RoadGraph read_graph_file(const std::string& path);
RoadGraph read_graph_file(const std::string& path, GraphFileCheck check);

}  // namespace midlink::graph
