#include "midlink/io/profile_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "midlink/core/error.hpp"

namespace midlink::io {
namespace {
constexpr double kMph = 1.609344;

void check_keys(const YAML::Node& node, const std::set<std::string>& allowed,
                const std::string& where, const std::string& section) {
    for (const auto& kv : node) {
        const auto key = kv.first.as<std::string>();
        if (!allowed.count(key)) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw ConfigError(where + ": unknown key '" + key + "'" +
                              (section.empty() ? "" : " in '" + section + "'") +
                              " (expected one of: " + list + ")");
        }
    }
}

double number(const YAML::Node& n, const std::string& where, const std::string& key) {
    try {
        return n.as<double>();
    } catch (const YAML::Exception&) {
        throw ConfigError(where + ": '" + key + "' must be a number");
    }
}

RestrictionPolicy policy(const YAML::Node& n, const std::string& where, const std::string& key) {
    const auto v = n.as<std::string>();
    if (v == "exclude") return RestrictionPolicy::Exclude;
    if (v == "penalise" || v == "penalize") return RestrictionPolicy::Penalise;
    if (v == "ignore") return RestrictionPolicy::Ignore;
    throw ConfigError(where + ": '" + key + "' must be exclude, penalise or ignore (got '" + v + "')");
}

void read_speeds(const YAML::Node& n, double factor, Profile& p, const std::string& where,
                 const std::string& key) {
    for (const auto& kv : n) {
        const auto cls = kv.first.as<std::string>();
        const auto rc = parse_road_class(cls);
        if (!rc) throw ConfigError(where + ": unknown road class '" + cls + "' in '" + key + "'");
        p.class_speed_kmh[static_cast<int>(*rc)] = number(kv.second, where, key + "." + cls) * factor;
    }
}
void read_class_table(const YAML::Node& n, std::array<double, kRoadClassCount>& table, const std::string& where,
                      const std::string& key) {
    if (!n.IsMap()) throw ConfigError(where + ": '" + key + "' must map road classes to numbers");
    for (const auto& kv : n) {
        const auto cls = kv.first.as<std::string>();
        const auto rc = parse_road_class(cls);
        if (!rc) throw ConfigError(where + ": unknown road class '" + cls + "' in '" + key + "'");
        const double v = number(kv.second, where, key + "." + cls);
        if (!(v >= 0.0) || !std::isfinite(v)) throw ConfigError(where + ": '" + key + "." + cls + "' must be >= 0");
        table[static_cast<int>(*rc)] = v;
    }
}
Profile parse_profile_document(const std::string& text, const std::string& where) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw ConfigError(where + ": not valid YAML: " + e.what());
    }
    if (!root.IsMap()) throw ConfigError(where + ": a profile must be a YAML mapping");
    check_keys(root,
               {"name", "vehicle", "speeds_mph", "speeds_kmh", "national_limits_mph",
                "max_speed_mph", "dimensions", "restrictions", "oneway", "components",
                "use_input_speed", "capacity_vph_per_lane", "lanes_per_direction", "only_when_tagged"},
               where, "");
    const auto vehicle = root["vehicle"] ? root["vehicle"].as<std::string>() : std::string("car");
    Profile p;
    if (vehicle == "car") {
        p = default_car_profile();
    } else if (vehicle == "hgv") {
        p = default_hgv_profile();
    } else if (vehicle == "foot") {
        p = default_walk_profile();
    } else if (vehicle == "bicycle") {
        p = default_cycle_profile();
    } else {
        throw ConfigError(where + ": 'vehicle' must be car, hgv, foot or bicycle (got '" + vehicle + "')");
    }
    if (root["name"]) p.name = root["name"].as<std::string>();
    if (root["speeds_mph"]) read_speeds(root["speeds_mph"], kMph, p, where, "speeds_mph");
    if (root["speeds_kmh"]) read_speeds(root["speeds_kmh"], 1.0, p, where, "speeds_kmh");
    if (const auto n = root["national_limits_mph"]) {
        check_keys(n, {"single", "dual", "motorway"}, where, "national_limits_mph");
        if (n["single"]) p.nsl_single_kmh = number(n["single"], where, "single") * kMph;
        if (n["dual"]) p.nsl_dual_kmh = number(n["dual"], where, "dual") * kMph;
        if (n["motorway"]) p.motorway_limit_kmh = number(n["motorway"], where, "motorway") * kMph;
    }
    if (root["max_speed_mph"]) p.max_speed_kmh = number(root["max_speed_mph"], where, "max_speed_mph") * kMph;
    if (const auto n = root["dimensions"]) {
        check_keys(n, {"height_m", "width_m", "weight_t"}, where, "dimensions");
        if (n["height_m"]) p.height_m = number(n["height_m"], where, "height_m");
        if (n["width_m"]) p.width_m = number(n["width_m"], where, "width_m");
        if (n["weight_t"]) p.weight_t = number(n["weight_t"], where, "weight_t");
    }
    if (const auto n = root["restrictions"]) {
        check_keys(n, {"weight", "hgv_no", "destination", "penalty_factor"}, where, "restrictions");
        if (n["weight"]) p.weight_policy = policy(n["weight"], where, "weight");
        if (n["hgv_no"]) p.hgv_no_policy = policy(n["hgv_no"], where, "hgv_no");
        if (n["destination"]) p.destination_policy = policy(n["destination"], where, "destination");
        if (n["penalty_factor"]) p.penalty_factor = number(n["penalty_factor"], where, "penalty_factor");
        if (p.penalty_factor < 1.0) throw ConfigError(where + ": 'penalty_factor' must be >= 1");
    }
    if (root["oneway"]) p.respect_oneway = root["oneway"].as<bool>();
    if (root["components"]) {
        const auto c = root["components"].as<std::string>();
        if (c == "largest") p.components = ComponentPolicy::Largest;
        else if (c == "all") p.components = ComponentPolicy::All;
        else throw ConfigError(where + ": 'components' must be largest or all (got '" + c + "')");
    }
    if (root["use_input_speed"]) p.use_input_speed = root["use_input_speed"].as<bool>();
    if (root["capacity_vph_per_lane"]) {
        read_class_table(root["capacity_vph_per_lane"], p.capacity_vph_per_lane, where, "capacity_vph_per_lane");
    }
    if (root["lanes_per_direction"]) {
        read_class_table(root["lanes_per_direction"], p.lanes_per_direction, where, "lanes_per_direction");
    }
    if (const auto n = root["only_when_tagged"]) {
        if (!n.IsSequence()) throw ConfigError(where + ": 'only_when_tagged' must be a list of road classes");
        p.only_when_tagged.fill(false);
        for (const auto& item : n) {
            const auto cls = item.as<std::string>();
            const auto rc = parse_road_class(cls);
            if (!rc) throw ConfigError(where + ": unknown road class '" + cls + "' in 'only_when_tagged'");
            p.only_when_tagged[static_cast<int>(*rc)] = true;
        }
    }
    for (double s : p.class_speed_kmh) {
        if (s < 0.0 || !std::isfinite(s)) throw ConfigError(where + ": speeds must be >= 0");
    }
    return p;
}
}  // namespace

Profile parse_profile_yaml(const std::string& text, const std::string& where) {
    // yaml-cpp throws its own exceptions for a value of the wrong type ("oneway: maybe",
    // a list where text belongs); its message gives the line, this adds the file.
    try {
        return parse_profile_document(text, where);
    } catch (const YAML::Exception& e) {
        throw ConfigError(where + ": " + e.what());
    }
}

Profile read_profile(const std::string& name_or_path, const std::string& profiles_dir) {
    namespace fs = std::filesystem;
    fs::path path = name_or_path;
    const bool is_name = name_or_path.find('/') == std::string::npos &&
                         name_or_path.find(".y") == std::string::npos;
    if (is_name) {
        path = fs::path(profiles_dir) / (name_or_path + ".yaml");
        std::error_code ec;  // a name too long for the file system is just not a file
        // No folder means the built-in profiles only, never a car.yaml in the current folder.
        if (profiles_dir.empty() || !fs::exists(path, ec)) {
            if (name_or_path == "car") return default_car_profile();
            if (name_or_path == "hgv") return default_hgv_profile();
            if (name_or_path == "walk") return default_walk_profile();
            if (name_or_path == "cycle") return default_cycle_profile();
            throw ConfigError("unknown profile '" + name_or_path +
                              "' (use car, hgv, walk, cycle or a path to a YAML file)");
        }
    }
    std::ifstream in(path);
    if (!in) throw InputError("profile not found: " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_profile_yaml(ss.str(), path.string());
}

}  // namespace midlink::io
