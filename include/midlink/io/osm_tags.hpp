#pragma once
// Interpretation of OSM tags for routing (pure functions, unit-tested without files).
// The reader copies the few tags it cares about into OsmWayTags; everything here works
// on string views so it needs neither libosmium nor a file.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/link_table.hpp"

namespace midlink::io {

/// "30", "30 mph", "50 km/h", "GB:nsl_single", "GB:nsl_dual", "GB:motorway", "none",
/// "walk"... Unparseable -> Kind::None.
SpeedLimit parse_maxspeed(std::string_view value);

/// True for maxspeed values that legitimately carry no number ("none", "signals",
/// "walk", "variable"), so an unparsed value that is not one of these is worth reporting.
bool is_symbolic_maxspeed(std::string_view value);

/// Lengths for maxheight/maxwidth: "4.2", "4.2 m", "4,2m", "14'6\"", "14 ft 6 in", "14'".
/// A bare number is metres. Returns NaN (kUnknown) for "none"/"default"/"unsigned"
/// (no signed limit) and nullopt when the value cannot be understood.
std::optional<double> parse_length_m(std::string_view value);

/// Weights for maxweight in tonnes: "7.5", "7.5 t", "7500 kg". Same conventions as
/// parse_length_m for "none" and unparsable values.
std::optional<double> parse_weight_t(std::string_view value);

/// yes/true/1 -> Forward, -1/reverse -> Backward, no/false/0 -> No; anything else
/// (reversible, alternating, garbage) -> nullopt so the caller keeps its implied default.
std::optional<Oneway> parse_oneway(std::string_view value);

/// yes/permissive/designated -> Yes, no/agricultural/forestry -> No, destination/delivery
/// -> Destination, private/customers/permit -> Private, anything else -> Unknown.
Access parse_access(std::string_view value);

/// Road class of a routable `highway` value ("road" -> Unknown); nullopt for ways that
/// are not part of the motor network (footway, cycleway, path, construction, ...), unless
/// `with_paths` (walk and cycle profiles) keeps the foot and cycle ways too.
std::optional<RoadClass> routable_highway(std::string_view highway, bool with_paths = false);

/// The tags a way's interpretation depends on; empty view = tag absent.
struct OsmWayTags {
    std::string_view highway;
    std::string_view area;
    std::string_view oneway;
    std::string_view junction;
    std::string_view maxspeed;
    std::string_view access;
    std::string_view vehicle;
    std::string_view motor_vehicle;
    std::string_view motorcar;
    std::string_view hgv;
    std::string_view maxweight;
    std::string_view maxheight;
    std::string_view maxwidth;
    std::string_view ref;
    std::string_view name;
    std::string_view dual_carriageway;
    std::string_view lanes;
    std::string_view foot;
    std::string_view bicycle;
    std::string_view oneway_bicycle;  // oneway:bicycle
    std::string_view cycleway;        // opposite, opposite_lane, opposite_track: contraflow

    /// Stores `value` when `key` is one of the fields above; other keys are ignored.
    void set(std::string_view key, std::string_view value);
};

struct OsmWayInterpretation {
    /// Link attributes from the tags; from/to/geometry/length/source_id are left unset.
    Link attributes;
    /// "key=value" for each tag whose value could not be understood.
    std::vector<std::string> unparsed;
};

/// Interprets a way's tags; nullopt when the way is not routable (see routable_highway,
/// and area=yes).
std::optional<OsmWayInterpretation> interpret_way(const OsmWayTags& tags, bool with_paths = false);

}  // namespace midlink::io
