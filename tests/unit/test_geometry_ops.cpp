// Band polygons are buffered road, not hulls: an enclosed field stays a hole and separate
// pieces stay separate parts.
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <cmath>
#include <memory>
#include <numbers>

#include "midlink/analysis/isochrone.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/io/geometry_ops.hpp"
#include "tiny_network.hpp"

using namespace midlink;

namespace {

std::unique_ptr<OGRGeometry> parse(const std::vector<std::uint8_t>& wkb) {
    OGRGeometry* g = nullptr;
    const OGRErr err = OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size(), wkbVariantIso);
    EXPECT_EQ(err, OGRERR_NONE);
    return std::unique_ptr<OGRGeometry>(g);
}

// A 1 km x 1 km field with a road on each side, buffered 50 m: a 1100 m square with
// rounded corners, less the 900 m square inside.
double ring_area_m2() {
    const double r = 50.0;
    return 1100.0 * 1100.0 - 4 * (r * r - std::numbers::pi * r * r / 4) - 900.0 * 900.0;
}

}  // namespace

TEST(BufferUnion, FieldEnclosedByReachableRoadsStaysAHole) {
    test::TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 1000, 1000).node(4, 0, 1000);
    net.link(1, 2);
    net.link(2, 3);
    net.link(3, 4);
    net.link(4, 1);
    Profile profile = default_car_profile();
    profile.components = ComponentPolicy::All;
    const auto g = graph::build_graph(net.table(), profile).graph;
    const graph::Snapper snapper(g);
    graph::ShortestPathSearch search(g, graph::Metric::Time);
    const auto pieces = analysis::reachable_edges(search, snapper.snap({500, 0}, 10), std::vector<double>{3600.0});
    std::vector<LineString> lines;
    for (const auto& p : pieces) lines.push_back(analysis::piece_geometry(g, p));

    const auto wkb = io::buffer_union_wkb(lines, 50.0);
    const auto geom = parse(wkb);
    ASSERT_TRUE(geom);
    ASSERT_EQ(wkbFlatten(geom->getGeometryType()), wkbMultiPolygon);
    const auto* multi = geom->toMultiPolygon();
    ASSERT_EQ(multi->getNumGeometries(), 1);
    EXPECT_EQ(multi->getGeometryRef(0)->getNumInteriorRings(), 1);
    const double area = io::area_of_wkb(wkb);
    EXPECT_NEAR(area, ring_area_m2(), 0.005 * ring_area_m2());
    EXPECT_LT(area, 0.5 * 1100.0 * 1100.0);  // nowhere near the filled square
}

TEST(BufferUnion, DisconnectedPiecesStaySeparateParts) {
    const std::vector<LineString> lines{{{0, 0}, {500, 0}}, {{5000, 0}, {5000, 500}}};
    const auto wkb = io::buffer_union_wkb(lines, 50.0);
    const auto geom = parse(wkb);
    ASSERT_TRUE(geom);
    ASSERT_EQ(wkbFlatten(geom->getGeometryType()), wkbMultiPolygon);
    EXPECT_EQ(geom->toMultiPolygon()->getNumGeometries(), 2);
    const double stadium = 500.0 * 100.0 + std::numbers::pi * 50.0 * 50.0;
    EXPECT_NEAR(io::area_of_wkb(wkb), 2 * stadium, 0.005 * 2 * stadium);
}

TEST(BufferUnion, OverlappingLinesAreDissolved) {
    const std::vector<LineString> lines{{{0, 0}, {1000, 0}}, {{500, 0}, {1000, 0}}, {{0, 0}, {0, 0}}};
    const auto wkb = io::buffer_union_wkb(lines, 50.0);
    const double stadium = 1000.0 * 100.0 + std::numbers::pi * 50.0 * 50.0;
    EXPECT_EQ(parse(wkb)->toMultiPolygon()->getNumGeometries(), 1);
    EXPECT_NEAR(io::area_of_wkb(wkb), stadium, 0.005 * stadium);
}

TEST(BufferUnion, NoLinesGiveAnEmptyMultiPolygon) {
    const auto wkb = io::buffer_union_wkb({}, 50.0);
    const auto geom = parse(wkb);
    ASSERT_TRUE(geom);
    EXPECT_EQ(wkbFlatten(geom->getGeometryType()), wkbMultiPolygon);
    EXPECT_TRUE(geom->IsEmpty());
    EXPECT_EQ(io::area_of_wkb(wkb), 0.0);
}
