// The C++ facade (midlink/midlink.hpp) on Rutland and PRISM: routes equal `midlink route`,
// matrix entries equal route() times, and a graph built through it is the CLI's file.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include "cli_runner.hpp"
#include "midlink/core/error.hpp"
#include "midlink/midlink.hpp"

using namespace midlink;
using namespace midlink::test;

namespace {
// Rutland towns and villages (BNG), one spot off the road network, one far outside.
const std::vector<Point> kRutland = {
    {485980, 308700},  // Oakham
    {498200, 304400},  // Ketton
    {486600, 299800},  // Uppingham
    {495000, 308500},  // Empingham
    {490200, 313700},  // Cottesmore
    {492150, 303420},  // Manton-ish, between roads
    {300000, 300000},  // far outside: unsnapped
};

std::string fmt1(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const char* status_name(RouteStatus s) {
    return s == RouteStatus::Ok ? "ok" : s == RouteStatus::Unreachable ? "unreachable" : "unsnapped";
}

void expect_routes_equal_cli(const std::string& graph_path, const std::vector<Point>& points, const std::string& name) {
    const auto pairs = scratch().file(name + "_facade_pairs.csv");
    {
        std::ofstream out(pairs);
        out.precision(17);
        out << "id,from_x,from_y,to_x,to_y\n";
        for (std::size_t i = 0; i < points.size(); ++i) {
            for (std::size_t j = 0; j < points.size(); ++j) {
                out << i << '-' << j << ',' << points[i].x << ',' << points[i].y << ',' << points[j].x << ','
                    << points[j].y << '\n';
            }
        }
    }
    const auto csv = scratch().file(name + "_facade_routes.csv");
    const auto r = run_midlink("route " + graph_path + " --pairs " + pairs + " -o " + csv + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto rows = read_csv(csv);
    ASSERT_EQ(rows.size(), points.size() * points.size());
    const auto g = Graph::load(graph_path);
    std::size_t ok = 0;
    for (const auto& row : rows) {
        const auto dash = row.at("id").find('-');
        const auto i = std::stoul(row.at("id").substr(0, dash)), j = std::stoul(row.at("id").substr(dash + 1));
        const auto route = g.route(points[i], points[j]);
        EXPECT_EQ(status_name(route.status), row.at("status")) << row.at("id");
        if (route.status != RouteStatus::Ok) continue;
        ++ok;
        EXPECT_EQ(fmt1(route.time_s), row.at("time_s")) << row.at("id");
        EXPECT_EQ(fmt1(route.distance_m), row.at("distance_m")) << row.at("id");
    }
    EXPECT_GT(ok, rows.size() / 2);
}
}  // namespace

TEST(FacadeRealData, RutlandRoutesEqualTheCli) { expect_routes_equal_cli(rutland_graph(), kRutland, "rutland"); }

TEST(FacadeRealData, PrismRoutesEqualTheCli) {
    // Around Birmingham: the centre, Solihull, Walsall, Wolverhampton, Sutton Coldfield.
    const std::vector<Point> points = {{407000, 286800}, {415200, 279400}, {401100, 298700}, {391500, 298600},
                                       {412000, 296500}};
    expect_routes_equal_cli(prism_graph(), points, "prism");
}

TEST(FacadeRealData, MatrixEntriesAreRouteTimes) {
    const auto g = Graph::load(rutland_graph());
    const std::vector<Point> points(kRutland.begin(), kRutland.end() - 1);  // all snapped
    const auto times = g.matrix(points, points, {.threads = 2});
    ASSERT_EQ(times.size(), points.size() * points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t j = 0; j < points.size(); ++j) {
            const auto r = g.route(points[i], points[j]);
            ASSERT_EQ(r.status, RouteStatus::Ok);
            EXPECT_EQ(times[i * points.size() + j], r.time_s) << i << " -> " << j;
        }
    }
    EXPECT_THROW((void)g.matrix(kRutland, points), InputError);  // the far point, origin 6
}

TEST(FacadeRealData, BuildWritesTheCliGraphFile) {
    const std::string pbf = geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf");
    BuildOptions options;
    options.profiles_dir = MIDLINK_PROFILES_DIR;  // as the CLI's default
    const auto path = scratch().file("rutland_facade.mlg");
    Graph::build(pbf, "car", options).save(path);
    const std::string cli_graph = built_graph("rutland", "--network " + pbf + " --profile car");
    EXPECT_EQ(file_bytes(path), file_bytes(cli_graph));
}
