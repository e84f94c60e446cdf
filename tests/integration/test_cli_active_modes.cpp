// Walking and cycling on Rutland's OSM extract (docs/profiles.md#walking-and-cycling). The
// independent reference is arithmetic: JTS walks at 4.8 km/h and rides at 16 km/h
// everywhere, so a route's time must be its network length at that speed, and the network
// length can never be shorter than the straight line between its ends.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <string>

#include "cli_runner.hpp"
#include "midlink/graph/graph_file.hpp"

namespace midlink::test {
namespace {

const std::string kRutlandPbf = geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf");

struct Place {
    const char* name;
    double x, y;  // BNG, the village or town centre
};
// Town and village centres, from the OS grid references of their market places and churches.
constexpr Place kPlaces[] = {{"Oakham", 486100, 308800},     {"Uppingham", 486600, 299700},
                             {"Ketton", 498100, 304300},     {"Empingham", 495000, 308500},
                             {"Cottesmore", 490200, 313600}, {"Langham", 484300, 311100}};

std::string walk_graph() { return built_graph("rutland_walk", "--network " + kRutlandPbf + " --profile walk"); }
std::string cycle_graph() { return built_graph("rutland_cycle", "--network " + kRutlandPbf + " --profile cycle"); }

/// Every ordered pair of kPlaces as a --pairs CSV; returns its path.
std::string pairs_csv() {
    const auto path = scratch().file("rutland_place_pairs.csv");
    std::ofstream out(path);
    out << "id,from_x,from_y,to_x,to_y\n";
    for (const auto& a : kPlaces)
        for (const auto& b : kPlaces)
            if (&a != &b) out << a.name << "-" << b.name << "," << a.x << "," << a.y << "," << b.x << "," << b.y << "\n";
    return path;
}

std::map<std::string, std::map<std::string, std::string>> route_pairs(const std::string& graph, const std::string& name,
                                                                      const std::string& extra = "") {
    const auto out = scratch().file(name + ".csv");
    const auto r = run_midlink("route " + graph + " --pairs " + pairs_csv() + " -o " + out + " --quiet " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::map<std::string, std::map<std::string, std::string>> rows;
    for (auto& row : read_csv(out)) rows[row["id"]] = row;
    return rows;
}

double crow_m(const std::string& id) {
    const auto dash = id.find('-');
    const Place* a = nullptr;
    const Place* b = nullptr;
    for (const auto& p : kPlaces) {
        if (id.substr(0, dash) == p.name) a = &p;
        if (id.substr(dash + 1) == p.name) b = &p;
    }
    return std::hypot(a->x - b->x, a->y - b->y);
}

void expect_jts_speed(const std::map<std::string, std::map<std::string, std::string>>& rows, double kmh) {
    ASSERT_EQ(rows.size(), 30u);
    for (const auto& [id, row] : rows) {
        ASSERT_EQ(row.at("status"), "ok") << id;
        const double time_s = std::stod(row.at("time_s"));
        const double distance_m = std::stod(row.at("distance_m"));
        // Stated tolerance: 0.1%. Each edge's time is stored to the millisecond, so a route
        // of a few hundred edges may drift by a few tenths of a second.
        EXPECT_NEAR(time_s, distance_m / (kmh / 3.6), 1e-3 * time_s) << id;
        // Points snap to the nearest way, up to a few hundred metres from the centre given.
        EXPECT_GT(distance_m, 0.8 * crow_m(id)) << id;
        EXPECT_LT(distance_m, 1.8 * crow_m(id)) << id;
    }
}

TEST(CliActiveModes, RutlandWalkTimesAreNetworkDistanceAtJtsWalkingSpeed) {
    expect_jts_speed(route_pairs(walk_graph(), "walk_routes"), 4.8);
}

TEST(CliActiveModes, RutlandCycleTimesAreNetworkDistanceAtJtsCyclingSpeed) {
    expect_jts_speed(route_pairs(cycle_graph(), "cycle_routes"), 16.0);
}

// The walk graph holds the paths and no motorway; the car graph holds no path.
TEST(CliActiveModes, WalkGraphHasPathsAndCarGraphHasNone) {
    const auto walk = graph::read_graph_file(walk_graph());
    const auto car = graph::read_graph_file(rutland_graph());
    std::map<RoadClass, std::size_t> walk_classes, car_classes;
    for (const auto c : walk.edge_class) ++walk_classes[c];
    for (const auto c : car.edge_class) ++car_classes[c];
    EXPECT_GT(walk_classes[RoadClass::Footway], 1000u);
    EXPECT_GT(walk_classes[RoadClass::Path] + walk_classes[RoadClass::Bridleway], 100u);
    EXPECT_EQ(walk_classes[RoadClass::Motorway], 0u);
    for (const auto& [c, n] : car_classes) EXPECT_FALSE(is_path_class(c)) << road_class_name(c);
    EXPECT_GT(walk.edge_count(), car.edge_count());
    EXPECT_EQ(walk.meta.profile_name, "walk");
}

// Paths only add ways, so the shortest walk is never longer than the shortest drive by
// more than the snapping can account for: a place may snap to a footway on foot and to a
// road by car, up to a few hundred metres apart at each end.
TEST(CliActiveModes, ShortestWalkIsNoLongerThanShortestDrive) {
    const auto walk = route_pairs(walk_graph(), "walk_shortest", "--metric distance");
    const auto car = route_pairs(rutland_graph(), "car_shortest", "--metric distance");
    for (const auto& [id, row] : walk) {
        ASSERT_EQ(car.at(id).at("status"), "ok") << id;
        EXPECT_LE(std::stod(row.at("distance_m")), std::stod(car.at(id).at("distance_m")) + 500.0) << id;
    }
}

}  // namespace
}  // namespace midlink::test
