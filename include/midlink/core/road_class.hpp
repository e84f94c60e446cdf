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
    // Ways for people on foot or on bicycles only. Readers keep them only for the walk and
    // cycle profiles (ReadOptions::with_paths); they come after Unknown so that the numbers
    // of the motor classes, which graph files store, never change.
    Footway,
    Cycleway,
    Path,
    Pedestrian,
    Steps,
    Bridleway,
};

inline constexpr int kRoadClassCount = static_cast<int>(RoadClass::Bridleway) + 1;
/// The classes before the path classes: what a car or HGV graph can hold.
inline constexpr int kMotorRoadClassCount = static_cast<int>(RoadClass::Unknown) + 1;

/// True for the foot and cycle classes (footway, cycleway, path, pedestrian, steps, bridleway).
inline constexpr bool is_path_class(RoadClass c) { return static_cast<int>(c) >= kMotorRoadClassCount; }

/// Lower-case name used in profiles and outputs ("motorway", "trunk_link", ...).
std::string_view road_class_name(RoadClass c);

/// Parses a profile/output name or an OSM `highway` value; nullopt when unknown.
std::optional<RoadClass> parse_road_class(std::string_view name);

}  // namespace midlink
