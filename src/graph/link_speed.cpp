#include <algorithm>

#include "midlink/graph/graph_builder.hpp"

namespace midlink::graph {
namespace {
// The legal limit a tagged maxspeed symbol means for this vehicle.
double limit_kmh(const SpeedLimit& s, const Profile& p) {
    switch (s.kind) {
        case SpeedLimit::Kind::Numeric: return s.kmh > 0.0 ? s.kmh : 0.0;
        case SpeedLimit::Kind::NationalSingle: return p.nsl_single_kmh;
        case SpeedLimit::Kind::NationalDual: return p.nsl_dual_kmh;
        case SpeedLimit::Kind::Motorway: return p.motorway_limit_kmh;
        case SpeedLimit::Kind::None: break;
    }
    return 0.0;
}

bool is_motorway(RoadClass c) { return c == RoadClass::Motorway || c == RoadClass::MotorwayLink; }
}  // namespace

double vehicle_legal_cap_kmh(const Link& link, const Profile& p) {
    if (p.vehicle != Vehicle::Hgv) return p.max_speed_kmh;
    // HGV limits depend on the carriageway, not the posted limit (60/60/50 mph in GB).
    double cap = p.nsl_single_kmh;
    if (link.carriageway == Carriageway::Motorway || is_motorway(link.road_class)) {
        cap = p.motorway_limit_kmh;
    } else if (link.carriageway == Carriageway::Dual) {
        cap = p.nsl_dual_kmh;
    }
    if (p.max_speed_kmh > 0.0) cap = std::min(cap, p.max_speed_kmh);
    return cap;
}

double link_speed_kmh(const Link& link, const Profile& profile) {
    const double class_speed = profile.class_speed(link.road_class);
    if (class_speed <= 0.0) return 0.0;  // class not routable for this vehicle
    double speed = class_speed;
    // JTS walks and cycles at one speed everywhere: posted limits and the input's (motor)
    // speeds do not apply to them.
    if (profile.is_active_mode()) return speed;
    if (profile.use_input_speed && known(link.speed_kmh) && link.speed_kmh > 0.0) speed = link.speed_kmh;
    const double posted = limit_kmh(link.maxspeed, profile);
    if (posted > 0.0) speed = std::min(speed, posted);
    const double cap = vehicle_legal_cap_kmh(link, profile);
    if (cap > 0.0) speed = std::min(speed, cap);
    return speed;
}

}  // namespace midlink::graph
