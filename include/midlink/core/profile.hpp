#pragma once
// A routing profile: speeds per class and which links a vehicle may use. Plain data;
// io reads it from YAML (geodata/profiles/*.yaml), the graph builder applies it.
#include <array>
#include <cstdint>
#include <string>

#include "midlink/core/road_class.hpp"

namespace midlink {

/// Foot and Bicycle are the JTS walk and cycle modes: they use the path classes, ignore
/// posted limits and input speeds, and follow the foot= and bicycle= access tags.
enum class Vehicle { Car, Hgv, Foot, Bicycle };

/// What to do with a link whose legal restriction (weight, hgv=no, destination) applies.
enum class RestrictionPolicy { Exclude, Penalise, Ignore };

enum class ComponentPolicy { Largest, All };

struct Profile {
    std::string name = "car";
    Vehicle vehicle = Vehicle::Car;
    /// Free-flow speed per class in km/h; 0 means the class is not routable.
    std::array<double, kRoadClassCount> class_speed_kmh{};
    /// National speed limits resolved for this vehicle, km/h.
    double nsl_single_kmh = 96.56;    // 60 mph
    double nsl_dual_kmh = 112.65;     // 70 mph
    double motorway_limit_kmh = 112.65;
    /// Upper bound on any speed for this vehicle (HGV legal limit), km/h; 0 = none.
    double max_speed_kmh = 0.0;
    /// Vehicle dimensions for hard limits; 0 = not checked. Hard limits are never relaxed.
    double height_m = 0.0;
    double width_m = 0.0;
    double weight_t = 0.0;
    RestrictionPolicy weight_policy = RestrictionPolicy::Exclude;
    RestrictionPolicy hgv_no_policy = RestrictionPolicy::Exclude;
    RestrictionPolicy destination_policy = RestrictionPolicy::Penalise;
    double penalty_factor = 5.0;  // time multiplier for penalised links
    bool respect_oneway = true;
    ComponentPolicy components = ComponentPolicy::Largest;
    /// Speed used when a link-table input gives its own speed: trust it (true) or use class.
    bool use_input_speed = true;
    /// Capacity when the input gives none: vehicles/hour per lane, per class (0 = no
    /// estimate), times lanes per direction (the link's tagged lanes when known, else the
    /// class default below). A road is the same road for any vehicle, so car and HGV agree.
    std::array<double, kRoadClassCount> capacity_vph_per_lane{};
    std::array<double, kRoadClassCount> lanes_per_direction{};
    /// Classes this mode uses only where a tag allows it explicitly (foot=yes or
    /// bicycle=yes/designated): cycling on a UK footway is not a right, only where signed.
    std::array<bool, kRoadClassCount> only_when_tagged{};

    /// Walk and cycle: read the path classes, ignore motor speeds and limits.
    [[nodiscard]] bool is_active_mode() const { return vehicle == Vehicle::Foot || vehicle == Vehicle::Bicycle; }

    [[nodiscard]] double class_capacity_per_lane(RoadClass c) const {
        return capacity_vph_per_lane[static_cast<int>(c)];
    }
    [[nodiscard]] double class_lanes(RoadClass c) const { return lanes_per_direction[static_cast<int>(c)]; }

    [[nodiscard]] double class_speed(RoadClass c) const {
        return class_speed_kmh[static_cast<int>(c)];
    }

    /// FNV-1a 64 of every field that shapes a graph. `graph build` stores it in the graph
    /// file, so a cached graph is known to be stale when the profile changed. Its value is
    /// part of the file format: changing it makes every existing graph look out of date.
    [[nodiscard]] std::uint64_t fingerprint() const;
};

/// Built-in UK defaults, identical to geodata/profiles/{car,hgv,walk,cycle}.yaml.
Profile default_car_profile();
Profile default_hgv_profile();
/// JTS walking: 4.8 km/h on every class a pedestrian may use (not motorways), both ways.
Profile default_walk_profile();
/// JTS cycling: 16 km/h, one-way streets respected (unless oneway:bicycle=no), footways,
/// pedestrian areas and steps only where tagged for bicycles, no motorways.
Profile default_cycle_profile();

}  // namespace midlink
