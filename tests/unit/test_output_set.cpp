// io::OutputSet: an output and its sidecars succeed or fail as one.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "midlink/core/atomic_file.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/output_set.hpp"

using namespace midlink;
namespace fs = std::filesystem;

namespace {
class OutputSetTest : public ::testing::Test {
protected:
    fs::path dir = fs::temp_directory_path() / ("midlink_os_" + std::to_string(::getpid()) + "_" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::string anchor = (dir / "x.gpkg").string();
    void SetUp() override { fs::create_directories(dir); }
    void TearDown() override { fs::remove_all(dir); }

    std::string at(const std::string& name) const { return (dir / name).string(); }
    static void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }
    static std::string read(const std::string& path) {
        std::ifstream in(path);
        return {std::istreambuf_iterator<char>(in), {}};
    }
    std::set<std::string> files() const {
        std::set<std::string> out;
        for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
        return out;
    }
    // One run writing the main output and the named sidecars.
    void run(const std::vector<std::string>& sidecars, const std::string& text) {
        io::OutputSet set(anchor);
        write(set.member(anchor), text);
        for (const auto& s : sidecars) write(set.member(at(s)), text);
        set.commit();
    }
};
}  // namespace

TEST_F(OutputSetTest, MembersAppearOnlyOnCommit) {
    io::OutputSet set(anchor);
    const auto tmp = set.member(anchor);
    EXPECT_EQ(fs::path(tmp).parent_path(), dir);
    EXPECT_EQ(fs::path(tmp).filename().string(), ".x.midlink-tmp-" + std::to_string(::getpid()) + ".gpkg");
    write(tmp, "main");
    write(set.member(at("x_areas.csv")), "csv");
    EXPECT_FALSE(fs::exists(anchor));
    EXPECT_FALSE(fs::exists(at("x_areas.csv")));
    set.commit();
    EXPECT_EQ(read(anchor), "main");
    EXPECT_EQ(read(at("x_areas.csv")), "csv");
    EXPECT_FALSE(fs::exists(tmp));
}

TEST_F(OutputSetTest, AFailedRunChangesNothingUnderFinalNames) {
    run({"x_areas.csv"}, "old");
    {
        io::OutputSet set(anchor);
        write(set.member(anchor), "new");
        write(set.member(at("x_areas.csv")), "new");
        write(set.member(at("x_lad.csv")), "new");
        // no commit: the run failed
    }
    EXPECT_EQ(read(anchor), "old");
    EXPECT_EQ(read(at("x_areas.csv")), "old");
    EXPECT_EQ(files(), (std::set<std::string>{"x.gpkg", "x_areas.csv", ".x.gpkg.midlink-members"}));
}

TEST_F(OutputSetTest, ARerunRemovesItsOwnStaleSidecarsOnly) {
    run({"x_areas.csv", "x_lad.csv", "x.gpkg.diagnostics.csv"}, "1");
    write(at("x_notes.csv"), "a user's file of the sidecar pattern that no run wrote");
    write(at("xy_lad.csv"), "another output's sidecar");
    run({"x_areas.csv"}, "2");
    const auto f = files();
    EXPECT_TRUE(f.count("x_areas.csv"));
    EXPECT_FALSE(f.count("x_lad.csv")) << "stale sidecar of the earlier run";
    EXPECT_FALSE(f.count("x.gpkg.diagnostics.csv"));
    EXPECT_TRUE(f.count("x_notes.csv"));
    EXPECT_TRUE(f.count("xy_lad.csv"));
    EXPECT_EQ(read(anchor), "2");
}

TEST_F(OutputSetTest, ASecondWriterOfTheSameOutputFailsNamingTheHolder) {
    io::OutputSet first(anchor);
    EXPECT_TRUE(fs::exists(anchor + ".lock"));
    try {
        io::OutputSet second(anchor);
        FAIL() << "two runs hold the same output";
    } catch (const OutputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(anchor), std::string::npos) << what;
        EXPECT_NE(what.find("pid " + std::to_string(::getpid())), std::string::npos) << what;
        EXPECT_NE(what.find(anchor + ".lock"), std::string::npos) << what;
        EXPECT_EQ(e.exit_code(), 5);
    }
    write(first.member(anchor), "first");
    first.commit();
    EXPECT_EQ(read(anchor), "first");
}

TEST_F(OutputSetTest, TheLockIsReleasedAndRemovedWhenTheRunEnds) {
    { io::OutputSet first(anchor); }
    EXPECT_FALSE(fs::exists(anchor + ".lock"));
    EXPECT_NO_THROW(io::OutputSet again(anchor));
}

TEST_F(OutputSetTest, TemporariesOfDeadRunsAreRemovedAndLiveOnesKept) {
    const pid_t dead = 2147483000;  // above any pid_max: no such process
    const auto stale = fs::path(io::temporary_path(anchor, dead)).filename().string();
    const auto live = fs::path(io::temporary_path(at("y.gpkg"), ::getppid())).filename().string();
    write(at(stale), "half a file");
    write(at(live), "another run, still writing");
    write(at(".x.gpkg.tmp"), "not our pattern");
    run({}, "done");
    const auto f = files();
    EXPECT_FALSE(f.count(stale));
    EXPECT_TRUE(f.count(live));
    EXPECT_TRUE(f.count(".x.gpkg.tmp"));
}

TEST_F(OutputSetTest, TemporaryNamesAreRecognised) {
    EXPECT_EQ(io::temporary_owner(".x.midlink-tmp-123.gpkg"), 123);
    EXPECT_EQ(io::temporary_owner(".x.gpkg.diagnostics.midlink-tmp-7.csv"), 7);
    EXPECT_EQ(io::temporary_owner(".members.midlink-tmp-42"), 42);
    EXPECT_EQ(io::temporary_owner("x.midlink-tmp-123.gpkg"), -1);  // not hidden: a user's file
    EXPECT_EQ(io::temporary_owner(".x.midlink-tmp-.gpkg"), -1);
    EXPECT_EQ(io::temporary_owner(".x.midlink-tmp-12a.gpkg"), -1);
    EXPECT_EQ(io::temporary_owner(".x.tmp-123.gpkg"), -1);
}

TEST_F(OutputSetTest, AFolderInTheWayIsFoundBeforeAnythingMoves) {
    run({"x_areas.csv"}, "old");
    fs::create_directory(at("x_lad.csv"));
    io::OutputSet set(anchor);
    write(set.member(anchor), "new");
    write(set.member(at("x_areas.csv")), "new");
    write(set.member(at("x_lad.csv")), "new");
    EXPECT_THROW(set.commit(), OutputError);
    EXPECT_EQ(read(anchor), "old");
    EXPECT_EQ(read(at("x_areas.csv")), "old");
}

// AtomicFile: the one single-file writer (graph files, GMNS tables, rasters, summaries).
TEST_F(OutputSetTest, AtomicFileReplacesOnCommitAndLeavesNothingOnFailure) {
    const std::string target = at("graph.mlg");
    write(target, "old");
    {
        AtomicFile file(target);
        EXPECT_EQ(fs::path(file.path()).parent_path(), dir);
        EXPECT_EQ(io::temporary_owner(fs::path(file.path()).filename().string()), ::getpid());
        write(file.path(), "half");
        // destroyed without commit: as if the writer threw
    }
    EXPECT_EQ(read(target), "old");
    EXPECT_EQ(files(), (std::set<std::string>{"graph.mlg"}));
    {
        AtomicFile file(target);
        write(file.path(), "new");
        file.commit();
    }
    EXPECT_EQ(read(target), "new");
    EXPECT_EQ(files(), (std::set<std::string>{"graph.mlg"}));
    write_file_atomically(at("summary.json"), "{}");
    EXPECT_EQ(read(at("summary.json")), "{}");
    EXPECT_THROW(write_file_atomically(at("no-such-folder/summary.json"), "{}"), OutputError);
    EXPECT_EQ(files(), (std::set<std::string>{"graph.mlg", "summary.json"}));
}
