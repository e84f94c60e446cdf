#pragma once
// Algorithm B (Dial 2006): user equilibrium by origin-based bushes. Each origin keeps an
// acyclic subnetwork (its bush) and its own link flows; within it, flow moves by Newton
// steps from the longest used path to the shortest one, node by node, and the bush takes
// in links that shorten its longest paths. Origins run one after another, so the result is
// deterministic; the gap is measured as for the Frank-Wolfe methods.
#include "assignment_loader.hpp"
#include "midlink/analysis/assignment.hpp"

namespace midlink::analysis::detail {

AssignmentResult assign_by_bushes(const AssignmentNetwork& net, const OdMatrix& od,
                                  const AonLoader& loader, const AssignmentOptions& options);

}  // namespace midlink::analysis::detail
