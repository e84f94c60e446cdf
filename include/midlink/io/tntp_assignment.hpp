#pragma once
// TNTP files for traffic assignment, read as given: `*_net.tntp` with every column in the
// file's own units (no inference, no conversion: BPR needs only ratios and the output
// cost is in the file's time unit), `*_trips.tntp` OD demand and `*_flow.tntp` published
// link flows. Errors name the file and line. The structs are core's (core/tntp_model.hpp).
#include <string>
#include <vector>

#include "midlink/core/tntp_model.hpp"

namespace midlink::io {

/// Throws InputError (file, line) on a missing file, a row that is not 10 numbers, node
/// ids outside 1..NUMBER OF NODES, or a link count that differs from the header.
TntpAssignmentNet read_tntp_assignment_net(const std::string& path);
/// Throws InputError (file, line) on malformed entries, an entry before any `Origin`, or
/// a sum of entries that differs from <TOTAL OD FLOW> by more than rounding (1e-6 relative).
TntpTrips read_tntp_trips(const std::string& path);
/// Published link flows: a header line, then `from to volume cost` per link.
std::vector<TntpLinkFlow> read_tntp_flows(const std::string& path);

}  // namespace midlink::io
