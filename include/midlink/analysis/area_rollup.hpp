#pragma once
// Roll-up of fine areas (origins, LSOAs) to coarser ones (LADs, regions), shared by access
// and coverage: which coarse area each fine one goes to, how many coarse areas are reached,
// and the fold of fine values into per-area totals. What a total is stays the caller's,
// because the two studies weight differently (design.md): access takes population-weighted
// means of measures (aggregate.hpp), coverage sums premises counts and recomputes shares
// (coverage.hpp). Containment in polygons is io's (io::locate_points); it yields the same
// `group_of` vector.
#include <cstdint>
#include <string>
#include <vector>

namespace midlink::analysis {

/// Coarse areas named by the distinct codes of the fine areas (a field such as rgncd).
struct CodeGroups {
    std::vector<std::string> codes;        // the coarse areas, in code order
    std::vector<std::int64_t> group_of;    // per fine area: its index in `codes`, -1 when uncoded
};

/// Groups by code; an empty code leaves its fine area out of every group.
CodeGroups group_by_code(const std::vector<std::string>& fine_codes);

/// The index of each fine code among `coarse_codes` (the first where a code repeats), -1
/// when none has it or the fine code is empty.
std::vector<std::int64_t> match_codes(const std::vector<std::string>& fine_codes,
                                      const std::vector<std::string>& coarse_codes);

/// How many of the `groups` coarse areas at least one fine area goes to.
std::size_t groups_reached(const std::vector<std::int64_t>& group_of, std::size_t groups);

/// The roll-up: `add(totals[g], i)` for every fine area i with group_of[i] = g >= 0, in the
/// order of i, so floating-point sums are the same on every run. `empty` is each coarse
/// area's starting total (a weighting that needs per-column room sizes it).
template <class Total, class Add>
std::vector<Total> roll_up_groups(const std::vector<std::int64_t>& group_of, std::size_t groups, Add&& add,
                                  const Total& empty = Total{}) {
    std::vector<Total> totals(groups, empty);
    for (std::size_t i = 0; i < group_of.size(); ++i) {
        if (group_of[i] >= 0) add(totals[static_cast<std::size_t>(group_of[i])], i);
    }
    return totals;
}

}  // namespace midlink::analysis
