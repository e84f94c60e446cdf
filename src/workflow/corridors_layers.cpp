// The layers of `midlink corridors`, defined once for write_corridors and CorridorsStudy::tables().
#include <cstdio>
#include <map>
#include <span>

#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/corridors.hpp"
#include "midlink/workflow/study_layers.hpp"

namespace midlink::workflow {
namespace {

LineString path_geometry(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    LineString line;
    for (EdgeId e : edges) {
        for (const Point& p : g.edge_geometry(e)) {
            if (line.empty() || !(line.back() == p)) line.push_back(p);
        }
    }
    return line;
}

double path_length_m(const graph::RoadGraph& g, std::span<const EdgeId> edges) {
    double m = 0.0;
    for (EdgeId e : edges) m += g.length_m(e);
    return m;
}

using io::FieldType;
using io::FieldValue;

// Most corridor layers are lines; a row without one (a failed route) has NULL geometry.
FeatureGeometry line_or_null(LineString line) {
    return line.size() >= 2 ? FeatureGeometry(std::move(line)) : FeatureGeometry();
}

std::string joined(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
    return out;
}

FieldValue opt(bool ok, FieldValue v) { return ok ? v : FieldValue(); }

StudyLayer corridors_layer(const std::vector<NamedCorridor>& results) {
    return {{"corridors",
             io::GeometryKind::LineString,
             {{"name", FieldType::String},
              {"mode", FieldType::String},
              {"status", FieldType::String},
              {"time_min", FieldType::Real},
              {"distance_km", FieldType::Real},
              {"mean_speed_kmh", FieldType::Real},
              {"straight_km", FieldType::Real},
              {"circuity", FieldType::Real},
              {"alternatives", FieldType::Integer},
              {"redundancy", FieldType::Real},
              {"bridges_on_route", FieldType::Integer},
              {"source", FieldType::String},
              {"follow_refs", FieldType::String},
              {"ref_share", FieldType::Real},
              {"failed_waypoint", FieldType::String},
              {"missing_refs", FieldType::String},
              {"hgv_status", FieldType::String},
              {"hgv_time_min", FieldType::Real},
              {"hgv_distance_km", FieldType::Real},
              {"hgv_extra_min", FieldType::Real},
              {"hgv_extra_km", FieldType::Real},
              {"hgv_restrictions", FieldType::String}}},
            false,
            [&results](const RowSink& row) {
                for (const auto& nr : results) {
                    const auto& r = nr.result;
                    const bool ok = r.ok();
                    const double km = r.route.distance_m / 1000.0;
                    std::vector<FieldValue> v{nr.name,
                                              nr.mode,
                                              r.status,
                                              opt(ok, r.route.time_s / 60.0),
                                              opt(ok, km),
                                              opt(ok && r.route.time_s > 0, km / (r.route.time_s / 3600.0)),
                                              r.straight_km,
                                              opt(ok && r.straight_km > 0, r.circuity()),
                                              opt(ok, std::int64_t(r.yen.size())),
                                              r.disjoint.redundancy ? FieldValue(*r.disjoint.redundancy) : FieldValue(),
                                              opt(ok, std::int64_t(r.bridges_on_route)),
                                              nr.origin,
                                              joined(nr.follow_refs, ";"),
                                              opt(r.ref_share >= 0.0, r.ref_share),
                                              r.failed_waypoint,
                                              joined(r.missing_refs, ";")};
                    if (nr.hgv) {
                        const auto& h = *nr.hgv;
                        const bool both = ok && h.ok();
                        std::map<std::string, int> reasons;
                        for (const auto& x : nr.restricted) ++reasons[x.reason.empty() ? "unknown" : x.reason];
                        std::string summary;
                        for (const auto& [k, n] : reasons) summary += (summary.empty() ? "" : "; ") + k + " x" + std::to_string(n);
                        v.insert(v.end(), {h.status, opt(h.ok(), h.route.time_s / 60.0), opt(h.ok(), h.route.distance_m / 1000.0),
                                           opt(both, (h.route.time_s - r.route.time_s) / 60.0),
                                           opt(both, (h.route.distance_m - r.route.distance_m) / 1000.0), summary});
                    } else {
                        v.resize(v.size() + 6);
                    }
                    row(v, ok ? line_or_null(r.route.geometry) : FeatureGeometry());
                }
            }};
}

StudyLayer alternatives_layer(const graph::RoadGraph& g, const std::vector<NamedCorridor>& results) {
    return {{"alternatives",
             io::GeometryKind::LineString,
             {{"corridor", FieldType::String},
              {"kind", FieldType::String},
              {"rank", FieldType::Integer},
              {"time_min", FieldType::Real},
              {"distance_km", FieldType::Real}}},
            false,
            [&g, &results](const RowSink& row) {
                const auto add_path = [&](const std::string& corridor, const char* kind, std::int64_t rank,
                                          const analysis::CostedPath& p) {
                    const double minutes = g.cost_value(graph::Metric::Time, static_cast<Weight>(p.cost)) / 60.0;
                    row({corridor, std::string(kind), rank, minutes, path_length_m(g, p.edges) / 1000.0},
                        line_or_null(path_geometry(g, p.edges)));
                };
                for (const auto& nr : results) {
                    for (std::size_t i = 0; i < nr.result.yen.size(); ++i)
                        add_path(nr.name, "yen", std::int64_t(i + 1), nr.result.yen[i]);
                    if (nr.result.disjoint.path) add_path(nr.name, "disjoint", 0, *nr.result.disjoint.path);
                }
            }};
}

StudyLayer critical_links_layer(const graph::RoadGraph& g, const CorridorsStudy& study) {
    return {{"critical_links",
             io::GeometryKind::LineString,
             {{"corridor", FieldType::String},
              {"rank", FieldType::Integer},
              {"edge_id", FieldType::Integer64},
              {"ref", FieldType::String},
              {"time_increase_min", FieldType::Real},
              {"disconnects", FieldType::Integer},
              {"bridge", FieldType::Integer}}},
            false,
            [&g, &study](const RowSink& row) {
                for (const auto& nr : study.corridors) {
                    for (std::size_t i = 0; i < nr.result.critical.size(); ++i) {
                        const auto& c = nr.result.critical[i];
                        const double minutes =
                            g.cost_value(graph::Metric::Time, static_cast<Weight>(static_cast<std::uint64_t>(c.increase))) / 60.0;
                        row({nr.name, std::int64_t(i + 1), std::int64_t{c.edge}, g.edge_ref(c.edge),
                             opt(!c.disconnects, minutes), std::int64_t{c.disconnects}, std::int64_t{study.bridges[c.edge]}},
                            g.edge_geometry(c.edge));
                    }
                }
            }};
}

StudyLayer hgv_restrictions_layer(const graph::RoadGraph& g, const std::vector<NamedCorridor>& results) {
    return {{"hgv_restrictions",
             io::GeometryKind::LineString,
             {{"corridor", FieldType::String},
              {"source_id", FieldType::Integer64},
              {"ref", FieldType::String},
              {"name", FieldType::String},
              {"restriction", FieldType::String},
              {"excluded", FieldType::Integer},
              {"penalised", FieldType::Integer},
              {"length_m", FieldType::Real}}},
            false,
            [&g, &results](const RowSink& row) {
                for (const auto& nr : results) {
                    for (const auto& x : nr.restricted) {
                        row({nr.name, x.source_id, g.edge_ref(x.car_edge), g.edge_name(x.car_edge),
                             x.reason.empty() ? FieldValue() : FieldValue(x.reason), std::int64_t{x.excluded},
                             std::int64_t{x.penalised}, x.length_m},
                            g.edge_geometry(x.car_edge));
                    }
                }
            }};
}

StudyLayer discovered_pairs_layer(const CorridorsStudy& study) {
    return {{"discovered_pairs",
             io::GeometryKind::LineString,
             {{"rank", FieldType::Integer},
              {"west", FieldType::String},
              {"east", FieldType::String},
              {"bearing_deg", FieldType::Real},
              {"angle_from_east_west_deg", FieldType::Real},
              {"straight_km", FieldType::Real},
              {"time_min", FieldType::Real},
              {"gravity", FieldType::Real},
              {"analysed", FieldType::Integer}}},
            false,
            [&study](const RowSink& row) {
                const auto& places = study.places;
                for (std::size_t i = 0; i < study.discovery->pairs.size(); ++i) {
                    const auto& p = study.discovery->pairs[i];
                    row({std::int64_t(i + 1), places[p.west].name, places[p.east].name, p.bearing_deg,
                         p.angle_from_east_west, p.straight_km, p.time_min, p.gravity,
                         std::int64_t{i < study.analysed_pairs}},
                        LineString{places[p.west].xy, places[p.east].xy});
                }
            }};
}

// The layers of a corridors study, defined once for the writer and tables().
std::vector<StudyLayer> corridors_layers(const CorridorsStudy& study, const graph::RoadGraph& g) {
    std::vector<StudyLayer> layers{corridors_layer(study.corridors), alternatives_layer(g, study.corridors),
                                   critical_links_layer(g, study)};
    if (!study.corridors.empty() && study.corridors.front().hgv) layers.push_back(hgv_restrictions_layer(g, study.corridors));
    if (study.discovery) layers.push_back(discovered_pairs_layer(study));
    return layers;
}

}  // namespace

void write_corridors(const CorridorsStudy& study, const CorridorsConfig& cfg, const graph::RoadGraph& g,
                     io::OutputSet& set) {
    io::DatasetWriter w(cfg.output, g.meta.crs, "", &set);
    write_layers(w, corridors_layers(study, g));
    w.commit();
}

std::vector<LayerData> CorridorsStudy::tables() const {
    if (!graph) return {};
    return layer_tables(corridors_layers(*this, *graph), graph->meta.crs);
}

}  // namespace midlink::workflow
