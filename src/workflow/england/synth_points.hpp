#pragma once
// Points of the England job: output-area-like origins and population-weighted synthetic
// destinations, scattered around LSOA centres; and deterministic subsamples of real sets.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "synth_types.hpp"

namespace midlink::workflow::england {

/// Sets each place's spacing_m to the distance to its nearest neighbour.
void set_spacing(std::vector<PopPlace>& places);

struct Origin {
    double x = 0.0, y = 0.0;
    std::int64_t population = 0;
};

/// Exactly `count` origins: each LSOA gets its population's share (systematic sampling,
/// so small LSOAs may get none at small counts), scattered within half its spacing, its
/// residents split among them.
std::vector<Origin> make_origins(const std::vector<PopPlace>& places, std::size_t count, std::uint64_t seed);

/// `count` points at LSOAs drawn with probability proportional to population, scattered
/// like origins, at least `min_separation_m` apart (given up after many tries).
/// `stream` keeps separate sets independent.
std::vector<Point> pick_weighted(const std::vector<PopPlace>& places, std::size_t count, double min_separation_m,
                                 std::uint64_t seed, std::uint64_t stream);

/// Indices (ascending) of `count` of `n` items, those with the smallest hashes.
std::vector<std::size_t> subsample(std::size_t n, std::size_t count, std::uint64_t seed, std::uint64_t stream);

}  // namespace midlink::workflow::england
