// The real CLI on real data in ../shared/geodata: builds, counts, routes, bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <ogrsf_frmts.h>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {
std::map<std::string, std::string> read_csv_status(const std::string& csv) {
    std::map<std::string, std::string> out;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) out[line.substr(0, line.find(','))] = line;
    return out;
}

std::vector<double> column(const std::string& csv, int col) {
    std::vector<double> v;
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string cell;
        for (int i = 0; i <= col; ++i) std::getline(f, cell, ',');
        v.push_back(cell.empty() ? std::nan("") : std::stod(cell));
    }
    return v;
}
}  // namespace

TEST(CliGraph, TntpBirminghamLoadsAllNodesAndLinks) {
    const auto g = built_graph("prism_all", "--network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp") + " --components all");
    const auto r = run_midlink("graph info " + g + " --format json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(json_number(r.output, "nodes"), 14639);
    EXPECT_EQ(json_number(r.output, "edges"), 33937);
    EXPECT_GT(json_number(r.output, "largest_component_share"), 0.99);
}

TEST(CliGraph, DimacsRomeLoadsExactly) {
    const auto g = built_graph("rome", "--network " + geodata("dimacs9-rome99/rome99.gr") + " --components all");
    const auto r = run_midlink("graph info " + g + " --format json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(json_number(r.output, "nodes"), 3353);
    EXPECT_EQ(json_number(r.output, "edges"), 8870);
    // Abstract graph: routes by node id.
    const auto route = run_midlink("route " + g + " --from node:1 --to node:3353 --format json");
    EXPECT_EQ(route.exit_code, 0) << route.output;
    EXPECT_NE(route.output.find("\"status\":\"ok\""), std::string::npos) << route.output;
}

// bench sssp with both engines on Rome: PHAST must reach exactly the nodes each Dijkstra
// tree settles (same sources, same seed), and it reports its hierarchy.
TEST(CliGraph, BenchSsspPhastReachesWhatDijkstraSettles) {
    const auto g = built_graph("rome", "--network " + geodata("dimacs9-rome99/rome99.gr") + " --components all");
    const auto d = run_midlink("bench sssp " + g + " --sources 40 --seed 7 --format json");
    const auto p = run_midlink("bench sssp " + g + " --sources 40 --seed 7 --format json --engine phast");
    ASSERT_EQ(d.exit_code, 0) << d.output;
    ASSERT_EQ(p.exit_code, 0) << p.output;
    EXPECT_GT(json_number(d.output, "settled_per_tree"), 3000);
    EXPECT_EQ(json_number(p.output, "settled_per_tree"), json_number(d.output, "settled_per_tree"));
    EXPECT_NE(p.output.find("\"engine\":\"phast\""), std::string::npos) << p.output;
    EXPECT_GT(json_number(p.output, "shortcuts"), 0);
}

TEST(CliGraph, OsOpenRoadsMotorwaysBuildInBng) {
    const auto g = built_graph("motorways", "--network " + geodata("os-openroads-motorways-roadbox/motorways.fgb") + " --components all");
    const auto r = run_midlink("graph info " + g + " --format json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("EPSG:27700"), std::string::npos);
    EXPECT_GT(json_number(r.output, "edges"), 6648);
    // GB motorways total about 3,700 km of road; each carriageway is drawn, so roughly double.
    EXPECT_GT(json_number(r.output, "total_length_km"), 3000);
    EXPECT_LT(json_number(r.output, "total_length_km"), 12000);
}

// Places in Rutland (BNG): the same shortest distances on the PBF and on the Geofabrik
// shapefile build of the same OSM data. Tolerance: 2% or 150 m, whichever is larger, for
// snapping differences and the shapefile's coarser attributes.
TEST(CliGraph, RutlandPbfAndShapefileAgreeOnDistances) {
    const auto pbf = built_graph("rutland_pbf", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"));
    const auto shp = built_graph("rutland_shp", "--network " + geodata("osm-rutland-pydriosm/rutland-latest-free.shp.zip"));
    const auto pairs = scratch().file("rutland_pairs.csv");
    {
        std::ofstream f(pairs);
        f << "id,from_x,from_y,to_x,to_y\n"
          << "oakham-uppingham,485980,308700,486650,299650\n"
          << "oakham-empingham,485980,308700,495150,308400\n"
          << "uppingham-ketton,486650,299650,498200,304400\n"
          << "cottesmore-oakham,490100,313600,485980,308700\n"
          << "ketton-oakham,498200,304400,485980,308700\n"
          << "empingham-uppingham,495150,308400,486650,299650\n"
          << "far-away,300000,300000,485980,308700\n";
    }
    const auto a = run_midlink("route " + pbf + " --pairs " + pairs + " --metric distance --quiet");
    const auto b = run_midlink("route " + shp + " --pairs " + pairs + " --metric distance --quiet");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    ASSERT_EQ(b.exit_code, 0) << b.output;
    const auto da = column(a.output, 2), db = column(b.output, 2);
    ASSERT_EQ(da.size(), 7u);
    ASSERT_EQ(db.size(), 7u);
    for (std::size_t i = 0; i < 6; ++i) {
        ASSERT_TRUE(std::isfinite(da[i]) && std::isfinite(db[i])) << a.output << b.output;
        EXPECT_GT(da[i], 3000);
        EXPECT_NEAR(da[i], db[i], std::max(150.0, 0.02 * da[i])) << "pair " << i << "\n" << a.output << b.output;
    }
    // A point 185 km away is unsnapped, reported, not dropped.
    EXPECT_NE(a.output.find("far-away,,,unsnapped"), std::string::npos) << a.output;
}

TEST(CliGraph, RutlandRouteIsPlausibleForCarAndHgv) {
    const auto car = built_graph("rutland_pbf", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"));
    const auto hgv = built_graph("rutland_hgv", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf") + " --profile hgv");
    const std::string od = " --from 485980,308700 --to 498200,304400 --format json";  // Oakham -> Ketton
    const auto rc = run_midlink("route " + car + od);
    const auto rh = run_midlink("route " + hgv + od);
    ASSERT_EQ(rc.exit_code, 0) << rc.output;
    ASSERT_EQ(rh.exit_code, 0) << rh.output;
    const double car_min = json_number(rc.output, "time_s") / 60, hgv_min = json_number(rh.output, "time_s") / 60;
    // About 15 km by road: 12-25 minutes by car; an HGV is never faster.
    EXPECT_GT(car_min, 12);
    EXPECT_LT(car_min, 25);
    EXPECT_GE(hgv_min, car_min);
    // The same trip given in WGS84 lon/lat.
    const auto wgs = run_midlink("route " + car + " --from=-0.7262,52.6708 --to=-0.5468,52.6292 --coords-crs EPSG:4326 --format json");
    ASSERT_EQ(wgs.exit_code, 0) << wgs.output;
    EXPECT_NEAR(json_number(wgs.output, "time_s") / 60, car_min, 3.0);
}

namespace {
// A count inside graph info's "capacity" object ("profile" alone would find the profile name).
double capacity_count(const std::string& json, const std::string& key) {
    const auto at = json.find("\"capacity\":{");
    return at == std::string::npos ? std::nan("") : json_number(json.substr(at), key);
}
}  // namespace

TEST(CliGraph, ExportWritesEdgesAndNodesLayers) {
    const auto g = built_graph("prism", "--network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp"));
    const auto out = scratch().file("prism.gpkg");
    const auto r = run_midlink("graph export " + g + " -o " + out + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto info = run_midlink("info " + out + " --format json");
    ASSERT_EQ(info.exit_code, 0) << info.output;
    EXPECT_NE(info.output.find("\"edges\""), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("\"nodes\""), std::string::npos);
    EXPECT_NE(info.output.find("EPSG:27700"), std::string::npos);
    const auto gmns = scratch().file("prism_gmns/");
    const auto rg = run_midlink("graph export " + g + " -o " + gmns + " --quiet");
    ASSERT_EQ(rg.exit_code, 0) << rg.output;
    // The GMNS export reads back as a network with the same number of directed links.
    const auto back = run_midlink("graph build --network " + gmns + " --format gmns --components all -o " + scratch().file("back.mlg") + " --quiet");
    ASSERT_EQ(back.exit_code, 0) << back.output;
    const auto a = run_midlink("graph info " + g + " --format json");
    const auto b = run_midlink("graph info " + scratch().file("back.mlg") + " --format json");
    EXPECT_EQ(json_number(a.output, "edges"), json_number(b.output, "edges"));
    // Capacity survives the GMNS round trip (read back as the input's).
    EXPECT_EQ(capacity_count(b.output, "input"), capacity_count(a.output, "input"));
}

// PRISM gives a capacity on every link; Rutland's OSM has none, so the profile fills it
// by class (and lanes where tagged). Both are reported by graph info and exported.
TEST(CliGraph, CapacityComesFromInputOrProfileAndIsExported) {
    const auto prism = built_graph("prism", "--network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp"));
    const auto a = run_midlink("graph info " + prism + " --format json");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    EXPECT_EQ(capacity_count(a.output, "input"), json_number(a.output, "links")) << a.output;
    EXPECT_EQ(capacity_count(a.output, "profile"), 0) << a.output;
    const auto text = run_midlink("graph info " + prism);
    EXPECT_NE(text.output.find("capacity:"), std::string::npos) << text.output;

    const auto rutland = built_graph("rutland_cap", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"));
    const auto b = run_midlink("graph info " + rutland + " --format json");
    ASSERT_EQ(b.exit_code, 0) << b.output;
    EXPECT_EQ(capacity_count(b.output, "input"), 0) << b.output;
    EXPECT_GT(capacity_count(b.output, "profile"), 0.95 * json_number(b.output, "links")) << b.output;

    const auto out = scratch().file("rutland_cap.gpkg");
    const auto r = run_midlink("graph export " + rutland + " -o " + out + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* edges = ds->GetLayerByName("edges");
    ASSERT_NE(edges, nullptr);
    const int cap = edges->GetLayerDefn()->GetFieldIndex("capacity_vph");
    const int src = edges->GetLayerDefn()->GetFieldIndex("capacity_source");
    const int cls = edges->GetLayerDefn()->GetFieldIndex("class");
    ASSERT_GE(cap, 0);
    ASSERT_GE(src, 0);
    int motorway_or_trunk = 0;
    for (auto& f : *edges) {
        if (!f->IsFieldSetAndNotNull(cap)) continue;
        EXPECT_STREQ(f->GetFieldAsString(src), "profile");
        const double v = f->GetFieldAsDouble(cap);
        EXPECT_GE(v, 300.0);
        EXPECT_LE(v, 12000.0);
        const std::string c = f->GetFieldAsString(cls);
        if (c == "trunk") {
            ++motorway_or_trunk;
            EXPECT_GE(v, 1800.0) << "a trunk road carries at least one lane's flow each way";
        }
    }
    EXPECT_GT(motorway_or_trunk, 0);  // the A1 and A47 are trunk roads
}

TEST(CliGraph, PrismPairsRunAndReportStatuses) {
    const auto g = built_graph("prism", "--network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp"));
    const auto pairs = scratch().file("prism_pairs.csv");
    {
        std::ofstream f(pairs);
        f << "id,from_x,from_y,to_x,to_y\n"
          << "bham-cov,406900,286700,433400,279000\n"   // Birmingham -> Coventry
          << "wolves-bham,391300,298700,406900,286700\n"  // Wolverhampton -> Birmingham
          << "sea,250000,50000,406900,286700\n";         // in the Channel: unsnapped
    }
    const auto r = run_midlink("route " + g + " --pairs " + pairs + " --quiet --threads 2");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto rows = read_csv_status(r.output);
    ASSERT_EQ(rows.size(), 3u) << r.output;
    EXPECT_NE(rows.at("bham-cov").find(",ok"), std::string::npos);
    EXPECT_NE(rows.at("sea").find(",,,unsnapped"), std::string::npos);
    const auto t = column(r.output, 1);
    EXPECT_GT(t[0] / 60, 15);  // Birmingham to Coventry: 20-50 minutes by road
    EXPECT_LT(t[0] / 60, 60);
}

// The README's demo: every town pair routes; an HGV is never faster; the refs are real roads.
TEST(CliGraph, DemoNetworkRoutesEveryTownPair) {
    const std::string demo = std::string(MIDLINK_SOURCE_DIR) + "/geodata/demo";
    const auto car = built_graph("demo_car", "--network " + demo + " --format gmns --profile car");
    const auto hgv = built_graph("demo_hgv", "--network " + demo + " --format gmns --profile hgv");
    const auto a = run_midlink("route " + car + " --pairs " + demo + "/pairs.csv --quiet");
    const auto b = run_midlink("route " + hgv + " --pairs " + demo + "/pairs.csv --quiet");
    ASSERT_EQ(a.exit_code, 0) << a.output;
    ASSERT_EQ(b.exit_code, 0) << b.output;
    const auto ta = column(a.output, 1), tb = column(b.output, 1), da = column(a.output, 2);
    ASSERT_EQ(ta.size(), 6u) << a.output;
    for (std::size_t i = 0; i < ta.size(); ++i) {
        ASSERT_TRUE(std::isfinite(ta[i])) << a.output;
        EXPECT_GE(tb[i], ta[i]);
        // Town to town in the Midlands: 30-400 km at 40-110 km/h on average.
        EXPECT_GT(da[i], 30000);
        EXPECT_LT(da[i], 400000);
        EXPECT_GT(da[i] / ta[i] * 3.6, 40);
        EXPECT_LT(da[i] / ta[i] * 3.6, 110);
    }
    EXPECT_NE(a.output.find("birmingham-nottingham,"), std::string::npos);
    EXPECT_NE(a.output.find("M42"), std::string::npos) << a.output;
}
