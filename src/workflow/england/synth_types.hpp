#pragma once
// Plain data of the England network generator (private to workflow): the inputs it
// synthesises from and the network it makes. BNG metres throughout.
#include <cstdint>
#include <string>
#include <vector>

#include "midlink/core/road_class.hpp"

namespace midlink::workflow::england {

/// An England LSOA: its centre and usual residents (Census 2021).
struct PopPlace {
    double x = 0.0, y = 0.0;
    double population = 0.0;
    double spacing_m = 0.0;  // distance to the nearest other LSOA centre
};

/// One directed section of the strategic road network between two junction clusters.
struct SrnSection {
    std::int64_t from = 0, to = 0;  // cluster ids
    double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
    bool motorway = false;  // M roads and A(M) roads
};

struct SynthNode {
    std::int64_t id = 0;
    double x = 0.0, y = 0.0;
    bool operator<(const SynthNode& o) const { return id < o.id; }
};

struct SynthLink {
    std::int64_t from = 0, to = 0;
    double length_m = 0.0;
    double speed_kmh = 0.0;
    RoadClass road_class = RoadClass::Residential;
    bool directed = false;  // false = two-way
};

struct SynthNetwork {
    std::vector<SynthNode> nodes;  // sorted by id
    std::vector<SynthLink> links;
};

}  // namespace midlink::workflow::england
