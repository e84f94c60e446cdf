#include "england_inputs.hpp"

#include <string_view>
#include <unordered_map>

#include "midlink/core/error.hpp"
#include "midlink/io/crs_transform.hpp"
#include "midlink/io/csv_table.hpp"
#include "midlink/io/feature_readers.hpp"
#include "synth_points.hpp"

namespace midlink::workflow::england {
namespace {

double number(const io::CsvTable& t, const io::CsvRecord& r, std::size_t c) {
    const std::string& s = r.fields[c];
    std::size_t used = 0;
    double v = 0.0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0) throw InputError(t.where(r, c) + ": '" + s + "' is not a number");
    return v;
}

}  // namespace

PlacesRead read_places(const std::string& geodata) {
    const auto pop_csv = io::read_csv_file(geodata + "/hack25usefuldata/derived-census21_pop_lsoa21.csv");
    const auto p_code = pop_csv.require("lsoa21_code"), p_n = pop_csv.require("usual_residents");
    std::unordered_map<std::string, double> residents;
    for (const auto& r : pop_csv.records()) residents[r.fields[p_code]] += number(pop_csv, r, p_n);

    const auto ll = io::read_csv_file(geodata + "/drkane-geo-lookups/lsoa_latlong.csv");
    const auto c_code = ll.require("LSOACD"), c_lat = ll.require("latitude"), c_lon = ll.require("longitude");
    const io::CrsTransform to_bng("EPSG:4326", "EPSG:27700");
    PlacesRead out;
    for (const auto& r : ll.records()) {
        const std::string& code = r.fields[c_code];
        if (code.rfind("E01", 0) != 0) continue;
        const auto it = residents.find(code);
        if (it == residents.end() || it->second <= 0.0) continue;  // 2011-only codes
        Point p{number(ll, r, c_lon), number(ll, r, c_lat)};
        if (!to_bng.apply(p)) continue;
        out.places.push_back({p.x, p.y, it->second, 0.0});
        out.population += it->second;
        residents.erase(it);  // a code listed twice counts once
    }
    if (out.places.empty()) throw InputError(ll.path() + ": no England LSOA with residents");
    set_spacing(out.places);
    return out;
}

std::vector<SrnSection> read_srn(const std::string& geodata) {
    const auto t = io::read_csv_file(geodata + "/srn-network-graph/SRN_region_graph.csv");
    const auto road = t.require("road"), from = t.require("StartCluster"), to = t.require("EndCluster");
    const auto x0 = t.require("StartClusterX"), y0 = t.require("StartClusterY");
    const auto x1 = t.require("EndClusterX"), y1 = t.require("EndClusterY");
    std::vector<SrnSection> out;
    for (const auto& r : t.records()) {
        const std::string& name = r.fields[road];
        SrnSection s;
        s.from = static_cast<std::int64_t>(number(t, r, from));
        s.to = static_cast<std::int64_t>(number(t, r, to));
        s.x0 = number(t, r, x0), s.y0 = number(t, r, y0), s.x1 = number(t, r, x1), s.y1 = number(t, r, y1);
        s.motorway = (!name.empty() && name[0] == 'M') || name.find("(M)") != std::string::npos;
        out.push_back(s);
    }
    return out;
}

RealServices read_real_services(const std::string& geodata, const Context& ctx) {
    RealServices out;
    const auto gias = io::read_csv_file(geodata + "/hack25usefuldata/derived-gias_schools_open_20250524.csv");
    const auto phase = gias.require("education_phase"), group = gias.require("establishment_type_group");
    const auto e = gias.require("easting"), n = gias.require("northing");
    for (const auto& r : gias.records()) {
        if (r.fields[e].empty() || r.fields[n].empty()) continue;
        const Point p{number(gias, r, e), number(gias, r, n)};
        const std::string_view ph = r.fields[phase];
        if (ph == "Primary" || ph == "Middle deemed primary") out.primary_school.push_back(p);
        else if (ph == "Secondary" || ph == "Middle deemed secondary" || ph == "All-through") out.secondary_school.push_back(p);
        if (r.fields[group] == "Colleges") out.further_education.push_back(p);
    }
    Diagnostics diag;
    io::PointLayerOptions gp;
    gp.path = geodata + "/nhs-choices-2014/GPPractices.geojson";
    gp.input = ctx.input_policy();
    for (const auto& f : io::read_points(gp, diag)) out.gp.push_back(f.xy);
    io::PointLayerOptions hosp = gp;
    hosp.path = geodata + "/nhs-choices-2014/Hospital.geojson";
    hosp.keep_fields = {"SubType", "Sector"};
    for (const auto& f : io::read_points(hosp, diag)) {
        const auto* sub = f.attribute("SubType");
        const auto* sector = f.attribute("Sector");
        if (sub && *sub == "Hospital" && sector && *sector == "NHS Sector") out.hospital.push_back(f.xy);
    }
    return out;
}

}  // namespace midlink::workflow::england
