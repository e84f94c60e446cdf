#pragma once
// TNTP files for traffic assignment, read as given: `*_net.tntp` with every column in the
// file's own units (no inference, no conversion: BPR needs only ratios and the output
// cost is in the file's time unit), `*_trips.tntp` OD demand and `*_flow.tntp` published
// link flows. Errors name the file and line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "midlink/core/ids.hpp"

namespace midlink::io {

struct TntpAssignmentLink {
    NodeKey init_node = 0;
    NodeKey term_node = 0;
    double capacity = 0.0;
    double length = 0.0;
    double free_flow_time = 0.0;
    double b = 0.15;     // BPR alpha
    double power = 4.0;  // BPR beta
    double speed = 0.0;
    double toll = 0.0;
    std::int64_t link_type = 0;
};

struct TntpAssignmentNet {
    std::string path;
    std::int64_t zones = 0;
    std::int64_t nodes = 0;                 // NUMBER OF NODES, or the largest id when absent
    std::int64_t first_thru_node = 1;       // nodes below it are zones: never passed through
    /// <TOLL FACTOR> and <DISTANCE FACTOR> when the file states them: time units per toll
    /// unit and per length unit in the published generalised cost.
    std::optional<double> toll_factor;
    std::optional<double> distance_factor;
    std::vector<TntpAssignmentLink> links;  // file order
};

struct TntpDemand {
    NodeKey destination = 0;
    double flow = 0.0;
};

struct TntpOrigin {
    NodeKey origin = 0;
    std::vector<TntpDemand> demands;  // file order, zeros kept
};

struct TntpTrips {
    std::string path;
    std::int64_t zones = 0;
    double total_od_flow = 0.0;       // sum of the entries (checked against the header)
    std::vector<TntpOrigin> origins;  // file order
};

struct TntpLinkFlow {
    NodeKey from = 0;
    NodeKey to = 0;
    double volume = 0.0;
    double cost = 0.0;
};

/// Throws InputError (file, line) on a missing file, a row that is not 10 numbers, node
/// ids outside 1..NUMBER OF NODES, or a link count that differs from the header.
TntpAssignmentNet read_tntp_assignment_net(const std::string& path);
/// Throws InputError (file, line) on malformed entries, an entry before any `Origin`, or
/// a sum of entries that differs from <TOTAL OD FLOW> by more than rounding (1e-6 relative).
TntpTrips read_tntp_trips(const std::string& path);
/// Published link flows: a header line, then `from to volume cost` per link.
std::vector<TntpLinkFlow> read_tntp_flows(const std::string& path);

}  // namespace midlink::io
