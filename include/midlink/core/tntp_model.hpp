#pragma once
// The TNTP assignment model as plain data: a `*_net.tntp` network with every column in the
// file's own units, `*_trips.tntp` OD demand and `*_flow.tntp` published link flows.
// io reads the files into these (midlink/io/tntp_assignment.hpp) and analysis turns them
// into an assignment problem (midlink/analysis/tntp_network.hpp), so neither includes the other.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "midlink/core/ids.hpp"

namespace midlink {

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

}  // namespace midlink
