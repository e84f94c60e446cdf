// midlink graph contract and route through the stored hierarchy, on the Rutland OSM graph:
// the same times as Dijkstra, pair by pair; a stale hierarchy is reported and not used.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {
// id -> "time_s,status" of a route --pairs CSV (distance and via may differ on exact ties).
std::map<std::string, std::string> times_by_id(const std::string& csv) {
    std::map<std::string, std::string> out;
    std::istringstream in(csv);
    std::string line;
    bool seen_header = false;
    while (std::getline(in, line)) {
        if (!seen_header || line.empty()) {
            seen_header = seen_header || line.rfind("id,", 0) == 0;
            continue;
        }
        std::vector<std::string> f;
        std::stringstream s(line);
        std::string cell;
        while (std::getline(s, cell, ',')) f.push_back(cell);
        if (f.size() >= 4) out[f[0]] = f[1] + "," + f[3];
    }
    return out;
}

std::string rutland_pairs(std::size_t n) {
    const auto path = scratch().file("ch_pairs.csv");
    std::ofstream f(path);
    f << "id,from_x,from_y,to_x,to_y\n";
    std::mt19937_64 rng(14);
    std::uniform_real_distribution<double> x(484000, 500000), y(297000, 316000);  // Rutland, BNG
    for (std::size_t i = 0; i < n; ++i) f << "p" << i << ',' << x(rng) << ',' << y(rng) << ',' << x(rng) << ',' << y(rng) << '\n';
    return path;
}
}  // namespace

TEST(CliHierarchy, RoutePairsThroughTheHierarchyEqualDijkstra) {
    const auto g = built_graph("rutland_route_ch", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"));
    const auto pairs = rutland_pairs(600);
    const auto dijkstra = run_midlink("route " + g + " --pairs " + pairs + " --threads 2", "2>/dev/null");
    ASSERT_EQ(dijkstra.exit_code, 0) << dijkstra.output;
    const auto note = run_midlink("route " + g + " --pairs " + pairs + " -o " + scratch().file("ch_note.csv"));
    EXPECT_NE(note.output.find("routing with Dijkstra"), std::string::npos) << note.output;

    const auto contract = run_midlink("graph contract " + g);
    ASSERT_EQ(contract.exit_code, 0) << contract.output;
    ASSERT_TRUE(std::filesystem::exists(g + ".ch"));
    const auto ch = run_midlink("route " + g + " --pairs " + pairs + " --threads 2", "2>/dev/null");
    ASSERT_EQ(ch.exit_code, 0) << ch.output;
    const auto want = times_by_id(dijkstra.output), got = times_by_id(ch.output);
    ASSERT_EQ(want.size(), 600u);
    std::size_t ok = 0;
    for (const auto& [id, v] : want) {
        EXPECT_EQ(got.at(id), v) << id;
        ok += v.find(",ok") != std::string::npos;
    }
    EXPECT_GT(ok, 500u);
    // --hierarchy none is Dijkstra again, byte for byte.
    const auto none = run_midlink("route " + g + " --pairs " + pairs + " --hierarchy none --threads 2", "2>/dev/null");
    EXPECT_EQ(none.output, dijkstra.output);
    // A single route through the hierarchy (named: by default one route runs Dijkstra) agrees too.
    const std::string one = " --from 486000,307000 --to 497000,301000 --format json";
    const auto single = run_midlink("route " + g + one + " --hierarchy " + g + ".ch", "2>/dev/null").output;
    EXPECT_NE(single.find("\"ok\""), std::string::npos) << single;
    EXPECT_EQ(run_midlink("route " + g + one, "2>/dev/null").output.substr(0, 40), single.substr(0, 40));
}

TEST(CliHierarchy, StaleHierarchyIsReportedAndNotUsed) {
    const auto g = built_graph("rutland_stale_ch", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"));
    ASSERT_EQ(run_midlink("graph contract " + g + " --quiet").exit_code, 0);
    const auto pairs = rutland_pairs(50);
    // The graph rebuilt with another profile: the hierarchy beside it is now stale.
    const auto rebuilt = run_midlink("graph build --network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf") +
                                     " --profile hgv -o " + g + " --quiet");
    ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.output;
    const auto r = run_midlink("route " + g + " --pairs " + pairs + " -o " + scratch().file("stale.csv"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("stale hierarchy"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("routing with Dijkstra"), std::string::npos) << r.output;
    // Named explicitly, a stale hierarchy is an error.
    const auto named = run_midlink("route " + g + " --pairs " + pairs + " --hierarchy " + g + ".ch");
    EXPECT_EQ(named.exit_code, 3) << named.output;
    EXPECT_NE(named.output.find("stale"), std::string::npos) << named.output;
    // A flipped byte: damaged, reported, not used.
    ASSERT_EQ(run_midlink("graph contract " + g + " --quiet").exit_code, 0);
    {
        std::fstream f(g + ".ch", std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(1000);
        const char c = static_cast<char>(f.get() ^ 0x20);
        f.seekp(1000);
        f.put(c);
    }
    const auto damaged = run_midlink("route " + g + " --pairs " + pairs + " -o " + scratch().file("damaged.csv"));
    ASSERT_EQ(damaged.exit_code, 0) << damaged.output;
    EXPECT_NE(damaged.output.find("checksum"), std::string::npos) << damaged.output;
}
