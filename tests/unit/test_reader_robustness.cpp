// Inputs the fuzzers (tests/fuzz) found escaping as something other than midlink::Error;
// each must now be refused with the documented exit code and a message naming the file.
#include <gtest/gtest.h>

#include <string>

#include "midlink/core/error.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/profile_reader.hpp"
#include "midlink/io/project_reader.hpp"
#include "midlink/io/scenario_reader.hpp"

using namespace midlink;

namespace {

template <class Parse>
std::string config_error_of(Parse&& parse) {
    try {
        parse();
    } catch (const ConfigError& e) {
        EXPECT_EQ(e.exit_code(), 2);
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "escaped as another exception: " << e.what();
        return {};
    }
    ADD_FAILURE() << "accepted";
    return {};
}

}  // namespace

TEST(ReaderRobustness, ProfileValueOfTheWrongTypeIsAConfigError) {
    // yaml-cpp's TypedBadConversion<bool> used to escape and end the program.
    const auto msg = config_error_of([] { io::parse_profile_yaml("vehicle: car\noneway: maybe\n", "p.yaml"); });
    EXPECT_NE(msg.find("p.yaml"), std::string::npos) << msg;
    EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
}

TEST(ReaderRobustness, ProfileListWhereTextBelongsIsAConfigError) {
    const auto msg = config_error_of([] { io::parse_profile_yaml("components: [largest]\n", "p.yaml"); });
    EXPECT_NE(msg.find("p.yaml"), std::string::npos) << msg;
}

TEST(ReaderRobustness, ProjectMappingUsedAsKeyIsAConfigError) {
    const auto msg = config_error_of([] { io::parse_project_yaml("{a: b}: c\nnetwork: .\n", "study.yaml", "."); });
    EXPECT_NE(msg.find("study.yaml"), std::string::npos) << msg;
}

TEST(ReaderRobustness, ScenarioMappingUsedAsKeyIsAConfigError) {
    const auto msg = config_error_of([] { io::parse_scenarios_yaml("{crs: x}: EPSG:27700\n", "sc.yaml", "EPSG:27700"); });
    EXPECT_NE(msg.find("sc.yaml"), std::string::npos) << msg;
}

TEST(ReaderRobustness, XzAskingForGigabytesIsRefused) {
    // A 70-byte .gr.xz whose LZMA2 header declares a 4 GiB dictionary: liblzma used to
    // allocate it before decoding a byte.
    const std::string path =
        std::string(MIDLINK_TEST_DATA) + "/../fuzz/regressions/dimacs/xz_4gib_dictionary.gr.xz";
    try {
        io::read_dimacs(path, io::ReadOptions{});
        FAIL() << "accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.exit_code(), 3);
        const std::string msg = e.what();
        EXPECT_NE(msg.find("xz_4gib_dictionary.gr.xz"), std::string::npos) << msg;
        EXPECT_NE(msg.find("512 MiB"), std::string::npos) << msg;
    }
}
