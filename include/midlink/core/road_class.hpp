#pragma once
// Road classes common to every reader. OSM `highway` values, OS Open Roads
// classifications, Geofabrik `fclass` and link-table types all map onto these.
#include <cstdint>
#include <optional>
#include <string_view>

namespace midlink {

enum class RoadClass : std::uint8_t {
    Motorway,
    MotorwayLink,
    Trunk,
    TrunkLink,
    Primary,
    PrimaryLink,
    Secondary,
    SecondaryLink,
    Tertiary,
    TertiaryLink,
    Unclassified,
    Residential,
    LivingStreet,
    Service,
    Track,
    Connector,  // zone connector in a link-table model
    Unknown,
};

inline constexpr int kRoadClassCount = static_cast<int>(RoadClass::Unknown) + 1;

/// Lower-case name used in profiles and outputs ("motorway", "trunk_link", ...).
std::string_view road_class_name(RoadClass c);

/// Parses a profile/output name or an OSM `highway` value; nullopt when unknown.
std::optional<RoadClass> parse_road_class(std::string_view name);

}  // namespace midlink
