#pragma once
// Checked access to YAML nodes for the project, scenario and corridor files: unknown keys
// refused with the list of known ones, and every error naming the file and the item.
#include <yaml-cpp/yaml.h>

#include <set>
#include <cmath>
#include <string>

#include "midlink/core/error.hpp"

namespace midlink::io::detail {

inline void check_keys(const YAML::Node& node, const std::set<std::string>& allowed, const std::string& where,
                       const std::string& section) {
    for (const auto& kv : node) {
        const auto key = kv.first.as<std::string>();
        if (allowed.count(key)) continue;
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        throw ConfigError(where + ": unknown key '" + key + "'" + (section.empty() ? "" : " in " + section) +
                          " (expected one of: " + list + ")");
    }
}

inline std::string text_of(const YAML::Node& n, const std::string& where, const std::string& what) {
    if (!n || !n.IsScalar()) throw ConfigError(where + ": " + what + " must be given as text");
    return n.as<std::string>();
}

/// A finite number: YAML's .nan and .inf are no distance, cost or count (a NaN value of
/// time would silently blank a benefit; a NaN iteration count was undefined behaviour).
inline double number_of(const YAML::Node& n, const std::string& where, const std::string& what) {
    if (!n || !n.IsScalar()) throw ConfigError(where + ": " + what + " must be a number");
    double v = 0.0;
    try {
        v = n.as<double>();
    } catch (const YAML::Exception&) {
        throw ConfigError(where + ": " + what + " must be a number (got '" + n.as<std::string>() + "')");
    }
    if (!std::isfinite(v)) throw ConfigError(where + ": " + what + " must be a finite number (got '" + n.as<std::string>() + "')");
    return v;
}

/// Parses YAML text; `where` names the source in errors.
inline YAML::Node load_yaml(const std::string& text, const std::string& where) {
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throw ConfigError(where + ": not valid YAML: " + e.what());
    }
}

/// Runs `parse`, turning yaml-cpp's own exceptions (a value of the wrong type, a mapping
/// used as a key) into ConfigError naming the file; yaml-cpp's message gives the line.
template <class Parse>
auto with_yaml_errors(const std::string& where, Parse&& parse) {
    try {
        return parse();
    } catch (const YAML::Exception& e) {
        throw ConfigError(where + ": " + e.what());
    }
}

}  // namespace midlink::io::detail
