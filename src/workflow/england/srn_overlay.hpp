#pragma once
// The real strategic road network laid over the lattice: motorways as directed,
// grade-separated chains between their junctions, joined to the nearest A or B road only
// at junctions by slip roads; all-purpose trunk roads as two-way chains at grade, joined
// to the lattice every 2 km or so.
#include <cstdint>
#include <vector>

#include "block_grid.hpp"
#include "synth_types.hpp"

namespace midlink::workflow::england {

inline constexpr std::int64_t kSrnIdBase = 200'000'000;    // + SRN cluster id
inline constexpr std::int64_t kTrunkIdBase = 300'000'000;  // + running number

struct SrnSummary {
    double file_motorway_km = 0.0;   // straight-line km of the file's motorway sections (both carriageways)
    double motorway_km = 0.0;        // generated motorway links (both carriageways)
    double trunk_km = 0.0;           // generated trunk links (one per road)
    std::size_t junctions = 0;       // SRN cluster nodes joined to the lattice
};

/// Appends SRN nodes and links to `net` (whose nodes are sorted by id, lattice only).
SrnSummary add_srn(SynthNetwork& net, const BlockGrid& grid, const std::vector<SrnSection>& sections);

}  // namespace midlink::workflow::england
