// `midlink fibre-cost` on the Rutland OSM graph: premises are the 26 LSOA centres plus a
// regular grid of points inside Rutland's LSOAs (generated here, deterministically), served
// locations are Oakham and Uppingham town centres. The build network must lie between a
// straight-line lower bound and the sum of independent shortest routes (`midlink route`),
// and every cost must add up.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

using Row = std::map<std::string, std::string>;

double num(const Row& row, const std::string& col) {
    const auto it = row.find(col);
    if (it == row.end() || it->second.empty()) return std::nan("");
    return std::stod(it->second);
}

// Served: Oakham and Uppingham market places (British National Grid).
const std::vector<std::pair<std::string, std::pair<double, double>>> kServed = {
    {"oakham", {485980, 308700}}, {"uppingham", {486650, 299700}}};

std::string served_csv() {
    static const std::string path = [] {
        const auto p = scratch().file("served.csv");
        std::ofstream f(p);
        f << "id,easting,northing\n";
        for (const auto& [id, xy] : kServed) f << id << "," << xy.first << "," << xy.second << "\n";
        return p;
    }();
    return path;
}

// Premises: LSOA centres of Rutland (from lsoa_latlong.csv, codes from the Rutland LSOA
// layer), a grid every 0.02 deg lon x 0.015 deg lat inside those LSOAs, and one point far
// outside the extract. Returns the number of rows written.
std::size_t write_premises_csv(const std::string& path) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(
        geodata("drkane-geo-lookups/lsoa21/E06000017.geojson").c_str(), GDAL_OF_VECTOR));
    EXPECT_TRUE(ds);
    if (!ds) return 0;
    OGRLayer* layer = ds->GetLayer(0);
    std::set<std::string> codes;
    std::vector<std::unique_ptr<OGRGeometry>> areas;
    OGREnvelope env;
    for (const auto& feat : *layer) {
        codes.insert(feat->GetFieldAsString("LSOA21CD"));
        if (const OGRGeometry* g = feat->GetGeometryRef()) {
            areas.emplace_back(g->clone());
            OGREnvelope e;
            g->getEnvelope(&e);
            env.Merge(e);
        }
    }
    auto in_rutland = [&](const OGRPoint& pt) {
        return std::any_of(areas.begin(), areas.end(),
                           [&](const auto& a) { return a->Contains(&pt); });
    };
    std::ofstream f(path);
    f << "id,longitude,latitude\n";
    std::size_t n = 0;
    for (const auto& r : read_csv(geodata("drkane-geo-lookups/lsoa_latlong.csv"))) {
        if (!codes.count(r.at("LSOACD"))) continue;
        f << r.at("LSOACD") << "," << r.at("longitude") << "," << r.at("latitude") << "\n";
        ++n;
    }
    EXPECT_EQ(n, 26u);
    int k = 0;
    for (double lat = std::ceil(env.MinY / 0.015) * 0.015; lat < env.MaxY; lat += 0.015) {
        for (double lon = std::ceil(env.MinX / 0.02) * 0.02; lon < env.MaxX; lon += 0.02) {
            OGRPoint pt(lon, lat);
            if (!in_rutland(pt)) continue;
            char line[128];
            std::snprintf(line, sizeof(line), "grid%03d,%.6f,%.6f\n", k++, lon, lat);
            f << line;
            ++n;
        }
    }
    f << "far,-1.5,52.0\n";  // Oxfordshire: tens of km from any Rutland road
    return n + 1;
}

struct PointRow {
    std::string id;
    double x = 0, y = 0;
    Row fields;
};

std::vector<PointRow> read_point_layer(const std::string& gpkg, const std::string& name) {
    std::vector<PointRow> rows;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!ds) return rows;
    OGRLayer* layer = ds->GetLayerByName(name.c_str());
    if (!layer) return rows;
    for (const auto& feat : *layer) {
        PointRow r;
        r.id = feat->GetFieldAsString("id");
        if (const OGRGeometry* g = feat->GetGeometryRef()) {
            r.x = g->toPoint()->getX();
            r.y = g->toPoint()->getY();
        }
        for (int i = 0; i < feat->GetFieldCount(); ++i) {
            if (feat->IsFieldSetAndNotNull(i))
                r.fields[feat->GetFieldDefnRef(i)->GetNameRef()] = feat->GetFieldAsString(i);
        }
        rows.push_back(r);
    }
    return rows;
}

struct Case {
    std::string out;
    Row summary;
    std::vector<Row> premises;
    std::vector<Row> segments;
};

Case run_case(const std::string& name, const std::string& extra = "") {
    Case c;
    c.out = scratch().file(name + ".gpkg");
    // Named for this suite: CliGaps writes its own premises file into the same scratch folder.
    const auto premises = scratch().file("fibre_cost_input_premises.csv");
    if (!std::filesystem::exists(premises)) write_premises_csv(premises);
    const auto r = run_midlink("fibre-cost " + rutland_graph() + " --premises " + premises +
                               " --premises-id id --served " + served_csv() + " --served-id id" +
                               extra + " -o " + c.out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto summary = read_csv(scratch().file(name + "_summary.csv"));
    EXPECT_EQ(summary.size(), 1u);
    if (!summary.empty()) c.summary = summary[0];
    c.premises = read_csv(scratch().file(name + "_premises.csv"));
    c.segments = read_csv(scratch().file(name + "_build_network.csv"));
    return c;
}

const Case& rutland_case() {
    static const Case c = run_case("rutland");
    return c;
}

}  // namespace

TEST(CliFibreCost, RutlandBuildNetworkLiesBetweenItsBounds) {
    const Case& c = rutland_case();
    const auto& s = c.summary;
    const double route_m = num(s, "route_km") * 1000.0;
    const auto n = static_cast<std::size_t>(num(s, "premises"));
    ASSERT_GT(n, 100u);
    ASSERT_EQ(c.premises.size(), n);
    EXPECT_EQ(num(s, "connected") + num(s, "unsnapped") + num(s, "unreachable"),
              static_cast<double>(n));
    EXPECT_EQ(num(s, "served_on_network"), 2.0);
    EXPECT_GT(num(s, "connected"), 100.0);
    EXPECT_EQ(num(s, "unreachable"), 0.0);  // one road component: everything snapped is reachable

    // Every connected premises' tree path is at least its straight-line distance to the
    // nearest served point, less both snap offsets, and at least its shortest road path.
    const auto points = read_point_layer(c.out, "premises");
    ASSERT_EQ(points.size(), n);
    const auto served = read_point_layer(c.out, "served");
    ASSERT_EQ(served.size(), kServed.size());
    std::map<std::string, double> served_snap_m;
    for (const auto& sp : served) served_snap_m[sp.id] = std::stod(sp.fields.at("snap_m"));
    double lower = 0, sum_paths = 0;
    std::ofstream pairs(scratch().file("fibre_pairs.csv"));
    pairs.precision(12);
    pairs << "id,from_x,from_y,to_x,to_y\n";
    std::set<std::string> connected;
    for (const auto& p : points) {
        if (p.fields.at("status") != "connected") continue;
        connected.insert(p.id);
        double nearest = 1e18;
        for (const auto& [id, xy] : kServed) {
            nearest = std::min(nearest,
                               std::hypot(p.x - xy.first, p.y - xy.second) - served_snap_m.at(id));
            pairs << p.id << "|" << id << "," << p.x << "," << p.y << "," << xy.first << ","
                  << xy.second << "\n";
        }
        lower = std::max(lower, nearest - std::stod(p.fields.at("snap_m")));
        const double path = std::stod(p.fields.at("path_to_served_m"));
        lower = std::max(lower, path);
        sum_paths += path;
    }
    pairs.close();
    EXPECT_GE(route_m + 0.5, lower);
    EXPECT_LE(route_m, sum_paths + 0.5);
    EXPECT_LT(route_m, 0.5 * sum_paths);  // sharing matters on a real rural network

    // Upper bound from an independent code path: directed shortest routes by distance
    // (one-way rules can only make them longer than the undirected fibre paths).
    const auto routed = scratch().file("fibre_routes.csv");
    const auto rr =
        run_midlink("route " + rutland_graph() + " --pairs " + scratch().file("fibre_pairs.csv") +
                    " --metric distance -o " + routed + " --quiet");
    ASSERT_EQ(rr.exit_code, 0) << rr.output;
    std::map<std::string, double> best;
    for (const auto& r : read_csv(routed)) {
        ASSERT_EQ(r.at("status"), "ok") << r.at("id");
        const std::string id = r.at("id").substr(0, r.at("id").find('|'));
        const double d = num(r, "distance_m");
        best[id] = best.count(id) ? std::min(best[id], d) : d;
    }
    ASSERT_EQ(best.size(), connected.size());
    double sum_routes = 0;
    for (const auto& p : c.premises) {
        if (p.at("status") != "connected") continue;
        EXPECT_LE(num(p, "path_to_served_m"), best.at(p.at("id")) + 1.0) << p.at("id");
        sum_routes += best.at(p.at("id"));
    }
    EXPECT_LE(route_m, sum_routes + 1.0);
}

TEST(CliFibreCost, RutlandCostsAddUp) {
    const Case& c = rutland_case();
    const auto& s = c.summary;
    const double connected = num(s, "connected");
    ASSERT_GT(connected, 0);
    const double per_km = num(s, "param_cost_per_km_gbp"),
                 drop_per_km = num(s, "param_drop_cost_per_km_gbp");
    const double per_premises = num(s, "param_cost_per_premises_gbp"),
                 cap = num(s, "param_uso_cap_gbp");
    EXPECT_EQ(per_km, 60000.0);  // documented defaults
    EXPECT_EQ(drop_per_km, per_km);
    EXPECT_EQ(per_premises, 500.0);
    EXPECT_EQ(cap, 3400.0);
    EXPECT_NEAR(num(s, "route_cost_gbp"), num(s, "route_km") * per_km,
                1e-6 * num(s, "route_cost_gbp"));
    EXPECT_NEAR(num(s, "drop_cost_gbp"), num(s, "drop_km") * drop_per_km, 1e-3);
    EXPECT_NEAR(num(s, "connection_cost_gbp"), connected * per_premises, 1e-6);
    const double capital = num(s, "capital_gbp");
    EXPECT_NEAR(capital,
                num(s, "route_cost_gbp") + num(s, "drop_cost_gbp") + num(s, "connection_cost_gbp"),
                1e-6 * capital);
    EXPECT_NEAR(num(s, "cost_per_premises_gbp"), capital / connected, 1e-6 * capital);

    // Attribution: the premises' attached costs sum to the capital cost; the cap flag and
    // the share agree with the costs.
    double attached = 0, drops = 0;
    int under = 0;
    for (const auto& p : c.premises) {
        if (p.at("status") != "connected") {
            EXPECT_TRUE(p.at("attached_cost_gbp").empty()) << p.at("id");  // NULL, never 0
            EXPECT_TRUE(p.at("under_uso_cap").empty()) << p.at("id");
            continue;
        }
        EXPECT_TRUE(p.at("served_id") == "oakham" || p.at("served_id") == "uppingham")
            << p.at("id");
        const double a = num(p, "attached_cost_gbp");
        EXPECT_NEAR(a, num(p, "route_share_gbp") + num(p, "drop_gbp") + num(p, "connection_gbp"),
                    1e-6 * a);
        EXPECT_EQ(num(p, "under_uso_cap"), a <= cap ? 1.0 : 0.0);
        attached += a;
        drops += num(p, "snap_m");
        under += a <= cap;
    }
    EXPECT_NEAR(attached, capital, 1e-6 * capital);
    EXPECT_NEAR(drops / 1000.0, num(s, "drop_km"), 1e-6);
    EXPECT_EQ(num(s, "under_uso_cap"), under);
    EXPECT_NEAR(num(s, "share_under_uso_cap"), under / connected, 1e-12);

    // Build network: segments sum to the route, each carries 1..connected premises, and
    // the drawn geometry is as long as the segment.
    double length = 0, cost = 0;
    for (const auto& seg : c.segments) {
        length += num(seg, "length_m");
        cost += num(seg, "cost_gbp");
        EXPECT_GE(num(seg, "premises_downstream"), 1.0);
        EXPECT_LE(num(seg, "premises_downstream"), connected);
    }
    EXPECT_NEAR(length / 1000.0, num(s, "route_km"), 1e-6);
    EXPECT_NEAR(cost, num(s, "route_cost_gbp"), 1e-6 * cost);
    GDALDatasetUniquePtr ds(GDALDataset::Open(c.out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("build_network");
    ASSERT_TRUE(layer);
    EXPECT_EQ(static_cast<std::size_t>(layer->GetFeatureCount()), c.segments.size());
    EXPECT_NE(std::string(layer->GetSpatialRef()->GetAuthorityCode(nullptr)).find("27700"),
              std::string::npos);
    for (const auto& feat : *layer) {
        const auto* line = feat->GetGeometryRef()->toLineString();
        EXPECT_NEAR(line->get_Length(), feat->GetFieldAsDouble("length_m"),
                    0.01 * feat->GetFieldAsDouble("length_m") + 1.0);
    }
    ASSERT_TRUE(ds->GetLayerByName("summary"));
    ASSERT_TRUE(ds->GetLayerByName("served"));
}

TEST(CliFibreCost, FarPremisesIsReportedPerRowAndNotCosted) {
    const Case& c = rutland_case();
    const auto far = std::find_if(c.premises.begin(), c.premises.end(),
                                  [](const Row& r) { return r.at("id") == "far"; });
    ASSERT_NE(far, c.premises.end());
    EXPECT_EQ(far->at("status"), "unsnapped");
    EXPECT_EQ(far->at("snapped"), "0");
    EXPECT_GT(num(*far, "snap_m"), 500.0);
    EXPECT_TRUE(far->at("attached_cost_gbp").empty());
    std::ifstream diag(c.out + ".diagnostics.csv");
    std::stringstream text;
    text << diag.rdbuf();
    EXPECT_NE(text.str().find("unsnapped_premises"), std::string::npos);
    EXPECT_NE(text.str().find("premises far"), std::string::npos);
    EXPECT_GE(num(c.summary, "unsnapped"), 1.0);
}

TEST(CliFibreCost, UnitCostsScaleTheCostNotTheNetwork) {
    const Case& base = rutland_case();
    const Case doubled = run_case(
        "rutland_x2", " --cost-per-km 120000 --drop-cost-per-km 30000 --cost-per-premises 0");
    EXPECT_EQ(num(doubled.summary, "route_km"), num(base.summary, "route_km"));
    EXPECT_NEAR(num(doubled.summary, "route_cost_gbp"), 2 * num(base.summary, "route_cost_gbp"),
                1e-3);
    EXPECT_NEAR(num(doubled.summary, "drop_cost_gbp"), 0.5 * num(base.summary, "drop_cost_gbp"),
                1e-3);
    EXPECT_EQ(num(doubled.summary, "connection_cost_gbp"), 0.0);
}

TEST(CliFibreCost, BadInputs) {
    const auto out = scratch().file("fibre_bad.gpkg");  // CliCoverage.BadInput expects no bad.gpkg
    // Missing premises file: unusable input (exit 3) naming the file.
    auto r =
        run_midlink("fibre-cost " + rutland_graph() + " --premises " +
                    scratch().file("no_such.csv") + " --served " + served_csv() + " -o " + out);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no_such.csv"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(out));

    // Only a premises far from the network: written, counted unsnapped, nothing costed.
    const auto far = scratch().file("far_only.csv");
    {
        std::ofstream f(far);
        f << "id,easting,northing\nlonely,400000,200000\n";
    }
    r = run_midlink("fibre-cost " + rutland_graph() + " --premises " + far +
                    " --premises-id id --served " + served_csv() + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto summary = read_csv(scratch().file("fibre_bad_summary.csv"));
    ASSERT_EQ(summary.size(), 1u);
    EXPECT_EQ(num(summary[0], "unsnapped"), 1.0);
    EXPECT_EQ(num(summary[0], "connected"), 0.0);
    EXPECT_EQ(num(summary[0], "capital_gbp"), 0.0);
    EXPECT_TRUE(summary[0].at("cost_per_premises_gbp").empty());  // NULL, not 0
    EXPECT_TRUE(summary[0].at("share_under_uso_cap").empty());

    // No served location on the network: exit 3 with a reason.
    r = run_midlink("fibre-cost " + rutland_graph() + " --premises " + far + " --served " + far +
                    " -o " + out);
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no served location"), std::string::npos) << r.output;

    // An output whose CSV beside it would replace an input: refused, input untouched.
    const auto clash = scratch().file("clash_premises.csv");
    std::filesystem::copy_file(far, clash);
    r = run_midlink("fibre-cost " + rutland_graph() + " --premises " + clash + " --served " +
                    served_csv() + " -o " + scratch().file("clash.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("would overwrite the input"), std::string::npos) << r.output;
    EXPECT_EQ(read_csv(clash).size(), 1u);
    EXPECT_EQ(read_csv(clash)[0].at("id"), "lonely");

    // A negative unit cost is a bad option (exit 2).
    r = run_midlink("fibre-cost " + rutland_graph() + " --premises " + far + " --served " +
                    served_csv() + " --cost-per-km=-5 -o " + out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("--cost-per-km: must be a non-negative number"), std::string::npos)
        << r.output;
}

TEST(CliFibreCost, SpineLinesServeWhereverTheyPass) {
    // A spine drawn from Oakham to Uppingham market places (roughly the A6003), in BNG.
    const auto spine = scratch().file("spine.geojson");
    {
        std::ofstream f(spine);
        f << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},)"
          << R"("features":[{"type":"Feature","properties":{"name":"spine"},"geometry":{"type":"LineString",)"
          << R"("coordinates":[[485980,308700],[486300,304000],[486650,299700]]}}]})";
    }
    const Case& base = rutland_case();
    const Case with = run_case("rutland_spine", " --spine " + spine + " --spine-spacing-m 200");
    // 9 km sampled every 200 m, both ends included, beside the two market places.
    const auto served = read_csv(scratch().file("rutland_spine_served.csv"));
    ASSERT_GT(served.size(), 2u + 40u);
    EXPECT_EQ(served[2].at("id"), "spine:0:0");
    EXPECT_EQ(num(with.summary, "served"), static_cast<double>(served.size()));
    // More served points can only shorten each premises' own shortest path to service.
    ASSERT_EQ(with.premises.size(), base.premises.size());
    int shorter = 0;
    for (std::size_t i = 0; i < base.premises.size(); ++i) {
        if (base.premises[i].at("status") != "connected") continue;
        ASSERT_EQ(with.premises[i].at("status"), "connected");
        const double before = num(base.premises[i], "path_to_served_m");
        const double after = num(with.premises[i], "path_to_served_m");
        EXPECT_LE(after, before + 0.1) << base.premises[i].at("id");
        shorter += after < before - 1.0;
    }
    EXPECT_GT(shorter, 0);

    // Neither points nor a spine: a bad option.
    const auto r = run_midlink("fibre-cost " + rutland_graph() + " --premises " + served_csv() +
                               " -o " + scratch().file("none.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("--spine"), std::string::npos) << r.output;
}
