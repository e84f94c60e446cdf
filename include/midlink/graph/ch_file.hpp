#pragma once
// A contraction hierarchy stored beside its graph (GRAPH.mlg.ch), so it is built once:
// magic, format version, metric, the fingerprint of the graph file it was built from (the
// graph file's own CRC-32 and its node and arc counts), the arrays, and a CRC-32 of all of
// it. A hierarchy whose fingerprint does not match the graph is stale: it is refused,
// never used, since its answers would belong to another graph.
#include <cstdint>
#include <optional>
#include <string>

#include "midlink/graph/contraction_hierarchy.hpp"

namespace midlink::graph {

inline constexpr std::uint32_t kHierarchyFormatVersion = 1;

/// What identifies the graph a hierarchy belongs to.
struct GraphFingerprint {
    std::uint32_t file_crc = 0;  // the CRC-32 stored in the .mlg file
    std::uint64_t nodes = 0;
    std::uint64_t arcs = 0;
    friend bool operator==(const GraphFingerprint&, const GraphFingerprint&) = default;
};

/// The fingerprint of a graph file and the graph read from it (read_graph_file has
/// verified the CRC this takes from the file's end). Throws InputError.
GraphFingerprint graph_fingerprint(const std::string& graph_path, const RoadGraph& graph);

/// The default place of a graph's hierarchy: GRAPH.mlg.ch (time), GRAPH.mlg.distance.ch.
std::string default_hierarchy_path(const std::string& graph_path, Metric metric);

/// Writes under a temporary name and renames. Throws OutputError.
void write_hierarchy_file(const ContractionHierarchy& ch, Metric metric, const GraphFingerprint& graph,
                          const std::string& path);

/// Reads and verifies a hierarchy file: InputError when missing, damaged (checksum,
/// structure) or stale (another graph or metric), VersionError for another format version.
ContractionHierarchy read_hierarchy_file(const std::string& path, Metric metric, const GraphFingerprint& graph);

}  // namespace midlink::graph
