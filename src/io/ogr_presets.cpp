#include "ogr_presets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "gdal_util.hpp"
#include "midlink/core/error.hpp"

namespace midlink::io {
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

int find_field(OGRFeatureDefn& defn, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        const int i = defn.GetFieldIndex(n);  // case-insensitive
        if (i >= 0) return i;
    }
    return -1;
}

bool has_field(OGRFeatureDefn& defn, const char* name) { return defn.GetFieldIndex(name) >= 0; }

std::string text(OGRFeature& f, int field) {
    if (field < 0 || !f.IsFieldSetAndNotNull(field)) return {};
    return trim(f.GetFieldAsString(field));
}

bool truthy(const std::string& v) {
    const std::string s = lower(v);
    return s == "t" || s == "true" || s == "yes" || s == "1" || s == "y";
}

// Ways Geofabrik lists in the roads layer that motor vehicles cannot use.
bool non_motor_osm_class(const std::string& v) {
    static constexpr std::array<std::string_view, 6> kSkip = {
        "footway", "cycleway", "path", "steps", "pedestrian", "bridleway"};
    return std::find(kSkip.begin(), kSkip.end(), v) != kSkip.end();
}

std::optional<RoadClass> os_function_class(const std::string& function, bool dual) {
    if (function == "Motorway") return RoadClass::Motorway;
    if (function == "A Road") return dual ? RoadClass::Trunk : RoadClass::Primary;
    if (function == "B Road") return RoadClass::Secondary;
    if (function == "Minor Road") return RoadClass::Tertiary;
    if (function == "Local Road") return RoadClass::Residential;
    if (function == "Local Access Road" || function == "Restricted Local Access Road" ||
        function == "Secondary Access Road") {
        return RoadClass::Service;
    }
    return std::nullopt;
}

std::optional<RoadClass> os_classification_class(const std::string& classification) {
    if (classification == "Motorway") return RoadClass::Motorway;
    if (classification == "A Road") return RoadClass::Primary;
    if (classification == "B Road") return RoadClass::Secondary;
    if (classification == "Classified Unnumbered") return RoadClass::Tertiary;
    if (classification == "Unclassified" || classification == "Not Classified") {
        return RoadClass::Unclassified;
    }
    if (classification == "Unknown") return RoadClass::Unknown;
    return std::nullopt;
}

RoadClass slip_road_of(RoadClass c) {
    switch (c) {
        case RoadClass::Motorway: return RoadClass::MotorwayLink;
        case RoadClass::Trunk: return RoadClass::TrunkLink;
        case RoadClass::Primary: return RoadClass::PrimaryLink;
        case RoadClass::Secondary: return RoadClass::SecondaryLink;
        case RoadClass::Tertiary: return RoadClass::TertiaryLink;
        default: return c;
    }
}

bool is_dual_form(const std::string& form) {
    return form == "Dual Carriageway" || form == "Collapsed Dual Carriageway";
}

bool is_motorway(RoadClass c) { return c == RoadClass::Motorway || c == RoadClass::MotorwayLink; }

// OS Open Roads formOfWay: slip roads become *_link, roundabouts are one-way in drawing
// direction (OS digitises them clockwise, the direction of travel in GB), duals are Dual.
void apply_form_of_way(const std::string& form, Link& link) {
    if (form == "Slip Road") link.road_class = slip_road_of(link.road_class);
    if (form == "Roundabout") {
        link.roundabout = true;
        link.oneway = Oneway::Forward;
    }
    if (is_motorway(link.road_class)) {
        link.carriageway = Carriageway::Motorway;
    } else if (is_dual_form(form)) {
        link.carriageway = Carriageway::Dual;
    } else {
        link.carriageway = Carriageway::Single;
    }
}

/// Geofabrik F/T/B codes first (T = against the drawing direction), then OSM-style words.
Oneway parse_oneway(const std::string& raw) {
    if (raw == "F") return Oneway::Forward;
    if (raw == "T") return Oneway::Backward;
    if (raw == "B") return Oneway::No;
    const std::string v = lower(raw);
    if (v == "yes" || v == "true" || v == "1") return Oneway::Forward;
    if (v == "-1" || v == "reverse") return Oneway::Backward;
    return Oneway::No;
}

/// Numeric km/h, or text such as "30 mph" / "50 km/h"; 0, negative or unparsable = none.
SpeedLimit parse_speed(OGRFeature& f, int field) {
    SpeedLimit limit;
    if (field < 0 || !f.IsFieldSetAndNotNull(field)) return limit;
    const std::string raw = lower(text(f, field));
    char* end = nullptr;
    double value = std::strtod(raw.c_str(), &end);
    if (end == raw.c_str() || !std::isfinite(value) || value <= 0.0) return limit;
    if (std::string_view(end).find("mph") != std::string_view::npos) value *= 1.609344;
    limit.kind = SpeedLimit::Kind::Numeric;
    limit.kmh = value;
    return limit;
}

// GB road numbers: M1, A1(M) -> motorway; A38 -> primary; B4100 -> secondary. The first
// of several refs ("A38;A61") decides.
std::optional<RoadClass> class_of_road_number(const std::string& ref) {
    const std::string first = trim(ref.substr(0, ref.find(';')));
    if (first.size() < 2 || !std::isdigit(static_cast<unsigned char>(first[1]))) return std::nullopt;
    const char letter = static_cast<char>(std::toupper(static_cast<unsigned char>(first[0])));
    if (letter == 'M' || first.find("(M)") != std::string::npos) return RoadClass::Motorway;
    if (letter == 'A') return RoadClass::Primary;
    if (letter == 'B') return RoadClass::Secondary;
    return std::nullopt;
}

// Returns false for non-motor ways (unless the mapping keeps paths). Unknown values keep the link as RoadClass::Unknown.
bool map_class(const std::string& value, const ResolvedMapping& m, Link& link,
               Diagnostics& diagnostics, const std::string& where) {
    if (auto it = m.class_values.find(value); it != m.class_values.end()) {
        link.road_class = *parse_road_class(it->second);  // validated by resolve_mapping
        return true;
    }
    const std::string v = lower(value);
    if (non_motor_osm_class(v)) {
        if (!m.with_paths) return false;
        link.road_class = *parse_road_class(v);  // the six names are midlink's path classes
        return true;
    }
    if (v.rfind("track", 0) == 0) {  // Geofabrik track_grade1..5
        link.road_class = RoadClass::Track;
        return true;
    }
    if (auto c = parse_road_class(v)) {
        link.road_class = *c;
        return true;
    }
    if (auto c = os_classification_class(value)) {
        link.road_class = *c;
        return true;
    }
    if (m.class_from_ref) {
        if (auto c = class_of_road_number(link.ref)) {
            link.road_class = *c;
            return true;
        }
    }
    if (!value.empty()) {
        diagnostics.add("unknown_road_class", where, "road class '" + value + "' is not known; kept as unknown");
    }
    link.road_class = RoadClass::Unknown;
    return true;
}

void map_os_class(OGRFeature& f, const ResolvedMapping& m, Link& link, Diagnostics& diagnostics,
                  const std::string& where) {
    const std::string form = text(f, m.form_of_way);
    const std::string function = text(f, m.road_function);
    const std::string classification = text(f, m.road_class);
    if (auto it = m.class_values.find(classification); it != m.class_values.end()) {
        link.road_class = *parse_road_class(it->second);
    } else if (auto c = os_function_class(function, is_dual_form(form))) {
        link.road_class = *c;
    } else if (auto c2 = os_classification_class(classification)) {
        link.road_class = *c2;
    } else {
        diagnostics.add("unknown_road_class", where,
                        "OS Open Roads class '" + classification + "' / function '" + function +
                            "' is not known; kept as unknown");
    }
    apply_form_of_way(form, link);
    // OS Open Roads carries no direction of travel, so every link is two-way except
    // roundabouts. Motorway carriageways are separate lines, but their digitising direction is
    // not a promise of the traffic direction; making them two-way keeps routes possible, and
    // the carriageways still meet only where the data joins them (junctions, ends).
}

void require_field(OGRFeatureDefn& defn, const std::string& field, const char* role,
                   const std::string& where, int& index) {
    if (field.empty()) return;
    index = defn.GetFieldIndex(field.c_str());
    if (index < 0) {
        throw ConfigError("field '" + field + "' (mapped as " + role + ") not found in " + where +
                          "; available fields: " + gdal::field_list(defn));
    }
}

OgrPreset parse_preset(const std::string& name, OGRFeatureDefn& defn) {
    if (name == "geofabrik") return OgrPreset::Geofabrik;
    if (name == "os-open-roads") return OgrPreset::OsOpenRoads;
    if (name == "generic") return OgrPreset::Generic;
    if (name != "auto" && !name.empty()) {
        throw ConfigError("unknown OGR preset '" + name +
                          "' (expected auto, geofabrik, os-open-roads or generic)");
    }
    if (has_field(defn, "fclass")) return OgrPreset::Geofabrik;
    if (has_field(defn, "road_classification") || has_field(defn, "road_function") ||
        (has_field(defn, "class") &&
         (has_field(defn, "formOfWay") || has_field(defn, "function") || has_field(defn, "roadNumber")))) {
        return OgrPreset::OsOpenRoads;
    }
    return OgrPreset::Generic;
}

}  // namespace

std::string preset_name(OgrPreset preset) {
    switch (preset) {
        case OgrPreset::Geofabrik: return "geofabrik";
        case OgrPreset::OsOpenRoads: return "os-open-roads";
        case OgrPreset::Generic: break;
    }
    return "generic";
}

ResolvedMapping resolve_mapping(OGRFeatureDefn& defn, const ReadOptions& options,
                                const std::string& where) {
    ResolvedMapping m;
    m.preset = parse_preset(options.preset, defn);
    m.with_paths = options.with_paths;
    switch (m.preset) {
        case OgrPreset::Geofabrik:
            m.road_class = find_field(defn, {"fclass"});
            if (m.road_class < 0 && options.fields.road_class.empty()) {
                throw ConfigError("preset geofabrik needs an 'fclass' field, not found in " + where +
                                  "; available fields: " + gdal::field_list(defn));
            }
            m.speed = find_field(defn, {"maxspeed"});
            m.oneway = find_field(defn, {"oneway"});
            m.ref = find_field(defn, {"ref"});
            m.name = find_field(defn, {"name"});
            m.bridge = find_field(defn, {"bridge"});
            m.tunnel = find_field(defn, {"tunnel"});
            break;
        case OgrPreset::OsOpenRoads:
            m.road_class = find_field(defn, {"road_classification", "class"});
            m.road_function = find_field(defn, {"road_function", "function"});
            m.form_of_way = find_field(defn, {"form_of_way", "formOfWay"});
            m.ref = find_field(defn, {"road_classification_number", "roadNumber"});
            m.name = find_field(defn, {"name_1", "name1"});
            m.from_node = find_field(defn, {"start_node", "startNode"});
            m.to_node = find_field(defn, {"end_node", "endNode"});
            break;
        case OgrPreset::Generic:
            // Without a mapping, OSM-style names are the most likely meaning.
            m.road_class = find_field(defn, {"highway"});
            m.speed = find_field(defn, {"maxspeed"});
            m.oneway = find_field(defn, {"oneway"});
            m.ref = find_field(defn, {"ref"});
            m.name = find_field(defn, {"name"});
            break;
    }
    const FieldMapping& f = options.fields;
    require_field(defn, f.road_class, "road_class", where, m.road_class);
    require_field(defn, f.speed_kmh, "speed_kmh", where, m.speed);
    require_field(defn, f.oneway, "oneway", where, m.oneway);
    require_field(defn, f.ref, "ref", where, m.ref);
    require_field(defn, f.name, "name", where, m.name);
    require_field(defn, f.from_node, "from_node", where, m.from_node);
    require_field(defn, f.to_node, "to_node", where, m.to_node);
    require_field(defn, f.form_of_way, "form_of_way", where, m.form_of_way);
    for (const auto& [value, class_name] : f.class_values) {
        if (!parse_road_class(class_name)) {
            throw ConfigError("class value '" + value + "' maps to unknown road class '" + class_name + "'");
        }
    }
    m.class_values = f.class_values;
    m.class_from_ref = f.class_from_ref;
    return m;
}

bool map_attributes(OGRFeature& feature, const ResolvedMapping& m, Link& link,
                    Structure& structure, Diagnostics& diagnostics, const std::string& where) {
    structure = Structure::Ground;
    if (truthy(text(feature, m.bridge))) structure = Structure::Bridge;
    if (truthy(text(feature, m.tunnel))) structure = Structure::Tunnel;
    link.ref = text(feature, m.ref);
    link.name = text(feature, m.name);
    link.maxspeed = parse_speed(feature, m.speed);
    link.oneway = parse_oneway(text(feature, m.oneway));

    if (m.preset == OgrPreset::OsOpenRoads) {
        map_os_class(feature, m, link, diagnostics, where);
        return text(feature, m.form_of_way) != "Guided Busway";  // buses only
    }
    if (!map_class(text(feature, m.road_class), m, link, diagnostics, where)) return false;
    if (m.form_of_way >= 0) {
        apply_form_of_way(text(feature, m.form_of_way), link);
    } else if (is_motorway(link.road_class)) {
        // UK motorway regulations (and their limits) cover the slip roads too.
        link.carriageway = Carriageway::Motorway;
    } else if (link.oneway != Oneway::No &&
               (link.road_class == RoadClass::Trunk || link.road_class == RoadClass::Primary)) {
        // A one-way trunk/primary way in OSM is one side of a dual carriageway.
        link.carriageway = Carriageway::Dual;
    } else {
        link.carriageway = Carriageway::Single;
    }
    return true;
}

}  // namespace midlink::io
