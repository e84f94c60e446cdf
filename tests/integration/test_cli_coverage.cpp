// midlink coverage on the real Ofcom Connected Nations local-authority files (2016 to May
// 2021) x the 65 Midlands LADs of 2024, checked against the published files themselves.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {
using Row = std::map<std::string, std::string>;  // field -> text, "" for NULL; "#geom" = "1" if set

std::vector<Row> read_layer(const std::string& path, const std::string& layer_name = "",
                            int* epsg = nullptr) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) return {};
    OGRLayer* layer = layer_name.empty() ? ds->GetLayer(0) : ds->GetLayerByName(layer_name.c_str());
    if (!layer) return {};
    if (epsg && layer->GetSpatialRef()) {
        const char* code = layer->GetSpatialRef()->GetAuthorityCode(nullptr);
        *epsg = code ? std::atoi(code) : 0;
    }
    std::vector<Row> rows;
    for (auto& f : *layer) {
        Row r;
        for (int i = 0; i < f->GetFieldCount(); ++i) {
            r[f->GetFieldDefnRef(i)->GetNameRef()] =
                f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
        }
        r["#geom"] = f->GetGeometryRef() && !f->GetGeometryRef()->IsEmpty() ? "1" : "0";
        rows.push_back(std::move(r));
    }
    return rows;
}

double num(const Row& r, const std::string& k) {
    const auto it = r.find(k);
    return it == r.end() || it->second.empty() ? std::nan("") : std::stod(it->second);
}

const std::string kOfcom = "ofcom-cn-laua-2016-2021/";
const std::vector<std::string> kFiles = {"2016_data.csv",
                                         "2017_data.csv",
                                         "2018_data.csv",
                                         "2019_data.csv",
                                         "2020_data.csv",
                                         "2021_data.csv",
                                         "202105_fixed_laua_coverage_r01.csv"};
const std::vector<std::string> kLabels = {"2016", "2017", "2018",   "2019",
                                          "2020", "2021", "2021-05"};
const std::set<std::string> kNorthants = {"E06000061", "E06000062"};

std::string all_files() {
    std::string s;
    for (const auto& f : kFiles) {
        if (!s.empty()) s += ',';
        s += geodata(kOfcom + f);
    }
    return s;
}

// One run shared by the tests below.
const std::string& midlands_output() {
    static const std::string out = [] {
        const std::string path = scratch().file("cov.gpkg");
        const auto r = run_midlink("coverage --areas " +
                                   geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson") +
                                   " --area-id areacd --area-name areanm --coverage " +
                                   all_files() + " --aggregate-code rgncd -o " + path);
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return path;
    }();
    return out;
}

// The published file as an oracle, by LA code.
std::map<std::string, Row> published(const std::string& file) {
    std::map<std::string, Row> out;
    for (auto& r : read_layer(geodata(kOfcom + file)))
        out[r.count("laua") ? r["laua"] : r["laua_code"]] = r;
    return out;
}

TEST(CliCoverage, EveryMidlandsLadMatchedInEveryRelease) {
    int epsg = 0;
    const auto rows = read_layer(midlands_output(), "coverage", &epsg);
    EXPECT_EQ(epsg, 27700);
    ASSERT_EQ(rows.size(), 65u * kLabels.size());
    std::map<std::string, std::set<std::string>> releases_of;
    for (const auto& r : rows) {
        EXPECT_EQ(r.at("matched"), "1") << r.at("area_code") << " " << r.at("release");
        EXPECT_EQ(r.at("#geom"), "1");
        releases_of[r.at("area_code")].insert(r.at("release"));
        // Old Northamptonshire codes are rolled into the 2021 unitaries until the release has them.
        if (kNorthants.contains(r.at("area_code"))) {
            EXPECT_EQ(r.at("merged_from").empty(), r.at("release") == "2021-05") << r.at("release");
        } else {
            EXPECT_TRUE(r.at("merged_from").empty());
        }
    }
    EXPECT_EQ(releases_of.size(), 65u);
    for (const auto& [code, rel] : releases_of) EXPECT_EQ(rel.size(), kLabels.size()) << code;
    // Nothing is missing on the area side; the rest of the UK is reported on the release side.
    const auto unmatched = read_layer(midlands_output(), "unmatched");
    std::size_t area_side = 0;
    std::set<std::string> release_side;
    for (const auto& u : unmatched) {
        if (u.at("side") == "area")
            ++area_side;
        else
            release_side.insert(u.at("code"));
    }
    EXPECT_EQ(area_side, 0u);
    EXPECT_TRUE(release_side.contains("S12000033"));   // Aberdeen City
    EXPECT_FALSE(release_side.contains("E07000150"));  // Corby went into North Northamptonshire
}

TEST(CliCoverage, CountsAndSharesAgreeWithEachOtherAndWithTheFiles) {
    const auto rows = read_layer(midlands_output(), "coverage");
    std::size_t checked = 0;
    for (const auto& r : rows) {
        for (const std::string tier :
             {"superfast", "ultrafast", "full_fibre", "gigabit", "below_uso", "unable_10"}) {
            const double count = num(r, tier + "_premises");
            const double premises = num(r, "premises");
            const double pct = num(r, tier + "_pct");
            if (std::isnan(count) || std::isnan(premises)) continue;
            EXPECT_NEAR(pct, 100.0 * count / premises, 1e-9)
                << r.at("area_code") << " " << r.at("release") << " " << tier;
            EXPECT_LE(count, premises);
            ++checked;
        }
    }
    EXPECT_GT(checked, 65u * 4u * 4u);

    // May 2021 against the published file: counts equal, shares within Ofcom's rounding.
    const auto may = published("202105_fixed_laua_coverage_r01.csv");
    for (const auto& r : rows) {
        if (r.at("release") != "2021-05") continue;
        const Row& p = may.at(r.at("area_code"));
        EXPECT_EQ(num(r, "premises"), num(p, "All Premises"));
        EXPECT_EQ(num(r, "full_fibre_premises"),
                  num(p, "Number of premises with Full Fibre availability"));
        EXPECT_EQ(num(r, "gigabit_premises"),
                  num(p, "Number of premises with Gigabit availability"));
        EXPECT_NEAR(num(r, "superfast_pct"), num(p, "SFBB availability (% premises)"), 0.051)
            << r.at("area_code");
        EXPECT_NEAR(num(r, "below_uso_pct"), num(p, "% of premises below the USO"), 0.051)
            << r.at("area_code");
    }
    // Superfast is >= 30 Mbit/s in every release: 2018's SFBB column is the 30-300 band, so
    // superfast = SFBB + UFBB = all premises minus those unable to receive 30 Mbit/s, up to
    // Ofcom's own slack (at most 0.3 % of premises in 2018; read as ">= 30" the SFBB column
    // alone would be off by up to 70 %).
    const auto y2018 = published("2018_data.csv");
    for (const auto& r : rows) {
        if (r.at("release") != "2018" || kNorthants.contains(r.at("area_code"))) continue;
        const Row& p = y2018.at(r.at("area_code"));
        EXPECT_EQ(num(r, "superfast_premises"),
                  num(p, "Number of premises with SFBB availability") +
                      num(p, "Number of premises with UFBB availability"));
        EXPECT_NEAR(num(r, "superfast_premises") + num(r, "unable_30_premises"), num(r, "premises"),
                    0.005 * num(r, "premises"))
            << r.at("area_code");
        EXPECT_EQ(num(r, "band_30_300_premises"),
                  num(p, "Number of premises with SFBB availability"));
    }
}

TEST(CliCoverage, NorthamptonshireIsTheSumOfItsOldDistricts) {
    const auto rows = read_layer(midlands_output(), "coverage");
    const auto jan2021 = published("2021_data.csv");
    const std::map<std::string, std::vector<std::string>> parts = {
        {"E06000061", {"E07000150", "E07000152", "E07000153", "E07000156"}},
        {"E06000062", {"E07000151", "E07000154", "E07000155"}}};
    std::size_t seen = 0;
    for (const auto& r : rows) {
        if (!kNorthants.contains(r.at("area_code"))) continue;
        if (r.at("release") == "2021") {
            double premises = 0, ff = 0;
            for (const auto& c : parts.at(r.at("area_code"))) {
                premises += num(jan2021.at(c), "All Premises");
                ff += num(jan2021.at(c), "Number of premises with Full Fibre availability");
            }
            EXPECT_EQ(num(r, "premises"), premises);
            EXPECT_EQ(num(r, "full_fibre_premises"), ff);
            EXPECT_NEAR(num(r, "full_fibre_pct"), 100.0 * ff / premises,
                        1e-9);  // from counts, not a mean
            ++seen;
        }
        if (r.at("release") == "2016" || r.at("release") == "2017") {
            // Shares without premises counts cannot be summed: NULL, and flagged.
            EXPECT_TRUE(r.at("superfast_pct").empty());
            EXPECT_NE(r.at("withheld").find("superfast:"), std::string::npos);
            ++seen;
        }
    }
    EXPECT_EQ(seen, 6u);
    std::ifstream diag(midlands_output() + ".diagnostics.csv");
    const std::string text((std::istreambuf_iterator<char>(diag)),
                           std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("lookup_without_counts,warning,\"" + geodata(kOfcom + "2016_data.csv") +
                        ", code E06000061\""),
              std::string::npos);
    EXPECT_NE(text.find("superfast_is_band"), std::string::npos);
}

TEST(CliCoverage, TrendFrom2016To2021PerLad) {
    const auto trend = read_layer(midlands_output(), "trend");
    ASSERT_EQ(trend.size(), 65u);
    std::size_t ff_rises = 0;
    for (const auto& t : trend) {
        const bool northants = kNorthants.contains(t.at("area_code"));
        EXPECT_EQ(t.at("superfast_from"), northants ? "2018" : "2016") << t.at("area_code");
        EXPECT_EQ(t.at("superfast_to"), "2021-05");
        // Ofcom published full fibre from 2017 (FTTP), gigabit from 2021.
        EXPECT_EQ(t.at("full_fibre_from"), northants ? "2018" : "2017") << t.at("area_code");
        EXPECT_EQ(t.at("gigabit_from"), "2021");
        EXPECT_NEAR(num(t, "full_fibre_change_pp"),
                    num(t, "full_fibre_pct_to") - num(t, "full_fibre_pct_from"), 1e-9);
        ff_rises += num(t, "full_fibre_change_pp") > 0;
    }
    EXPECT_GE(ff_rises, 60u);  // full fibre grew almost everywhere between 2017 and 2021
}

TEST(CliCoverage, RegionRollUpIsPremisesWeighted) {
    const auto lads = read_layer(midlands_output(), "coverage");
    const auto regions = read_layer(midlands_output(), "coverage_rgncd");
    ASSERT_EQ(regions.size(), 2u * kLabels.size());
    const auto lad_meta = read_layer(geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson"));
    std::map<std::string, std::string> region_of;
    for (const auto& l : lad_meta) region_of[l.at("areacd")] = l.at("rgncd");
    std::map<std::pair<std::string, std::string>, std::pair<double, double>>
        sums;  // premises, gigabit
    for (const auto& r : lads) {
        if (r.at("release") != "2021-05") continue;
        auto& s = sums[{region_of.at(r.at("area_code")), r.at("release")}];
        s.first += num(r, "premises");
        s.second += num(r, "gigabit_premises");
    }
    for (const auto& g : regions) {
        if (g.at("release") != "2021-05") continue;
        const auto& s = sums.at({g.at("area_code"), g.at("release")});
        EXPECT_EQ(num(g, "premises"), s.first);
        EXPECT_NEAR(num(g, "gigabit_pct"), 100.0 * s.second / s.first, 1e-9);
        EXPECT_EQ(g.at("#geom"), "0");  // code roll-ups have no polygons
    }
}

TEST(CliCoverage, PremisesPointsAndBdukFromFixtures) {
    const std::string d = std::string(MIDLINK_TEST_DATA) + "/coverage/";
    const std::string out = scratch().file("pts.gpkg");
    const auto r = run_midlink(
        "coverage --areas " + d + "squares.geojson --area-id code --premises " + d +
        "premises.csv --premises-down down_mbps --premises-up up_mbps --premises-tech technology"
        " --premises-bduk bduk --superfast-mbps 24 --aggregate-to " +
        d + "big_square.geojson --aggregate-id code --aggregate-name big -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto rows = read_layer(out, "coverage");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(num(rows[0], "premises") + num(rows[1], "premises"),
              7.0);  // the edge points once, one outside
    EXPECT_EQ(rows[1].at("superfast_mbps"), "24");
    EXPECT_EQ(num(rows[1], "superfast_pct"), 100.0);
    EXPECT_EQ(num(rows[0], "unknown_speed"), 1.0);
    EXPECT_NE(r.output.find("premises_outside_areas"), std::string::npos);
    // The roll-up to the enclosing square sums premises and recomputes shares from counts.
    const auto big = read_layer(out, "coverage_big");
    ASSERT_EQ(big.size(), 1u);
    EXPECT_EQ(num(big[0], "premises"), 7.0);
    EXPECT_EQ(num(big[0], "unknown_speed"), 2.0);
    EXPECT_EQ(num(big[0], "superfast_premises"), 4.0);     // 1000, 35, 350, 26 at >= 24 Mbit/s
    EXPECT_DOUBLE_EQ(num(big[0], "superfast_pct"), 80.0);  // of the 5 premises with a speed
    EXPECT_EQ(big[0].at("#geom"), "1");
}

TEST(CliCoverage, PostcodeTableAndBdukClassesRollIntoOutputAreas) {
    const std::string d = std::string(MIDLINK_TEST_DATA) + "/coverage/";
    const std::string out = scratch().file("pc.gpkg");
    const auto r =
        run_midlink("coverage --areas " + d +
                    "oa_squares.geojson --area-id oa21cd --area-name name --level postcode"
                    " --coverage " +
                    d + "postcode_coverage.csv --lookup " + d +
                    "postcode_to_oa.csv --lookup-from pcds"
                    " --lookup-to oa21cd --bduk " +
                    d +
                    "bduk_postcodes.csv --bduk-key postcode --bduk-class class"
                    " --bduk-premises premises -o " +
                    out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::map<std::string, Row> by;
    for (const auto& row : read_layer(out, "coverage"))
        by[row.at("area_code") + "/" + row.at("release")] = row;
    ASSERT_EQ(by.size(), 4u);
    const Row& oa = by.at("E00000010/postcode_coverage");
    EXPECT_EQ(num(oa, "premises"), 20.0);  // 12 + 8; the "<3" postcode is flagged, not 0
    EXPECT_EQ(num(oa, "premises_withheld"), 1.0);
    EXPECT_NE(oa.at("withheld").find("superfast:1"), std::string::npos);
    EXPECT_EQ(num(oa, "superfast_pct"), 90.0);
    EXPECT_EQ(oa.at("merged_from"), "LE15WW;LE15WW2;LE21AA");
    const Row& bduk = by.at("E00000010/bduk");
    EXPECT_EQ(num(bduk, "bduk_white_pct"), 20.0);  // 4 of 12 + 8 premises
    EXPECT_EQ(num(by.at("E00000011/bduk"), "bduk_under_review_pct"), 100.0);
    EXPECT_EQ(num(by.at("E00000011/bduk"), "unknown_bduk"), 5.0);
    const auto trend = read_layer(out, "trend");
    ASSERT_EQ(trend.size(), 2u);
    EXPECT_TRUE(read_layer(out, "unmatched").empty());
}

TEST(CliCoverage, NonNumericCellsAndDuplicateCodesAreDiagnosedNotLost) {
    const std::string d = std::string(MIDLINK_TEST_DATA) + "/coverage/";
    const std::string out = scratch().file("oa.gpkg");
    const auto r = run_midlink("coverage --areas " + d +
                               "squares.geojson --area-id code --level oa --coverage " + d +
                               "oa_coverage.csv -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream diag(out + ".diagnostics.csv");
    const std::string text((std::istreambuf_iterator<char>(diag)),
                           std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("bad_value"), std::string::npos);
    EXPECT_NE(text.find("'abc' is neither a number"), std::string::npos);
    EXPECT_NE(text.find("duplicate_code"), std::string::npos);
    // No OA matches the two squares: both sides are listed, every code of the table kept.
    std::set<std::string> release_side, area_side;
    for (const auto& u : read_layer(out, "unmatched"))
        (u.at("side") == "area" ? area_side : release_side).insert(u.at("code"));
    EXPECT_EQ(release_side,
              (std::set<std::string>{"E00000001", "E00000002", "E00000003", "E00000004"}));
    EXPECT_EQ(area_side, (std::set<std::string>{"E00000020", "E00000021"}));
}

TEST(CliCoverage, SelfIntersectingAreaIsRepairedAndNoPremisesLost) {
    const std::string d = std::string(MIDLINK_TEST_DATA) + "/coverage/";
    const std::string out = scratch().file("bow.gpkg");
    const auto r =
        run_midlink("coverage --areas " + d + "bowtie.geojson --area-id code --premises " + d +
                    "premises.csv --premises-down down_mbps -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::ifstream diag(out + ".diagnostics.csv");
    const std::string text((std::istreambuf_iterator<char>(diag)),
                           std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("invalid_geometry_repaired"), std::string::npos) << text;
    EXPECT_NE(text.find("Self-intersection"), std::string::npos) << text;
    // The bowtie's two triangles hold 4 of the 8 premises; the other 4 are reported.
    const auto rows = read_layer(out, "coverage");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(num(rows[0], "premises"), 4.0);
    EXPECT_NE(text.find("4 of 8 premises lie in no area"), std::string::npos) << text;
}

TEST(CliCoverage, BadInput) {
    const std::string d = std::string(MIDLINK_TEST_DATA) + "/coverage/";
    const std::string areas = " --areas " +
                              geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson") +
                              " --area-id areacd";
    auto r = run_midlink("coverage" + areas + " --coverage " + d + "renamed_columns.csv -o " +
                         scratch().file("bad.gpkg"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("renamed_columns.csv"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("unknown layout"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(scratch().file("bad.gpkg")));
    r = run_midlink("coverage" + areas + " --coverage /nonexistent/2016_data.csv -o " +
                    scratch().file("bad.gpkg"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("/nonexistent/2016_data.csv"), std::string::npos) << r.output;
    r = run_midlink("coverage" + areas + " --coverage " + geodata(kOfcom + "2016_data.csv") +
                    " --ultrafast-mbps 200 -o " + scratch().file("bad.gpkg"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    r = run_midlink("coverage" + areas + " --coverage " + d + "oa_coverage.csv -o " +
                    scratch().file("bad.gpkg"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("--level oa"), std::string::npos) << r.output;
}

}  // namespace

// Coverage polygons (a gigabit footprint): premises inside count as gigabit, those outside
// do not; other tiers are not published by the polygons and stay NULL, never 0.
TEST(CliCoverage, CoveragePolygonsCountPremisesInsideAsCovered) {
    const std::string d = std::string(MIDLINK_TEST_DATA) + "/coverage/";
    const std::string out = scratch().file("footprint.gpkg");
    const auto r = run_midlink("coverage --areas " + d + "squares.geojson --area-id code --premises " + d +
                               "premises.csv --coverage-polygons " + d +
                               "gigabit_footprint.geojson --coverage-polygons-id OBJECTID -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    int seen = 0;
    for (const auto& row : read_layer(out, "coverage")) {
        if (row.at("release") != "polygons") continue;
        ++seen;
        if (row.at("area_code") == "E00000020") {
            // Premises 1, 2, 3 and 8 (8 on the footprint's edge); 1 and 8 inside.
            EXPECT_EQ(num(row, "premises"), 4.0);
            EXPECT_EQ(num(row, "gigabit_premises"), 2.0);
            EXPECT_DOUBLE_EQ(num(row, "gigabit_pct"), 50.0);
        } else {
            EXPECT_EQ(num(row, "premises"), 3.0);
            EXPECT_EQ(num(row, "gigabit_premises"), 3.0);
        }
        EXPECT_TRUE(std::isnan(num(row, "superfast_pct")));  // not published by the footprint
    }
    EXPECT_EQ(seen, 2);
    // Polygons without premises, and a tier that does not exist, are refused.
    EXPECT_EQ(run_midlink("coverage --areas " + d + "squares.geojson --area-id code --coverage-polygons " + d +
                          "gigabit_footprint.geojson --coverage-polygons-id OBJECTID -o " + scratch().file("x.gpkg"))
                  .exit_code,
              2);
    const auto bad = run_midlink("coverage --areas " + d + "squares.geojson --area-id code --premises " + d +
                                 "premises.csv --coverage-polygons " + d +
                                 "gigabit_footprint.geojson --coverage-polygons-id OBJECTID --coverage-polygons-tier "
                                 "hyperfast -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find("hyperfast"), std::string::npos) << bad.output;
}
