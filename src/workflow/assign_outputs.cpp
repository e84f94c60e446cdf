// What an assignment writes: the flows CSV (from,to first in both forms), on a graph the
// edges layer and the diagnostics, and the summary JSON. Each is defined once, as a
// StudyLayer, and serves both the files and AssignStudy::tables().
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "midlink/io/csv_table.hpp"
#include "midlink/workflow/assign.hpp"
#include "midlink/workflow/diagnostics_csv.hpp"
#include "midlink/workflow/study_layers.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {
using io::FieldType;
using io::FieldValue;
using io::real_or_null;

constexpr const char* kNumber = "%.12g";

/// A layer written as text (CSV, JSON): a printf format per column, used for reals.
struct TextLayer {
    StudyLayer layer;
    std::vector<const char*> formats;  // per column; reals only
};

TextLayer tntp_flows(const AssignStudy& s) {
    TextLayer t;
    // cost: generalised; time: BPR
    t.layer.spec = {"flows",
                    io::GeometryKind::None,
                    {{"from", FieldType::Integer64},
                     {"to", FieldType::Integer64},
                     {"volume", FieldType::Real},
                     {"cost", FieldType::Real},
                     {"time", FieldType::Real}}};
    t.formats.assign(5, kNumber);
    t.layer.rows = [&s](const RowSink& sink) {
        const auto& r = s.result;
        for (std::size_t a = 0; a < s.tntp_links.size(); ++a)
            sink({s.tntp_links[a].first, s.tntp_links[a].second, r.volume[a], r.cost[a], r.time[a]}, {});
    };
    return t;
}

/// Same first columns as the TNTP form (from, to: the input's node ids; cost in seconds).
TextLayer graph_flows(const AssignStudy& s) {
    TextLayer t;
    t.layer.spec = {"flows",
                    io::GeometryKind::None,
                    {{"from", FieldType::Integer64},
                     {"to", FieldType::Integer64},
                     {"volume", FieldType::Real},
                     {"cost", FieldType::Real},
                     {"edge_id", FieldType::Integer64},
                     {"link_id", FieldType::Integer64},
                     {"ref", FieldType::String},
                     {"capacity_vph", FieldType::Real},
                     {"vc_ratio", FieldType::Real}}};
    t.formats.assign(9, kNumber);
    t.formats[8] = "%.6g";
    t.layer.rows = [&s](const RowSink& sink) {
        const auto& g = *s.graph;
        const auto& r = s.result;
        for (NodeId u = 0; u < g.node_count(); ++u) {
            for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
                const double capacity = g.link_capacity(g.edge_link[e]);
                sink({g.node_key[u], g.node_key[g.head[e]], r.volume[e], r.cost[e], std::int64_t{e},
                      std::int64_t{g.edge_link[e]}, g.edge_ref(e), real_or_null(capacity),
                      capacity > 0.0 ? FieldValue{r.volume[e] / capacity} : FieldValue{}},
                     {});
            }
        }
    };
    return t;
}

StudyLayer assigned_edges(const AssignStudy& s) {
    StudyLayer l;
    const auto& g = *s.graph;
    l.spec = {"assigned_edges",
              g.has_coordinates() ? io::GeometryKind::LineString : io::GeometryKind::None,
              {{"edge_id", FieldType::Integer64},
               {"link_id", FieldType::Integer64},
               {"from_node", FieldType::Integer64},
               {"to_node", FieldType::Integer64},
               {"ref", FieldType::String},
               {"name", FieldType::String},
               {"class", FieldType::String},
               {"capacity_vph", FieldType::Real},
               {"capacity_source", FieldType::String},
               {"free_flow_time_s", FieldType::Real},
               {"volume", FieldType::Real},
               {"cost_s", FieldType::Real},
               {"vc_ratio", FieldType::Real},
               {"near_capacity", FieldType::Integer}}};
    l.csv = false;
    l.rows = [&s](const RowSink& sink) {
        const auto& g = *s.graph;
        const auto& r = s.result;
        for (NodeId u = 0; u < g.node_count(); ++u) {
            for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
                const LinkId link = g.edge_link[e];
                const double capacity = g.link_capacity(link);
                const double vc = capacity > 0.0 ? r.volume[e] / capacity : std::nan("");
                const auto source = graph::capacity_source_name(g.capacity_source(link));
                const std::vector<FieldValue> v{
                    std::int64_t{e},
                    std::int64_t{link},
                    g.node_key[u],
                    g.node_key[g.head[e]],
                    g.edge_ref(e),
                    g.edge_name(e),
                    std::string(road_class_name(g.edge_class[e])),
                    real_or_null(capacity),
                    source.empty() ? FieldValue{} : FieldValue{std::string(source)},
                    g.time_s(e),
                    r.volume[e],
                    r.cost[e],
                    real_or_null(vc),
                    std::isnan(vc) ? FieldValue{} : FieldValue{std::int64_t{vc >= 0.85}}};
                if (g.has_coordinates())
                    sink(v, g.edge_geometry(e));
                else
                    sink(v, {});
            }
        }
    };
    return l;
}

/// The summary JSON's keys in order, with how each is written.
TextLayer summary(const AssignStudy& s) {
    TextLayer t;
    t.layer.spec.name = "summary";
    std::vector<FieldValue> row;
    const auto add = [&](const char* key, FieldType type, FieldValue v, const char* format = kNumber) {
        t.layer.spec.fields.push_back({key, type});
        t.formats.push_back(format);
        row.push_back(std::move(v));
    };
    const auto& r = s.result;
    add("method", FieldType::String, s.method);
    add("iterations", FieldType::Integer, std::int64_t{r.iterations});
    add("relative_gap", FieldType::Real, r.relative_gap, "%.6e");
    add("target_gap", FieldType::Real, s.target_gap, "%.6e");
    add("converged", FieldType::Integer, std::int64_t{r.converged ? 1 : 0}, "bool");
    add("total_system_travel_time", FieldType::Real, r.total_travel_time);
    if (!s.on_graph()) {
        add("total_system_cost", FieldType::Real, r.total_cost);
        add("toll_factor", FieldType::Real, s.factors.toll);
        add("distance_factor", FieldType::Real, s.factors.distance);
    }
    add("unassigned_demand", FieldType::Real, r.unassigned_demand);
    add("seconds", FieldType::Real, s.seconds, "%.4f");
    if (!s.on_graph()) {
        add("links", FieldType::Integer64, static_cast<std::int64_t>(s.tntp_links.size()));
    } else {
        add("links", FieldType::Integer64, static_cast<std::int64_t>(s.graph->edge_count()));
        add("zones", FieldType::Integer64, static_cast<std::int64_t>(s.zones));
        add("zones_unsnapped", FieldType::Integer64, static_cast<std::int64_t>(s.zones_unsnapped));
        add("trips", FieldType::Real, s.trips);
        add("od_rows_skipped", FieldType::Integer64, static_cast<std::int64_t>(s.od_rows_skipped));
    }
    t.layer.rows = [row](const RowSink& sink) { sink(row, {}); };
    return t;
}

std::string text_value(const FieldValue& v, const char* format) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return format_number(*d, format);
    if (const auto* s = std::get_if<std::string>(&v)) return io::csv_escape(*s);
    return "";
}

std::string csv_text(const TextLayer& t) {
    std::ostringstream csv;
    const auto& fields = t.layer.spec.fields;
    for (std::size_t c = 0; c < fields.size(); ++c) csv << (c ? "," : "") << fields[c].name;
    csv << '\n';
    t.layer.rows([&](const std::vector<FieldValue>& v, const FeatureGeometry&) {
        for (std::size_t c = 0; c < v.size(); ++c) csv << (c ? "," : "") << text_value(v[c], t.formats[c]);
        csv << '\n';
    });
    return csv.str();
}

/// One line of JSON: "bool" columns true/false, reals rounded by their column's printf
/// format (the precision is part of what the value says) and NaN or NULL as null.
std::string json_text(const TextLayer& t) {
    auto json = nlohmann::ordered_json::object();  // keys in the summary's order
    t.layer.rows([&](const std::vector<FieldValue>& v, const FeatureGeometry&) {
        for (std::size_t c = 0; c < v.size(); ++c) {
            auto& value = json[t.layer.spec.fields[c].name];
            if (std::string(t.formats[c]) == "bool")
                value = std::get<std::int64_t>(v[c]) != 0;
            else if (const auto* i = std::get_if<std::int64_t>(&v[c]))
                value = *i;
            else if (const auto* d = std::get_if<double>(&v[c]); d && std::isfinite(*d))
                value = std::stod(format_number(*d, t.formats[c]));
            else if (const auto* s = std::get_if<std::string>(&v[c]))
                value = *s;
        }
    });
    return json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

std::vector<LayerData> AssignStudy::tables() const {
    std::vector<StudyLayer> layers;
    layers.push_back(on_graph() ? graph_flows(*this).layer : tntp_flows(*this).layer);
    if (on_graph()) layers.push_back(assigned_edges(*this));
    layers.push_back(summary(*this).layer);
    return layer_tables(layers, on_graph() ? graph->meta.crs : "");
}

void write_assign(const AssignStudy& study, const AssignConfig& cfg, const Context& ctx, io::OutputSet& set) {
    write_text_atomically(cfg.output, csv_text(study.on_graph() ? graph_flows(study) : tntp_flows(study)), &set);
    if (study.on_graph()) {
        const auto& gc = cfg.on_graph;
        if (!gc.edges_output.empty()) {
            io::DatasetWriter w(gc.edges_output, study.graph->meta.crs, "", &set);
            write_layers(w, {assigned_edges(study)});
            w.commit();
        }
        const std::string diag_path = gc.diagnostics_path.empty() ? cfg.output + ".diagnostics.csv" : gc.diagnostics_path;
        write_diagnostics_csv(study.diagnostics, diag_path, &set, &ctx);
    }
    write_text_atomically(cfg.output + ".summary.json", json_text(summary(study)), &set);
}

}  // namespace midlink::workflow
