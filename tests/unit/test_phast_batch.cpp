#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/phast_batch.hpp"
#include "random_graph.hpp"

using namespace midlink;
using namespace midlink::graph;

// Sixteen trees in one sweep must equal sixteen single PHAST trees to the last bit, with
// one and two (snapped) sources per lane, empty lanes, fewer than sixteen lanes, sources
// that start beyond reach, unreachable parts and weights near the top of the range; and
// restricted to a set of targets (RPHAST), at those targets.
TEST(PhastBatchDifferential, EveryLaneEqualsSingleSourcePhast) {
    const auto seed = test::test_seed(20261207);
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 6; ++round) {
        const auto n = static_cast<std::uint32_t>(60 + round * 150);
        auto g = test::random_graph(n, 1.2 + round * 0.3, round % 2 ? 5000 : 15, rng());
        if (round == 5) {
            // Sums that would wrap 32 bits must stay unreachable, never become small.
            for (auto& w : g.time_weight) w = kUnreachable - 1 - static_cast<Weight>(rng() % 1000);
        }
        const auto ch = build_contraction_hierarchy(g, Metric::Time);
        PhastSearch single(ch);
        // Vector code where the CPU has it, and the portable sweep.
        PhastBatch vector_batch(ch, nullptr, true);
        PhastBatch portable_batch(ch, nullptr, false);
        // RPHAST: a random tenth of the nodes as targets.
        std::vector<std::uint32_t> targets;
        for (std::uint32_t p = 0; p < n; ++p) {
            if (rng() % 10 == 0) targets.push_back(p);
        }
        const auto selection = select_sweep(ch, targets);
        PhastBatch restricted(ch, &selection, round % 2 == 0);
        for (int trial = 0; trial < 4; ++trial) {
            const std::size_t lanes = trial == 1 ? 5 : PhastBatch::kLanes;
            std::vector<std::vector<SearchSource>> sources(lanes);
            for (std::size_t k = 0; k < lanes; ++k) {
                if (k == 3) continue;  // an empty lane
                const auto count = 1 + rng() % 2;
                for (std::size_t s = 0; s < count; ++s) {
                    const Weight initial = k == 7 ? kUnreachable : static_cast<Weight>(rng() % 50);
                    sources[k].push_back({static_cast<NodeId>(rng() % n), initial});
                }
            }
            std::vector<std::span<const SearchSource>> spans(sources.begin(), sources.end());
            vector_batch.run(spans);
            portable_batch.run(spans);
            restricted.run(spans);
            for (std::size_t k = 0; k < lanes; ++k) {
                single.run(sources[k]);
                for (std::uint32_t p = 0; p < n; ++p) {
                    ASSERT_EQ(vector_batch.distance_at(p, k), single.distances_by_position()[p])
                        << "seed " << seed << " round " << round << " lane " << k << " position " << p;
                    ASSERT_EQ(portable_batch.distance_at(p, k), single.distances_by_position()[p])
                        << "portable; seed " << seed << " round " << round << " lane " << k << " position " << p;
                }
                for (auto p : targets) {
                    ASSERT_EQ(restricted.distance_at(p, k), single.distances_by_position()[p])
                        << "restricted; seed " << seed << " round " << round << " lane " << k << " position " << p;
                }
                // A node outside the selection has no distance: asking is an error, never a number.
                for (std::uint32_t p = 0; p < n; ++p) {
                    if (selection.slot_of[p] == SweepSelection::kNotSwept) {
                        EXPECT_THROW((void)restricted.distance_at(p, k), std::out_of_range);
                        break;
                    }
                }
            }
        }
    }
}
