// The .mlg checksum and the bounds on counts read from a damaged header.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_file.hpp"
#include "tiny_network.hpp"

using namespace midlink;
using namespace midlink::graph;
using midlink::test::TinyNetwork;

namespace {
RoadGraph square_graph() {
    // 1 -- 2
    // |    |
    // 4 -- 3   (1 km sides)
    TinyNetwork net;
    net.node(1, 0, 1000).node(2, 1000, 1000).node(3, 1000, 0).node(4, 0, 0);
    net.link(1, 2);
    net.link(2, 3);
    net.link(3, 4);
    net.link(4, 1);
    Profile p = default_car_profile();
    p.components = ComponentPolicy::All;
    return build_graph(net.table(), p).graph;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void spit(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Where an array's bytes start in the file: its contents, preceded by its 8-byte count.
template <class T>
std::size_t array_offset(const std::string& file, const std::vector<T>& v) {
    std::string needle(sizeof(std::uint64_t), '\0');
    const std::uint64_t n = v.size();
    std::memcpy(needle.data(), &n, sizeof(n));
    needle.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    const auto at = file.find(needle);
    EXPECT_NE(at, std::string::npos);
    EXPECT_EQ(file.find(needle, at + 1), std::string::npos) << "array bytes are not unique in the file";
    return at;
}

class GraphFileIntegrity : public ::testing::Test {
protected:
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("midlink_gfi_" + std::to_string(::getpid()) + "_" +
                                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::string path = (dir / "g.mlg").string();
    void SetUp() override { std::filesystem::create_directories(dir); }
    void TearDown() override { std::filesystem::remove_all(dir); }
};
}  // namespace

TEST_F(GraphFileIntegrity, AChangedWeightIsRefusedAsADamagedFile) {
    const auto g = square_graph();
    write_graph_file(g, path);
    auto bytes = slurp(path);
    const auto at = array_offset(bytes, g.time_weight) + sizeof(std::uint64_t);
    bytes[at] = static_cast<char>(bytes[at] ^ 0x10);  // one weight changes; the file stays well formed
    spit(path, bytes);
    try {
        read_graph_file(path);
        FAIL() << "a graph file with a changed weight was read";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_NE(what.find("checksum mismatch"), std::string::npos) << what;
        EXPECT_NE(what.find("rebuild"), std::string::npos) << what;
        EXPECT_EQ(e.exit_code(), 3);
    }
    // The unchecked load (for `bench load` only) still reads it: the check is what refused it.
    EXPECT_NE(read_graph_file(path, GraphFileCheck::Skip).time_weight, g.time_weight);
}

TEST_F(GraphFileIntegrity, AChangedTimeUnitInTheHeaderIsRefused) {
    auto g = square_graph();
    g.time_unit_s = 0.123456789;  // a distinctive value to find in the header
    write_graph_file(g, path);
    auto bytes = slurp(path);
    std::string needle(sizeof(double), '\0');
    std::memcpy(needle.data(), &g.time_unit_s, sizeof(double));
    const auto at = bytes.find(needle);
    ASSERT_NE(at, std::string::npos);
    bytes[at + 7] = static_cast<char>(bytes[at + 7] ^ 0x01);
    spit(path, bytes);
    EXPECT_THROW(read_graph_file(path), InputError);
}

TEST_F(GraphFileIntegrity, AHugeArrayCountIsRefusedWithoutAllocating) {
    const auto g = square_graph();
    write_graph_file(g, path);
    auto bytes = slurp(path);
    const auto at = array_offset(bytes, g.first_out);
    // 2^62 four-byte entries: the byte count 2^64 wraps to 0 in 64-bit arithmetic.
    const std::uint64_t huge = std::uint64_t{1} << 62;
    std::memcpy(bytes.data() + at, &huge, sizeof(huge));
    spit(path, bytes);
    try {
        read_graph_file(path);
        FAIL() << "a huge array count was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(path + ": graph file is truncated or damaged"), std::string::npos) << e.what();
        EXPECT_EQ(e.exit_code(), 3);
    }
}

TEST_F(GraphFileIntegrity, VersionThreeFilesWithoutAChecksumAreRefusedAsAnotherVersion) {
    write_graph_file(square_graph(), path, 3);
    try {
        read_graph_file(path);
        FAIL() << "a version-3 file, which has no checksum, was read";
    } catch (const VersionError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path + ": graph file format version 3"), std::string::npos) << what;
        EXPECT_NE(what.find("rebuild"), std::string::npos) << what;
        EXPECT_EQ(e.exit_code(), 4);
    }
}

TEST_F(GraphFileIntegrity, AnIntactFileRoundTripsWithTheCheck) {
    const auto g = square_graph();
    write_graph_file(g, path);
    const auto r = read_graph_file(path);
    EXPECT_EQ(r.time_weight, g.time_weight);
    EXPECT_EQ(r.strings, g.strings);
}
