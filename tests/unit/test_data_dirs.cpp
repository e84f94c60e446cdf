// workflow::find_data_dirs: profiles and lookups beside the program, env vars first.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "midlink/workflow/data_dirs.hpp"

using namespace midlink;
namespace fs = std::filesystem;

namespace {
// Sets or unsets an environment variable for one test and puts it back afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_old) ::setenv(m_name.c_str(), m_old->c_str(), 1);
        else ::unsetenv(m_name.c_str());
    }

private:
    std::string m_name;
    std::optional<std::string> m_old;
};
}  // namespace

TEST(DataDirs, AreShareMidlinkUnderThePrefix) {
    const ScopedEnv p("MIDLINK_PROFILES", nullptr), l("MIDLINK_LOOKUPS", nullptr);
    const auto dirs = workflow::find_data_dirs("/opt/midlink");
    EXPECT_EQ(dirs.profiles_dir, "/opt/midlink/share/midlink/profiles");
    EXPECT_EQ(dirs.lookups_dir, "/opt/midlink/share/midlink/lookups");
}

TEST(DataDirs, EnvironmentOverridesEachOnItsOwn) {
    const ScopedEnv p("MIDLINK_PROFILES", "/my/profiles"), l("MIDLINK_LOOKUPS", nullptr);
    const auto dirs = workflow::find_data_dirs("/opt/midlink");
    EXPECT_EQ(dirs.profiles_dir, "/my/profiles");
    EXPECT_EQ(dirs.lookups_dir, "/opt/midlink/share/midlink/lookups");
    const ScopedEnv empty("MIDLINK_LOOKUPS", "");  // empty is unset, not the current folder
    EXPECT_EQ(workflow::find_data_dirs("/opt/midlink").lookups_dir, "/opt/midlink/share/midlink/lookups");
}

TEST(DataDirs, NoPrefixMeansTheBuiltInProfilesOnly) {
    const ScopedEnv p("MIDLINK_PROFILES", nullptr), l("MIDLINK_LOOKUPS", nullptr);
    const auto dirs = workflow::find_data_dirs(fs::path());
    EXPECT_EQ(dirs.profiles_dir, "") << "never share/midlink under the current folder";
    EXPECT_EQ(dirs.lookups_dir, "");
    const ScopedEnv mine("MIDLINK_PROFILES", "/my/profiles");
    EXPECT_EQ(workflow::find_data_dirs(fs::path()).profiles_dir, "/my/profiles");
}

// The facade's and the Python module's way: from the file that holds the code (here the
// test binary, linked statically), up to the folder with share/midlink: the build tree.
TEST(DataDirs, CodePrefixIsTheBuildTreeForAStaticallyLinkedBinary) {
    const fs::path prefix = workflow::code_prefix();
    ASSERT_FALSE(prefix.empty());
    EXPECT_TRUE(fs::equivalent(prefix, workflow::program_prefix())) << prefix;
}

// This test binary lives in build/<preset>/tests, so its prefix is the build tree, whose
// share/midlink links to the source tree's geodata/ (cmake/MidlinkPackage.cmake).
TEST(DataDirs, BuildTreeFindsTheSourceProfiles) {
    const ScopedEnv p("MIDLINK_PROFILES", nullptr), l("MIDLINK_LOOKUPS", nullptr);
    const fs::path prefix = workflow::program_prefix();
    ASSERT_FALSE(prefix.empty());
    const auto dirs = workflow::find_data_dirs();
    EXPECT_TRUE(fs::equivalent(fs::path(dirs.profiles_dir) / "car.yaml", fs::path(MIDLINK_PROFILES_DIR) / "car.yaml"))
        << dirs.profiles_dir;
    EXPECT_TRUE(fs::exists(fs::path(dirs.lookups_dir) / "lad-boundary-changes.csv")) << dirs.lookups_dir;
}
