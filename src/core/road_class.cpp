#include "midlink/core/road_class.hpp"

#include <array>

namespace midlink {
namespace {
constexpr std::array<std::string_view, kRoadClassCount> kNames = {
    "motorway",  "motorway_link", "trunk",         "trunk_link",  "primary",
    "primary_link", "secondary",  "secondary_link", "tertiary",   "tertiary_link",
    "unclassified", "residential", "living_street", "service",    "track",
    "connector",  "unknown",      "footway",       "cycleway",   "path",
    "pedestrian", "steps",        "bridleway",
};
}  // namespace

std::string_view road_class_name(RoadClass c) { return kNames[static_cast<int>(c)]; }

std::optional<RoadClass> parse_road_class(std::string_view name) {
    for (int i = 0; i < kRoadClassCount; ++i) {
        if (kNames[i] == name) return static_cast<RoadClass>(i);
    }
    return std::nullopt;
}

}  // namespace midlink
