#include "midlink/core/profile.hpp"

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
}  // namespace

Profile default_car_profile() {
    Profile p;
    p.name = "car";
    p.vehicle = Vehicle::Car;
    uk_class_speeds(p);
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

}  // namespace midlink
