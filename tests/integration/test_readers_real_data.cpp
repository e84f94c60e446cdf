#include <gtest/gtest.h>

#include <filesystem>

// Real-data reader tests live in per-format files; this one checks the data is where CI has it.
TEST(GeodataLayout, SharedGeodataIsPresent) {
    EXPECT_TRUE(std::filesystem::exists(std::string(MIDLINK_GEODATA) + "/README.md"))
        << "expected ../shared/geodata beside the project";
}
