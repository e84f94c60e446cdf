// midlink bench england-network at a small scale: the generated network builds, lies in
// England, keeps most nodes in its largest component and has motorways; origin and
// destination counts are as documented (docs/national-scale.md); two runs (on different
// thread counts) write the same bytes; and access runs on the result.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_runner.hpp"

namespace midlink::test {
namespace {
namespace fs = std::filesystem;

constexpr double kScale = 0.003;

const char* const kSets[] = {"employment", "primary_school", "secondary_school", "further_education",
                             "gp", "hospital", "food_store", "town_centre"};
const double kAtScale1[] = {2'800, 16'800, 3'450, 250, 6'500, 200, 10'000, 1'200};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t data_rows(const fs::path& p) {
    const std::string text = slurp(p);
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - 1;
}

/// Generated once per process, with the default threads.
const std::string& generated() {
    static const std::string dir = [] {
        const auto d = scratch().file("england_a");
        const auto r = run_midlink("bench england-network -o " + d + " --scale " + std::to_string(kScale) +
                                   " --seed 7 --geodata " + geodata("") + " --quiet");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return d;
    }();
    return dir;
}

TEST(CliEnglandNetwork, SameBytesForAnyThreadCount) {
    const auto a = generated();
    const auto b = scratch().file("england_b");
    const auto r = run_midlink("--threads 1 bench england-network -o " + b + " --scale " + std::to_string(kScale) +
                               " --seed 7 --geodata " + geodata("") + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(a)) {
        if (!e.is_regular_file()) continue;
        const auto rel = fs::relative(e.path(), a);
        EXPECT_EQ(slurp(e.path()), slurp(fs::path(b) / rel)) << rel;
        ++files;
    }
    EXPECT_EQ(files, 13U);  // 3 network files, origins, 8 destination sets, README
    // Another seed gives another network.
    const auto c = scratch().file("england_c");
    ASSERT_EQ(run_midlink("bench england-network -o " + c + " --scale " + std::to_string(kScale) + " --seed 8 --geodata " +
                          geodata("") + " --quiet")
                  .exit_code,
              0);
    EXPECT_NE(slurp(fs::path(a) / "network/node.csv"), slurp(fs::path(c) / "network/node.csv"));
}

TEST(CliEnglandNetwork, NetworkInEnglandWithMotorwaysAndOneLargeComponent) {
    const fs::path dir = generated();
    // Every node inside the generator's BNG box (England's, rounded out to 6.4 km blocks),
    // and the network reaching Cornwall, the Lizard, East Anglia and Berwick.
    std::size_t nodes = 0;
    double x_min = 1e9, x_max = 0, y_min = 1e9, y_max = 0;
    for (const auto& row : read_csv((dir / "network/node.csv").string())) {
        const double x = std::stod(row.at("x_coord")), y = std::stod(row.at("y_coord"));
        EXPECT_TRUE(x >= 80'000 && x <= 662'400 && y >= 0 && y <= 665'600) << x << "," << y;  // the lattice's box
        x_min = std::min(x_min, x), x_max = std::max(x_max, x), y_min = std::min(y_min, y), y_max = std::max(y_max, y);
        ++nodes;
    }
    EXPECT_LT(x_min, 160'000);
    EXPECT_GT(x_max, 630'000);
    EXPECT_LT(y_min, 40'000);
    EXPECT_GT(y_max, 630'000);
    // Independent of graph build: the largest weakly connected component by union-find.
    std::map<std::string, std::string> parent;
    const auto find = [&](std::string v) {
        while (parent.at(v) != v) v = parent[v] = parent.at(parent.at(v));
        return v;
    };
    bool motorway = false;
    for (const auto& row : read_csv((dir / "network/link.csv").string())) {
        motorway = motorway || row.at("facility_type") == "motorway";
        const auto& a = row.at("from_node_id");
        const auto& b = row.at("to_node_id");
        parent.try_emplace(a, a);
        parent.try_emplace(b, b);
        parent[find(a)] = find(b);
    }
    EXPECT_TRUE(motorway);
    std::map<std::string, std::size_t> sizes;
    for (const auto& [v, p] : parent) ++sizes[find(v)];
    std::size_t weak = 0;
    for (const auto& [root, n] : sizes) weak = std::max(weak, n);
    EXPECT_GT(static_cast<double>(weak), 0.95 * static_cast<double>(nodes)) << weak << " of " << nodes;
    const auto graph = (dir / "england.mlg").string();
    const auto build = run_midlink("graph build --network " + (dir / "network").string() + " --profile car -o " + graph);
    ASSERT_EQ(build.exit_code, 0) << build.output;
    EXPECT_EQ(build.output.find("assumed_crs"), std::string::npos) << build.output;
    const auto info = run_midlink("graph info " + graph + " --format json", "2>/dev/null");
    ASSERT_EQ(info.exit_code, 0);
    const auto j = nlohmann::json::parse(info.output);
    EXPECT_EQ(j.at("crs"), "EPSG:27700");
    const double kept = j.at("nodes").get<double>();
    // Strongly connected (graph build) within weakly connected (union-find), and nearly all
    // of it: every road but the motorways is two-way.
    EXPECT_LE(kept, static_cast<double>(weak));
    EXPECT_GT(kept, 0.99 * static_cast<double>(weak)) << kept << " of " << weak;
    EXPECT_GT(j.at("edges").get<double>(), 3.0 * kept);  // a street grid, not a tree
}

TEST(CliEnglandNetwork, OriginAndDestinationCountsAsDocumented) {
    const fs::path dir = generated();
    const auto origins = read_csv((dir / "origins.csv").string());
    EXPECT_EQ(origins.size(), std::max<std::size_t>(300, static_cast<std::size_t>(std::llround(190'000 * kScale))));
    double population = 0;
    for (const auto& row : origins) population += std::stod(row.at("population"));
    EXPECT_GT(population, 0.0);
    for (std::size_t i = 0; i < std::size(kSets); ++i) {
        const auto want = std::max<std::size_t>(3, static_cast<std::size_t>(std::llround(kAtScale1[i] * kScale)));
        EXPECT_EQ(data_rows(dir / "destinations" / (std::string(kSets[i]) + ".csv")), want) << kSets[i];
    }
    const std::string readme = slurp(dir / "README.md");
    EXPECT_NE(readme.find("seed 7"), std::string::npos);
    EXPECT_NE(readme.find("OGL"), std::string::npos);
}

TEST(CliEnglandNetwork, AccessRunsOnIt) {
    const fs::path dir = generated();
    const auto graph = (dir / "england_access.mlg").string();
    ASSERT_EQ(run_midlink("graph build --network " + (dir / "network").string() + " --profile car --quiet -o " + graph).exit_code, 0);
    std::string dests = " --destinations", names = " --dest-name";
    for (const auto* s : kSets) {
        dests += " " + (dir / "destinations" / (std::string(s) + ".csv")).string();
        names += std::string(" ") + s;
    }
    const auto out = scratch().file("england_access.gpkg");
    const auto r = run_midlink("access " + graph + " --origins " + (dir / "origins.csv").string() +
                               " --population-field population" + dests + names +
                               " --measures 'nearest,cumulative:15|30|45|60' --engine phast --format json -o " + out,
                               "2>/dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(fs::exists(out));
}

}  // namespace
}  // namespace midlink::test
