// The rank-sharing pieces of core (core/process_group.hpp, core/byte_pack.hpp) on fake
// groups: dealing blocks, agreed errors, per-rank step records and packed messages. The
// real multi-rank runs are CliMpi.* (integration, under mpirun).
#include <gtest/gtest.h>

#include <cmath>

#include "midlink/core/byte_pack.hpp"
#include "midlink/core/process_group.hpp"

namespace midlink {
namespace {

// One rank of a pretend job: collectives return what the other ranks "sent" (scripted),
// with this rank's own bytes in its place.
class ScriptedGroup final : public ProcessGroup {
public:
    ScriptedGroup(int rank, std::vector<std::string> others) : m_rank(rank), m_others(std::move(others)) {}
    int rank() const override { return m_rank; }
    int size() const override { return static_cast<int>(m_others.size()); }
    std::vector<std::string> gather(std::string bytes) const override {
        if (m_rank != 0) return {};
        return all_gather(std::move(bytes));
    }
    std::vector<std::string> all_gather(std::string bytes) const override {
        auto all = m_others;
        all[static_cast<std::size_t>(m_rank)] = std::move(bytes);
        return all;
    }
    void send_to_root(std::string) const override {}
    std::string receive_from(int r) const override { return m_others.at(static_cast<std::size_t>(r)); }

private:
    int m_rank;
    std::vector<std::string> m_others;
};

std::string failure(int code, const std::string& message) {
    BytePacker p;
    p.put<std::int32_t>(code);
    p.put_string(message);
    return p.take();
}

TEST(ProcessGroup, BlocksAreDealtRoundRobin) {
    const ScriptedGroup r1(1, {"", "", ""});
    std::vector<std::size_t> mine;
    for (std::size_t b = 0; b < 10; ++b)
        if (r1.owns(b)) mine.push_back(b);
    EXPECT_EQ(mine, (std::vector<std::size_t>{1, 4, 7}));
    const SoloGroup solo;
    for (std::size_t b = 0; b < 10; ++b) EXPECT_TRUE(solo.owns(b));
}

TEST(ProcessGroup, AnErrorOnEveryRankIsReportedAsOneProcessWould) {
    const ScriptedGroup g(0, {"", failure(3, "origins.csv: no such file"), failure(3, "origins.csv: no such file")});
    try {
        run_agreed(g, [] { throw InputError("origins.csv: no such file"); });
        FAIL() << "no error";
    } catch (const AgreedError& e) {
        EXPECT_STREQ(e.what(), "origins.csv: no such file");
        EXPECT_EQ(e.exit_code(), 3);
    }
}

TEST(ProcessGroup, AnErrorOnOneRankNamesItAndReachesEveryRank) {
    // Rank 0 passed; rank 2 failed: rank 0 learns it too.
    const ScriptedGroup g(0, {"", "", failure(5, "disk full")});
    try {
        run_agreed(g, [] {});
        FAIL() << "no error";
    } catch (const AgreedError& e) {
        EXPECT_STREQ(e.what(), "rank 2: disk full");
        EXPECT_EQ(e.exit_code(), 5);
    }
    // Every rank passing: no error; one process: the check's own exception passes unchanged.
    EXPECT_NO_THROW(run_agreed(ScriptedGroup(1, {"", "", ""}), [] {}));
    EXPECT_THROW(run_agreed(SoloGroup(), [] { throw ConfigError("x"); }), ConfigError);
}

TEST(ProcessGroup, ABlockErrorNamesRankAndBlockAndKeepsTheExitCode) {
    const ScriptedGroup g(2, {"", "", ""});
    try {
        try {
            throw InputError("bad row");
        } catch (...) {
            rethrow_for_block(g, "origin block 7 (origins 225-256)");
        }
    } catch (const RankError& e) {
        EXPECT_STREQ(e.what(), "rank 2 of 3, origin block 7 (origins 225-256): bad row");
        EXPECT_EQ(e.exit_code(), 3);
    }
}

TEST(ProcessGroup, RootKeepsEachRanksTimeAndTheImbalance) {
    BytePacker a, b;
    a.put(3.0);
    a.put<std::uint64_t>(5);
    a.put(2.5);
    b.put(1.0);
    b.put<std::uint64_t>(4);
    b.put(0.5);
    const ScriptedGroup g(0, {"", a.take(), b.take()});
    g.record_step("access searches", 2.0, 6, 1.5);
    ASSERT_EQ(g.steps().size(), 1u);
    const auto& s = g.steps().front();
    EXPECT_EQ(s.seconds, (std::vector<double>{2.0, 3.0, 1.0}));
    EXPECT_EQ(s.blocks, (std::vector<std::size_t>{6, 5, 4}));
    EXPECT_EQ(s.cpu_seconds, (std::vector<double>{1.5, 2.5, 0.5}));
    EXPECT_DOUBLE_EQ(s.imbalance(), 0.5);  // slowest 3 s over a mean of 2 s
    // Other ranks send and keep nothing.
    const ScriptedGroup r1(1, {"", "", ""});
    r1.record_step("x", 1.0, 1);
    EXPECT_TRUE(r1.steps().empty());
}

TEST(BytePack, RoundTripAndShortMessages) {
    BytePacker p;
    p.put(1.5);
    p.put_array(std::vector<std::uint32_t>{1, 2, 3});
    p.put_string("Oakham");
    p.put_array(std::vector<double>{});
    const std::string bytes = p.take();
    ByteUnpacker in(bytes);
    EXPECT_EQ(in.get<double>(), 1.5);
    EXPECT_EQ(in.get_array<std::uint32_t>(), (std::vector<std::uint32_t>{1, 2, 3}));
    EXPECT_EQ(in.get_string(), "Oakham");
    EXPECT_TRUE(in.get_array<double>().empty());
    EXPECT_TRUE(in.done());
    EXPECT_THROW(in.get<std::uint8_t>(), std::runtime_error);
    // A length past the end is refused, never read.
    ByteUnpacker cut(std::string_view(bytes).substr(0, 20));
    cut.get<double>();
    EXPECT_THROW(cut.get_array<std::uint32_t>(), std::runtime_error);
}

}  // namespace
}  // namespace midlink
