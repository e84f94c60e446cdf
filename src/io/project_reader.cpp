#include "midlink/io/project_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

#include "midlink/core/error.hpp"
#include "yaml_util.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;
using detail::check_keys;
using detail::number_of;
using detail::text_of;

/// `section.key` of a mapping into its field, for each key the mapping has.
void texts_into(const YAML::Node& m, const std::string& where, const std::string& section,
                std::initializer_list<std::pair<const char*, std::string*>> fields) {
    for (const auto& [key, out] : fields)
        if (m[key]) *out = text_of(m[key], where, "'" + section + "." + key + "'");
}

/// A list of texts, or one text.
std::vector<std::string> texts_of(const YAML::Node& n, const std::string& where, const std::string& key) {
    std::vector<std::string> out;
    if (!n.IsSequence()) return {text_of(n, where, "'" + key + "'")};
    for (std::size_t i = 0; i < n.size(); ++i) out.push_back(text_of(n[i], where, "'" + key + "'"));
    return out;
}

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
    check_keys(root, {"name", "graph", "network", "profile", "access", "corridors", "coverage", "benefit", "scenarios",
                      "hgv_graph", "hgv_profile", "assignment", "fibre_cost", "access_modes", "report"},
               where, "");
    const Paths paths{base_dir, where};
    Project p;
    p.path = where;
    p.name = root["name"] ? text_of(root["name"], where, "'name'") : fs::path(where).stem().string();
    if (root["graph"]) p.graph = paths.input(root["graph"], "graph");
    if (root["network"]) p.network = paths.input(root["network"], "network");
    if (root["hgv_graph"]) p.hgv_graph = paths.input(root["hgv_graph"], "hgv_graph");
    if (root["profile"]) p.profile = text_of(root["profile"], where, "'profile'");
    if (root["hgv_profile"]) {
        p.hgv_profile = text_of(root["hgv_profile"], where, "'hgv_profile'");
        if (!p.hgv_graph.empty()) throw ConfigError(where + ": give 'hgv_graph' (a built graph) or 'hgv_profile', not both");
        if (p.network.empty()) throw ConfigError(where + ": 'hgv_profile' builds an HGV graph of 'network', which is not given");
    }
    if (p.graph.empty() && p.network.empty()) throw ConfigError(where + ": give 'graph' (a .mlg) or 'network'");
    if (const auto a = root["access"]) {
        if (!a.IsMap()) throw ConfigError(where + ": 'access' must be a mapping");
        check_keys(a,
                   {"origins", "origin_layer", "origin_id", "origin_name", "origin_points", "origin_points_id", "population",
                    "population_id", "population_field", "destinations", "dest_weight", "dest_category", "assume_crs",
                    "measures", "max_snap_m", "max_time_min", "engine", "aggregate_to", "aggregate_code"},
                   where, "access");
        auto& ac = p.access;
        ac.present = true;
        ac.origins = paths.input(a["origins"], "access.origins");
        texts_into(a, where, "access",
                   {{"origin_layer", &ac.origin_layer},
                    {"origin_id", &ac.origin_id},
                    {"origin_name", &ac.origin_name},
                    {"origin_points_id", &ac.origin_points_id},
                    {"population_id", &ac.population_id},
                    {"population_field", &ac.population_field},
                    {"dest_weight", &ac.dest_weight},
                    {"dest_category", &ac.dest_category},
                    {"assume_crs", &ac.assume_crs},
                    {"measures", &ac.measures},
                    {"engine", &ac.engine}});
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
        if (const auto agg = a["aggregate_to"]) {
            if (!agg.IsSequence()) throw ConfigError(where + ": 'access.aggregate_to' must be a list of {path, id, by, name}");
            for (std::size_t i = 0; i < agg.size(); ++i) {
                const std::string at = "access.aggregate_to[" + std::to_string(i) + "]";
                if (!agg[i].IsMap()) throw ConfigError(where + ": '" + at + "' must be a mapping {path, id, by, name}");
                check_keys(agg[i], {"path", "id", "by", "name", "name_field"}, where, at);
                if (!agg[i]["id"]) throw ConfigError(where + ": '" + at + ".id' is missing (the id field of the areas)");
                ProjectAggregate g;
                g.path = paths.input(agg[i]["path"], at + ".path");
                g.id = text_of(agg[i]["id"], where, "'" + at + ".id'");
                texts_into(agg[i], where, at, {{"by", &g.by}, {"name", &g.name}, {"name_field", &g.name_field}});
                ac.aggregate_to.push_back(std::move(g));
            }
        }
        if (a["aggregate_code"]) ac.aggregate_code = texts_of(a["aggregate_code"], where, "access.aggregate_code");
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
    if (const auto r = root["report"]) {
        if (!r.IsMap()) throw ConfigError(where + ": 'report' must be a mapping {classification, breaks, min_reached_share, columns}");
        check_keys(r, {"classification", "breaks", "min_reached_share", "columns"}, where, "report");
        auto& rp = p.report;
        texts_into(r, where, "report", {{"classification", &rp.classification}});
        if (!rp.classification.empty() && rp.classification != "quantile" && rp.classification != "equal" &&
            rp.classification != "jenks" && rp.classification != "fixed")
            throw ConfigError(where + ": 'report.classification' must be quantile, equal, jenks or fixed");
        if (const auto b = r["breaks"]) {
            if (!b.IsSequence() || b.size() == 0) throw ConfigError(where + ": 'report.breaks' must be a list of numbers");
            for (std::size_t i = 0; i < b.size(); ++i)
                rp.breaks.push_back(number_of(b[i], where, "'report.breaks[" + std::to_string(i) + "]'"));
            if (!std::is_sorted(rp.breaks.begin(), rp.breaks.end()) ||
                std::adjacent_find(rp.breaks.begin(), rp.breaks.end()) != rp.breaks.end())
                throw ConfigError(where + ": 'report.breaks' must rise strictly");
            if (rp.classification.empty()) rp.classification = "fixed";
        }
        if (rp.classification == "fixed" && rp.breaks.empty())
            throw ConfigError(where + ": 'report.classification: fixed' needs 'report.breaks'");
        if (r["min_reached_share"]) {
            rp.min_reached_share = number_of(r["min_reached_share"], where, "'report.min_reached_share'");
            if (!(rp.min_reached_share >= 0.0 && rp.min_reached_share <= 1.0))
                throw ConfigError(where + ": 'report.min_reached_share' must be from 0 to 1");
        }
        if (r["columns"]) rp.columns = texts_of(r["columns"], where, "report.columns");
    }
    if (const auto m = root["access_modes"]) {
        if (!m.IsMap()) throw ConfigError(where + ": 'access_modes' must be a mapping {network, modes, origin_where, ...}");
        check_keys(m, {"network", "modes", "origin_where", "max_snap_m", "max_time_min", "measures"}, where, "access_modes");
        if (!p.access.present)
            throw ConfigError(where + ": 'access_modes' repeats the 'access' study on foot and by bicycle; 'access' is not given");
        auto& am = p.access_modes;
        am.present = true;
        am.network = paths.input(m["network"], "access_modes.network");
        am.modes = m["modes"] ? texts_of(m["modes"], where, "access_modes.modes") : std::vector<std::string>{"walk", "cycle"};
        if (am.modes.empty()) throw ConfigError(where + ": 'access_modes.modes' must list walk, cycle or both");
        for (const auto& mode : am.modes) {
            if (mode != "walk" && mode != "cycle")
                throw ConfigError(where + ": 'access_modes.modes' has '" + mode + "'; the modes are walk and cycle");
        }
        am.measures = p.access.measures;
        am.max_snap_m = p.access.max_snap_m;
        am.max_time_min = p.access.max_time_min;
        texts_into(m, where, "access_modes", {{"origin_where", &am.origin_where}, {"measures", &am.measures}});
        if (m["max_snap_m"]) am.max_snap_m = number_of(m["max_snap_m"], where, "'access_modes.max_snap_m'");
        if (!(std::isfinite(am.max_snap_m) && am.max_snap_m >= 0.0))
            throw ConfigError(where + ": 'access_modes.max_snap_m' must be a distance in metres (a finite number >= 0)");
        if (m["max_time_min"]) am.max_time_min = number_of(m["max_time_min"], where, "'access_modes.max_time_min'");
    }
    if (const auto c = root["corridors"]) {
        if (!c.IsMap()) {
            p.corridors = paths.input(c, "corridors");
        } else {
            check_keys(c, {"file", "places", "places_id", "places_population", "max_angle_deg", "min_km", "discover", "k", "top"},
                       where, "corridors");
            if (!c["file"] && !c["places"]) throw ConfigError(where + ": 'corridors' needs 'file', 'places' or both");
            auto& co = p.corridor_options;
            if (c["file"]) p.corridors = paths.input(c["file"], "corridors.file");
            if (c["places"]) co.places = paths.input(c["places"], "corridors.places");
            texts_into(c, where, "corridors", {{"places_id", &co.places_id}, {"places_population", &co.places_population}});
            if (c["max_angle_deg"]) co.max_angle_deg = number_of(c["max_angle_deg"], where, "'corridors.max_angle_deg'");
            if (c["min_km"]) co.min_km = number_of(c["min_km"], where, "'corridors.min_km'");
            const auto count = [&](const char* key, int& out) {
                if (!c[key]) return;
                const double v = number_of(c[key], where, std::string("'corridors.") + key + "'");
                if (!(v >= 1.0 && v <= 1e6 && v == std::floor(v)))
                    throw ConfigError(where + ": 'corridors." + key + "' must be a whole number >= 1");
                out = static_cast<int>(v);
            };
            count("discover", co.discover);
            count("k", co.k);
            count("top", co.top);
        }
    }
    if (root["scenarios"]) p.scenarios = paths.input(root["scenarios"], "scenarios");
    if (const auto c = root["coverage"]) {
        if (!c.IsMap()) throw ConfigError(where + ": 'coverage' must be a mapping {path, layer, id, release}");
        check_keys(c, {"path", "layer", "id", "release", "areas", "area_layer", "area_id", "area_name", "tables", "releases",
                       "aggregate_code"},
                   where, "coverage");
        p.coverage.present = true;
        auto& cv = p.coverage;
        if (c["tables"]) {  // computed by the run's coverage stage
            if (c["path"]) throw ConfigError(where + ": 'coverage' has 'path' (a coverage GeoPackage) and 'tables' (to compute one); give one");
            for (const char* key : {"areas", "area_id"})
                if (!c[key]) throw ConfigError(where + ": 'coverage.tables' needs 'coverage." + key + "'");
            cv.areas = paths.input(c["areas"], "coverage.areas");
            texts_into(c, where, "coverage",
                       {{"area_id", &cv.area_id}, {"area_layer", &cv.area_layer}, {"area_name", &cv.area_name}});
            if (!c["tables"].IsSequence() || c["tables"].size() == 0)
                throw ConfigError(where + ": 'coverage.tables' must be a non-empty list of Ofcom tables");
            for (std::size_t i = 0; i < c["tables"].size(); ++i)
                cv.tables.push_back(paths.input(c["tables"][i], "coverage.tables[" + std::to_string(i) + "]"));
            if (c["releases"]) cv.releases = texts_of(c["releases"], where, "coverage.releases");
            if (!cv.releases.empty() && cv.releases.size() != cv.tables.size())
                throw ConfigError(where + ": 'coverage.releases' needs one label per table");
            if (c["aggregate_code"]) cv.aggregate_code = texts_of(c["aggregate_code"], where, "coverage.aggregate_code");
        } else {
            for (const char* key : {"areas", "area_layer", "area_id", "area_name", "releases", "aggregate_code"})
                if (c[key]) throw ConfigError(where + ": 'coverage." + key + "' goes with 'coverage.tables' (a coverage to compute)");
            cv.path = paths.input(c["path"], "coverage.path");
        }
        if (c["layer"]) p.coverage.layer = text_of(c["layer"], where, "'coverage.layer'");
        if (c["id"]) p.coverage.id = text_of(c["id"], where, "'coverage.id'");
        if (c["release"]) p.coverage.release = text_of(c["release"], where, "'coverage.release'");
    }
    if (const auto f = root["fibre_cost"]) {
        if (!f.IsMap()) throw ConfigError(where + ": 'fibre_cost' must be a mapping {network or graph, premises, served, ...}");
        check_keys(f,
                   {"graph", "network", "profile", "premises", "premises_layer", "premises_id", "served", "served_layer",
                    "served_id", "spine", "spine_layer", "cost_per_km", "cost_per_premises", "uso_cap", "max_snap_m"},
                   where, "fibre_cost");
        auto& fc = p.fibre_cost;
        fc.present = true;
        if (static_cast<bool>(f["graph"]) == static_cast<bool>(f["network"]))
            throw ConfigError(where + ": 'fibre_cost' needs 'graph' (a built .mlg) or 'network', one of them");
        if (f["graph"]) fc.graph = paths.input(f["graph"], "fibre_cost.graph");
        if (f["network"]) fc.network = paths.input(f["network"], "fibre_cost.network");
        texts_into(f, where, "fibre_cost",
                   {{"profile", &fc.profile},
                    {"premises_layer", &fc.premises_layer},
                    {"premises_id", &fc.premises_id},
                    {"served_layer", &fc.served_layer},
                    {"served_id", &fc.served_id},
                    {"spine_layer", &fc.spine_layer}});
        fc.premises = paths.input(f["premises"], "fibre_cost.premises");
        if (f["served"]) fc.served = paths.input(f["served"], "fibre_cost.served");
        if (f["spine"]) fc.spine = paths.input(f["spine"], "fibre_cost.spine");
        if (fc.served.empty() && fc.spine.empty()) throw ConfigError(where + ": 'fibre_cost' needs 'served', 'spine' or both");
        const auto amount = [&](const char* key, double& out) {
            if (!f[key]) return;
            out = number_of(f[key], where, std::string("'fibre_cost.") + key + "'");
            if (!(std::isfinite(out) && out >= 0.0))
                throw ConfigError(where + ": 'fibre_cost." + key + "' must be a finite number >= 0");
        };
        amount("cost_per_km", fc.cost_per_km);
        amount("cost_per_premises", fc.cost_per_premises);
        amount("uso_cap", fc.uso_cap);
        amount("max_snap_m", fc.max_snap_m);
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
        if (a["max_iter"]) {
            const double v = number_of(a["max_iter"], where, "'assignment.max_iter'");
            if (!(v >= 1.0 && v <= 1e9 && v == std::floor(v)))
                throw ConfigError(where + ": 'assignment.max_iter' must be a whole number from 1 to 1e9");
            as.max_iter = static_cast<int>(v);
        }
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
