#pragma once
// Automatic east-west corridor discovery (issue 4): among places with population, the
// pairs whose straight line lies within a set angle of east-west and is longer than a
// minimum, ranked by a gravity term P_a * P_b / t_ab (population product over network
// travel time in minutes, floored at one minute).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "midlink/graph/snapper.hpp"

namespace midlink::analysis {

struct Place {
    std::string name;
    Point xy;  // graph CRS
    double population = 0.0;
};

struct DiscoveryOptions {
    double max_angle_deg = 30.0;  // from due east-west
    double min_km = 20.0;         // straight-line distance
    double max_snap_m = 1000.0;
};

struct PlacePair {
    std::size_t west = 0;  // index into places; the pair is ordered west to east
    std::size_t east = 0;
    double bearing_deg = 0.0;         // compass bearing west -> east (90 = due east)
    double angle_from_east_west = 0.0;
    double straight_km = 0.0;
    double time_min = 0.0;            // network time, snapped place to snapped place
    double gravity = 0.0;             // P_west * P_east / max(time_min, 1)
};

struct DiscoveryResult {
    std::vector<PlacePair> pairs;          // every qualifying, connected pair, best first
    std::vector<std::size_t> unsnapped;    // places farther than max_snap_m from the network
    std::size_t unreachable_pairs = 0;     // qualifying pairs with no path either way round
};

/// Pairs ranked by gravity (descending), ties by the places' order. Deterministic.
DiscoveryResult discover_east_west(const graph::RoadGraph& g, const graph::Snapper& snapper,
                                   std::span<const Place> places, const DiscoveryOptions& options);

/// Compass bearing in degrees [0, 360) from a to b in a projected CRS (north = +y).
double compass_bearing_deg(Point a, Point b);

}  // namespace midlink::analysis
