#include "midlink/io/project_reader.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "midlink/core/error.hpp"
#include "yaml_util.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;
using detail::check_keys;
using detail::number_of;
using detail::text_of;

struct Paths {
    std::string base, where;
    /// Resolved against the project folder; missing inputs are refused here, up front.
    std::string input(const YAML::Node& n, const std::string& key) const {
        const std::string raw = text_of(n, where, "'" + key + "'");
        const fs::path p = fs::path(raw).is_absolute() ? fs::path(raw) : fs::path(base) / raw;
        // The non-throwing overload: a name too long for the file system (found by
        // fuzz_project_yaml) is a bad input like a missing one, not a filesystem_error.
        std::error_code ec;
        if (!fs::exists(p, ec))
            throw InputError(where + ": '" + key + "' names " + p.string() + ", which does not exist" +
                             (ec ? " (" + ec.message() + ")" : ""));
        return p.lexically_normal().string();
    }
};

Project parse_project_document(const std::string& text, const std::string& where, const std::string& base_dir) {
    const YAML::Node root = detail::load_yaml(text, where);
    if (!root.IsMap()) throw ConfigError(where + ": a project file must be a YAML mapping");
    check_keys(root, {"name", "graph", "network", "profile", "access", "corridors", "coverage", "benefit", "scenarios", "hgv_graph", "assignment"}, where, "");
    const Paths paths{base_dir, where};
    Project p;
    p.path = where;
    p.name = root["name"] ? text_of(root["name"], where, "'name'") : fs::path(where).stem().string();
    if (root["graph"]) p.graph = paths.input(root["graph"], "graph");
    if (root["network"]) p.network = paths.input(root["network"], "network");
    if (root["hgv_graph"]) p.hgv_graph = paths.input(root["hgv_graph"], "hgv_graph");
    if (root["profile"]) p.profile = text_of(root["profile"], where, "'profile'");
    if (p.graph.empty() && p.network.empty()) throw ConfigError(where + ": give 'graph' (a .mlg) or 'network'");
    if (const auto a = root["access"]) {
        if (!a.IsMap()) throw ConfigError(where + ": 'access' must be a mapping");
        check_keys(a,
                   {"origins", "origin_layer", "origin_id", "origin_points", "origin_points_id", "population",
                    "population_id", "population_field", "destinations", "dest_weight", "dest_category", "assume_crs",
                    "measures", "max_snap_m", "max_time_min", "engine"},
                   where, "access");
        auto& ac = p.access;
        ac.present = true;
        ac.origins = paths.input(a["origins"], "access.origins");
        const auto opt = [&](const char* key, std::string& out) {
            if (a[key]) out = text_of(a[key], where, std::string("'access.") + key + "'");
        };
        opt("origin_layer", ac.origin_layer);
        opt("origin_id", ac.origin_id);
        opt("origin_points_id", ac.origin_points_id);
        opt("population_id", ac.population_id);
        opt("population_field", ac.population_field);
        opt("dest_weight", ac.dest_weight);
        opt("dest_category", ac.dest_category);
        opt("assume_crs", ac.assume_crs);
        opt("measures", ac.measures);
        opt("engine", ac.engine);
        if (ac.engine != "auto" && ac.engine != "dijkstra" && ac.engine != "phast") {
            throw ConfigError(where + ": 'access.engine' must be auto, dijkstra or phast, not '" + ac.engine + "'");
        }
        if (a["origin_points"]) ac.origin_points = paths.input(a["origin_points"], "access.origin_points");
        if (a["population"]) ac.population = paths.input(a["population"], "access.population");
        if (a["max_snap_m"]) ac.max_snap_m = number_of(a["max_snap_m"], where, "'access.max_snap_m'");
        if (!(std::isfinite(ac.max_snap_m) && ac.max_snap_m >= 0.0)) {  // as --max-snap (issue 11)
            throw ConfigError(where + ": 'access.max_snap_m' must be a distance in metres (a finite number >= 0)");
        }
        if (a["max_time_min"]) ac.max_time_min = number_of(a["max_time_min"], where, "'access.max_time_min'");
        const auto d = a["destinations"];
        if (!d || !d.IsSequence() || d.size() == 0)
            throw ConfigError(where + ": 'access.destinations' must be a non-empty list of {path, name}");
        for (std::size_t i = 0; i < d.size(); ++i) {
            const std::string at = "access.destinations[" + std::to_string(i) + "]";
            if (!d[i].IsMap()) throw ConfigError(where + ": '" + at + "' must be a mapping {path, name}");
            check_keys(d[i], {"path", "name"}, where, at);
            ac.destinations.push_back({paths.input(d[i]["path"], at + ".path"),
                                       d[i]["name"] ? text_of(d[i]["name"], where, at + ".name") : ""});
        }
    }
    if (root["corridors"]) p.corridors = paths.input(root["corridors"], "corridors");
    if (root["scenarios"]) p.scenarios = paths.input(root["scenarios"], "scenarios");
    if (const auto c = root["coverage"]) {
        if (!c.IsMap()) throw ConfigError(where + ": 'coverage' must be a mapping {path, layer, id, release}");
        check_keys(c, {"path", "layer", "id", "release"}, where, "coverage");
        p.coverage.present = true;
        p.coverage.path = paths.input(c["path"], "coverage.path");
        if (c["layer"]) p.coverage.layer = text_of(c["layer"], where, "'coverage.layer'");
        if (c["id"]) p.coverage.id = text_of(c["id"], where, "'coverage.id'");
        if (c["release"]) p.coverage.release = text_of(c["release"], where, "'coverage.release'");
    }
    if (const auto a = root["assignment"]) {
        if (!a.IsMap()) throw ConfigError(where + ": 'assignment' must be a mapping {zones, od, ...}");
        check_keys(a, {"zones", "zone_id", "od", "method", "gap", "max_iter"}, where, "assignment");
        auto& as = p.assignment;
        as.present = true;
        as.zones = paths.input(a["zones"], "assignment.zones");
        as.od = paths.input(a["od"], "assignment.od");
        if (a["zone_id"]) as.zone_id = text_of(a["zone_id"], where, "'assignment.zone_id'");
        if (a["method"]) as.method = text_of(a["method"], where, "'assignment.method'");
        // The methods of `assign --method` (analysis::parse_assignment_method; io cannot call it).
        if (as.method != "aon" && as.method != "fw" && as.method != "cfw" && as.method != "bfw" && as.method != "bush")
            throw ConfigError(where + ": 'assignment.method' must be aon, fw, cfw, bfw or bush");
        if (a["gap"]) as.gap = number_of(a["gap"], where, "'assignment.gap'");
        if (a["max_iter"]) as.max_iter = static_cast<int>(number_of(a["max_iter"], where, "'assignment.max_iter'"));
    }
    if (const auto b = root["benefit"]) {
        if (!b.IsMap()) throw ConfigError(where + ": 'benefit' must be a mapping");
        check_keys(b, {"measures", "value_of_time_gbp_per_hour", "trips_per_person_per_year", "years"}, where, "benefit");
        if (b["measures"]) {
            if (!b["measures"].IsSequence()) throw ConfigError(where + ": 'benefit.measures' must be a list");
            for (std::size_t i = 0; i < b["measures"].size(); ++i)
                p.benefit.measures.push_back(text_of(b["measures"][i], where, "'benefit.measures'"));
        }
        if (b["value_of_time_gbp_per_hour"])
            p.benefit.value_of_time_gbp_per_hour = number_of(b["value_of_time_gbp_per_hour"], where, "'benefit.value_of_time_gbp_per_hour'");
        if (b["trips_per_person_per_year"])
            p.benefit.trips_per_person_per_year = number_of(b["trips_per_person_per_year"], where, "'benefit.trips_per_person_per_year'");
        if (b["years"]) p.benefit.years = number_of(b["years"], where, "'benefit.years'");
    }
    return p;
}

}  // namespace

Project parse_project_yaml(const std::string& text, const std::string& where, const std::string& base_dir) {
    return detail::with_yaml_errors(where, [&] { return parse_project_document(text, where, base_dir); });
}

Project read_project(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open the project file");
    std::stringstream ss;
    ss << in.rdbuf();
    const auto dir = fs::path(path).parent_path();
    return parse_project_yaml(ss.str(), path, dir.empty() ? "." : dir.string());
}

}  // namespace midlink::io
