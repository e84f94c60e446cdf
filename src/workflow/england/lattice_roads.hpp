#pragma once
// The local road network of the England generator: each land block's jittered lattice,
// classed by line (A roads every 6.4 km, B roads every 3.2 km, tertiary every 1.6 km,
// the rest unclassified or residential), a share of minor edges removed and short
// dead-end spurs added where streets are dense. A pure function of grid and seed.
#include <cstddef>
#include <cstdint>
#include <functional>

#include "block_grid.hpp"
#include "synth_types.hpp"

namespace midlink::workflow::england {

struct LatticeParams {
    std::uint64_t seed = 1;
    double remove_share = 0.14;  // of minor (unclassified, residential) edges
    double spur_share = 0.10;    // of interior nodes in blocks of 400 m spacing or finer
};

/// Spur node ids are lattice ids plus this; ids above it are not lattice points.
inline constexpr std::int64_t kSpurIdBase = 100'000'000;

/// Links and their end nodes (sorted by id, unique). `progress` gets rows of blocks done
/// (of grid.nby), from worker threads.
SynthNetwork lattice_roads(const BlockGrid& grid, const LatticeParams& params,
                           const std::function<void(std::size_t)>& progress = {});

/// Free-flow speed of a class at a block level: slower in dense (fine) blocks.
double class_speed_kmh(RoadClass c, int level);

/// Lattice coordinates of a lattice node id (below kSpurIdBase).
inline void lattice_point(const BlockGrid& g, std::int64_t id, int& i, int& j) {
    i = static_cast<int>((id - 1) % g.columns());
    j = static_cast<int>((id - 1) / g.columns());
}

}  // namespace midlink::workflow::england
