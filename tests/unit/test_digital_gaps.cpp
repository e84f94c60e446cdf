// Digital corridors: cutting lines, areal weighting, gap runs and the gap score on hand-made
// inputs, and the segment catchments (GEOS) partitioning a corridor buffer over areas.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numeric>

#include "rectangle_wkb.hpp"
#include "midlink/analysis/digital_gaps.hpp"
#include "midlink/io/geometry_ops.hpp"
#include "midlink/io/segment_catchment.hpp"

using namespace midlink;
using namespace midlink::analysis;

namespace {
AreaFeature rect_area(const std::string& id, double x0, double y0, double x1, double y1) {
    AreaFeature a;
    a.id = id;
    a.wkb = test::rectangle_wkb(x0, y0, x1, y1);
    a.bbox = {x0, y0, x1, y1};
    return a;
}
}  // namespace

TEST(DigitalGaps, CutLineKeepsLengthAndContinuity) {
    const LineString line{{0, 0}, {2500, 0}, {2500, 1700}};
    const auto parts = cut_line(line, 1000.0);
    ASSERT_EQ(parts.size(), 5u);  // 4.2 km: four whole kilometres and 0.2 km
    double total = 0.0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        total += length_m(parts[i]);
        if (i + 1 < parts.size()) {
            EXPECT_NEAR(length_m(parts[i]), 1000.0, 1e-6);
            EXPECT_EQ(parts[i].back(), parts[i + 1].front());
        }
    }
    EXPECT_NEAR(total, 4200.0, 1e-6);
    EXPECT_NEAR(length_m(parts.back()), 200.0, 1e-6);
    EXPECT_EQ(parts[2].size(), 3u);  // 2-3 km turns the corner at (2500, 0)
    EXPECT_EQ(cut_line(line, 10000.0).size(), 1u);
}

TEST(DigitalGaps, ArealWeightingAndGapRuns) {
    const std::vector<AreaCounts> counts{{1000, 900}, {500, 50}, {std::nan(""), std::nan("")}};
    const std::vector<double> m2{1e6, 1e6, 1e6};
    const std::vector<Overlap> half_a_half_b{{0, 5e5}, {1, 5e5}};
    const auto s = weight_segment(half_a_half_b, counts, m2);
    EXPECT_DOUBLE_EQ(s.premises, 750.0);
    EXPECT_DOUBLE_EQ(s.covered, 475.0);
    const std::vector<Overlap> unknown{{2, 2e5}};
    const auto u = weight_segment(unknown, counts, m2);
    EXPECT_TRUE(std::isnan(u.share()));  // withheld counts are unknown, never 0
    EXPECT_DOUBLE_EQ(u.unknown_premises_m2, 2e5);

    // Shares 90, 10, 10, unknown, 10, 90 %: two runs below 50 %, split by the unknown one.
    std::vector<SegmentCoverage> segs(6);
    const double shares[] = {0.9, 0.1, 0.1, -1, 0.1, 0.9};
    for (std::size_t i = 0; i < 6; ++i) {
        if (shares[i] >= 0) {
            segs[i].premises = 100;
            segs[i].covered = 100 * shares[i];
            segs[i].areas = {std::uint32_t(i)};
        }
    }
    const std::vector<double> km(6, 1.0);
    const auto runs = find_gap_runs(segs, km, 0.5);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].first, 1u);
    EXPECT_EQ(runs[0].last, 2u);
    EXPECT_DOUBLE_EQ(runs[0].from_km, 1.0);
    EXPECT_DOUBLE_EQ(runs[0].length_km(), 2.0);
    EXPECT_DOUBLE_EQ(runs[0].premises, 200.0);
    EXPECT_NEAR(runs[0].share(), 0.1, 1e-12);
    EXPECT_EQ(runs[0].areas, (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(runs[1].first, 4u);
    EXPECT_TRUE(find_gap_runs(segs, km, 0.05).empty());
}

TEST(DigitalGaps, ScoreComponents) {
    GapWeights w;  // thirds, and an even transport/digital split
    EXPECT_NEAR(digital_gap(0.1, 0.4, 0.3, w), (0.1 + 0.6 + 0.3) / 3, 1e-12);
    // An unknown share is left out of the weights, not read as 0.
    EXPECT_NEAR(digital_gap(0.1, std::nan(""), 0.3, w), 0.2, 1e-12);
    EXPECT_TRUE(std::isnan(digital_gap(std::nan(""), std::nan(""), std::nan(""), w)));

    const std::vector<double> times{10, 20, 20, 40, std::nan("")};
    const auto tg = transport_gaps(times, true);
    EXPECT_DOUBLE_EQ(tg[0], 0.0);
    EXPECT_DOUBLE_EQ(tg[1], 0.25);
    EXPECT_DOUBLE_EQ(tg[2], 0.25);
    EXPECT_DOUBLE_EQ(tg[3], 0.75);
    EXPECT_TRUE(std::isnan(tg[4]));
    const std::vector<double> jobs{100, 50, 200, 0};
    const auto og = transport_gaps(jobs, false, 75.0);  // A_ref = P75 = 100
    EXPECT_DOUBLE_EQ(og[0], 0.0);
    EXPECT_DOUBLE_EQ(og[1], 0.5);
    EXPECT_DOUBLE_EQ(og[2], 0.0);
    EXPECT_DOUBLE_EQ(og[3], 1.0);

    EXPECT_DOUBLE_EQ(gap_score(0.5, 0.4, 0.8, w), 0.5 * 0.6);
    w.product = true;
    EXPECT_DOUBLE_EQ(gap_score(0.5, 0.4, 0.8, w), 0.5 * 0.4 * 0.8);
    EXPECT_TRUE(std::isnan(gap_score(0.5, std::nan(""), 0.8, w)));
}

// Three 10 x 4 km areas side by side and a corridor along their middle with a 2 km buffer:
// the buffer holds every area whole (the end caps fall outside them), so the segments'
// premises must add up to the areas' premises, and each segment sees only its own area.
TEST(SegmentCatchments, PartitionTheBufferAndPreservePremises) {
    const std::vector<AreaFeature> areas{rect_area("A", 0, -2000, 10000, 2000), rect_area("B", 10000, -2000, 20000, 2000),
                                         rect_area("C", 20000, -2000, 30000, 2000)};
    const std::vector<AreaCounts> counts{{1000, 900}, {400, 40}, {600, 480}};
    const auto m2 = io::area_sizes_m2(areas);
    EXPECT_NEAR(m2[0], 4e7, 1e-3);
    const LineString line{{0, 0}, {30000, 0}};
    const auto segments = cut_line(line, 1000.0);
    ASSERT_EQ(segments.size(), 30u);
    const auto catchments = io::segment_catchments(segments, 2000.0, areas);
    double pieces = 0.0, premises = 0.0, covered = 0.0;
    std::vector<SegmentCoverage> cov;
    for (std::size_t k = 0; k < catchments.size(); ++k) {
        pieces += catchments[k].piece_m2;
        std::vector<Overlap> ov;
        for (const auto& o : catchments[k].overlaps) ov.push_back({o.area, o.overlap_m2});
        cov.push_back(weight_segment(ov, counts, m2));
        premises += cov.back().premises;
        covered += cov.back().covered;
    }
    const double full = io::area_of_wkb(io::buffer_union_wkb({line}, 2000.0));
    EXPECT_NEAR(pieces, full, 1e-6 * full);  // a partition of the buffer
    EXPECT_NEAR(premises, 2000.0, 1e-6);     // premises preserved
    EXPECT_NEAR(covered, 1420.0, 1e-6);
    // Segment 15 (14-15 km) lies in B alone; the first carries A's end cap beyond x = 0.
    EXPECT_EQ(cov[14].areas, (std::vector<std::uint32_t>{1}));
    EXPECT_NEAR(cov[14].share(), 0.1, 1e-9);
    EXPECT_GT(catchments[0].piece_m2, catchments[14].piece_m2);
    const std::vector<double> km(30, 1.0);
    const auto runs = find_gap_runs(cov, km, 0.5);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_NEAR(runs[0].from_km, 10.0, 1e-9);
    EXPECT_NEAR(runs[0].to_km, 20.0, 1e-9);
    EXPECT_NEAR(runs[0].premises, 400.0, 1e-6);
}
