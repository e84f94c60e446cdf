// Aggregation levels and the layers `midlink access` writes.
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <filesystem>
#include <fstream>

#include "midlink/workflow/output_paths.hpp"
#include "access_job.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/feature_readers.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::cli {
namespace fs = std::filesystem;
namespace {

using io::real_or_null;

std::string level_name(const AccessConfig& cfg, std::size_t k) {
    if (k < cfg.aggregate_name.size() && !cfg.aggregate_name[k].empty()) return cfg.aggregate_name[k];
    std::string stem = fs::path(cfg.aggregate_to[k]).stem().string();
    if (stem.rfind("derived-", 0) == 0) stem = stem.substr(8);
    for (auto& c : stem) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return stem;
}

// Common columns of every area layer, then one column per measure.
std::vector<io::FieldDef> area_fields(const analysis::AccessResult& r, bool level0,
                                      const std::vector<std::string>& kept = {}) {
    using io::FieldType;
    std::vector<io::FieldDef> f{{"id", FieldType::String}};
    for (const auto& k : kept) f.push_back({k, FieldType::String});  // e.g. the LAD code used to aggregate
    if (level0) f.push_back({"point_source", FieldType::String});
    f.push_back({"population", FieldType::Real});
    f.push_back({"origins", FieldType::Integer});
    f.push_back({"unsnapped", FieldType::Integer});
    f.push_back({"unreachable", FieldType::Integer});
    f.push_back({"population_missing", FieldType::Integer});
    if (level0) f.push_back({"snap_m", FieldType::Real});
    for (const auto& c : r.columns) f.push_back({c.name, FieldType::Real});
    return f;
}

std::vector<io::FieldValue> area_values(const analysis::AreaTable& t, std::size_t g, const std::string& id,
                                        const std::string* point_source, const double* snap_m,
                                        const AreaFeature* area = nullptr, const std::vector<std::string>& kept = {}) {
    std::vector<io::FieldValue> v{id};
    for (const auto& k : kept) {
        const auto* value = area ? area->attribute(k) : nullptr;
        v.push_back(value ? io::FieldValue{*value} : io::FieldValue{});
    }
    if (point_source) v.push_back(*point_source);
    v.push_back(t.population[g]);
    v.push_back(std::int64_t{t.origins[g]});
    v.push_back(std::int64_t{t.unsnapped[g]});
    v.push_back(std::int64_t{t.unreachable[g]});
    v.push_back(std::int64_t{t.population_missing[g]});
    if (snap_m) v.push_back(*snap_m);
    for (std::size_t c = 0; c < t.columns; ++c) v.push_back(real_or_null(t.value(g, c)));
    return v;
}

}  // namespace

std::vector<AggregationLevel> aggregate_levels(const AccessConfig& cfg, const workflow::Context& ctx, AccessJob& job,
                                               const analysis::AccessResult& result) {
    std::vector<AggregationLevel> levels;
    for (std::size_t k = 0; k < cfg.aggregate_to.size(); ++k) {
        if (k >= cfg.aggregate_id.size() || cfg.aggregate_id[k].empty()) {
            throw ConfigError("--aggregate-to " + cfg.aggregate_to[k] + " needs a matching --aggregate-id");
        }
        workflow::Step step(ctx, "aggregating to " + cfg.aggregate_to[k]);
        AggregationLevel level;
        level.name = level_name(cfg, k);
        io::AreaLayerOptions ao;
        ao.path = cfg.aggregate_to[k];
        ao.id_field = cfg.aggregate_id[k];
        ao.target_crs = job.crs;
        ao.assume_crs = cfg.assume_crs;
        ao.input = ctx.input_policy();
        level.areas = io::read_areas(ao, job.diagnostics);
        const std::string by = k < cfg.aggregate_by.size() ? cfg.aggregate_by[k] : "";
        std::vector<std::int64_t> group(job.origin_ids.size(), -1);
        if (!by.empty()) {
            if (!job.origins_are_areas) throw ConfigError("--aggregate-by needs area origins with that field");
            std::map<std::string, std::int64_t> index;
            for (std::size_t a = 0; a < level.areas.size(); ++a) index.emplace(level.areas[a].id, static_cast<std::int64_t>(a));
            for (std::size_t i = 0; i < group.size(); ++i) {
                const auto* code = job.areas[i].attribute(by);
                const auto it = code ? index.find(*code) : index.end();
                if (it == index.end()) {
                    job.diagnostics.add("aggregate_unmatched", cfg.origins + ", origin " + job.origin_ids[i],
                                        "code '" + (code ? *code : std::string()) + "' in field " + by + " matches no area of " + cfg.aggregate_to[k]);
                } else {
                    group[i] = it->second;
                }
            }
        } else {
            // Spatial containment of each origin's point; boundary points go to one area only.
            const io::AreaIndex index(level.areas);
            for (std::size_t i = 0; i < group.size(); ++i) {
                const Point p = job.origins_are_areas ? job.areas[i].representative : job.origin_points[i].xy;
                group[i] = index.locate(p);
                if (group[i] < 0) {
                    job.diagnostics.add("aggregate_outside", cfg.origins + ", origin " + job.origin_ids[i],
                                        "origin point lies in no area of " + cfg.aggregate_to[k]);
                }
            }
        }
        level.table = analysis::aggregate(result, job.origin_population, group, level.areas.size());
        std::size_t used = 0;
        for (auto o : level.table.origins) used += o > 0;
        step.done(std::to_string(level.areas.size()) + " areas, " + std::to_string(used) + " with origins");
        levels.push_back(std::move(level));
    }
    // Levels by code alone: every distinct value of an origin field is a group (regions,
    // combined authorities), written without geometry; origins without a code are counted
    // in a diagnostic and left out.
    for (const auto& field : cfg.aggregate_code) {
        workflow::Step step(ctx, "aggregating by " + field);
        AggregationLevel level;
        level.name = field;
        level.spatial = false;
        std::map<std::string, std::int64_t> index;
        std::vector<std::int64_t> group(job.origin_ids.size(), -1);
        std::vector<std::string> codes;
        for (std::size_t i = 0; i < group.size(); ++i) {
            const auto* code = job.areas[i].attribute(field);
            if (!code || code->empty()) {
                job.diagnostics.add("aggregate_code_missing", cfg.origins + ", origin " + job.origin_ids[i],
                                    "no value in field " + field + "; left out of that level");
                continue;
            }
            codes.push_back(*code);
        }
        std::sort(codes.begin(), codes.end());
        codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
        for (const auto& c : codes) {
            index.emplace(c, static_cast<std::int64_t>(level.areas.size()));
            AreaFeature a;
            a.id = c;
            level.areas.push_back(std::move(a));
        }
        for (std::size_t i = 0; i < group.size(); ++i) {
            const auto* code = job.areas[i].attribute(field);
            if (code && !code->empty()) group[i] = index.at(*code);
        }
        level.table = analysis::aggregate(result, job.origin_population, group, level.areas.size());
        step.done(std::to_string(level.areas.size()) + " groups");
        levels.push_back(std::move(level));
    }
    return levels;
}

void write_access_outputs(io::OutputSet& set, const AccessConfig& cfg, const AccessJob& job,
                          const analysis::AccessResult& r, const analysis::AreaTable& origin_table,
                          const std::vector<AggregationLevel>& levels, const workflow::Context& ctx) {
    workflow::Step step(ctx, "writing " + cfg.output);
    const std::string level0 = job.origins_are_areas ? "areas" : "origins";
    workflow::LayersWithCsv layers(set, cfg.output, job.crs);
    io::DatasetWriter& out = layers.main();

    // Level 0: each origin (area polygon or point) with its own values.
    std::vector<std::string> kept;
    if (job.origins_are_areas) {
        for (const auto& by : cfg.aggregate_by) {
            if (!by.empty() && std::find(kept.begin(), kept.end(), by) == kept.end()) kept.push_back(by);
        }
        for (const auto& code : cfg.aggregate_code) {
            if (std::find(kept.begin(), kept.end(), code) == kept.end()) kept.push_back(code);
        }
    }
    layers.write(level0, job.origins_are_areas ? io::GeometryKind::MultiPolygon : io::GeometryKind::Point,
                area_fields(r, true, kept), [&](io::DatasetWriter& w, bool spatial) {
                    for (std::size_t i = 0; i < job.origin_ids.size(); ++i) {
                        const std::string source = !job.origins_are_areas ? "point"
                                                   : job.areas[i].representative_kind == RepresentativePoint::Supplied
                                                       ? "supplied"
                                                       : "point_on_surface";
                        const auto values = area_values(origin_table, i, job.origin_ids[i], &source, &job.origin_snap_m[i],
                                                        job.origins_are_areas ? &job.areas[i] : nullptr, kept);
                        if (!spatial) w.add(values);
                        else if (job.origins_are_areas) w.add_wkb(job.areas[i].wkb, values);
                        else w.add(job.origin_points[i].xy, values);
                    }
                });
    for (const auto& level : levels) {
        const auto kind = level.spatial ? io::GeometryKind::MultiPolygon : io::GeometryKind::None;
        layers.write(level.name, kind, area_fields(r, false), [&](io::DatasetWriter& w, bool spatial) {
            for (std::size_t a = 0; a < level.areas.size(); ++a) {
                const auto values = area_values(level.table, a, level.areas[a].id, nullptr, nullptr);
                if (spatial && level.spatial) w.add_wkb(level.areas[a].wkb, values);
                else w.add(values);
            }
        });
    }
    // Destinations with their snap and any destination measures (passive Hansen, FCA ratios).
    std::vector<io::FieldDef> dfields{{"id", io::FieldType::String}, {"service", io::FieldType::String},
                                      {"weight", io::FieldType::Real}, {"snapped", io::FieldType::Integer},
                                      {"snap_m", io::FieldType::Real}};
    for (const auto& c : r.destination_columns) dfields.push_back({c.name, io::FieldType::Real});
    layers.write("destinations", io::GeometryKind::Point, dfields, [&](io::DatasetWriter& w, bool spatial) {
        const std::size_t dc = r.destination_columns.size();
        for (std::size_t j = 0; j < job.destinations.size(); ++j) {
            std::vector<io::FieldValue> v{job.destinations[j].id, job.destination_service[j], job.destinations[j].weight,
                                          std::int64_t{job.inputs.destinations[j].at.ok() ? 1 : 0}, job.destination_snap_m[j]};
            for (std::size_t c = 0; c < dc; ++c) v.push_back(real_or_null(r.destination_values[j * dc + c]));
            if (spatial) w.add(job.destinations[j].xy, v);
            else w.add(v);
        }
    });
    // What every column means, so a GIS user never has to guess.
    out.begin_layer({"measures", io::GeometryKind::None,
                     {{"column", io::FieldType::String}, {"definition", io::FieldType::String},
                      {"null_means", io::FieldType::String}}});
    for (const auto& c : r.columns) {
        out.add({c.name, c.description,
                 std::string(c.null_when_unreached ? "unsnapped, or no destination within the search limit" : "origin unsnapped")});
    }
    out.add({std::string("search_limit_min"), "search cut-off used for this run: " + std::to_string(r.search_limit_min) + " minutes",
             std::string("")});
    out.add({std::string("aggregation"),
             std::string("area values are population-weighted means over origins with a non-NULL value; counts are sums"),
             std::string("")});
    layers.commit();
    step.done();
}

}  // namespace midlink::cli
