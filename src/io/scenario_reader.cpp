#include "midlink/io/scenario_reader.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "yaml_util.hpp"

namespace midlink::io {
namespace {
using detail::check_keys;
using detail::number_of;
using detail::text_of;

Point point_of(const YAML::Node& n, const std::string& where, const std::string& what,
               const std::optional<CrsTransform>& transform) {
    if (!n || !n.IsMap()) throw ConfigError(where + ": " + what + " must be a mapping {x, y}");
    check_keys(n, {"x", "y", "radius_m"}, where, what);
    Point p{number_of(n["x"], where, what + " 'x'"), number_of(n["y"], where, what + " 'y'")};
    if (transform && !transform->apply(p)) throw ConfigError(where + ": " + what + ": cannot transform the point");
    return p;
}

std::vector<std::string> list_of(const YAML::Node& n, const std::string& where, const std::string& what) {
    if (!n.IsSequence()) throw ConfigError(where + ": " + what + " must be a list");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n.size(); ++i) out.push_back(text_of(n[i], where, what));
    return out;
}

Intervention parse_intervention(const YAML::Node& n, const std::string& where, const std::string& at,
                                const std::optional<CrsTransform>& transform) {
    if (!n.IsMap()) throw ConfigError(where + ": " + at + " must be a mapping");
    Intervention iv;
    iv.where = at;
    const std::string type = text_of(n["type"], where, at + " 'type'");
    const auto positive = [&](const char* key) {
        const double v = number_of(n[key], where, at + " '" + key + "'");
        if (!(v > 0.0)) throw ConfigError(where + ": " + at + " '" + key + "' must be positive");
        return v;
    };
    if (type == "upgrade" || type == "closure") {
        iv.type = type == "upgrade" ? InterventionType::Upgrade : InterventionType::Closure;
        if (iv.type == InterventionType::Upgrade)
            check_keys(n, {"type", "refs", "near", "speed_kmh", "speed_factor", "capacity_vph", "capacity_factor"}, where, at);
        else
            check_keys(n, {"type", "refs", "near"}, where, at);
        if (n["refs"]) iv.refs = list_of(n["refs"], where, at + " 'refs'");
        if (n["near"]) {
            iv.near = point_of(n["near"], where, at + " 'near'", transform);
            if (n["near"]["radius_m"]) iv.radius_m = number_of(n["near"]["radius_m"], where, at + " 'radius_m'");
        }
        if (iv.refs.empty() && !iv.near)
            throw ConfigError(where + ": " + at + " needs 'refs' or 'near' to choose its links");
        if (iv.type == InterventionType::Upgrade) {
            if (n["speed_kmh"]) iv.speed_kmh = positive("speed_kmh");
            if (n["speed_factor"]) iv.speed_factor = positive("speed_factor");
            if (n["capacity_vph"]) iv.capacity_vph = positive("capacity_vph");
            if (n["capacity_factor"]) iv.capacity_factor = positive("capacity_factor");
            if (iv.speed_kmh > 0 && iv.speed_factor > 0)
                throw ConfigError(where + ": " + at + " gives both 'speed_kmh' and 'speed_factor'");
            if (iv.capacity_vph > 0 && iv.capacity_factor > 0)
                throw ConfigError(where + ": " + at + " gives both 'capacity_vph' and 'capacity_factor'");
            if (iv.speed_kmh <= 0 && iv.speed_factor <= 0 && iv.capacity_vph <= 0 && iv.capacity_factor <= 0)
                throw ConfigError(where + ": " + at + " changes nothing: give a speed or a capacity");
        }
    } else if (type == "new_link") {
        iv.type = InterventionType::NewLink;
        check_keys(n, {"type", "from", "to", "speed_kmh", "class"}, where, at);
        iv.from = point_of(n["from"], where, at + " 'from'", transform);
        iv.to = point_of(n["to"], where, at + " 'to'", transform);
        iv.speed_kmh = positive("speed_kmh");
        if (n["class"]) {
            const auto c = parse_road_class(text_of(n["class"], where, at + " 'class'"));
            if (!c) throw ConfigError(where + ": " + at + " 'class' is not a road class");
            iv.road_class = *c;
        }
    } else if (type == "pt_link") {
        iv.type = InterventionType::PtLink;
        check_keys(n, {"type", "from", "to", "time_min"}, where, at);
        iv.from = point_of(n["from"], where, at + " 'from'", transform);
        iv.to = point_of(n["to"], where, at + " 'to'", transform);
        iv.time_min = positive("time_min");
    } else if (type == "broadband") {
        iv.type = InterventionType::Broadband;
        check_keys(n, {"type", "areas", "tier"}, where, at);
        iv.areas = list_of(n["areas"], where, at + " 'areas'");
        if (iv.areas.empty()) throw ConfigError(where + ": " + at + " 'areas' is empty");
        if (n["tier"]) iv.tier = text_of(n["tier"], where, at + " 'tier'");
        if (iv.tier != "gigabit" && iv.tier != "full_fibre")
            throw ConfigError(where + ": " + at + " 'tier' must be gigabit or full_fibre");
    } else {
        throw ConfigError(where + ": " + at + " has unknown type '" + type +
                          "' (expected upgrade, closure, new_link, pt_link or broadband)");
    }
    return iv;
}

std::vector<Scenario> parse_scenarios_document(const std::string& text, const std::string& where,
                                               const std::string& target_crs) {
    const YAML::Node root = detail::load_yaml(text, where);
    if (!root.IsMap()) throw ConfigError(where + ": a scenario file must be a mapping with 'scenarios:'");
    check_keys(root, {"crs", "scenarios", "packages"}, where, "");
    const std::string crs = root["crs"] ? normalise_crs(text_of(root["crs"], where, "'crs'")) : "EPSG:27700";
    std::optional<CrsTransform> transform;
    if (!target_crs.empty()) transform.emplace(crs, target_crs);
    const auto list = root["scenarios"];
    if (!list || !list.IsSequence() || list.size() == 0) throw ConfigError(where + ": 'scenarios' must be a non-empty list");
    std::vector<Scenario> out;
    std::map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto s = list[i];
        const std::string at = "scenario " + std::to_string(i + 1);
        if (!s.IsMap()) throw ConfigError(where + ": " + at + " must be a mapping");
        check_keys(s, {"name", "cost_gbp", "interventions"}, where, at);
        Scenario sc;
        sc.name = text_of(s["name"], where, at + " 'name'");
        const std::string named = "scenario '" + sc.name + "'";
        if (by_name.count(sc.name)) throw ConfigError(where + ": " + named + " is named twice");
        sc.cost_gbp = number_of(s["cost_gbp"], where, named + " 'cost_gbp'");
        if (!(sc.cost_gbp > 0.0)) throw ConfigError(where + ": " + named + " 'cost_gbp' must be positive");
        const auto ivs = s["interventions"];
        if (!ivs || !ivs.IsSequence() || ivs.size() == 0)
            throw ConfigError(where + ": " + named + " needs a non-empty 'interventions' list");
        for (std::size_t j = 0; j < ivs.size(); ++j)
            sc.interventions.push_back(
                parse_intervention(ivs[j], where, named + " intervention " + std::to_string(j + 1), transform));
        by_name[sc.name] = out.size();
        out.push_back(std::move(sc));
    }
    if (const auto packages = root["packages"]) {
        if (!packages.IsSequence()) throw ConfigError(where + ": 'packages' must be a list");
        const std::size_t singles = out.size();
        for (std::size_t i = 0; i < packages.size(); ++i) {
            const auto p = packages[i];
            const std::string at = "package " + std::to_string(i + 1);
            if (!p.IsMap()) throw ConfigError(where + ": " + at + " must be a mapping");
            check_keys(p, {"name", "scenarios"}, where, at);
            Scenario pk;
            pk.name = text_of(p["name"], where, at + " 'name'");
            if (by_name.count(pk.name)) throw ConfigError(where + ": package '" + pk.name + "' reuses a name");
            pk.members = list_of(p["scenarios"], where, "package '" + pk.name + "' 'scenarios'");
            if (pk.members.size() < 2) throw ConfigError(where + ": package '" + pk.name + "' needs two or more scenarios");
            for (const auto& m : pk.members) {
                const auto it = by_name.find(m);
                if (it == by_name.end() || it->second >= singles)
                    throw ConfigError(where + ": package '" + pk.name + "' names unknown scenario '" + m + "'");
                const Scenario& member = out[it->second];
                pk.cost_gbp += member.cost_gbp;
                pk.interventions.insert(pk.interventions.end(), member.interventions.begin(), member.interventions.end());
            }
            by_name[pk.name] = out.size();
            out.push_back(std::move(pk));
        }
    }
    return out;
}

}  // namespace

std::vector<Scenario> parse_scenarios_yaml(const std::string& text, const std::string& where,
                                           const std::string& target_crs) {
    return detail::with_yaml_errors(where, [&] { return parse_scenarios_document(text, where, target_crs); });
}

std::vector<Scenario> read_scenarios(const std::string& path, const std::string& target_crs) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the scenario file");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_scenarios_yaml(ss.str(), path, target_crs);
}

}  // namespace midlink::io
