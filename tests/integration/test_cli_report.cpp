// midlink report end to end: real outputs made by the CLI on Rutland (OSM graph, LSOAs,
// schools, two corridors, sampled centrality, gaps over a hand-made coverage layer), then
// one HTML page from the folder. The page must be self-contained, with maps, tables and
// captions; when Chromium is installed it is rendered headless and must not be blank.
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <tuple>

#include "rectangle_wkb.hpp"
#include "cli_runner.hpp"
#include "midlink/io/layer_writer.hpp"

using namespace midlink;
using namespace midlink::test;
namespace fs = std::filesystem;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size()))
        ++n;
    return n;
}

// The study folder, made once: graph, access, corridors, centrality, coverage, gaps, manifest.
const std::string& study() {
    static const std::string dir = [] {
        const std::string out = scratch().file("study");
        fs::create_directories(out);
        const std::string g = scratch().file("rutland.mlg");
        auto r = run_midlink("graph build --network " +
                             geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf") + " -o " + g +
                             " --quiet");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        r = run_midlink(
            "access " + g + " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
            " --origin-id LSOA21CD --population " +
            geodata("hack25usefuldata/derived-census21_pop_lsoa21.csv") +
            " --population-id lsoa21_code --population-field usual_residents --destinations " +
            geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv") +
            " --dest-name schools --measures 'nearest,cumulative:15|30,hansen:exp:0.08,2sfca:30' "
            "--aggregate-to " +
            geodata("ons-uk-topojson/derived-ltla-2024-midlands.geojson") +
            " --aggregate-id areacd --aggregate-name lad --aggregate-by LADCD_ACTIVE --quiet -o " +
            out + "/access.gpkg");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        const std::string yaml = scratch().file("rutland.yaml");
        std::ofstream(yaml) << "crs: EPSG:27700\ncorridors:\n"
                               "  - name: Oakham-Uppingham\n    mode: car\n    waypoints:\n"
                               "      - {name: Oakham, x: 485980, y: 308700}\n      - {name: "
                               "Uppingham, x: 486600, y: 299800}\n"
                               "  - name: Oakham-Ketton\n    mode: car\n    waypoints:\n"
                               "      - {name: Oakham, x: 485980, y: 308700}\n      - {name: "
                               "Ketton, x: 498200, y: 304400}\n";
        r = run_midlink("corridors " + g + " --corridors " + yaml + " --k 2 --top 5 --quiet -o " +
                        out + "/corridors.gpkg");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        r = run_midlink("centrality " + g + " --samples 40 --seed 1 --quiet -o " + out +
                        "/centrality.gpkg");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        {
            // Coverage as `midlink coverage` lays it out: west Rutland well served, east poorly.
            using io::FieldType;
            io::DatasetWriter w(out + "/coverage.gpkg", "EPSG:27700");
            w.begin_layer({"coverage",
                           io::GeometryKind::MultiPolygon,
                           {{"area_code", FieldType::String},
                            {"area_name", FieldType::String},
                            {"release", FieldType::String},
                            {"premises", FieldType::Real},
                            {"gigabit_premises", FieldType::Real},
                            {"gigabit_pct", FieldType::Real},
                            {"below_uso_pct", FieldType::Real}}});
            for (const auto& [release, east] :
                 {std::pair{"2019", 50.0}, std::pair{"2021", 100.0}}) {
                w.add_wkb(rectangle_wkb(470000, 290000, 490000, 320000),
                          {std::string("W"), std::string("West <Rutland>"), std::string(release),
                           1000.0, 900.0, 90.0, 1.0});
                w.add_wkb(rectangle_wkb(490000, 290000, 510000, 320000),
                          {std::string("E"), std::string("East & Ketton"), std::string(release),
                           1000.0, east, east / 10.0, 8.0});
            }
            w.begin_layer({"trend",
                           io::GeometryKind::MultiPolygon,
                           {{"area_code", FieldType::String},
                            {"area_name", FieldType::String},
                            {"gigabit_from", FieldType::String},
                            {"gigabit_to", FieldType::String},
                            {"gigabit_pct_from", FieldType::Real},
                            {"gigabit_pct_to", FieldType::Real},
                            {"gigabit_change_pp", FieldType::Real}}});
            w.add_wkb(rectangle_wkb(470000, 290000, 490000, 320000),
                      {std::string("W"), std::string("West <Rutland>"), std::string("2019"),
                       std::string("2021"), 90.0, 90.0, 0.0});
            w.add_wkb(rectangle_wkb(490000, 290000, 510000, 320000),
                      {std::string("E"), std::string("East & Ketton"), std::string("2019"),
                       std::string("2021"), 5.0, 10.0, 5.0});
            w.begin_layer({"coverage_columns",
                           io::GeometryKind::None,
                           {{"column", FieldType::String},
                            {"definition", FieldType::String},
                            {"source", FieldType::String}}});
            w.add({std::string("gigabit_pct"),
                   std::string("percent of premises, gigabit-capable: download >= 1 Gbit/s"),
                   std::string("official")});
            w.commit();
        }
        {
            // Towns as a point layer with names: labelled on the maps.
            using io::FieldType;
            io::DatasetWriter w(out + "/places.gpkg", "EPSG:27700");
            w.begin_layer({"places", io::GeometryKind::Point, {{"name", FieldType::String}}});
            for (const auto& [name, x, y] : {std::tuple{"Oakham", 485980.0, 308700.0},
                                             std::tuple{"Uppingham", 486600.0, 299800.0}}) {
                w.add(midlink::Point{x, y}, {std::string(name)});
            }
            w.commit();
        }
        r = run_midlink("gaps --corridors " + out + "/corridors.gpkg --coverage " + out +
                        "/coverage.gpkg --segment-km 1 --buffer-km 1 --threshold 50 --quiet -o " +
                        out + "/gaps.gpkg");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        std::ofstream(out + "/manifest.json")
            << R"({"version": "0.1.0", "inputs": [{"path": "rutland-latest.osm.pbf", "sha": "abc"}]})";
        return out;
    }();
    return dir;
}

const std::string& report_html() {
    static const std::string path = [] {
        const std::string p = scratch().file("report.html");
        const auto r =
            run_midlink("report " + study() + " -o " + p + " --title 'Rutland <test> & study'");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return p;
    }();
    return path;
}

std::string chromium() {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        const std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
        if (std::system(cmd.c_str()) == 0) return name;
    }
    return "";
}

std::string chromium_flags() {
    return " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
           "--hide-scrollbars"
           " --user-data-dir=" +
           scratch().file("chromium-profile");
}
}  // namespace

TEST(CliReport, FolderOfRealOutputsGivesOneSelfContainedPage) {
    const std::string html = slurp(report_html());
    ASSERT_FALSE(html.empty());
    EXPECT_LT(html.size(), 10u * 1000 * 1000);
    // Maps: svg elements with geometry, areas as shared paths used by the choropleths.
    EXPECT_GE(count(html, "<svg class=\"map\""),
              6u);  // 4 access + LAD + coverage + gaps + corridors + centrality
    EXPECT_GE(count(html, "<path id=\"g0_"), 26u);  // the 26 Rutland LSOAs
    EXPECT_GE(count(html, "<use href="), 26u * 4);
    EXPECT_GE(count(html, "<table>"), 6u);
    // Every figure has a caption with its data, and the CRS.
    EXPECT_EQ(count(html, "<figure"), count(html, "<figcaption>"));
    EXPECT_NE(html.find("access.gpkg, layer areas, column schools_nearest_min"), std::string::npos);
    EXPECT_NE(html.find("time to the nearest"),
              std::string::npos);  // the definition from the measures table
    EXPECT_NE(html.find("EPSG:27700 (British National Grid)"), std::string::npos);
    for (const char* section : {"id=\"access\"", "id=\"coverage\"", "id=\"corridors\"",
                                "id=\"gaps\"", "id=\"centrality\"", "id=\"manifest\""}) {
        EXPECT_NE(html.find(section), std::string::npos) << section;
    }
    // Corridor map: the two routes and their critical links over area outlines.
    EXPECT_NE(html.find("route: Oakham-Uppingham"), std::string::npos);
    EXPECT_NE(html.find("critical links"), std::string::npos);
    EXPECT_NE(html.find("digital gap runs"), std::string::npos);
    // Only the 2021 release is mapped; names escaped; the absent scenario ranking said.
    EXPECT_NE(html.find("release 2021"), std::string::npos);
    EXPECT_EQ(html.find("release 2019"), std::string::npos);
    EXPECT_NE(html.find("gigabit coverage, first release against last (trend)"), std::string::npos);
    EXPECT_NE(html.find("column gigabit_change_pp"), std::string::npos);
    EXPECT_NE(html.find("West &lt;Rutland&gt;"), std::string::npos);
    EXPECT_NE(html.find("<title>Rutland &lt;test&gt; &amp; study</title>"), std::string::npos);
    EXPECT_NE(html.find("no scenario ranking"), std::string::npos);
    EXPECT_NE(html.find("inputs[0].sha"), std::string::npos);  // the manifest, flattened
    // Self-contained: nothing fetched when opened.
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("url(http"), std::string::npos);
}

TEST(CliReport, ExplicitFilesAndBadInput) {
    const std::string out = scratch().file("corridors-only.html");
    auto r = run_midlink("report " + study() + "/corridors.gpkg " + study() + "/gaps.gpkg -o " +
                         out + " --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string html = slurp(out);
    EXPECT_NE(html.find("id=\"corridors\""), std::string::npos);
    EXPECT_EQ(html.find("id=\"access\""), std::string::npos);
    EXPECT_NE(html.find("no accessibility"), std::string::npos);
    EXPECT_NE(html.find("no run manifest"), std::string::npos);

    // In a folder, a broken GeoPackage or manifest is said in the report and skipped; named
    // on the command line, it is an error.
    const std::string mixed = scratch().file("mixed");
    fs::create_directories(mixed);
    fs::copy_file(study() + "/corridors.gpkg", mixed + "/corridors.gpkg",
                  fs::copy_options::overwrite_existing);
    std::ofstream(mixed + "/broken.gpkg") << "not a geopackage";
    std::ofstream(mixed + "/manifest.json") << "{ not json";
    r = run_midlink("report " + mixed + " -o " + mixed + "/r.html --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string mixed_html = slurp(mixed + "/r.html");
    EXPECT_NE(mixed_html.find("broken.gpkg: not read"), std::string::npos);
    EXPECT_NE(mixed_html.find("manifest.json: not read"), std::string::npos);
    EXPECT_NE(mixed_html.find("id=\"corridors\""), std::string::npos);
    r = run_midlink("report " + mixed + "/broken.gpkg -o " + scratch().file("x.html"));
    EXPECT_EQ(r.exit_code, 3) << r.output;

    r = run_midlink("report " + scratch().file("no-such-folder") + " -o " +
                    scratch().file("x.html"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    const std::string empty = scratch().file("empty");
    fs::create_directories(empty);
    r = run_midlink("report " + empty + " -o " + scratch().file("x.html"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no GeoPackage"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(scratch().file("x.html")));
    r = run_midlink("report " + study() + " -o " + scratch().file("no-such-folder/x.html"));
    EXPECT_EQ(r.exit_code, 5) << r.output;
}

TEST(CliReport, ClassificationFlagsAndPdf) {
    const std::string out = scratch().file("jenks.html");
    auto r = run_midlink("report " + study() + " -o " + out +
                         " --classification jenks --min-reached-share 0.9 --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(slurp(out).find("natural-breaks (Jenks) classes"), std::string::npos);
    r = run_midlink("report " + study() + " -o " + out + " --breaks 5,10,20 --quiet");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(slurp(out).find("classes at fixed breaks"), std::string::npos);
    r = run_midlink("report " + study() + " -o " + out + " --classification fixed --quiet");
    EXPECT_EQ(r.exit_code, 2) << r.output;  // fixed needs --breaks
    r = run_midlink("report " + study() + " -o " + out + " --classification natural --quiet");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    const std::string pdf_html = scratch().file("printed.html");
    r = run_midlink("report " + study() + " -o " + pdf_html + " --pdf --quiet");
    if (chromium().empty()) {
        EXPECT_EQ(r.exit_code, 2) << r.output;
        EXPECT_NE(r.output.find("Chromium"), std::string::npos) << r.output;
        EXPECT_FALSE(fs::exists(pdf_html));
        return;
    }
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string pdf = slurp(scratch().file("printed.pdf"));
    EXPECT_EQ(pdf.rfind("%PDF", 0), 0u);
    EXPECT_GT(pdf.size(), 10000u);
    EXPECT_TRUE(fs::exists(pdf_html));
}

TEST(CliReport, HeadlessChromiumRendersMapsAndTables) {
    const std::string browser = chromium();
    if (browser.empty()) GTEST_SKIP() << "chromium not installed (Debian package chromium)";
    const std::string html = report_html();
    const std::string png = scratch().file("report.png");
    const std::string dom = scratch().file("report.dom.html");
    int rc = std::system(("timeout 180 " + browser + chromium_flags() +
                          " --window-size=1280,2000 --screenshot=" + png + " file://" + html +
                          " >/dev/null 2>&1")
                             .c_str());
    ASSERT_EQ(rc, 0) << "chromium --screenshot failed";
    rc = std::system(("timeout 180 " + browser + chromium_flags() + " --dump-dom file://" + html +
                      " > " + dom + " 2>/dev/null")
                         .c_str());
    ASSERT_EQ(rc, 0) << "chromium --dump-dom failed";

    // The DOM Chromium built holds the maps (with their geometry) and the tables.
    const std::string d = slurp(dom);
    EXPECT_GE(count(d, "<svg class=\"map\""), 6u);
    EXPECT_GE(count(d, "<use href="), 26u);
    EXPECT_GE(count(d, "<table>"), 6u);
    EXPECT_NE(d.find("Rutland &lt;test&gt; &amp; study"), std::string::npos);
    // What makes it a council's report: names (coverage areas' names in tooltips, towns
    // labelled), a scale bar and north arrow on every map, a legend with "no data", the
    // data credits (OSM, from the manifest's input) and the roll-up caveat.
    EXPECT_NE(d.find("West &lt;Rutland&gt;"), std::string::npos);
    EXPECT_GE(count(d, ">Oakham</text>"), 2u);
    const std::size_t maps = count(d, "<svg class=\"map\"");
    EXPECT_EQ(count(d, "class=\"scalebar\""), maps);
    EXPECT_EQ(count(d, "class=\"northarrow\""), maps);
    EXPECT_NE(d.find("<title>scale bar: "), std::string::npos);
    EXPECT_GE(count(d, "class=\"legend\""), maps);
    EXPECT_NE(d.find("no data ("), std::string::npos);
    EXPECT_NE(d.find("id=\"credits\""), std::string::npos);
    EXPECT_NE(d.find("© OpenStreetMap contributors"), std::string::npos);
    EXPECT_NE(d.find("class=\"caveat\""), std::string::npos);
    EXPECT_TRUE(std::regex_search(d, std::regex("\\d+ of \\d+ origins \\(layer areas\\) reached the network")));

    // The screenshot is not blank: many pixels are not white, and many are map colours.
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER));
    ASSERT_TRUE(ds) << png;
    const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
    ASSERT_GE(ds->GetRasterCount(), 3);
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * h * 3);
    ASSERT_EQ(
        ds->RasterIO(GF_Read, 0, 0, w, h, rgb.data(), w, h, GDT_Byte, 3, nullptr, 3, 3 * w, 1),
        CE_None);
    std::size_t non_white = 0, coloured = 0;
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
        const int r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
        non_white += (r < 245 || g < 245 || b < 245);
        coloured +=
            (std::max({r, g, b}) - std::min({r, g, b}) > 40);  // saturated: palette, not text
    }
    const double pixels = static_cast<double>(w) * h;
    EXPECT_GT(non_white / pixels, 0.05) << non_white << " non-white of " << pixels;
    EXPECT_GT(coloured / pixels, 0.01) << coloured << " coloured of " << pixels;
}
