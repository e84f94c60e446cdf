// Turns the routing-relevant tags of one OSM way into Link attributes.
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include "midlink/io/osm_tags.hpp"

namespace midlink::io {
namespace {

bool implies_oneway(RoadClass road_class) {
    // The OSM wiki documents oneway=yes as implied for motorways and their slip roads.
    return road_class == RoadClass::Motorway || road_class == RoadClass::MotorwayLink;
}

bool is_major_road(RoadClass road_class) {
    return road_class == RoadClass::Trunk || road_class == RoadClass::Primary ||
           road_class == RoadClass::Secondary;
}

void note_unparsed(OsmWayInterpretation& out, std::string_view key, std::string_view value) {
    out.unparsed.push_back(std::string(key) + "=" + std::string(value));
}

/// Parses a length/weight tag into `target`; garbage leaves it unknown and is noted.
template <typename Parser>
void parse_measure(OsmWayInterpretation& out, std::string_view key, std::string_view value,
                   Parser parser, double& target) {
    if (value.empty()) return;
    if (const auto parsed = parser(value)) {
        target = *parsed;
    } else {
        note_unparsed(out, key, value);
    }
}

// The most specific key that says something understandable wins; a value we do not
// understand defers to the next key.
Access first_access(std::initializer_list<std::string_view> values) {
    for (const auto value : values) {
        if (value.empty()) continue;
        const Access access = parse_access(value);
        if (access != Access::Unknown) return access;
    }
    return Access::Unknown;
}

Access combined_motor_access(const OsmWayTags& tags) {
    return first_access({tags.motorcar, tags.motor_vehicle, tags.vehicle, tags.access});
}

Carriageway carriageway_of(const Link& link, std::string_view dual_carriageway) {
    if (link.road_class == RoadClass::Motorway || link.road_class == RoadClass::MotorwayLink) {
        return Carriageway::Motorway;
    }
    if (dual_carriageway == "yes") return Carriageway::Dual;
    // OSM draws each carriageway of a dual road as its own one-way way; roundabouts are
    // one-way too but are not dual carriageways.
    if (is_major_road(link.road_class) && link.oneway != Oneway::No && !link.roundabout) {
        return Carriageway::Dual;
    }
    return Carriageway::Single;
}

}  // namespace

void OsmWayTags::set(std::string_view key, std::string_view value) {
    // Few keys matter, so a flat comparison chain beats building a map per way.
    if (key == "highway")
        highway = value;
    else if (key == "area")
        area = value;
    else if (key == "oneway")
        oneway = value;
    else if (key == "junction")
        junction = value;
    else if (key == "maxspeed")
        maxspeed = value;
    else if (key == "access")
        access = value;
    else if (key == "vehicle")
        vehicle = value;
    else if (key == "motor_vehicle")
        motor_vehicle = value;
    else if (key == "motorcar")
        motorcar = value;
    else if (key == "hgv")
        hgv = value;
    else if (key == "maxweight")
        maxweight = value;
    else if (key == "maxheight")
        maxheight = value;
    else if (key == "maxwidth")
        maxwidth = value;
    else if (key == "ref")
        ref = value;
    else if (key == "name")
        name = value;
    else if (key == "dual_carriageway")
        dual_carriageway = value;
    else if (key == "lanes")
        lanes = value;
    else if (key == "foot")
        foot = value;
    else if (key == "bicycle")
        bicycle = value;
    else if (key == "oneway:bicycle")
        oneway_bicycle = value;
    else if (key == "cycleway")
        cycleway = value;
}

std::optional<OsmWayInterpretation> interpret_way(const OsmWayTags& tags, bool with_paths) {
    const auto road_class = routable_highway(tags.highway, with_paths);
    if (!road_class || tags.area == "yes") return std::nullopt;

    OsmWayInterpretation out;
    Link& link = out.attributes;
    link.road_class = *road_class;
    link.roundabout = tags.junction == "roundabout" || tags.junction == "circular";

    const auto tagged_oneway = parse_oneway(tags.oneway);
    const bool implied = link.roundabout || implies_oneway(link.road_class);
    link.oneway = tagged_oneway.value_or(implied ? Oneway::Forward : Oneway::No);
    if (!tags.oneway.empty() && !tagged_oneway && tags.oneway != "reversible" &&
        tags.oneway != "alternating") {
        note_unparsed(out, "oneway", tags.oneway);
    }

    if (!tags.maxspeed.empty()) {
        link.maxspeed = parse_maxspeed(tags.maxspeed);
        if (link.maxspeed.kind == SpeedLimit::Kind::None && !is_symbolic_maxspeed(tags.maxspeed)) {
            note_unparsed(out, "maxspeed", tags.maxspeed);
        }
    }

    link.motor_access = combined_motor_access(tags);
    if (!tags.hgv.empty()) link.hgv_access = parse_access(tags.hgv);
    link.foot_access = first_access({tags.foot, tags.access});
    link.bicycle_access = first_access({tags.bicycle, tags.vehicle, tags.access});
    link.bicycle_contraflow = tags.oneway_bicycle == "no" || tags.cycleway == "opposite" ||
                              tags.cycleway == "opposite_lane" || tags.cycleway == "opposite_track";

    parse_measure(out, "maxweight", tags.maxweight, parse_weight_t, link.maxweight_t);
    parse_measure(out, "maxheight", tags.maxheight, parse_length_m, link.maxheight_m);
    parse_measure(out, "maxwidth", tags.maxwidth, parse_length_m, link.maxwidth_m);

    if (!tags.lanes.empty()) {
        // Whole positive numbers only; "2;3" and the like are left to the profile's default.
        const std::string text(tags.lanes);
        char* end = nullptr;
        const double n = std::strtod(text.c_str(), &end);
        if (end != text.c_str() && *end == '\0' && n >= 1.0 && n <= 20.0 && n == std::floor(n)) {
            link.lanes = n;
        } else {
            note_unparsed(out, "lanes", tags.lanes);
        }
    }

    link.ref = std::string(tags.ref);
    link.name = std::string(tags.name);
    link.carriageway = carriageway_of(link, tags.dual_carriageway);
    return out;
}

}  // namespace midlink::io
