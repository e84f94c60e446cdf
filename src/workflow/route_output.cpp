// What `midlink route` reports: the single-route text or JSON, the pairs CSV, route lines.
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

#include "midlink/io/layer_writer.hpp"
#include "midlink/workflow/layer_notes.hpp"
#include "midlink/workflow/route.hpp"
#include "midlink/workflow/text_output.hpp"

namespace midlink::workflow {
namespace {

std::string fixed(double v, int precision) {
    return format_number(v, precision == 0 ? "%.0f" : precision == 1 ? "%.1f" : "%.2f");
}

}  // namespace

std::vector<std::string> road_refs(const graph::RoadGraph& g, const std::vector<EdgeId>& edges) {
    std::vector<std::string> refs;
    for (EdgeId e : edges) {
        const auto& ref = g.edge_ref(e);
        if (!ref.empty() && (refs.empty() || refs.back() != ref)) refs.push_back(ref);
    }
    return refs;
}

std::string single_route_report(const SingleRoute& r, const RouteConfig& cfg) {
    const auto& route = r.route;
    const bool ok = route.status == graph::RouteStatus::Ok;
    const auto status = std::string(graph::route_status_name(route.status));
    if (cfg.format == "json") {
        nlohmann::ordered_json j;
        j["status"] = status;
        if (ok) {
            j["time_s"] = json_rounded(route.time_s, "%.1f");
            j["distance_m"] = json_rounded(route.distance_m, "%.1f");
            j["edges"] = route.edges.size();
            j["refs"] = r.refs;
        }
        j["from_snap_m"] = json_rounded(r.from.distance_m, "%.1f");
        j["to_snap_m"] = json_rounded(r.to.distance_m, "%.1f");
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    std::ostringstream o;
    o << "status:     " << status << "\n";
    if (!r.from.ok) o << "from point is " << fixed(r.from.distance_m, 0) << " m from the network (limit " << cfg.max_snap_m << " m)\n";
    if (!r.to.ok) o << "to point is " << fixed(r.to.distance_m, 0) << " m from the network (limit " << cfg.max_snap_m << " m)\n";
    if (ok) {
        o << "time:       " << fixed(route.time_s / 60.0, 1) << " min (" << fixed(route.time_s, 1) << " s)\n"
          << "distance:   " << fixed(route.distance_m / 1000.0, 2) << " km\n";
        o << "via:        ";
        for (std::size_t i = 0; i < r.refs.size(); ++i) o << (i ? ", " : "") << r.refs[i];
        o << "\n";
    }
    return o.str();
}

std::string pair_routes_csv(const PairRoutes& r, const graph::RoadGraph& g) {
    // One string grown in place, numbers by std::to_chars (the same digits as printf's
    // "%.1f": both round the exact binary value correctly).
    std::string out = "id,time_s,distance_m,status,via\n";
    out.reserve(out.size() + r.rows.size() * 40);
    auto number = [&out](double v) {
        char buf[64];
        const auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, 1);
        out.append(buf, res.ptr);
    };
    const bool have_refs = r.refs.size() == r.rows.size();
    std::vector<std::string> computed;
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const auto& route = r.routes[i];
        const bool good = route.status == graph::RouteStatus::Ok;
        const std::string& id = r.rows[i].id;
        if (id.find_first_of(",\"") != std::string::npos) {
            out += '"';
            out += id;
            out += '"';
        } else {
            out += id;
        }
        out += ',';
        if (good) number(route.time_s);
        out += ',';
        if (good) number(route.distance_m);
        out += ',';
        out += graph::route_status_name(route.status);
        out += ',';
        if (!have_refs) computed = road_refs(g, route.edges);
        bool first = true;
        for (const auto& ref : have_refs ? r.refs[i] : computed) {
            if (ref.find_first_of(",\"") != std::string::npos) continue;  // keep the CSV simple
            if (!first) out += ' ';
            out += ref;
            first = false;
        }
        out += '\n';
    }
    return out;
}

void write_route_lines(const std::string& path, const std::string& crs,
                       const std::vector<std::pair<std::string, graph::Route>>& routes, io::OutputSet* set) {
    io::DatasetWriter w(path, crs, "", set);
    w.begin_layer(with_notes({"routes", io::GeometryKind::LineString,
                   {{"id", io::FieldType::String}, {"time_s", io::FieldType::Real},
                    {"distance_m", io::FieldType::Real}, {"status", io::FieldType::String}}}));
    for (const auto& [id, r] : routes) {
        if (r.status != graph::RouteStatus::Ok || r.geometry.size() < 2) continue;
        w.add(r.geometry, {id, r.time_s, r.distance_m, std::string(graph::route_status_name(r.status))});
    }
    w.commit();
}

}  // namespace midlink::workflow
