// The report layer on tiny in-memory outputs: class breaks, NULL never coloured as 0,
// escaping, the y-flip of projected coordinates, simplification, and kind detection.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "midlink/report/charts.hpp"
#include "midlink/report/classify.hpp"
#include "midlink/report/credits.hpp"
#include "midlink/report/map_furniture.hpp"
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

TEST(ReportClasses, EqualIntervalJenksAndFixedBreaks) {
    EXPECT_EQ(equal_interval_classes({0, 1, 3, 10, kNull}, 5).breaks,
              (std::vector<double>{0, 2, 4, 6, 8, 10}));
    // Three clear groups: by hand, the least within-class sum of squares is 1-3 | 10-12 | 20-22
    // (each class's squared deviations 2, total 6; any other split is larger).
    EXPECT_EQ(jenks_classes({22, 1, 2, 3, 10, 11, 12, 20, 21, kNull}, 3).breaks,
              (std::vector<double>{1, 3, 12, 22}));
    // 1,2,4,5,7,8 against 30: one outlier is its own class.
    EXPECT_EQ(jenks_classes({1, 2, 4, 5, 7, 8, 30}, 2).breaks, (std::vector<double>{1, 8, 30}));
    // Fewer distinct values than classes: one class per value, no break inside a tie.
    EXPECT_EQ(jenks_classes({5, 5, 5, 9}, 4).breaks, (std::vector<double>{5, 9}));
    // Fixed: breaks outside the values' range are dropped, the range closes the ends.
    EXPECT_EQ(fixed_classes({5, 15, 25, 35}, {30, 10, 20, 50}).breaks,
              (std::vector<double>{5, 10, 20, 30, 35}));
    EXPECT_EQ(parse_classification("jenks"), Classification::Jenks);
    EXPECT_THROW(parse_classification("natural"), std::invalid_argument);
}

TEST(ReportClasses, LegendBreaksRoundedToTwoFiguresOfTheClassWidth) {
    Classes c;
    c.breaks = {0.123, 0.456, 0.987};
    EXPECT_EQ(rounded(c).breaks, (std::vector<double>{0.12, 0.46, 0.99}));
    c.breaks = {3.7, 1234.5, 98765.4};  // width 47,531: to the thousand, ends outward
    EXPECT_EQ(rounded(c).breaks, (std::vector<double>{0, 1000, 99000}));
    // make_classes: fixed breaks stay exact, the others are rounded.
    ClassOptions o;
    o.method = Classification::Fixed;
    o.breaks = {12.345};
    EXPECT_EQ(make_classes({1.0, 20.0}, o).breaks, (std::vector<double>{1, 12.345, 20}));
}

TEST(ReportMap, ScaleBarRoundsToOneTwoFive) {
    EXPECT_EQ(scale_bar_metres(3700), 2000);
    EXPECT_EQ(scale_bar_metres(999), 500);
    EXPECT_EQ(scale_bar_metres(1000), 1000);
    EXPECT_EQ(scale_bar_metres(12.5), 10);
    EXPECT_EQ(scale_bar_metres(7600), 5000);
    EXPECT_EQ(scale_bar_metres(0.3), 1);
    EXPECT_EQ(scale_bar_metres(0), 0);
    EXPECT_EQ(distance_label(2000), "2 km");
    EXPECT_EQ(distance_label(2500), "2.5 km");
    EXPECT_EQ(distance_label(500), "500 m");
    // A 20 km wide map: a quarter is 5 km, drawn 5 km long in SVG units.
    const MapFrame f = make_frame({0, 0, 20000, 10000}, 8000, 0.0);
    const std::string svg = map_furniture_svg(f, 10);
    EXPECT_NE(svg.find("<title>scale bar: 5 km</title>"), std::string::npos) << svg;
    EXPECT_NE(svg.find("width=\"1000\""), std::string::npos);  // half the bar: 2.5 km × 0.4
    EXPECT_NE(svg.find("class=\"northarrow\""), std::string::npos);
}

TEST(ReportCredits, GatheredFromInputPaths) {
    const auto credits = gather_credits(
        {"geodata/study/osm/rutland-latest.osm.pbf", "/data/ofcom/2021_coverage.csv",
         "geodata/study/srn/SRN_region_graph.csv",
         "../shared/geodata/drkane-geo-lookups/lsoa21/E06000017.geojson",
         "/x/os-openroads/roads.gpkg", "/tmp/out/access.gpkg"},
        {{"/s/ATTRIBUTION.md", "Bespoke survey data, courtesy of the council."},
         {"/s/x.licence", "© OpenStreetMap contributors, available under the Open Database "
                          "Licence (ODbL)."}});
    std::string all;
    for (const auto& c : credits) all += c.text + "\n";
    for (const char* want :
         {"© OpenStreetMap contributors", "Contains Ofcom data", "T. Strain, R. E. Wilson",
          "Contains National Statistics data © Crown copyright and database right",
          "Contains OS data © Crown copyright and database right",
          "Bespoke survey data, courtesy of the council."})
        EXPECT_NE(all.find(want), std::string::npos) << want;
    // Each line once: OS data is owed by Open Roads and by the ONS boundaries, and the
    // .licence file repeats the OSM line.
    std::size_t os = 0, osm = 0;
    for (const auto& c : credits) {
        os += c.text.rfind("Contains OS data", 0) == 0;
        osm += c.text.find("OpenStreetMap") != std::string::npos;
    }
    EXPECT_EQ(os, 1u);
    EXPECT_EQ(osm, 1u);
    EXPECT_TRUE(gather_credits({"/tmp/out/access.gpkg"}, {}).empty());
}

namespace {
// An access study with a LAD roll-up: the finest areas named LSOA21NM, two LADs named LAD24NM.
midlink::DatasetData rolled_up_dataset() {
    auto d = access_dataset();
    auto& areas = d.layers[0];
    areas.columns.push_back({"LSOA21NM", midlink::ColumnKind::String});
    const char* names[] = {"Oakham 001A", "Oakham 001B", "Ketton 002A", "Ketton 002B"};
    for (std::size_t i = 0; i < areas.rows.size(); ++i) areas.rows[i].emplace_back(std::string(names[i]));
    midlink::LayerData lad;
    lad.name = "lad";
    lad.geometry_type = "Multi Polygon";
    lad.crs = "EPSG:27700";
    lad.columns = {{"id", midlink::ColumnKind::String},         {"LAD24NM", midlink::ColumnKind::String},
                   {"population", midlink::ColumnKind::Real},   {"origins", midlink::ColumnKind::Integer},
                   {"unsnapped", midlink::ColumnKind::Integer}, {"unreachable", midlink::ColumnKind::Integer},
                   {"schools_nearest_min", midlink::ColumnKind::Real}};
    // West: 3 origins, 1 unreachable (2 of 3 reached). East: 4 origins, 3 unsnapped (1 of 4).
    lad.rows.push_back({std::string("E1"), std::string("West Shire"), 300.0, std::int64_t{3},
                        std::int64_t{0}, std::int64_t{1}, 7.5});
    lad.rows.push_back({std::string("E2"), std::string("East Shire"), 400.0, std::int64_t{4},
                        std::int64_t{3}, std::int64_t{0}, 20.0});
    lad.shapes = {square(500000, 300000, 2000), square(502000, 300000, 2000)};
    d.layers.insert(d.layers.begin() + 1, lad);
    return d;
}
}  // namespace

TEST(ReportHtml, RollUpCaveatsNamesOutlinesAndFurniture) {
    ReportInputs in;
    in.datasets.push_back(rolled_up_dataset());
    in.manifest = {{"inputs[0].path", "geodata/study/osm/rutland-latest.osm.pbf"}};
    in.manifest_found = true;
    const Report r = build_report(in, ReportOptions{});
    const std::string& h = r.html;
    // 2 + 1 of 7 origins reached; East Shire (1 of 4 = 25%) is below the default 50%.
    EXPECT_NE(h.find("3 of 7 origins (layer areas) reached the network."), std::string::npos)
        << h.substr(h.find("class=\"caveat\""), 500);
    EXPECT_NE(h.find("1 lad area has fewer than 50% of their origins reached"), std::string::npos);
    EXPECT_NE(h.find("E2 East Shire"), std::string::npos);  // named in the caveat and tooltips
    EXPECT_NE(h.find("class=\"caveat\""), std::string::npos);
    EXPECT_NE(h.find("<td>1 of 4</td><td>few origins reached: read with care</td>"), std::string::npos);
    EXPECT_NE(h.find("<td>2 of 3</td><td></td>"), std::string::npos);
    EXPECT_NE(h.find("<g fill=\"#c9c9c9\" class=\"flagged\"><use"), std::string::npos);
    // The flagged row is greyed out in the table, the other is not.
    EXPECT_NE(h.find("<tr class=\"flag\"><td>E2</td>"), std::string::npos) << h.substr(h.find("<tbody>"), 800);
    EXPECT_NE(h.find("<tr><td>E1</td>"), std::string::npos);
    // Names in the finest areas' tooltips, the LAD outlines drawn over them.
    EXPECT_NE(h.find("<title>B Oakham 001B: 10</title>"), std::string::npos);
    EXPECT_NE(h.find("class=\"outline\""), std::string::npos);
    EXPECT_NE(h.find("lad boundaries"), std::string::npos);
    // Every map has a scale bar and a north arrow; NULL has its own legend entry.
    const auto n = [&](const std::string& what) {
        std::size_t k = 0;
        for (auto p = h.find(what); p != std::string::npos; p = h.find(what, p + 1)) ++k;
        return k;
    };
    EXPECT_EQ(n("<svg class=\"map\""), r.maps);
    EXPECT_EQ(n("class=\"scalebar\""), r.maps);
    EXPECT_EQ(n("class=\"northarrow\""), r.maps);
    EXPECT_NE(h.find("no data (1)"), std::string::npos);
    // Credits from the manifest's inputs.
    EXPECT_NE(h.find("© OpenStreetMap contributors"), std::string::npos);
    EXPECT_NE(h.find("id=\"credits\""), std::string::npos);

    // A higher threshold flags West too; 0 flags nothing.
    ReportOptions strict;
    strict.min_reached_share = 0.7;
    EXPECT_NE(build_report(in, strict).html.find("2 lad areas have fewer than 70%"), std::string::npos);
    ReportOptions lax;
    lax.min_reached_share = 0.0;
    EXPECT_EQ(build_report(in, lax).html.find("class=\"flagged\""), std::string::npos);
    EXPECT_EQ(build_report(in, lax).html.find("<tr class=\"flag\">"), std::string::npos);
}
