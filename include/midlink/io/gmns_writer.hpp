#pragma once
// Writes a GMNS folder (node.csv, link.csv) that read_gmns reads back unchanged.
#include <cstdint>
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/link_table.hpp"

namespace midlink::io {

class OutputSet;

struct GmnsNode {
    std::int64_t node_id = 0;
    double x = 0.0;
    double y = 0.0;
};

struct GmnsLink {
    std::int64_t link_id = 0;
    std::int64_t from_node_id = 0;
    std::int64_t to_node_id = 0;
    int directed = 1;                  // 1: from -> to only; 0: both ways
    double length_m = kUnknown;        // NaN is written as an empty field
    double free_speed_kmh = kUnknown;
    double time_s = kUnknown;          // column free_flow_time_s (not in the GMNS standard)
    std::string facility_type;         // road class name, e.g. "motorway"
    std::string name;
    std::string ref;
    LineString geometry;               // written as WKT; empty = no geometry
    double capacity_vph = kUnknown;    // whole link (no lanes column: read back as one lane)
};

/// Creates `dir` if needed and replaces node.csv and link.csv there. Each file is written
/// to a temporary name and renamed, so a reader never sees half a file.
/// Lengths in metres and speeds in km/h (GMNS defaults when no config.csv says otherwise).
/// Throws OutputError when a file cannot be written. With `set` (anchored on dir/link.csv),
/// both files are its members and its commit() puts them in place together.
void write_gmns(const std::string& dir, const std::vector<GmnsNode>& nodes,
                const std::vector<GmnsLink>& links, OutputSet* set = nullptr);

}  // namespace midlink::io
