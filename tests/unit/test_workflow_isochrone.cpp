// workflow::compute_isochrone on a hand-drawn line graph: the edges and bands tables a
// library user gets, checked against lengths and times worked out by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "midlink/core/error.hpp"
#include "midlink/workflow/isochrone.hpp"
#include "midlink/workflow/study_layers.hpp"
#include "tiny_network.hpp"

using namespace midlink;

namespace {

double real(const LayerData& t, std::size_t row, const std::string& column) {
    const int c = t.column(column);
    if (c < 0) {
        ADD_FAILURE() << t.name << " has no column " << column;
        return -1.0;
    }
    const auto& v = t.rows.at(row).at(static_cast<std::size_t>(c));
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::get<double>(v);
}

}  // namespace

TEST(WorkflowIsochrone, BandsFromOneEndOfALineByHand) {
    // A(10000,10000) --1km-- B --1km-- C --1km-- D: one minute per kilometre.
    const auto g = test::line_graph_60kmh(10000, 10000);
    workflow::IsochroneConfig cfg;
    cfg.bands_min = {1.5, 2.5};
    cfg.buffer_m = 10.0;
    workflow::Context ctx;
    ctx.quiet = true;
    const auto study = workflow::compute_isochrone(cfg, ctx, g, {{"a", {10000, 10000}}, {"far", {10000, 50000}}});
    const auto tables = study.tables();
    ASSERT_EQ(tables.size(), 2u);
    const auto& edges = tables[0];
    const auto& bands = tables[1];
    EXPECT_EQ(edges.name, workflow::schema::isochrone::kEdgesLayer);
    EXPECT_EQ(bands.name, workflow::schema::isochrone::kBandsLayer);

    // From A: A-B (0-60 s), B-C cut at 90 s (1.5 min), the rest of B-C, then C-D up to
    // 150 s (2.5 min), half of it. The unsnapped origin reaches nothing.
    ASSERT_EQ(edges.rows.size(), 4u);
    EXPECT_EQ(edges.shapes.size(), 4u);
    double band1_s = 0.0;
    for (std::size_t r = 0; r < edges.rows.size(); ++r) {
        EXPECT_EQ(std::get<std::string>(edges.rows[r][0]), "a");
        EXPECT_LE(real(edges, r, "to_time_s"), 150.0 + 1e-9);
        if (real(edges, r, "band_min") == 2.5) band1_s += real(edges, r, "to_time_s") - real(edges, r, "from_time_s");
    }
    EXPECT_NEAR(band1_s, 60.0, 1e-6);  // 90 s to 150 s

    ASSERT_EQ(bands.rows.size(), 4u);  // two origins x two bands
    EXPECT_EQ(std::get<std::string>(bands.rows[0][0]), "a");
    EXPECT_NEAR(real(bands, 0, "reachable_km"), 1.5, 1e-9);
    EXPECT_NEAR(real(bands, 1, "reachable_km"), 2.5, 1e-9);
    // A 20 m wide strip with round ends: 1500 x 20 + pi x 10^2 m2, a little less as drawn.
    EXPECT_NEAR(real(bands, 0, "area_km2"), (1500 * 20 + M_PI * 100) / 1e6, 0.0005);
    EXPECT_EQ(std::get<std::string>(bands.rows[0][bands.column("status")]), "ok");
    EXPECT_EQ(std::get<std::string>(bands.rows[2][bands.column("status")]), "unsnapped");
    EXPECT_DOUBLE_EQ(real(bands, 3, "area_km2"), 0.0);
    EXPECT_EQ(bands.shapes[0].kind, Shape::Kind::Polygon);
}

TEST(WorkflowIsochrone, OriginsAreCheckedWhereTheyAreRead) {
    workflow::IsochroneConfig cfg;
    EXPECT_THROW(workflow::isochrone_origins(cfg), ConfigError);  // neither --from nor --points
    cfg.from = "node:7";
    EXPECT_THROW(workflow::isochrone_origins(cfg), ConfigError);  // isochrones take X,Y
    cfg.from = "485980,308700";
    const auto origins = workflow::isochrone_origins(cfg);
    ASSERT_EQ(origins.size(), 1u);
    EXPECT_EQ(origins[0].id, "1");
    cfg.bands_min = {20, 10};
    EXPECT_THROW(workflow::check_isochrone_config(cfg), ConfigError);
}
