// Coverage input and tiers: Ofcom tables in the OA and postcode layouts (fixtures written
// with the local-authority files' columns), suppression, lookups, roll-up weights,
// premises points on shared boundaries, BDUK classes and trends.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "midlink/analysis/coverage.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/coverage_readers.hpp"

namespace midlink {
namespace {

std::string data(const std::string& name) {
    return std::string(MIDLINK_TEST_DATA) + "/coverage/" + name;
}

constexpr std::size_t idx(CoverageTier t) { return tier_index(t); }

const CoverageRecord& record(const CoverageRelease& rel, const std::string& code) {
    for (const auto& r : rel.records) {
        if (r.code == code) return r;
    }
    throw std::runtime_error("no record " + code);
}

CoverageRelease read_table(const std::string& name, CoverageLevel level, Diagnostics& d) {
    io::CoverageTableOptions o;
    o.path = data(name);
    o.level = level;
    return io::read_coverage_table(o, d);
}

TEST(CoverageTable, OutputAreaLayoutReadsCountsAndShares) {
    Diagnostics d;
    const auto rel = read_table("oa_coverage.csv", CoverageLevel::OutputArea, d);
    EXPECT_EQ(rel.label, "oa_coverage");
    ASSERT_EQ(rel.records.size(), 4u);  // the duplicate E00000001 row is dropped
    EXPECT_EQ(d.count("duplicate_code"), 1u);
    const auto& a = record(rel, "E00000001");
    EXPECT_DOUBLE_EQ(a.premises.value, 100.0);  // the first row wins, not the 999 duplicate
    EXPECT_DOUBLE_EQ(a.count[idx(CoverageTier::Gigabit)].value, 30.0);
    EXPECT_DOUBLE_EQ(a.pct[idx(CoverageTier::Ultrafast100)].value, 50.0);
    EXPECT_TRUE(rel.published[idx(CoverageTier::Gigabit)]);
    EXPECT_FALSE(rel.published[idx(CoverageTier::Nga)]);
    EXPECT_EQ(a.count[idx(CoverageTier::Nga)].state, ValueState::NotPublished);
    // Codes are trimmed and upper-cased: " e00000004 " is E00000004.
    EXPECT_NO_THROW(record(rel, "E00000004"));
}

TEST(CoverageTable, SuppressedValuesAreFlaggedNeverZero) {
    Diagnostics d;
    const auto rel = read_table("oa_coverage.csv", CoverageLevel::OutputArea, d);
    const auto& b = record(rel, "E00000002");
    EXPECT_EQ(b.count[idx(CoverageTier::BelowUso)].state, ValueState::Suppressed);  // "x"
    EXPECT_TRUE(std::isnan(b.count[idx(CoverageTier::BelowUso)].value));
    const auto& c = record(rel, "E00000003");
    EXPECT_EQ(c.count[idx(CoverageTier::BelowUso)].state, ValueState::Suppressed);      // "<3"
    EXPECT_EQ(c.count[idx(CoverageTier::Ultrafast100)].state, ValueState::Suppressed);  // blank
    EXPECT_EQ(c.count[idx(CoverageTier::Ultrafast300)].state, ValueState::Known);       // a real 0
    EXPECT_DOUBLE_EQ(c.count[idx(CoverageTier::Ultrafast300)].value, 0.0);
    const auto& e = record(rel, "E00000004");
    EXPECT_EQ(e.count[idx(CoverageTier::Superfast)].state, ValueState::Suppressed);     // "*"
    EXPECT_EQ(e.count[idx(CoverageTier::Ultrafast100)].state, ValueState::Suppressed);  // "c"
    EXPECT_EQ(e.count[idx(CoverageTier::Ultrafast300)].state, ValueState::Suppressed);  // ".."
    EXPECT_EQ(e.count[idx(CoverageTier::FullFibre)].state, ValueState::Suppressed);     // -1
    EXPECT_EQ(e.count[idx(CoverageTier::Gigabit)].state, ValueState::Invalid);          // "abc"
    EXPECT_EQ(d.count("bad_value"), 2u);  // abc in the share and the count column
    EXPECT_EQ(d.count("suppressed_values"), 1u);

    // In an area: NULL plus a withheld flag, and the roll-up leaves the value out rather
    // than adding a zero (which would dilute the share).
    const auto cb = analysis::area_coverage(b);
    EXPECT_TRUE(std::isnan(cb.pct[idx(CoverageTier::BelowUso)]));
    EXPECT_EQ(cb.withheld[idx(CoverageTier::BelowUso)], 1u);
    const auto ca = analysis::area_coverage(record(rel, "E00000001"));
    const auto up = analysis::roll_up({&ca, &cb}, {0, 0}, 1).front();
    EXPECT_DOUBLE_EQ(up.count[idx(CoverageTier::BelowUso)], 5.0);
    EXPECT_DOUBLE_EQ(up.basis[idx(CoverageTier::BelowUso)], 100.0);
    EXPECT_DOUBLE_EQ(up.pct[idx(CoverageTier::BelowUso)], 5.0);  // not 5 / 300
    EXPECT_EQ(up.withheld[idx(CoverageTier::BelowUso)], 1u);
    EXPECT_DOUBLE_EQ(up.premises, 300.0);
}

TEST(CoverageTable, PostcodeLayoutNormalisesPostcodesAndFlagsSmallCounts) {
    Diagnostics d;
    const auto rel = read_table("postcode_coverage.csv", CoverageLevel::Postcode, d);
    ASSERT_EQ(rel.records.size(), 4u);
    EXPECT_DOUBLE_EQ(record(rel, "LE15WW").premises.value, 12.0);
    EXPECT_DOUBLE_EQ(record(rel, "LE39ZZ").count[idx(CoverageTier::FullFibre)].value, 2.0);
    const auto& small = record(rel, "LE15WW2");
    EXPECT_EQ(small.premises.state, ValueState::Suppressed);
    const auto a = analysis::area_coverage(small);
    EXPECT_EQ(a.premises_withheld, 1u);
    EXPECT_TRUE(std::isnan(a.pct[idx(CoverageTier::Superfast)]));
    EXPECT_EQ(a.withheld[idx(CoverageTier::Superfast)], 1u);
}

TEST(CoverageTable, PostcodesRollIntoOutputAreasThroughALookup) {
    Diagnostics d;
    const auto rel = read_table("postcode_coverage.csv", CoverageLevel::Postcode, d);
    io::CodeLookupOptions lo;
    lo.path = data("postcode_to_oa.csv");
    lo.from_field = "pcds";
    lo.to_field = "oa21cd";
    analysis::CodeLookup lookup;
    for (auto& [a, b] : io::read_code_lookup(lo, d)) lookup.emplace(a, b);
    const auto keyed = analysis::key_release(rel, lookup, d);
    const auto m = analysis::match_areas(keyed, {"E00000010", "E00000011", "E00000012"});
    ASSERT_TRUE(m.by_area[0]);
    const auto& oa = *m.by_area[0];
    EXPECT_DOUBLE_EQ(oa.premises, 20.0);  // 12 + 8; the "<3" postcode is withheld
    EXPECT_EQ(oa.premises_withheld, 1u);
    EXPECT_DOUBLE_EQ(oa.count[idx(CoverageTier::Superfast)], 18.0);
    EXPECT_DOUBLE_EQ(oa.pct[idx(CoverageTier::Superfast)], 90.0);
    EXPECT_EQ(oa.merged_from, (std::vector<std::string>{"LE15WW", "LE15WW2", "LE21AA"}));
    EXPECT_FALSE(m.by_area[2]);
    EXPECT_EQ(m.unmatched_areas, std::vector<std::string>{"E00000012"});
    EXPECT_TRUE(m.unmatched_codes.empty());  // every postcode went into an OA
}

TEST(CoverageTable, SuperfastBandColumnsBecomeTheOfficialTier) {
    // 2016-2018 style: "SFBB availability" is the 30-300 band; SFBB + UFBB + unable-30 = 100.
    Diagnostics d;
    const auto rel = read_table("la_band_2018.csv", CoverageLevel::LocalAuthority, d);
    const auto& corby = record(rel, "E07000150");
    EXPECT_DOUBLE_EQ(corby.count[idx(CoverageTier::Superfast)].value, 980.0);  // 300 + 680
    EXPECT_DOUBLE_EQ(corby.pct[idx(CoverageTier::Superfast)].value, 98.0);
    EXPECT_DOUBLE_EQ(corby.count[idx(CoverageTier::Band30to300)].value, 300.0);
    EXPECT_EQ(d.count("superfast_is_band"), 2u);  // share and count columns
    EXPECT_EQ(d.count("published_share_mismatch"), 0u);
}

TEST(CoverageTable, BoundaryLookupSumsCountsAndRecomputesShares) {
    Diagnostics d;
    const auto rel = read_table("la_band_2018.csv", CoverageLevel::LocalAuthority, d);
    const analysis::CodeLookup lookup{{"E07000150", "E06000061"},
                                      {"E07000152", "E06000061"},
                                      {"E07000153", "E06000061"},
                                      {"E07000156", "E06000061"}};
    const auto keyed = analysis::key_release(rel, lookup, d);
    const auto& nn = keyed.by_code.at("E06000061");
    EXPECT_DOUBLE_EQ(nn.premises, 3500.0);
    EXPECT_DOUBLE_EQ(nn.count[idx(CoverageTier::FullFibre)], 225.0);
    // 225 / 3500 = 6.43 %, not the mean of the shares (10 + 5 + 5) / 3 = 6.67 %.
    EXPECT_NEAR(nn.pct[idx(CoverageTier::FullFibre)], 100.0 * 225.0 / 3500.0, 1e-12);
    EXPECT_EQ(nn.components, 3u);
    EXPECT_EQ(keyed.consumed.size(), 3u);
    EXPECT_EQ(d.count("lookup_partial"), 1u);  // Wellingborough is not in the fixture
    const auto m = analysis::match_areas(keyed, {"E06000061"});
    EXPECT_TRUE(m.unmatched_codes.empty());  // old codes used by the lookup are not "unmatched"
    // Only wanted new codes are built: for other areas the old codes stay as they are.
    const std::vector<std::string> wanted{"E07000150"};
    const auto only = analysis::key_release(rel, lookup, d, &wanted);
    EXPECT_FALSE(only.by_code.contains("E06000061"));
    EXPECT_TRUE(only.consumed.empty());
}

TEST(CoverageTable, SharesWithoutCountsAreNeverAveraged) {
    Diagnostics d;
    const auto rel = read_table("la_shares_only_2016.csv", CoverageLevel::LocalAuthority, d);
    EXPECT_EQ(d.count("columns_not_read"), 1u);  // the median speed column
    const auto corby = analysis::area_coverage(record(rel, "E07000150"));
    EXPECT_DOUBLE_EQ(corby.pct[idx(CoverageTier::Superfast)], 94.0);  // 90 + 4: the band rule
    EXPECT_TRUE(corby.pct_published_only[idx(CoverageTier::Superfast)]);
    const analysis::CodeLookup lookup{{"E07000150", "E06000061"}, {"E07000152", "E06000061"}};
    const auto keyed = analysis::key_release(rel, lookup, d);
    const auto& nn = keyed.by_code.at("E06000061");
    EXPECT_TRUE(std::isnan(nn.pct[idx(CoverageTier::Superfast)]));
    EXPECT_EQ(nn.withheld[idx(CoverageTier::Superfast)], 2u);
    EXPECT_EQ(d.count("lookup_without_counts"), 1u);
}

TEST(CoverageRollUp, SharesWithPremisesButNoCountsWeighByPremises) {
    CoverageRecord a;
    a.premises = {100.0, ValueState::Known};
    a.pct[idx(CoverageTier::FullFibre)] = {50.0, ValueState::Known};
    CoverageRecord b;
    b.premises = {300.0, ValueState::Known};
    b.pct[idx(CoverageTier::FullFibre)] = {10.0, ValueState::Known};
    const auto ca = analysis::area_coverage(a);
    const auto cb = analysis::area_coverage(b);
    EXPECT_TRUE(ca.pct_published_only[idx(CoverageTier::FullFibre)]);
    const auto up = analysis::roll_up({&ca, &cb}, {0, 0}, 1).front();
    EXPECT_DOUBLE_EQ(up.pct[idx(CoverageTier::FullFibre)], 20.0);  // (50 + 30) / 400, not 30
    EXPECT_EQ(up.withheld[idx(CoverageTier::FullFibre)], 0u);
}

TEST(CoverageRollUp, WeightsByPremises) {
    CoverageRecord a;
    a.code = "A";
    a.premises = {100.0, ValueState::Known};
    a.count[idx(CoverageTier::Gigabit)] = {90.0, ValueState::Known};
    CoverageRecord b = a;
    b.code = "B";
    b.premises = {900.0, ValueState::Known};
    b.count[idx(CoverageTier::Gigabit)] = {90.0, ValueState::Known};
    const auto ca = analysis::area_coverage(a);
    const auto cb = analysis::area_coverage(b);
    EXPECT_DOUBLE_EQ(ca.pct[idx(CoverageTier::Gigabit)], 90.0);
    EXPECT_DOUBLE_EQ(cb.pct[idx(CoverageTier::Gigabit)], 10.0);
    const auto up = analysis::roll_up({&ca, &cb, nullptr}, {0, 0, 0}, 2);
    EXPECT_DOUBLE_EQ(up[0].pct[idx(CoverageTier::Gigabit)], 18.0);  // 180 / 1000, not (90 + 10) / 2
    EXPECT_DOUBLE_EQ(up[0].premises, 1000.0);
    EXPECT_EQ(up[0].components, 2u);
    EXPECT_TRUE(up[1].empty());
    // Roll-ups of roll-ups stay premises-weighted.
    const auto twice = analysis::roll_up({&up[0]}, {0}, 1).front();
    EXPECT_DOUBLE_EQ(twice.pct[idx(CoverageTier::Gigabit)], 18.0);
}

TEST(CoveragePremises, SharedBoundaryPointsAreCountedOnce) {
    Diagnostics d;
    io::AreaLayerOptions ao;
    ao.path = data("squares.geojson");
    ao.id_field = "code";
    const auto areas = io::read_areas(ao, d);
    ASSERT_EQ(areas.size(), 2u);
    io::PremisesLayerOptions po;
    po.points.path = data("premises.csv");
    po.down_field = "down_mbps";
    po.up_field = "up_mbps";
    po.technology_field = "technology";
    po.bduk_field = "bduk";
    const auto pts = io::read_premises(po, d);
    ASSERT_EQ(pts.xy.size(), 8u);
    EXPECT_EQ(pts.bad_speed, 1u);  // "n/a" is unknown, not 0
    const auto area_of = io::locate_points(areas, pts.xy);
    // (100, 50) lies on the shared edge, (100, 100) on the shared corner: both go to the
    // area listed first, once; (500, 500) is outside.
    EXPECT_EQ(area_of, (std::vector<std::int64_t>{0, 0, 0, 1, 1, 1, -1, 0}));

    analysis::CoverageOptions options;
    const auto rel = analysis::count_premises(pts.status, area_of, {"E00000020", "E00000021"},
                                              options, true, true, true, true, d);
    const auto a0 = analysis::area_coverage(rel.records[0]);
    const auto a1 = analysis::area_coverage(rel.records[1]);
    EXPECT_DOUBLE_EQ(a0.premises + a1.premises, 7.0);  // every located point once
    EXPECT_DOUBLE_EQ(a0.premises, 4.0);
    EXPECT_DOUBLE_EQ(a0.unknown_speed, 1.0);
    EXPECT_DOUBLE_EQ(a0.count[idx(CoverageTier::Superfast)], 2.0);
    EXPECT_NEAR(a0.pct[idx(CoverageTier::Superfast)], 200.0 / 3.0, 1e-12);  // of 3 with a speed
    EXPECT_DOUBLE_EQ(a0.count[idx(CoverageTier::Gigabit)], 1.0);
    EXPECT_DOUBLE_EQ(a0.count[idx(CoverageTier::BelowUso)], 1.0);
    EXPECT_DOUBLE_EQ(a0.pct[idx(CoverageTier::FullFibre)], 50.0);  // FTTP and FTTH of 4
    EXPECT_DOUBLE_EQ(a0.count[idx(CoverageTier::BdukWhite)], 2.0);
    EXPECT_DOUBLE_EQ(a0.count[idx(CoverageTier::BdukGrey)], 2.0);
    EXPECT_DOUBLE_EQ(a1.pct[idx(CoverageTier::Superfast)], 50.0);  // 350 of {350, 26}
    EXPECT_DOUBLE_EQ(a1.count[idx(CoverageTier::BelowUso)], 1.0);  // 26 down but 0.8 up
    EXPECT_DOUBLE_EQ(a1.pct[idx(CoverageTier::BdukUnderReview)], 50.0);
    EXPECT_EQ(d.count("unknown_bduk_class"), 1u);

    // The superfast threshold is selectable for premises speeds: at 24, 26 Mbit/s counts.
    options.superfast_mbps = 24;
    const auto rel24 = analysis::count_premises(pts.status, area_of, {"E00000020", "E00000021"},
                                                options, true, true, true, true, d);
    EXPECT_DOUBLE_EQ(analysis::area_coverage(rel24.records[1]).pct[idx(CoverageTier::Superfast)],
                     100.0);
}

TEST(CoverageBduk, ClassesFromAPostcodeTable) {
    Diagnostics d;
    io::BdukTableOptions o;
    o.path = data("bduk_postcodes.csv");
    o.key_field = "postcode";
    o.class_field = "class";
    o.premises_field = "premises";
    const auto rel = io::read_bduk_table(o, d);
    ASSERT_EQ(rel.records.size(), 3u);
    const auto le1 = analysis::area_coverage(record(rel, "LE15WW"));
    EXPECT_DOUBLE_EQ(le1.premises, 12.0);
    EXPECT_NEAR(le1.pct[idx(CoverageTier::BdukWhite)], 100.0 / 3.0, 1e-12);
    const auto le3 = analysis::area_coverage(record(rel, "LE39ZZ"));
    EXPECT_DOUBLE_EQ(le3.pct[idx(CoverageTier::BdukUnderReview)], 100.0);  // "purple" is unknown
    EXPECT_DOUBLE_EQ(le3.unknown_bduk, 5.0);
    EXPECT_EQ(d.count("unknown_bduk_class"), 1u);
}

TEST(CoverageTrend, FirstAndLastReleaseWhereKnown) {
    analysis::AreaCoverage r0, r1, r2;
    r0.pct[idx(CoverageTier::Superfast)] = 80.0;
    r1.pct[idx(CoverageTier::Superfast)] = 90.0;
    r1.pct[idx(CoverageTier::FullFibre)] = 2.0;  // first published in the second release
    r2.pct[idx(CoverageTier::Superfast)] = 95.0;
    r2.pct[idx(CoverageTier::FullFibre)] = 20.0;
    const auto t = analysis::tier_trends({&r0, &r1, &r2});
    EXPECT_EQ(t[idx(CoverageTier::Superfast)].first, 0);
    EXPECT_EQ(t[idx(CoverageTier::Superfast)].last, 2);
    EXPECT_DOUBLE_EQ(t[idx(CoverageTier::Superfast)].change_pp(), 15.0);
    EXPECT_EQ(t[idx(CoverageTier::FullFibre)].first, 1);
    EXPECT_DOUBLE_EQ(t[idx(CoverageTier::FullFibre)].change_pp(), 18.0);
    EXPECT_EQ(t[idx(CoverageTier::Gigabit)].first, -1);  // never known
    const auto absent = analysis::tier_trends({nullptr, &r2});
    EXPECT_EQ(absent[idx(CoverageTier::Superfast)].first, -1);  // known once only
}

TEST(CoverageBadInput, UnknownLayoutNamesTheFileAndTheExpectedHeaders) {
    Diagnostics d;
    try {
        read_table("renamed_columns.csv", CoverageLevel::LocalAuthority, d);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("renamed_columns.csv"), std::string::npos) << m;
        EXPECT_NE(m.find("laua_code"), std::string::npos) << m;   // the expected key names
        EXPECT_NE(m.find("local_auth"), std::string::npos) << m;  // what the file has
    }
    // With the key named, the coverage columns are still unknown: say which are expected.
    io::CoverageTableOptions o;
    o.path = data("renamed_columns.csv");
    o.code_field = "local_auth";
    try {
        io::read_coverage_table(o, d);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("SFBB availability (% premises)"), std::string::npos) << m;
        EXPECT_NE(m.find("All Premises"), std::string::npos) << m;
    }
    // An OA table read as LA: the message says which level it looks like.
    try {
        read_table("oa_coverage.csv", CoverageLevel::Postcode, d);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("--level"), std::string::npos) << e.what();
    }
    EXPECT_THROW(read_table("no_such_file.csv", CoverageLevel::LocalAuthority, d), InputError);
}

TEST(CoverageOptions, OnlyOfficialThresholds) {
    analysis::CoverageOptions o;
    EXPECT_NO_THROW(analysis::check_coverage_options(o));
    o.ultrafast_mbps = 100;
    EXPECT_NO_THROW(analysis::check_coverage_options(o));
    EXPECT_EQ(analysis::output_tiers(o)[1].tier, CoverageTier::Ultrafast100);
    o.superfast_mbps = 25;
    EXPECT_THROW(analysis::check_coverage_options(o), ConfigError);
    EXPECT_EQ(io::release_label("x/202105_fixed_laua_coverage_r01.csv"), "2021-05");
    EXPECT_EQ(io::release_label("2016_data.csv"), "2016");
}

}  // namespace
}  // namespace midlink
