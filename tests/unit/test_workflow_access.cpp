// workflow::compute_access on a hand-drawn line graph with inputs written to a temporary
// folder: the tables a library user gets, checked against numbers worked out by hand, and
// the writer's CSVs against those tables.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "midlink/core/error.hpp"
#include "midlink/io/output_set.hpp"
#include "midlink/workflow/access.hpp"
#include "midlink/workflow/study_layers.hpp"
#include "tiny_network.hpp"

using namespace midlink;
namespace fs = std::filesystem;

namespace {

std::string square(double x, double y, double half) {
    std::ostringstream s;
    s << "[[[" << x - half << "," << y - half << "],[" << x + half << "," << y - half << "],[" << x + half << ","
      << y + half << "],[" << x - half << "," << y + half << "],[" << x - half << "," << y - half << "]]]";
    return s.str();
}

std::string box(double x0, double y0, double x1, double y1) {
    std::ostringstream s;
    s << "[[[" << x0 << "," << y0 << "],[" << x1 << "," << y0 << "],[" << x1 << "," << y1 << "],[" << x0 << "," << y1
      << "],[" << x0 << "," << y0 << "]]]";
    return s.str();
}

std::string feature_collection(const std::vector<std::string>& features) {
    std::string s = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
    return s + "]}";
}

std::string polygon_feature(const std::string& properties, const std::string& rings) {
    return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":{"type":"Polygon","coordinates":)" + rings + "}}";
}

// Three areas around A, D and a point 5 km off the network; two shops at B and D;
// two regions, the first holding A and the far area, the second D.
class WorkflowAccess : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("midlink_wf_access_" + std::to_string(::getpid()));
        fs::create_directories(m_dir);
        std::ofstream(path("areas.geojson")) << feature_collection({
            polygon_feature(R"({"code":"a1","pop":100,"grp":"G"})", square(10000, 10000, 100)),
            polygon_feature(R"({"code":"a2","pop":300,"grp":"G"})", square(13000, 10000, 100)),
            polygon_feature(R"({"code":"a3","pop":70,"grp":"H"})", square(10000, 15000, 100)),
        });
        std::ofstream(path("centroids.csv")) << "code,easting,northing\na1,10000,10000\na2,13000,10000\na3,10000,15000\n";
        std::ofstream(path("shops.csv")) << "id,easting,northing,size\ns1,11000,10000,10\ns2,13000,10000,20\n";
        std::ofstream(path("regions.geojson")) << feature_collection({
            polygon_feature(R"({"rid":"R1"})", box(9500, 9500, 11500, 15500)),
            polygon_feature(R"({"rid":"R2"})", box(12500, 9500, 13500, 10500)),
        });
        cfg.origins = path("areas.geojson");
        cfg.origin_id = "code";
        cfg.origin_points = path("centroids.csv");
        cfg.population_field = "pop";
        cfg.destinations = {path("shops.csv")};
        cfg.dest_names = {"shops"};
        cfg.dest_id = "id";
        cfg.dest_weight = "size";
        cfg.measures = "nearest,cumulative:1.5";
        cfg.aggregate_to = {path("regions.geojson")};
        cfg.aggregate_id = {"rid"};
        cfg.aggregate_name = {"regions"};
        cfg.aggregate_code = {"grp"};
        cfg.engine = "dijkstra";
        ctx.quiet = true;
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    // A(10000,10000) --1km-- B --1km-- C --1km-- D(13000,10000): one minute per kilometre.
    graph::RoadGraph g = test::line_graph_60kmh(10000, 10000);
    workflow::AccessConfig cfg;
    workflow::Context ctx;

private:
    fs::path m_dir;
};

const LayerData& layer(const std::vector<LayerData>& tables, const std::string& name) {
    for (const auto& t : tables) {
        if (t.name == name) return t;
    }
    static const LayerData none;
    ADD_FAILURE() << "no table " << name;
    return none;
}

double real(const LayerData& t, std::size_t row, const std::string& column) {
    const int c = t.column(column);
    if (c < 0) {
        ADD_FAILURE() << t.name << " has no column " << column;
        return -1.0;
    }
    const auto& v = t.rows.at(row).at(static_cast<std::size_t>(c));
    if (std::holds_alternative<std::monostate>(v)) return std::nan("");
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return std::get<double>(v);
}

std::string text(const LayerData& t, std::size_t row, const std::string& column) {
    const int c = t.column(column);
    if (c < 0) return "<no column " + column + ">";
    const auto* s = std::get_if<std::string>(&t.rows.at(row).at(static_cast<std::size_t>(c)));
    return s ? *s : "<not text>";
}

std::vector<std::string> column_names(const LayerData& t) {
    std::vector<std::string> names;
    for (const auto& c : t.columns) names.push_back(c.name);
    return names;
}

}  // namespace

TEST_F(WorkflowAccess, TablesHoldHandComputedValuesPerAreaAndPerRollUp) {
    const auto study = workflow::compute_access(cfg, ctx, g);
    const auto tables = study.tables();
    ASSERT_EQ(tables.size(), 5u);  // areas, regions, grp, destinations, measures
    EXPECT_EQ(tables[0].name, "areas");
    EXPECT_EQ(tables[1].name, "regions");
    EXPECT_EQ(tables[2].name, "grp");
    EXPECT_EQ(tables[3].name, "destinations");
    EXPECT_EQ(tables[4].name, "measures");

    const auto& areas = layer(tables, "areas");
    EXPECT_EQ(column_names(areas),
              (std::vector<std::string>{"id", "grp", "point_source", "population", "origins", "unsnapped", "unreachable",
                                        "population_missing", "snap_m", "shops_nearest_min", "shops_cum1p5"}));
    ASSERT_EQ(areas.rows.size(), 3u);
    EXPECT_EQ(areas.geometry_type, "MultiPolygon");
    ASSERT_EQ(areas.shapes.size(), 3u);
    EXPECT_EQ(areas.shapes[0].kind, Shape::Kind::Polygon);
    EXPECT_EQ(text(areas, 0, "id"), "a1");
    EXPECT_EQ(text(areas, 0, "grp"), "G");
    EXPECT_EQ(text(areas, 0, "point_source"), "supplied");
    // a1 at A: shop s1 at B is one minute away; only s1 lies within 1.5 minutes.
    EXPECT_DOUBLE_EQ(real(areas, 0, "population"), 100.0);
    EXPECT_NEAR(real(areas, 0, "shops_nearest_min"), 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(real(areas, 0, "shops_cum1p5"), 10.0);
    EXPECT_NEAR(real(areas, 0, "snap_m"), 0.0, 1e-9);
    // a2 at D, where s2 stands: nearest 0 minutes; s1 (2 minutes) is beyond 1.5.
    EXPECT_NEAR(real(areas, 1, "shops_nearest_min"), 0.0, 1e-9);
    EXPECT_DOUBLE_EQ(real(areas, 1, "shops_cum1p5"), 20.0);
    // a3 is 5 km from the road: unsnapped, so NULL measures, but its population is known.
    EXPECT_DOUBLE_EQ(real(areas, 2, "unsnapped"), 1.0);
    EXPECT_NEAR(real(areas, 2, "snap_m"), 5000.0, 1e-6);
    EXPECT_TRUE(std::isnan(real(areas, 2, "shops_nearest_min")));
    EXPECT_TRUE(std::isnan(real(areas, 2, "shops_cum1p5")));

    // Regions by containment: R1 holds a1 and a3 (unsnapped, so only a1 gives values).
    const auto& regions = layer(tables, "regions");
    ASSERT_EQ(regions.rows.size(), 2u);
    EXPECT_EQ(text(regions, 0, "id"), "R1");
    EXPECT_DOUBLE_EQ(real(regions, 0, "population"), 170.0);
    EXPECT_DOUBLE_EQ(real(regions, 0, "origins"), 2.0);
    EXPECT_DOUBLE_EQ(real(regions, 0, "unsnapped"), 1.0);
    EXPECT_NEAR(real(regions, 0, "shops_nearest_min"), 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(real(regions, 0, "shops_cum1p5"), 10.0);
    EXPECT_EQ(text(regions, 1, "id"), "R2");
    EXPECT_DOUBLE_EQ(real(regions, 1, "shops_cum1p5"), 20.0);
    EXPECT_EQ(regions.column("point_source"), -1);  // level 0 only
    EXPECT_EQ(regions.column("snap_m"), -1);

    // Groups by code, without geometry: G = a1 and a2, weighted by population 100 and 300.
    const auto& grp = layer(tables, "grp");
    EXPECT_EQ(grp.geometry_type, "None");
    EXPECT_TRUE(grp.shapes.empty());
    ASSERT_EQ(grp.rows.size(), 2u);
    EXPECT_EQ(text(grp, 0, "id"), "G");
    EXPECT_DOUBLE_EQ(real(grp, 0, "population"), 400.0);
    EXPECT_NEAR(real(grp, 0, "shops_nearest_min"), (100 * 1.0 + 300 * 0.0) / 400, 1e-9);  // 0.25
    EXPECT_DOUBLE_EQ(real(grp, 0, "shops_cum1p5"), (100 * 10.0 + 300 * 20.0) / 400);        // 17.5
    EXPECT_EQ(text(grp, 1, "id"), "H");
    EXPECT_DOUBLE_EQ(real(grp, 1, "population"), 70.0);
    EXPECT_TRUE(std::isnan(real(grp, 1, "shops_nearest_min")));

    const auto& shops = layer(tables, "destinations");
    ASSERT_EQ(shops.rows.size(), 2u);
    EXPECT_EQ(text(shops, 0, "id"), "s1");
    EXPECT_EQ(text(shops, 0, "service"), "shops");
    EXPECT_DOUBLE_EQ(real(shops, 1, "weight"), 20.0);
    EXPECT_DOUBLE_EQ(real(shops, 1, "snapped"), 1.0);
    ASSERT_EQ(shops.shapes.size(), 2u);
    EXPECT_EQ(shops.shapes[0].kind, Shape::Kind::Point);
    EXPECT_DOUBLE_EQ(shops.shapes[0].parts.at(0).at(0).x, 11000.0);

    const auto& measures = layer(tables, "measures");
    ASSERT_EQ(measures.rows.size(), 4u);  // two measures, the search limit, the aggregation rule
    EXPECT_EQ(text(measures, 0, "column"), "shops_nearest_min");
    EXPECT_EQ(text(measures, 1, "column"), "shops_cum1p5");
}

TEST_F(WorkflowAccess, WriterWritesTheTablesColumnsAndRows) {
    cfg.output = path("out.gpkg");
    const auto study = workflow::compute_access(cfg, ctx, g);
    {
        io::OutputSet set(cfg.output);
        workflow::write_access(study, cfg, ctx, set);
        set.commit();
    }
    for (const auto& t : study.tables()) {
        if (t.name == workflow::schema::access::kMeasuresLayer) continue;  // in the GeoPackage only
        std::ifstream csv(path("out_" + t.name + ".csv"));
        ASSERT_TRUE(csv) << t.name;
        std::string header;
        std::getline(csv, header);
        std::string expected;
        for (const auto& c : t.columns) expected += (expected.empty() ? "" : ",") + c.name;
        EXPECT_EQ(header, expected);
        std::size_t rows = 0;
        for (std::string line; std::getline(csv, line);) ++rows;
        EXPECT_EQ(rows, t.rows.size()) << t.name;
    }
    EXPECT_TRUE(fs::exists(path("out.gpkg.diagnostics.csv")));
}

TEST_F(WorkflowAccess, PointOriginsAndTheOdMatrix) {
    std::ofstream(path("points.csv")) << "code,easting,northing,pop\np1,10000,10000,5\np2,12000,10000,15\n";
    cfg.origins = path("points.csv");
    cfg.origin_points.clear();
    cfg.aggregate_to.clear();
    cfg.aggregate_id.clear();
    cfg.aggregate_name.clear();
    cfg.aggregate_code.clear();
    cfg.od_matrix = path("od.csv");
    const auto study = workflow::compute_access(cfg, ctx, g);
    const auto tables = study.tables();
    const auto& origins = layer(tables, "origins");
    EXPECT_EQ(origins.geometry_type, "Point");
    ASSERT_EQ(origins.rows.size(), 2u);
    EXPECT_EQ(text(origins, 0, "point_source"), "point");
    EXPECT_EQ(origins.column("grp"), -1);
    EXPECT_DOUBLE_EQ(real(origins, 1, "population"), 15.0);
    // p2 at C: s1 at B and s2 at D are each one minute away, both within 1.5 minutes.
    EXPECT_NEAR(real(origins, 1, "shops_nearest_min"), 1.0, 1e-9);
    EXPECT_DOUBLE_EQ(real(origins, 1, "shops_cum1p5"), 30.0);
    const auto& od = layer(tables, "od_matrix");
    EXPECT_EQ(column_names(od), (std::vector<std::string>{"origin_id", "destination_id", "service", "time_min"}));
    ASSERT_FALSE(od.rows.empty());
    EXPECT_EQ(text(od, 0, "origin_id"), "p1");
    EXPECT_EQ(text(od, 0, "destination_id"), "s1");
    EXPECT_NEAR(real(od, 0, "time_min"), 1.0, 1e-9);
}

TEST_F(WorkflowAccess, BadOptionsAreRefusedBeforeAnyInputIsRead) {
    cfg.measures = "nearest,gravity";
    EXPECT_THROW(workflow::compute_access(cfg, ctx, g), ConfigError);
    cfg.measures = "nearest";
    cfg.aggregate_id.clear();
    EXPECT_THROW(workflow::compute_access(cfg, ctx, g), ConfigError);
}

// Progress reaches a sink as GDAL's marks, 0% to 100% in order, each once: scripts and
// the Python logger see a whole line, not gaps when a search jumps two tenths at once.
TEST_F(WorkflowAccess, ProgressMarksReachTheSinkInOrderWithoutGaps) {
    std::vector<std::string> marks;
    ctx.quiet = false;
    ctx.sink = [&](workflow::LogLevel, const std::string& m) {
        if (!m.empty() && m.back() == '%') marks.push_back(m);
    };
    workflow::compute_access(cfg, ctx, g);
    const std::vector<std::string> expected = {"0%",  "10%", "20%", "30%", "40%", "50%",
                                               "60%", "70%", "80%", "90%", "100%"};
    EXPECT_EQ(marks, expected);
}
