#pragma once
// The TNTP files as an AssignmentNetwork and OdMatrix: the one conversion used by
// `midlink assign --network --trips` and the benchmark tests. TNTP node ids are 1-based
// and used directly as indices (node 0 unused).
#include "midlink/analysis/assignment.hpp"
#include "midlink/core/tntp_model.hpp"

namespace midlink::analysis {

/// Weights of the generalised cost, cost = BPR time + toll * toll + distance * length, in
/// the file's time unit per toll unit and per length unit.
struct CostFactors {
    double toll = 0.0;
    double distance = 0.0;
};

/// The factors the file states (<TOLL FACTOR>, <DISTANCE FACTOR>), 0 where it states none.
CostFactors cost_factors_from_tntp(const TntpAssignmentNet& net);

/// Throws InputError naming the file and link when a factor makes a link's fixed cost
/// negative (a negative toll or length with a positive factor).
AssignmentNetwork assignment_network_from_tntp(const TntpAssignmentNet& net,
                                               const CostFactors& factors = {});

/// Zero entries are left out. Throws InputError naming the trips file for an origin or
/// destination that is not a node of `net`.
OdMatrix od_matrix_from_tntp(const TntpTrips& trips, const TntpAssignmentNet& net);

}  // namespace midlink::analysis
