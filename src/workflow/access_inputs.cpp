// Reads origins, population and destinations for an access study, and snaps them.
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "midlink/workflow/access.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/snapper.hpp"
#include "midlink/io/dataset_info.hpp"
#include "midlink/io/feature_readers.hpp"

namespace midlink::workflow {
namespace fs = std::filesystem;
namespace {

bool is_polygon_source(const std::string& path, const std::string& layer, io::InputPolicy policy) {
    if (fs::is_directory(path)) return true;
    std::string lower = path;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.size() > 4 && lower.compare(lower.size() - 4, 4, ".csv") == 0) return false;
    policy.warn = nullptr;  // the reader proper reports skipped features
    const auto info = io::describe_dataset(path, policy);
    for (const auto& l : info.layers) {
        if (!layer.empty() && l.name != layer) continue;
        if (l.geometry_type.find("Polygon") != std::string::npos) return true;
    }
    return false;
}

std::string sanitize(std::string s) {
    for (auto& c : s) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        else c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!s.empty() && s.back() == '_') s.pop_back();
    return s.empty() ? "dest" : s;
}

std::string stem_of(const std::string& path) {
    auto stem = fs::path(path).stem().string();
    if (stem.rfind("derived-", 0) == 0) stem = stem.substr(8);
    return stem;
}

void report_unmatched(Diagnostics& d, const std::vector<std::string>& codes, const std::string& code,
                      const std::string& where, const std::string& what) {
    for (const auto& c : codes) d.add(code, where, what + ": " + c);
}
}  // namespace

AccessStudyInputs load_access_inputs(const AccessConfig& cfg, const Context& ctx, const graph::RoadGraph& g) {
    if (!g.has_coordinates()) {
        throw ConfigError((cfg.graph.empty() ? std::string("the graph") : cfg.graph) + ": accessibility needs a graph with coordinates");
    }
    AccessStudyInputs job;
    job.crs = g.meta.crs;
    Diagnostics& diag = job.diagnostics;

    // --- origins --------------------------------------------------------------------
    Step origin_step(ctx, "reading origins " + cfg.origins);
    job.origins_are_areas = is_polygon_source(cfg.origins, cfg.origin_layer, ctx.input_policy());
    std::vector<Point> origin_xy;
    if (job.origins_are_areas) {
        if (cfg.origin_id.empty()) throw ConfigError("--origin-id is required when --origins is an area layer");
        io::AreaLayerOptions ao;
        ao.path = cfg.origins;
        ao.layer = cfg.origin_layer;
        ao.id_field = cfg.origin_id;
        ao.where = cfg.origin_where;
        ao.target_crs = g.meta.crs;
        ao.assume_crs = cfg.assume_crs;
        ao.input = ctx.input_policy();
        for (const auto& by : cfg.aggregate_by) {
            if (!by.empty()) ao.keep_fields.push_back(by);
        }
        for (const auto& code : cfg.aggregate_code) ao.keep_fields.push_back(code);
        if (!cfg.origin_name.empty()) ao.keep_fields.push_back(cfg.origin_name);
        if (cfg.population.empty() && !cfg.population_field.empty()) ao.keep_fields.push_back(cfg.population_field);
        job.areas = io::read_areas(ao, diag);
        if (!cfg.origin_points.empty()) {
            io::PointLayerOptions po;
            po.path = cfg.origin_points;
            po.id_field = cfg.origin_points_id.empty() ? cfg.origin_id : cfg.origin_points_id;
            po.target_crs = g.meta.crs;
            po.assume_crs = cfg.assume_crs;
            po.input = ctx.input_policy();
            const auto pts = io::read_points(po, diag);
            io::apply_supplied_points(job.areas, pts, diag);
        }
        for (const auto& a : job.areas) {
            job.origin_ids.push_back(a.id);
            origin_xy.push_back(a.representative);
        }
    } else {
        if (!cfg.aggregate_code.empty()) throw ConfigError("--aggregate-code needs area origins that carry the code field");
        if (!cfg.origin_where.empty()) throw ConfigError("--origin-where filters area origins; " + cfg.origins + " holds points");
        io::PointLayerOptions po;
        po.path = cfg.origins;
        po.layer = cfg.origin_layer;
        po.id_field = cfg.origin_id;
        po.weight_field = cfg.population.empty() ? cfg.population_field : "";
        po.target_crs = g.meta.crs;
        po.assume_crs = cfg.assume_crs;
        po.input = ctx.input_policy();
        job.origin_points = io::read_points(po, diag);
        for (const auto& p : job.origin_points) {
            job.origin_ids.push_back(p.id);
            origin_xy.push_back(p.xy);
        }
    }
    origin_step.done(std::to_string(job.origin_ids.size()) + (job.origins_are_areas ? " areas" : " points"));

    // --- population -----------------------------------------------------------------
    const std::size_t n = job.origin_ids.size();
    job.origin_population.assign(n, std::nan(""));
    if (!cfg.population.empty()) {
        if (cfg.population_id.empty() || cfg.population_field.empty()) {
            throw ConfigError("--population needs --population-id and --population-field");
        }
        io::ValueTableOptions vo{cfg.population, cfg.population_id, cfg.population_field, true};
        vo.input = ctx.input_policy();
        const auto table = io::read_value_table(vo, diag);
        const auto match = io::match_codes(job.origin_ids, table);
        job.origin_population = match.values;
        report_unmatched(diag, match.unmatched_wanted, "population_unmatched_origin", cfg.population,
                         "origin code has no population row");
        // A national table against regional origins leaves thousands of rows unused: one
        // summary line with examples says it without burying the origin-side problems.
        if (!match.unmatched_table.empty()) {
            std::string examples;
            for (std::size_t k = 0; k < std::min<std::size_t>(5, match.unmatched_table.size()); ++k) {
                examples += (k ? ", " : "") + match.unmatched_table[k];
            }
            diag.add("population_unmatched_rows", cfg.population,
                     std::to_string(match.unmatched_table.size()) + " population codes match no origin (e.g. " + examples + ")",
                     Severity::Info);
        }
        ctx.info("population: " + std::to_string(match.matched) + " of " + std::to_string(n) + " origins matched; " +
                 std::to_string(match.unmatched_table.size()) + " population codes match no origin");
        if (match.matched == 0) {
            throw InputError(cfg.population + ": no population code matches an origin id (field '" +
                             cfg.population_id + "' vs origin ids such as '" + (n ? job.origin_ids[0] : "") + "')");
        }
    } else if (!cfg.population_field.empty()) {
        for (std::size_t i = 0; i < n; ++i) {
            if (job.origins_are_areas) {
                const auto* v = job.areas[i].attribute(cfg.population_field);
                try {
                    if (v && !v->empty()) job.origin_population[i] = std::stod(*v);
                } catch (...) {
                    diag.add("bad_population", cfg.origins + ", area " + job.origin_ids[i], "population '" + *v + "' is not a number");
                }
            } else {
                job.origin_population[i] = job.origin_points[i].weight;
            }
        }
    }

    // A negative or infinite population is refused per origin: NULL with a diagnostic, so
    // it never moves another area's 2SFCA or BFCA value (issue 11).
    for (std::size_t i = 0; i < n; ++i) {
        const double p = job.origin_population[i];
        if (std::isnan(p) || (std::isfinite(p) && p >= 0.0)) continue;
        diag.add("bad_population", cfg.origins + ", origin " + job.origin_ids[i],
                 "population " + std::string(p < 0 ? "is negative" : "is not finite") + " (" +
                     std::to_string(p) + "); read as NULL");
        job.origin_population[i] = std::nan("");
    }

    // --- destinations ---------------------------------------------------------------
    if (cfg.destinations.empty()) throw ConfigError("--destinations is required");
    std::vector<std::string> services;
    std::map<std::string, std::uint32_t> service_index;
    for (std::size_t k = 0; k < cfg.destinations.size(); ++k) {
        Step step(ctx, "reading destinations " + cfg.destinations[k]);
        io::PointLayerOptions po;
        po.path = cfg.destinations[k];
        po.id_field = cfg.dest_id;
        po.default_id_field = "id";  // --dest-id defaults to an id field when there is one
        po.weight_field = cfg.dest_weight;
        po.category_field = cfg.dest_category;
        po.target_crs = g.meta.crs;
        po.assume_crs = cfg.assume_crs;
        po.input = ctx.input_policy();
        auto pts = io::read_points(po, diag);
        const std::string base = sanitize(k < cfg.dest_names.size() ? cfg.dest_names[k] : stem_of(cfg.destinations[k]));
        for (auto& p : pts) {
            const std::string svc = p.category.empty() ? base : base + "_" + sanitize(p.category);
            auto [it, inserted] = service_index.emplace(svc, static_cast<std::uint32_t>(services.size()));
            if (inserted) services.push_back(svc);
            job.destination_service.push_back(svc);
            job.destinations.push_back(std::move(p));
        }
        step.done(std::to_string(pts.size()) + " points");
    }

    // --- snapping -------------------------------------------------------------------
    Step snap_step(ctx, "snapping to the network (max " + std::to_string(static_cast<int>(cfg.max_snap_m)) + " m)");
    const graph::Snapper snapper(g, graph::SnapOptions{.connectors = cfg.snap_connectors});
    auto& in = job.inputs;
    in.graph = &g;
    in.services = services;
    in.measures = analysis::parse_measures(cfg.measures);
    in.unbounded_limit_min = cfg.max_time_min;
    std::size_t unsnapped_o = 0, unsnapped_d = 0;
    job.origin_snap_m.resize(n);
    in.origins.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto s = snapper.snap(origin_xy[i], cfg.max_snap_m);
        job.origin_snap_m[i] = s.distance_m;
        in.origins[i].at = graph::origin_anchors(g, graph::Metric::Time, s);
        in.origins[i].population = std::isnan(job.origin_population[i]) ? 0.0 : job.origin_population[i];
        if (!in.origins[i].at.ok()) {
            ++unsnapped_o;
            diag.add("unsnapped_origin", cfg.origins + ", origin " + job.origin_ids[i],
                     "origin point is " + std::to_string(static_cast<long>(s.distance_m)) + " m from the network (limit " +
                         std::to_string(static_cast<long>(cfg.max_snap_m)) + " m)");
        }
    }
    job.destination_snap_m.resize(job.destinations.size());
    in.destinations.resize(job.destinations.size());
    for (std::size_t j = 0; j < job.destinations.size(); ++j) {
        const auto& p = job.destinations[j];
        const auto s = snapper.snap(p.xy, cfg.max_snap_m);
        job.destination_snap_m[j] = s.distance_m;
        in.destinations[j] = {graph::destination_anchors(g, graph::Metric::Time, s), p.weight,
                              service_index.at(job.destination_service[j])};
        if (!in.destinations[j].at.ok()) {
            ++unsnapped_d;
            diag.add("unsnapped_destination", "destination " + p.id + " (" + job.destination_service[j] + ")",
                     "destination is " + std::to_string(static_cast<long>(s.distance_m)) + " m from the network");
        }
    }
    snap_step.done(std::to_string(unsnapped_o) + " origins and " + std::to_string(unsnapped_d) +
                   " destinations unsnapped (kept as NULL and counted)");
    return job;
}

}  // namespace midlink::workflow
