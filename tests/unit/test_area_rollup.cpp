// analysis/area_rollup: the grouping and fold that access and coverage roll-ups share, on
// a hand-drawn case of six LSOAs and three LADs:
//
//   LAD E1 (code "E1"): lsoa 0 (pop 10), lsoa 2 (pop 30)
//   LAD E2 (code "E2"): lsoa 1 (pop 20), lsoa 4 (pop 50)
//   LAD E3 (code "E3"): no LSOA
//   lsoa 3: no code; lsoa 5: code "E9", which no LAD has
#include <gtest/gtest.h>

#include "midlink/analysis/area_rollup.hpp"

namespace midlink::analysis {
namespace {

const std::vector<std::string> kLsoaLad{"E1", "E2", "E1", "", "E2", "E9"};
const std::vector<std::string> kLads{"E2", "E1", "E3"};
const std::vector<double> kPopulation{10, 20, 30, 40, 50, 60};

TEST(AreaRollUp, GroupsByDistinctCodesInCodeOrderAndLeavesUncodedOut) {
    const auto g = group_by_code(kLsoaLad);
    EXPECT_EQ(g.codes, (std::vector<std::string>{"E1", "E2", "E9"}));
    EXPECT_EQ(g.group_of, (std::vector<std::int64_t>{0, 1, 0, -1, 1, 2}));
    EXPECT_EQ(groups_reached(g.group_of, g.codes.size()), 3u);
}

TEST(AreaRollUp, MatchesCodesToTheCoarseAreasAndCountsThoseReached) {
    const auto group = match_codes(kLsoaLad, kLads);
    EXPECT_EQ(group, (std::vector<std::int64_t>{1, 0, 1, -1, 0, -1}));
    EXPECT_EQ(groups_reached(group, kLads.size()), 2u) << "E3 has no LSOA";
    // A repeated coarse code: the first one takes the fine areas.
    EXPECT_EQ(match_codes({"A"}, {"B", "A", "A"}), (std::vector<std::int64_t>{1}));
}

TEST(AreaRollUp, FoldsInFineOrderWithTheCallersWeighting) {
    const auto group = match_codes(kLsoaLad, kLads);
    std::vector<std::size_t> order;
    const auto sums = roll_up_groups<double>(group, kLads.size(), [&](double& total, std::size_t i) {
        order.push_back(i);
        total += kPopulation[i];
    });
    EXPECT_EQ(sums, (std::vector<double>{70, 40, 0}));
    EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 4})) << "fine areas in order, unmatched left out";
    // A total with room per column starts from the given empty total.
    const auto counts = roll_up_groups<std::vector<int>>(
        group, kLads.size(), [](std::vector<int>& t, std::size_t) { ++t[1]; }, std::vector<int>(2, 0));
    EXPECT_EQ(counts[0], (std::vector<int>{0, 2}));
    EXPECT_EQ(counts[2], (std::vector<int>{0, 0}));
}

}  // namespace
}  // namespace midlink::analysis
