#pragma once
// The lattice the England network is drawn on: square blocks of 64 x 64 lattice units
// (100 m each) over England's BNG extent. A block is land when an LSOA centre is near;
// its level L sets its street spacing to 100 m * 2^L (L = 0..6), chosen so that denser
// blocks get finer streets and the total node count meets a target. Spacings are powers
// of two of one unit, so a coarse block's lines are a subset of a fine neighbour's: the
// shared boundary takes the finer spacing and the two grids meet in T-junctions.
#include <cstdint>
#include <vector>

#include "synth_types.hpp"

namespace midlink::workflow::england {

struct BlockGrid {
    static constexpr double kUnit_m = 100.0;
    static constexpr int kBlockUnits = 64;  // block side, in lattice units
    static constexpr int kMaxLevel = 6;     // one cell per block
    double x0 = 80'000.0, y0 = 0.0;         // BNG south-west corner
    int nbx = 0, nby = 0;                   // blocks across and up
    std::vector<std::int8_t> level;         // per block, -1 = not land
    std::vector<double> population;         // per block

    [[nodiscard]] int level_at(int bx, int by) const {
        if (bx < 0 || by < 0 || bx >= nbx || by >= nby) return -1;
        return level[static_cast<std::size_t>(by) * static_cast<std::size_t>(nbx) + static_cast<std::size_t>(bx)];
    }
    /// Lattice step of a block in units, 0 when not land.
    [[nodiscard]] int step_at(int bx, int by) const {
        const int l = level_at(bx, by);
        return l < 0 ? 0 : 1 << l;
    }
    [[nodiscard]] std::int64_t columns() const { return static_cast<std::int64_t>(nbx) * kBlockUnits + 1; }
    /// Node id of lattice point (i, j); ids start at 1.
    [[nodiscard]] std::int64_t lattice_id(int i, int j) const { return static_cast<std::int64_t>(j) * columns() + i + 1; }
    /// Finest step (units) among the land blocks touching lattice point (i, j); 0 when none.
    [[nodiscard]] int finest_step_at(int i, int j) const;
    /// True when (x, y) lies in a land block.
    [[nodiscard]] bool on_land(double x, double y) const;
};

/// Marks land (blocks within reach of an LSOA centre: 0.8 x its spacing, 1.5 to 6 km),
/// sums population per block and picks levels so that the lattice has about
/// `target_nodes` nodes (nodes per block grow with population^0.7).
BlockGrid make_block_grid(const std::vector<PopPlace>& places, double target_nodes);

/// Lattice nodes the grid will have (interior points plus shared boundaries), estimated
/// from levels alone.
double estimated_nodes(const BlockGrid& grid);

}  // namespace midlink::workflow::england
