#pragma once
// What the England generator made, for its summary line and DIR/README.md (private).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "midlink/core/road_class.hpp"
#include "srn_overlay.hpp"

namespace midlink::workflow::england {

struct ServiceSet {
    std::string name;
    std::size_t target_at_scale_1 = 0;
    std::size_t real = 0;       // real locations written
    std::size_t synthetic = 0;  // population-weighted synthetic points written
    std::string source;         // where the real ones come from, or "synthetic"
};

struct GeneratedSummary {
    double scale = 1.0;
    std::uint64_t seed = 1;
    std::size_t places = 0;
    double population = 0.0;
    std::size_t land_blocks = 0;
    std::array<std::size_t, 7> blocks_by_level{};
    std::size_t nodes = 0, links = 0, arcs = 0;
    std::array<double, kRoadClassCount> km_by_class{};  // link km (a two-way link once)
    SrnSummary srn;
    std::size_t origins = 0;
    std::vector<ServiceSet> services;
    double seconds = 0.0;
};

/// DIR/README.md: what was generated, counts, seed, sources and licences.
std::string readme_text(const GeneratedSummary& s);

}  // namespace midlink::workflow::england
