// midlink access on real data: Rutland on the OSM graph, the West Midlands on PRISM.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {
double num(const std::map<std::string, std::string>& row, const std::string& col) {
    const auto it = row.find(col);
    if (it == row.end() || it->second.empty()) return std::nan("");
    return std::stod(it->second);
}

const std::string kPopulation = " --population " + geodata("hack25usefuldata/derived-census21_pop_lsoa21.csv") +
                                " --population-id lsoa21_code --population-field usual_residents";
const std::string kSchools = " --destinations " + geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv") + " --dest-name schools";
const std::string kLads = " --aggregate-to " + geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson") +
                          " --aggregate-id areacd --aggregate-name lad";

// Every LAD value is the population-weighted mean of its areas' non-NULL values.
void expect_lad_rows_are_weighted_means(const std::string& out, const std::vector<std::string>& columns,
                                        const std::string& lad_field_csv) {
    const auto areas = read_csv(scratch().file(out + "_areas.csv"));
    const auto lads = read_csv(scratch().file(out + "_lad.csv"));
    const auto lookup = read_csv(lad_field_csv);
    ASSERT_FALSE(areas.empty());
    std::map<std::string, std::string> lad_of;
    for (const auto& r : lookup) lad_of[r.at("id")] = r.at("lad");
    for (const auto& col : columns) {
        std::map<std::string, std::pair<double, double>> sums;
        for (const auto& a : areas) {
            const double v = num(a, col), p = num(a, "population");
            if (std::isnan(v) || std::isnan(p) || !lad_of.count(a.at("id"))) continue;
            auto& s = sums[lad_of[a.at("id")]];
            s.first += p * v;
            s.second += p;
        }
        int checked = 0;
        for (const auto& l : lads) {
            const auto it = sums.find(l.at("id"));
            if (it == sums.end() || it->second.second <= 0) continue;
            EXPECT_NEAR(num(l, col), it->second.first / it->second.second, 1e-6 * std::max(1.0, std::abs(num(l, col))))
                << col << " in " << l.at("id");
            ++checked;
        }
        EXPECT_GT(checked, 0) << col;
    }
}
}  // namespace

TEST(CliAccess, RutlandLsoasToSchoolsOnTheOsmGraph) {
    const auto g = rutland_graph();
    const auto out = scratch().file("rutland.gpkg");
    const auto r = run_midlink("access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
                               " --origin-id LSOA21CD" + kPopulation + kSchools +
                               " --measures 'nearest,nth:3,cumulative:15|30,jts:15|30,hansen:exp:0.08,2sfca:30,bfca:exp:0.08:max=60,bfca_supply:exp:0.08:max=60'" +
                               kLads + " --aggregate-by LADCD_ACTIVE -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto areas = read_csv(scratch().file("rutland_areas.csv"));
    ASSERT_EQ(areas.size(), 26u);  // Rutland has 26 LSOAs (2021)
    {
        // Supply-preserving balanced FCA: Σ P_i A_i equals the schools that somebody
        // reaches (weight 1 each; 39 on this graph), which Paez's BFCA does not promise.
        double pa = 0.0, supply = 0.0;
        for (const auto& a : areas) pa += num(a, "population") * num(a, "schools_bfca_supply_exp_0_08_max_60");
        for (const auto& d : read_csv(scratch().file("rutland_destinations.csv"))) {
            if (!d.at("bfca_supply_ratio_exp_0_08_max_60").empty()) supply += num(d, "weight");
        }
        EXPECT_GT(supply, 20.0);
        EXPECT_NEAR(pa, supply, 1e-6 * supply);
    }
    double population = 0;
    for (const auto& a : areas) {
        population += num(a, "population");
        EXPECT_EQ(a.at("point_source"), "point_on_surface");
        // Rutland is small and rural: the nearest school is within 0-20 minutes by car,
        // and a JTS destination indicator is a share.
        EXPECT_GE(num(a, "schools_nearest_min"), 0.0);
        EXPECT_LT(num(a, "schools_nearest_min"), 20.0);
        EXPECT_LE(num(a, "schools_nearest_min"), num(a, "schools_nth3_min"));
        EXPECT_LE(num(a, "schools_cum15"), num(a, "schools_cum30"));
        EXPECT_GE(num(a, "schools_jts_orig30"), 1.0);
        EXPECT_LE(num(a, "schools_jts_orig30"), 10.0);
        EXPECT_EQ(num(a, "unsnapped"), 0);
    }
    // Census 2021: Rutland had about 41,000 usual residents.
    EXPECT_NEAR(population, 41000, 2500);
    const auto lads = read_csv(scratch().file("rutland_lad.csv"));
    ASSERT_EQ(lads.size(), 65u);
    for (const auto& l : lads) {
        if (l.at("id") == "E06000017") {
            EXPECT_NEAR(num(l, "population"), population, 1e-6);
            EXPECT_EQ(num(l, "origins"), 26);
        } else {
            EXPECT_EQ(num(l, "origins"), 0);
            EXPECT_TRUE(l.at("schools_nearest_min").empty());  // no origins: NULL, not 0
        }
    }
    // The lookup for the weighted-mean check: every Rutland LSOA is in E06000017.
    {
        std::ofstream f(scratch().file("rutland_lookup.csv"));
        f << "id,lad\n";
        for (const auto& a : areas) f << a.at("id") << ",E06000017\n";
    }
    expect_lad_rows_are_weighted_means("rutland", {"schools_nearest_min", "schools_cum30", "schools_jts_dest15", "schools_hansen_exp_0_08", "schools_2sfca_bin_30"},
                                       scratch().file("rutland_lookup.csv"));
    // The GeoPackage opens with area layers in British National Grid.
    const auto info = run_midlink("info " + out + " --format json");
    EXPECT_NE(info.output.find("EPSG:27700"), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("\"lad\""), std::string::npos);
    EXPECT_NE(info.output.find("\"measures\""), std::string::npos);
}

// West Midlands Combined Authority LSOAs (inside PRISM's detailed area) to schools and
// hospitals on PRISM without zone connectors, aggregated to LADs.
TEST(CliAccess, WestMidlandsOnPrismAggregatedToLads) {
    const auto g = prism_graph();
    const auto out = scratch().file("wm.gpkg");
    const auto r = run_midlink("access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E47000007.geojson") +
                               " --origin-id LSOA21CD" + kPopulation + kSchools + " --destinations " +
                               geodata("nhs-choices-hospitals-2018/derived-hospitals_20180130.csv") +
                               " --dest-name hospitals --max-snap 2000 --measures 'nearest,cumulative:15|30,jts:15|30'" + kLads +
                               " --aggregate-by LADCD_ACTIVE --aggregate-code CAUTHCD --aggregate-code RGNCD -o " + out + " --threads 2");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto areas = read_csv(scratch().file("wm_areas.csv"));
    ASSERT_GT(areas.size(), 1700u);  // about 1,750 LSOAs in the seven WMCA boroughs
    int snapped = 0, school_ok = 0, hospital_ok = 0;
    for (const auto& a : areas) {
        if (num(a, "unsnapped") > 0) {
            EXPECT_TRUE(a.at("schools_nearest_min").empty());
            continue;
        }
        ++snapped;
        // Urban West Midlands: a school within 10 minutes, a hospital within 25.
        school_ok += num(a, "schools_nearest_min") < 10.0;
        hospital_ok += num(a, "hospitals_nearest_min") < 25.0;
    }
    EXPECT_GT(snapped, 0.9 * areas.size());
    EXPECT_GT(school_ok, 0.95 * snapped);
    EXPECT_GT(hospital_ok, 0.95 * snapped);
    // LAD rows are the population-weighted means of their LSOAs (LADCD_ACTIVE is written
    // beside each LSOA because it was used to aggregate).
    {
        std::ofstream f(scratch().file("wm_lookup.csv"));
        f << "id,lad\n";
        for (const auto& a : areas) f << a.at("id") << "," << a.at("LADCD_ACTIVE") << "\n";
    }
    expect_lad_rows_are_weighted_means("wm", {"schools_nearest_min", "hospitals_nearest_min", "schools_cum15", "hospitals_jts_dest30", "hospitals_jts_amt_min"},
                                       scratch().file("wm_lookup.csv"));
    double lad_population = 0, lsoa_population = 0;
    const auto lads = read_csv(scratch().file("wm_lad.csv"));
    int lads_with_origins = 0;
    for (const auto& l : lads) {
        lads_with_origins += num(l, "origins") > 0;
        lad_population += num(l, "population");
    }
    for (const auto& a : areas) lsoa_population += num(a, "population");
    EXPECT_NEAR(lad_population, lsoa_population, 1e-6 * lsoa_population);
    EXPECT_NEAR(lsoa_population, 2.92e6, 0.1e6);  // WMCA: about 2.9 million residents (Census 2021)
    // LSOA -> combined authority and region by code: one row each, the weighted mean of all.
    for (const std::string level : {"CAUTHCD", "RGNCD"}) {
        const auto rows = read_csv(scratch().file("wm_" + level + ".csv"));
        ASSERT_EQ(rows.size(), 1u) << level;
        EXPECT_EQ(rows[0].at("id"), level == "CAUTHCD" ? "E47000007" : "E12000005");
        EXPECT_NEAR(num(rows[0], "population"), lsoa_population, 1e-6 * lsoa_population);
        double weighted = 0, weight = 0;
        for (const auto& a : areas) {
            const double v = num(a, "hospitals_nearest_min"), p = num(a, "population");
            if (std::isnan(v)) continue;
            weighted += p * v;
            weight += p;
        }
        EXPECT_NEAR(num(rows[0], "hospitals_nearest_min"), weighted / weight, 1e-6);
    }
    EXPECT_EQ(lads_with_origins, 7);  // Birmingham, Coventry, Dudley, Sandwell, Solihull, Walsall, Wolverhampton
}

// The two search engines on real data: PHAST through a contraction hierarchy and the
// early-stopping Dijkstra give the same values for every WMCA LSOA on PRISM (costs and
// counts exactly; decayed sums to 1e-9, being added in another order).
TEST(CliAccess, PhastAndDijkstraAgreeOnPrism) {
    const auto g = prism_graph();
    const std::string common = "access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E47000007.geojson") +
                               " --origin-id LSOA21CD" + kPopulation + kSchools +
                               " --measures 'nearest,nth:3,cumulative:15|30,jts:15|30,hansen:exp:0.1,2sfca:exp:0.1:max=30,"
                               "bfca_supply:exp:0.1:max=30' --threads 2";
    const auto rp = run_midlink(common + " --engine phast -o " + scratch().file("eng_p.gpkg"));
    ASSERT_EQ(rp.exit_code, 0) << rp.output;
    EXPECT_NE(rp.output.find("phast (hierarchy built in"), std::string::npos) << rp.output;
    const auto rd = run_midlink(common + " --engine dijkstra -o " + scratch().file("eng_d.gpkg"));
    ASSERT_EQ(rd.exit_code, 0) << rd.output;
    const auto p = read_csv(scratch().file("eng_p_areas.csv"));
    const auto d = read_csv(scratch().file("eng_d_areas.csv"));
    ASSERT_EQ(p.size(), d.size());
    ASSERT_GT(p.size(), 1700u);
    std::size_t compared = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        ASSERT_EQ(p[i].at("id"), d[i].at("id"));
        for (const auto& [column, value] : d[i]) {
            const auto& other = p[i].at(column);
            const bool exact = column.find("hansen") == std::string::npos && column.find("fca") == std::string::npos;
            if (exact || value.empty() || other.empty()) {
                EXPECT_EQ(other, value) << p[i].at("id") << " " << column;
            } else {
                EXPECT_NEAR(std::stod(other), std::stod(value), 1e-9 * std::max(1.0, std::abs(std::stod(value)))) << column;
            }
            ++compared;
        }
    }
    EXPECT_GT(compared, 20000u);
}

TEST(CliAccess, IdenticalOutputOnOneAndTwoThreads) {
    const auto g = rutland_graph();
    const std::string common = "access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
                               " --origin-id LSOA21CD" + kPopulation + kSchools +
                               " --measures 'nearest,cumulative:30,hansen:exp:0.1,2sfca:exp:0.1:max=40,bfca:exp:0.1:max=40' --quiet";
    ASSERT_EQ(run_midlink("--threads 1 " + common + " -o " + scratch().file("t1.gpkg")).exit_code, 0);
    ASSERT_EQ(run_midlink("--threads 2 " + common + " -o " + scratch().file("t2.gpkg")).exit_code, 0);
    std::ifstream a(scratch().file("t1_areas.csv")), b(scratch().file("t2_areas.csv"));
    std::stringstream sa, sb;
    sa << a.rdbuf();
    sb << b.rdbuf();
    EXPECT_FALSE(sa.str().empty());
    EXPECT_EQ(sa.str(), sb.str());
}

TEST(CliAccess, BadInputGivesOneClearMessage) {
    const auto g = rutland_graph();
    const std::string origins = " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") + " --origin-id LSOA21CD";
    // Destinations with no coordinate columns.
    const auto nocoords = scratch().file("nocoords.csv");
    std::ofstream(nocoords) << "name,phase\nA School,Primary\n";
    auto r = run_midlink("access " + g + origins + " --destinations " + nocoords + " --measures nearest -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("nocoords.csv"), std::string::npos) << r.output;
    // Population codes that match nothing.
    const auto pop = scratch().file("pop.csv");
    std::ofstream(pop) << "code,people\nX1,10\nX2,20\n";
    r = run_midlink("access " + g + origins + kSchools + " --population " + pop +
                    " --population-id code --population-field people --measures nearest -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no population code matches"), std::string::npos) << r.output;
    // An unknown measure is refused before any long step.
    r = run_midlink("access " + g + origins + kSchools + " --measures nearest,gravity -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("gravity"), std::string::npos);
    EXPECT_EQ(r.output.find("reading origins"), std::string::npos) << "validation must come first";
    // Duplicate area codes: diagnosed, first kept, nothing silently dropped.
    const auto dup = scratch().file("dup.geojson");
    std::ofstream(dup) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
{"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[485000,308000],[487000,308000],[487000,310000],[485000,310000],[485000,308000]]]}},
{"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[490000,308000],[492000,308000],[492000,310000],[490000,310000],[490000,308000]]]}}]})";
    r = run_midlink("access " + g + " --origins " + dup + " --origin-id code" + kSchools + " --measures nearest -o " + scratch().file("dup.gpkg"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("duplicate_area_code"), std::string::npos) << r.output;
}

// The optional OD matrix: every pair within the limit, and its minimum per origin is the
// nearest-destination measure.
TEST(CliAccess, OdMatrixAgreesWithNearest) {
    const auto g = rutland_graph();
    const auto od = scratch().file("od.csv");
    const auto r = run_midlink("access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
                               " --origin-id LSOA21CD" + kSchools + " --measures nearest --max-time 20 --od-matrix " + od +
                               " -o " + scratch().file("od.gpkg") + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::map<std::string, double> min_time;
    for (const auto& row : read_csv(od)) {
        const double t = num(row, "time_min");
        EXPECT_LE(t, 20.0);
        auto [it, inserted] = min_time.emplace(row.at("origin_id"), t);
        if (!inserted) it->second = std::min(it->second, t);
    }
    const auto areas = read_csv(scratch().file("od_areas.csv"));
    ASSERT_EQ(areas.size(), 26u);
    for (const auto& a : areas) {
        ASSERT_TRUE(min_time.count(a.at("id")));
        EXPECT_NEAR(min_time[a.at("id")], num(a, "schools_nearest_min"), 1e-3);
    }
}

// A boundary layer in another CRS (Web Mercator here) is transformed, not misread: the
// LAD rows come out the same as with the original WGS84 file.
TEST(CliAccess, BoundaryLayerInAnotherCrsGivesTheSameAggregation) {
    const auto g = rutland_graph();
    const auto mercator = scratch().file("lads_3857.gpkg");
    const std::string convert = "ogr2ogr -f GPKG -t_srs EPSG:3857 " + mercator + " " +
                                geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson") + " 2>&1";
    ASSERT_EQ(std::system(convert.c_str()), 0);
    const std::string common = "access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
                               " --origin-id LSOA21CD" + kPopulation + kSchools + " --measures nearest,cumulative:20 --quiet";
    ASSERT_EQ(run_midlink(common + kLads + " -o " + scratch().file("crs_a.gpkg")).exit_code, 0);
    const auto r = run_midlink(common + " --aggregate-to " + mercator + " --aggregate-id areacd --aggregate-name lad -o " +
                               scratch().file("crs_b.gpkg"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto a = read_csv(scratch().file("crs_a_lad.csv"));
    const auto b = read_csv(scratch().file("crs_b_lad.csv"));
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].at("id"), b[k].at("id"));
        EXPECT_EQ(a[k].at("origins"), b[k].at("origins")) << a[k].at("id");
        EXPECT_EQ(a[k].at("schools_cum20"), b[k].at("schools_cum20")) << a[k].at("id");
    }
}

// A hierarchy stored beside the graph (graph contract) gives PHAST exactly the answers of
// the one it builds itself: the builder is deterministic, and the stored one is its copy.
TEST(CliAccess, StoredHierarchyGivesTheSameAnswers) {
    const auto g = built_graph("rutland_stored_ch", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf") +
                                                        " --profile car");
    const std::string common = "access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
                               " --origin-id LSOA21CD" + kPopulation + kSchools +
                               " --measures 'nearest,nth:3,cumulative:15|30,hansen:exp:0.1' --engine phast --threads 2";
    const auto built = run_midlink(common + " -o " + scratch().file("ch_built.gpkg"));
    ASSERT_EQ(built.exit_code, 0) << built.output;
    EXPECT_NE(built.output.find("hierarchy built in"), std::string::npos) << built.output;
    const auto contract = run_midlink("graph contract " + g + " --quiet");
    ASSERT_EQ(contract.exit_code, 0) << contract.output;
    const auto stored = run_midlink(common + " -o " + scratch().file("ch_stored.gpkg"));
    ASSERT_EQ(stored.exit_code, 0) << stored.output;
    EXPECT_NE(stored.output.find("stored hierarchy"), std::string::npos) << stored.output;
    std::ifstream a(scratch().file("ch_built_areas.csv")), b(scratch().file("ch_stored_areas.csv"));
    std::stringstream sa, sb;
    sa << a.rdbuf();
    sb << b.rdbuf();
    EXPECT_GT(sa.str().size(), 1000u);
    EXPECT_EQ(sa.str(), sb.str());
}
