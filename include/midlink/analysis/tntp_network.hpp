#pragma once
// The TNTP files as an AssignmentNetwork and OdMatrix: the one conversion used by
// `midlink assign --network --trips` and the benchmark tests. TNTP node ids are 1-based
// and used directly as indices (node 0 unused).
#include "midlink/analysis/assignment.hpp"
#include "midlink/io/tntp_assignment.hpp"

namespace midlink::analysis {

AssignmentNetwork assignment_network_from_tntp(const io::TntpAssignmentNet& net);

/// Zero entries are left out. Throws InputError naming the trips file for an origin or
/// destination that is not a node of `net`.
OdMatrix od_matrix_from_tntp(const io::TntpTrips& trips, const io::TntpAssignmentNet& net);

}  // namespace midlink::analysis
