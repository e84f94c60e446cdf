// The layers of `midlink corridors`.
#include <cstdio>
#include <map>
#include <span>

#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/corridors.hpp"
#include "midlink/workflow/layer_notes.hpp"

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

void write_layers(const graph::RoadGraph& g, const std::vector<NamedCorridor>& results,
                  const analysis::DiscoveryResult* discovery, const std::vector<analysis::Place>& places,
                  std::size_t analysed_pairs, const std::vector<std::uint8_t>& bridges, const std::string& output,
                  io::OutputSet& set) {
    using io::FieldType;
    using io::FieldValue;
    const auto minutes = [&](std::uint64_t cost) {
        return g.cost_value(graph::Metric::Time, static_cast<Weight>(cost)) / 60.0;
    };
    const auto opt = [](bool ok, FieldValue v) { return ok ? v : FieldValue(); };
    io::DatasetWriter w(output, g.meta.crs, "", &set);
    w.begin_layer(with_notes({"corridors",
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
                    {"hgv_restrictions", FieldType::String}}}));
    for (const auto& nr : results) {
        const auto& r = nr.result;
        const bool ok = r.ok();
        const double km = r.route.distance_m / 1000.0;
        std::string refs;
        for (const auto& ref : nr.follow_refs) refs += (refs.empty() ? "" : ";") + ref;
        std::string missing;
        for (const auto& ref : r.missing_refs) missing += (missing.empty() ? "" : ";") + ref;
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
                                  refs,
                                  opt(r.ref_share >= 0.0, r.ref_share),
                                  r.failed_waypoint,
                                  missing};
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
            v.insert(v.end(), {FieldValue(), FieldValue(), FieldValue(), FieldValue(), FieldValue(), FieldValue()});
        }
        if (ok && r.route.geometry.size() >= 2)
            w.add(r.route.geometry, v);
        else
            w.add(v);
    }
    w.begin_layer(with_notes({"alternatives",
                   io::GeometryKind::LineString,
                   {{"corridor", FieldType::String},
                    {"kind", FieldType::String},
                    {"rank", FieldType::Integer},
                    {"time_min", FieldType::Real},
                    {"distance_km", FieldType::Real}}}));
    const auto add_path = [&](const std::string& corridor, const char* kind, std::int64_t rank,
                              const analysis::CostedPath& p) {
        std::vector<FieldValue> v{corridor, std::string(kind), rank, minutes(p.cost),
                                  path_length_m(g, p.edges) / 1000.0};
        const auto line = path_geometry(g, p.edges);
        if (line.size() >= 2)
            w.add(line, v);
        else
            w.add(v);
    };
    for (const auto& nr : results) {
        for (std::size_t i = 0; i < nr.result.yen.size(); ++i)
            add_path(nr.name, "yen", std::int64_t(i + 1), nr.result.yen[i]);
        if (nr.result.disjoint.path) add_path(nr.name, "disjoint", 0, *nr.result.disjoint.path);
    }
    w.begin_layer(with_notes({"critical_links",
                   io::GeometryKind::LineString,
                   {{"corridor", FieldType::String},
                    {"rank", FieldType::Integer},
                    {"edge_id", FieldType::Integer64},
                    {"ref", FieldType::String},
                    {"time_increase_min", FieldType::Real},
                    {"disconnects", FieldType::Integer},
                    {"bridge", FieldType::Integer}}}));
    for (const auto& nr : results) {
        for (std::size_t i = 0; i < nr.result.critical.size(); ++i) {
            const auto& c = nr.result.critical[i];
            std::vector<FieldValue> v{nr.name,
                                      std::int64_t(i + 1),
                                      std::int64_t{c.edge},
                                      g.edge_ref(c.edge),
                                      opt(!c.disconnects, minutes(static_cast<std::uint64_t>(c.increase))),
                                      std::int64_t{c.disconnects},
                                      std::int64_t{bridges[c.edge]}};
            w.add(g.edge_geometry(c.edge), v);
        }
    }
    if (!results.empty() && results.front().hgv) {
        w.begin_layer(with_notes({"hgv_restrictions",
                       io::GeometryKind::LineString,
                       {{"corridor", FieldType::String},
                        {"source_id", FieldType::Integer64},
                        {"ref", FieldType::String},
                        {"name", FieldType::String},
                        {"restriction", FieldType::String},
                        {"excluded", FieldType::Integer},
                        {"penalised", FieldType::Integer},
                        {"length_m", FieldType::Real}}}));
        for (const auto& nr : results) {
            for (const auto& x : nr.restricted) {
                w.add(g.edge_geometry(x.car_edge),
                      {nr.name, x.source_id, g.edge_ref(x.car_edge), g.edge_name(x.car_edge),
                       x.reason.empty() ? FieldValue() : FieldValue(x.reason), std::int64_t{x.excluded},
                       std::int64_t{x.penalised}, x.length_m});
            }
        }
    }
    if (discovery) {
        w.begin_layer(with_notes({"discovered_pairs",
                       io::GeometryKind::LineString,
                       {{"rank", FieldType::Integer},
                        {"west", FieldType::String},
                        {"east", FieldType::String},
                        {"bearing_deg", FieldType::Real},
                        {"angle_from_east_west_deg", FieldType::Real},
                        {"straight_km", FieldType::Real},
                        {"time_min", FieldType::Real},
                        {"gravity", FieldType::Real},
                        {"analysed", FieldType::Integer}}}));
        for (std::size_t i = 0; i < discovery->pairs.size(); ++i) {
            const auto& p = discovery->pairs[i];
            w.add(LineString{places[p.west].xy, places[p.east].xy},
                  {std::int64_t(i + 1), places[p.west].name, places[p.east].name, p.bearing_deg,
                   p.angle_from_east_west, p.straight_km, p.time_min, p.gravity,
                   std::int64_t{i < analysed_pairs}});
        }
    }
    w.commit();
}

}  // namespace

void write_corridors(const CorridorsStudy& study, const CorridorsConfig& cfg, const graph::RoadGraph& g,
                     io::OutputSet& set) {
    write_layers(g, study.corridors, study.discovery ? &*study.discovery : nullptr, study.places, study.analysed_pairs,
                 study.bridges, cfg.output, set);
}

}  // namespace midlink::workflow
