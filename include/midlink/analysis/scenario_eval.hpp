#pragma once
// Evaluating an investment scenario against the baseline without recomputing everything:
// an origin's accessibility can change only if its baseline search, within the search
// limit, reaches the tail of an edge the scenario changed (a faster, slower, closed or new
// edge). Any path that gains from a change reaches that change's tail through unchanged
// edges first, at its baseline cost; so an origin whose baseline search ended (at its
// cut-off, or earlier once its n nearest were found) before any changed tail keeps its
// baseline values exactly. One reverse search from all changed tails finds the others.
#include <cstdint>
#include <span>
#include <vector>

#include "midlink/analysis/access_engine.hpp"

namespace midlink::analysis {

/// 1 for each origin that can reach, within its own limit (weight units; the cost its
/// baseline search ended at, AccessResult::origin_cutoff) on `g` (the baseline) and
/// counting its partial-edge anchor cost, the tail of one of `changed_edges` (baseline ids)
/// or one of `new_tails` (nodes where new edges start); also 1 when one of its own snapped
/// edges changed. Unsnapped origins are 0.
std::vector<std::uint8_t> affected_origins(const graph::RoadGraph& g, std::span<const EdgeId> changed_edges,
                                           std::span<const NodeId> new_tails, std::span<const AccessOrigin> origins,
                                           std::span<const Weight> limits);

/// True when every measure is per-origin (no 2SFCA, BFCA or passive Hansen), so results
/// for a subset of origins can be spliced into a full result.
bool measures_are_per_origin(std::span<const Measure> measures);

/// `base` with the rows of `part` (computed for origins `indices`, in that order) put in.
AccessResult splice_origins(const AccessResult& base, const AccessResult& part, std::span<const std::size_t> indices);

/// Σ P_i · value_i / Σ P_i over origins with a value and a population (NaN when none).
double population_weighted_mean(const AccessResult& r, std::size_t column, std::span<const double> population);

}  // namespace midlink::analysis
