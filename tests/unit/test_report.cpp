// The report layer on tiny in-memory outputs: class breaks, NULL never coloured as 0,
// escaping, the y-flip of projected coordinates, simplification, and kind detection.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "midlink/report/charts.hpp"
#include "midlink/report/classify.hpp"
#include "midlink/report/html.hpp"
#include "midlink/report/report_builder.hpp"
#include "midlink/report/svg_geometry.hpp"

using namespace midlink;
using namespace midlink::report;

namespace {
const double kNull = std::nan("");

midlink::Shape square(double x0, double y0, double size) {
    midlink::Shape s;
    s.kind = midlink::Shape::Kind::Polygon;
    s.parts.push_back(
        {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}});
    return s;
}

// An access-like output: four 1 km squares, one unreachable (NULL), names that need escaping.
midlink::DatasetData access_dataset() {
    midlink::DatasetData d;
    d.path = "/tmp/out/access.gpkg";
    midlink::LayerData areas;
    areas.name = "areas";
    areas.geometry_type = "Multi Polygon";
    areas.crs = "EPSG:27700";
    areas.columns = {
        {"id", midlink::ColumnKind::String},           {"population", midlink::ColumnKind::Real},
        {"origins", midlink::ColumnKind::Integer},     {"unsnapped", midlink::ColumnKind::Integer},
        {"unreachable", midlink::ColumnKind::Integer}, {"schools_nearest_min", midlink::ColumnKind::Real}};
    const std::vector<std::string> ids{"A<&\">", "B", "C", "D"};
    const std::vector<double> minutes{5.0, 10.0, kNull, 20.0};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        midlink::CellValue v = std::isnan(minutes[i]) ? midlink::CellValue{} : midlink::CellValue{minutes[i]};
        areas.rows.push_back({ids[i], 100.0, std::int64_t{1}, std::int64_t{0},
                              std::int64_t{std::isnan(minutes[i]) ? 1 : 0}, v});
        areas.shapes.push_back(
            square(500000.0 + 1000.0 * static_cast<double>(i), 300000.0, 1000.0));
    }
    midlink::LayerData measures;
    measures.name = "measures";
    measures.geometry_type = "None";
    measures.columns = {{"column", midlink::ColumnKind::String},
                        {"definition", midlink::ColumnKind::String},
                        {"null_means", midlink::ColumnKind::String}};
    measures.rows.push_back({std::string("schools_nearest_min"),
                             std::string("minutes to the nearest school <by car>"),
                             std::string("unsnapped, or no destination within the search limit")});
    d.layers = {areas, measures};
    return d;
}
}  // namespace

TEST(ReportClasses, QuantileBreaksByNearestRank) {
    const auto c = quantile_classes({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 3, 5, 6, 8, 10}));
    EXPECT_EQ(c.count(), 5u);
    EXPECT_EQ(c.class_of(1), 0);
    EXPECT_EQ(c.class_of(3), 0);  // a break belongs to the class below it
    EXPECT_EQ(c.class_of(3.5), 1);
    EXPECT_EQ(c.class_of(10), 4);
    EXPECT_EQ(c.class_of(kNull), -1);
}

TEST(ReportClasses, TiesMergeAndNullsStayOut) {
    const auto c = quantile_classes({0, 0, 0, 0, 5, kNull, kNull}, 4);
    EXPECT_EQ(c.breaks, (std::vector<double>{0, 5}));
    std::size_t nulls = 0;
    const auto counts = class_counts(c, {0, 0, 0, 0, 5, kNull, kNull}, nulls);
    EXPECT_EQ(nulls, 2u);
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts[0], 5u);  // zeros are a value, in the class; NULLs are not

    const auto one = quantile_classes({2, 2}, 5);
    EXPECT_EQ(one.count(), 1u);
    EXPECT_EQ(one.class_of(2), 0);
    EXPECT_EQ(quantile_classes({kNull}, 5).count(), 0u);
}

TEST(ReportHtml, EscapesMarkupAndFormatsNumbers) {
    EXPECT_EQ(escape("<a & \"b\" 'c'>"), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
    EXPECT_EQ(format_number(1234567.0), "1,234,567");
    EXPECT_EQ(format_number(12.345), "12.3");
    EXPECT_EQ(format_number(-1500.0), "-1,500");
    EXPECT_EQ(format_number(kNull), "NULL");
}

TEST(ReportSvg, FlipsNorthingSoNorthIsUp) {
    BBox b;
    b.expand({400000, 200000});
    b.expand({401000, 200500});
    const MapFrame f = make_frame(b, 100.0, 0.0);
    EXPECT_DOUBLE_EQ(f.width, 100.0);
    EXPECT_DOUBLE_EQ(f.height, 50.0);
    const Point nw = f.to_svg({400000, 200500});
    const Point se = f.to_svg({401000, 200000});
    EXPECT_DOUBLE_EQ(nw.x, 0.0);
    EXPECT_DOUBLE_EQ(nw.y, 0.0);  // the northern edge at the top
    EXPECT_DOUBLE_EQ(se.x, 100.0);
    EXPECT_DOUBLE_EQ(se.y, 50.0);

    midlink::Shape line;
    line.kind = midlink::Shape::Kind::Line;
    line.parts.push_back({{400000, 200500}, {401000, 200000}});
    EXPECT_EQ(path_data(line, f, 0.5), "M0 0l100 50");  // south-east is down and right
    const std::string sq = path_data(square(400000, 200000, 500), f, 0.5);
    EXPECT_EQ(sq, "M0 50l50 0 0-50-50 0z");
}

TEST(ReportSvg, DouglasPeuckerDropsPointsWithinTolerance) {
    const LineString straight{{0, 0}, {1, 0.1}, {2, -0.1}, {3, 0}};
    EXPECT_EQ(douglas_peucker(straight, 0.5).size(), 2u);
    const LineString peak{{0, 0}, {1, 5}, {2, 0}};
    EXPECT_EQ(douglas_peucker(peak, 0.5).size(), 3u);
    // A polygon smaller than the tolerance keeps a visible triangle rather than vanishing.
    BBox b;
    b.expand({0, 0});
    b.expand({100000, 100000});
    const MapFrame f = make_frame(b, 1000.0, 0.0);
    const std::string tiny = path_data(square(50000, 50000, 150), f, 5.0);
    EXPECT_FALSE(tiny.empty());
    EXPECT_NE(tiny.find('z'), std::string::npos);
}

TEST(ReportHtml, ChoroplethHatchesNullAndEscapesNames) {
    ReportInputs in;
    in.title = "Test <report>";
    in.source = "/tmp/out";
    in.datasets.push_back(access_dataset());
    const Report r = build_report(in, ReportOptions{});
    const std::string& h = r.html;
    EXPECT_EQ(r.maps, 1u);
    EXPECT_GE(r.tables, 1u);
    EXPECT_NE(h.find("<title>Test &lt;report&gt;</title>"), std::string::npos);
    EXPECT_EQ(h.find("A<&\">"), std::string::npos);  // never raw
    EXPECT_NE(h.find("A&lt;&amp;&quot;&gt;"), std::string::npos);
    EXPECT_NE(h.find("&lt;by car&gt;"),
              std::string::npos);  // the definition, escaped, in the caption
    // The unreachable area sits in the hatched NULL group, counted in the legend.
    const std::regex null_group("<g fill=\"url\\(#hatch\\)\" class=\"null\"><use href=\"#g0_2\"");
    EXPECT_TRUE(std::regex_search(h, null_group));
    EXPECT_NE(h.find("NULL: 1 area (1 with unreachable origins, 0 with unsnapped origins)"),
              std::string::npos);
    // Three non-NULL values: quantile breaks 5, 10, 20, with the legend's unit.
    EXPECT_NE(h.find("5 – 10"), std::string::npos);
    EXPECT_NE(h.find("10 – 20"), std::string::npos);
    EXPECT_NE(h.find("schools_nearest_min (minutes)"), std::string::npos);
    EXPECT_NE(h.find("<figcaption>"), std::string::npos);
    EXPECT_NE(h.find("EPSG:27700"), std::string::npos);
    EXPECT_NE(h.find("no broadband coverage"), std::string::npos);  // what was absent is said
    EXPECT_EQ(h.find("http://"), std::string::npos);
    EXPECT_EQ(h.find("https://"), std::string::npos);
    EXPECT_EQ(h.find("<script"), std::string::npos);
    // Every area has its geometry defined once and used by the map.
    for (int i = 0; i < 4; ++i)
        EXPECT_NE(h.find("<path id=\"g0_" + std::to_string(i) + "\""), std::string::npos) << i;
}

TEST(ReportKinds, DetectedByLayerNamesNotFileNames) {
    midlink::DatasetData d;
    d.path = "/tmp/whatever.gpkg";
    midlink::LayerData corridors;
    corridors.name = "corridors";
    midlink::LayerData critical;
    critical.name = "critical_links";
    d.layers = {corridors, critical};
    EXPECT_EQ(detect_kinds(d), (std::vector<OutputKind>{OutputKind::Corridors}));
    EXPECT_EQ(detect_kinds(access_dataset()), (std::vector<OutputKind>{OutputKind::Access}));
    midlink::DatasetData unknown;
    unknown.layers.push_back(midlink::LayerData{"edges", "LineString"});
    EXPECT_TRUE(detect_kinds(unknown).empty());
}

TEST(ReportHtml, ScenarioRankingTableAndBeforeAfter) {
    midlink::DatasetData d;
    d.path = "RANKING.gpkg";
    midlink::LayerData ranking;
    ranking.name = "ranking";
    ranking.geometry_type = "None";
    ranking.columns = {{"scenario", midlink::ColumnKind::String},
                       {"cost_gbp", midlink::ColumnKind::Real},
                       {"benefit_per_million", midlink::ColumnKind::Real},
                       {"rank", midlink::ColumnKind::Integer}};
    ranking.rows = {{std::string("bypass"), 2e6, 3.0, std::int64_t{2}},
                    {std::string("fibre & <poles>"), 1e6, 9.0, std::int64_t{1}}};
    midlink::LayerData diff;
    diff.name = "difference_bypass";
    diff.geometry_type = "MultiPolygon";
    diff.crs = "EPSG:27700";
    diff.columns = {{"id", midlink::ColumnKind::String},
                    {"time_before", midlink::ColumnKind::Real},
                    {"time_after", midlink::ColumnKind::Real}};
    for (int i = 0; i < 3; ++i) {
        diff.rows.push_back({std::string("E0") + std::to_string(i), 10.0 + i, 9.0 + i});
        diff.shapes.push_back(square(1000.0 * i, 0, 1000));
    }
    d.layers = {ranking, diff};
    const Report r = build_report(ReportInputs{"t", "x", "", {d}}, ReportOptions{});
    EXPECT_NE(r.html.find("fibre &amp; &lt;poles&gt;"), std::string::npos);
    // Rank 1 first in the table.
    EXPECT_LT(r.html.find("<td>fibre"), r.html.find("<td>bypass"));
    EXPECT_NE(r.html.find("time: before and after"), std::string::npos);
    EXPECT_EQ(r.maps, 2u);  // time_before, time_after
}
