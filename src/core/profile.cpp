#include "midlink/core/profile.hpp"

#include <initializer_list>
#include <sstream>
#include <string_view>

namespace midlink {
namespace {
constexpr double kMph = 1.609344;

void set(Profile& p, RoadClass c, double kmh) { p.class_speed_kmh[static_cast<int>(c)] = kmh; }

// Typical free-flow speeds on UK roads by class (km/h); a tagged maxspeed lowers them.
void uk_class_speeds(Profile& p) {
    set(p, RoadClass::Motorway, 70 * kMph);
    set(p, RoadClass::MotorwayLink, 40 * kMph);
    set(p, RoadClass::Trunk, 55 * kMph);
    set(p, RoadClass::TrunkLink, 35 * kMph);
    set(p, RoadClass::Primary, 45 * kMph);
    set(p, RoadClass::PrimaryLink, 30 * kMph);
    set(p, RoadClass::Secondary, 40 * kMph);
    set(p, RoadClass::SecondaryLink, 25 * kMph);
    set(p, RoadClass::Tertiary, 35 * kMph);
    set(p, RoadClass::TertiaryLink, 25 * kMph);
    set(p, RoadClass::Unclassified, 30 * kMph);
    set(p, RoadClass::Residential, 20 * kMph);
    set(p, RoadClass::LivingStreet, 10 * kMph);
    set(p, RoadClass::Service, 10 * kMph);
    set(p, RoadClass::Track, 0.0);
    set(p, RoadClass::Connector, 30 * kMph);
    set(p, RoadClass::Unknown, 25 * kMph);
}
void set_capacity(Profile& p, RoadClass c, double vph_per_lane, double lanes) {
    p.capacity_vph_per_lane[static_cast<int>(c)] = vph_per_lane;
    p.lanes_per_direction[static_cast<int>(c)] = lanes;
}

// Rounded typical one-way hourly flows per lane on GB roads, of the order DMRB TA 79/99
// (traffic capacity of urban roads) gives by road type; geodata/profiles/car.yaml says more.
void uk_class_capacities(Profile& p) {
    set_capacity(p, RoadClass::Motorway, 2000, 3);
    set_capacity(p, RoadClass::MotorwayLink, 1600, 1);
    set_capacity(p, RoadClass::Trunk, 1800, 2);
    set_capacity(p, RoadClass::TrunkLink, 1400, 1);
    set_capacity(p, RoadClass::Primary, 1400, 1);
    set_capacity(p, RoadClass::PrimaryLink, 1200, 1);
    set_capacity(p, RoadClass::Secondary, 1200, 1);
    set_capacity(p, RoadClass::SecondaryLink, 1000, 1);
    set_capacity(p, RoadClass::Tertiary, 1000, 1);
    set_capacity(p, RoadClass::TertiaryLink, 900, 1);
    set_capacity(p, RoadClass::Unclassified, 800, 1);
    set_capacity(p, RoadClass::Residential, 600, 1);
    set_capacity(p, RoadClass::LivingStreet, 300, 1);
    set_capacity(p, RoadClass::Service, 300, 1);
    set_capacity(p, RoadClass::Track, 0, 1);
    set_capacity(p, RoadClass::Connector, 0, 1);
    set_capacity(p, RoadClass::Unknown, 0, 1);
}
}  // namespace

Profile default_car_profile() {
    Profile p;
    p.name = "car";
    p.vehicle = Vehicle::Car;
    uk_class_speeds(p);
    uk_class_capacities(p);
    p.nsl_single_kmh = 60 * kMph;
    p.nsl_dual_kmh = 70 * kMph;
    p.motorway_limit_kmh = 70 * kMph;
    p.max_speed_kmh = 0.0;
    return p;
}

Profile default_hgv_profile() {
    Profile p = default_car_profile();
    p.name = "hgv";
    p.vehicle = Vehicle::Hgv;
    // GB HGV (over 7.5 t) limits: 60 mph motorway, 60 mph dual, 50 mph single carriageway.
    p.motorway_limit_kmh = 60 * kMph;
    p.nsl_dual_kmh = 60 * kMph;
    p.nsl_single_kmh = 50 * kMph;
    p.max_speed_kmh = 60 * kMph;
    set(p, RoadClass::Residential, 15 * kMph);
    set(p, RoadClass::LivingStreet, 0.0);
    set(p, RoadClass::Service, 0.0);
    // A 44 t articulated lorry: 4.95 m is the GB maximum height, 2.55 m the EU width.
    p.height_m = 4.0;
    p.width_m = 2.55;
    p.weight_t = 44.0;
    p.weight_policy = RestrictionPolicy::Exclude;
    p.hgv_no_policy = RestrictionPolicy::Exclude;
    p.destination_policy = RestrictionPolicy::Penalise;
    return p;
}

namespace {
// JTS's active modes: one speed on every class but motorways and their slip roads.
Profile jts_profile(const char* name, Vehicle vehicle, double kmh) {
    Profile p;
    p.name = name;
    p.vehicle = vehicle;
    for (int c = 0; c < kRoadClassCount; ++c) p.class_speed_kmh[c] = kmh;
    set(p, RoadClass::Motorway, 0.0);
    set(p, RoadClass::MotorwayLink, 0.0);
    p.use_input_speed = false;
    return p;
}
}  // namespace

Profile default_walk_profile() {
    Profile p = jts_profile("walk", Vehicle::Foot, 4.8);  // DfT JTS walking speed
    p.respect_oneway = false;  // one-way streets bind vehicles, not pedestrians
    return p;
}

Profile default_cycle_profile() {
    Profile p = jts_profile("cycle", Vehicle::Bicycle, 16.0);  // DfT JTS cycling speed
    for (const RoadClass c : {RoadClass::Footway, RoadClass::Pedestrian, RoadClass::Steps}) {
        p.only_when_tagged[static_cast<int>(c)] = true;
    }
    p.respect_oneway = true;
    return p;
}

namespace {
// The same FNV-1a as io::fnv1a64 (core links nothing of io); graph files hold its values.
std::uint64_t fnv1a64(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}
}  // namespace

std::uint64_t Profile::fingerprint() const {
    std::ostringstream s;
    s.precision(17);
    s << name << '|' << static_cast<int>(vehicle) << '|';
    // The motor classes and fields alone for car and HGV profiles, so their fingerprints,
    // which graph files hold, did not change when the path classes were added.
    for (int c = 0; c < kMotorRoadClassCount; ++c) s << class_speed_kmh[c] << ',';
    s << nsl_single_kmh << nsl_dual_kmh << motorway_limit_kmh << max_speed_kmh << height_m << width_m << weight_t
      << static_cast<int>(weight_policy) << static_cast<int>(hgv_no_policy) << static_cast<int>(destination_policy)
      << penalty_factor << respect_oneway << static_cast<int>(components) << use_input_speed << '|';
    for (int c = 0; c < kMotorRoadClassCount; ++c) s << capacity_vph_per_lane[c] << ',';
    for (int c = 0; c < kMotorRoadClassCount; ++c) s << lanes_per_direction[c] << ',';
    bool paths_matter = is_active_mode();
    for (int c = kMotorRoadClassCount; c < kRoadClassCount; ++c) {
        paths_matter = paths_matter || class_speed_kmh[c] != 0.0 || capacity_vph_per_lane[c] != 0.0 ||
                       lanes_per_direction[c] != 0.0;
    }
    for (int c = 0; c < kRoadClassCount; ++c) paths_matter = paths_matter || only_when_tagged[c];
    if (paths_matter) {
        s << "|paths:";
        for (int c = kMotorRoadClassCount; c < kRoadClassCount; ++c) {
            s << class_speed_kmh[c] << ',' << capacity_vph_per_lane[c] << ',' << lanes_per_direction[c] << ',';
        }
        for (int c = 0; c < kRoadClassCount; ++c) s << only_when_tagged[c];
    }
    return fnv1a64(s.str());
}

}  // namespace midlink
