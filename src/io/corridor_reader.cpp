#include "midlink/io/corridor_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "yaml_util.hpp"

namespace midlink::io {
namespace {
using detail::check_keys;
using detail::number_of;
using detail::text_of;
}  // namespace

namespace {
std::vector<CorridorSpec> parse_corridors_document(const std::string& text, const std::string& where,
                                                   const std::string& target_crs) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw ConfigError(where + ": not valid YAML: " + e.what());
    }
    if (!root.IsMap())
        throw ConfigError(where + ": a corridor file must be a YAML mapping with 'corridors:'");
    check_keys(root, {"crs", "corridors"}, where, "");
    const std::string crs =
        root["crs"] ? normalise_crs(text_of(root["crs"], where, "'crs'")) : "EPSG:27700";
    std::optional<CrsTransform> transform;
    if (!target_crs.empty()) transform.emplace(crs, target_crs);

    const auto list = root["corridors"];
    if (!list || !list.IsSequence() || list.size() == 0) {
        throw ConfigError(where + ": 'corridors' must be a non-empty list");
    }
    std::vector<CorridorSpec> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto c = list[i];
        const std::string at = "corridor " + std::to_string(i + 1);
        if (!c.IsMap()) throw ConfigError(where + ": " + at + " must be a mapping");
        check_keys(c, {"name", "mode", "waypoints", "refs", "ref_bias"}, where, at);
        CorridorSpec spec;
        spec.name = text_of(c["name"], where, at + " 'name'");
        const std::string named = "corridor '" + spec.name + "'";
        if (c["mode"]) spec.mode = text_of(c["mode"], where, named + " 'mode'");
        if (spec.mode != "car" && spec.mode != "hgv") {
            throw ConfigError(where + ": " + named + " 'mode' must be car or hgv (got '" +
                              spec.mode + "')");
        }
        if (const auto refs = c["refs"]) {
            if (!refs.IsSequence()) throw ConfigError(where + ": " + named + " 'refs' must be a list of road refs");
            for (std::size_t j = 0; j < refs.size(); ++j)
                spec.refs.push_back(text_of(refs[j], where, named + " 'refs'"));
        }
        if (c["ref_bias"]) {
            spec.ref_bias = number_of(c["ref_bias"], where, named + " 'ref_bias'");
            if (!(spec.ref_bias >= 1.0))
                throw ConfigError(where + ": " + named + " 'ref_bias' must be a number >= 1");
        }
        const auto wps = c["waypoints"];
        if (!wps || !wps.IsSequence() || wps.size() < 2) {
            throw ConfigError(where + ": " + named + " needs 'waypoints', a list of at least 2");
        }
        for (std::size_t j = 0; j < wps.size(); ++j) {
            const auto w = wps[j];
            const std::string wat = named + " waypoint " + std::to_string(j + 1);
            if (!w.IsMap())
                throw ConfigError(where + ": " + wat + " must be a mapping {name, x, y}");
            check_keys(w, {"name", "x", "y"}, where, wat);
            std::string name =
                w["name"] ? text_of(w["name"], where, wat + " 'name'") : std::to_string(j + 1);
            Point p{number_of(w["x"], where, wat + " 'x'"), number_of(w["y"], where, wat + " 'y'")};
            if (transform && !transform->apply(p)) {
                throw ConfigError(where + ": " + wat + ": cannot transform from " + crs + " to " +
                                  target_crs);
            }
            spec.waypoints.emplace_back(std::move(name), p);
        }
        out.push_back(std::move(spec));
    }
    return out;
}
}  // namespace

std::vector<CorridorSpec> parse_corridors_yaml(const std::string& text, const std::string& where,
                                               const std::string& target_crs) {
    // yaml-cpp throws its own exceptions for a value of the wrong type or a mapping as a key.
    return detail::with_yaml_errors(where, [&] { return parse_corridors_document(text, where, target_crs); });
}

std::vector<CorridorSpec> read_corridors(const std::string& path, const std::string& target_crs) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the corridor file");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_corridors_yaml(ss.str(), path, target_crs);
}

}  // namespace midlink::io
