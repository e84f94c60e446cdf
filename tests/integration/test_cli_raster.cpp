// midlink raster on real data: Rutland's OSM network and the GIAS schools, checked
// against `midlink route` from cell centres and read back with GDAL and gdalinfo.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {
const std::string kSchoolsCsv = geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv");

struct Raster {
    int cols = 0, rows = 0;
    double gt[6] = {};
    double nodata = 0;
    int overviews = 0;
    std::string epsg;
    std::string units;
    std::vector<float> values;
    [[nodiscard]] float at(int c, int r) const { return values[std::size_t(r) * cols + c]; }
    [[nodiscard]] double centre_x(int c) const { return gt[0] + (c + 0.5) * gt[1]; }
    [[nodiscard]] double centre_y(int r) const { return gt[3] + (r + 0.5) * gt[5]; }
};

Raster read_raster(const std::string& path) {
    GDALAllRegister();
    Raster out;
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds) return out;
    out.cols = ds->GetRasterXSize();
    out.rows = ds->GetRasterYSize();
    ds->GetGeoTransform(out.gt);
    if (const auto* srs = ds->GetSpatialRef(); srs && srs->GetAuthorityCode(nullptr)) out.epsg = srs->GetAuthorityCode(nullptr);
    auto* band = ds->GetRasterBand(1);
    out.nodata = band->GetNoDataValue();
    out.overviews = band->GetOverviewCount();
    if (const char* u = band->GetMetadataItem("units")) out.units = u;
    out.values.resize(std::size_t(out.cols) * out.rows);
    if (band->RasterIO(GF_Read, 0, 0, out.cols, out.rows, out.values.data(), out.cols, out.rows, GDT_Float32, 0, 0) != CE_None) {
        out.values.clear();
    }
    return out;
}

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool q = false;
    for (char c : line) {
        if (c == '"') q = !q;
        else if (c == ',' && !q) {
            out.push_back(cur);
            cur.clear();
        } else if (c != '\r') cur += c;
    }
    out.push_back(cur);
    return out;
}

// School points (easting, northing) within `margin` of the raster.
std::vector<std::pair<double, double>> schools_near(const Raster& r, double margin) {
    std::ifstream in(kSchoolsCsv);
    std::string line;
    std::getline(in, line);
    const auto header = split(line);
    std::size_t ie = 0, in_ = 0;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == "easting") ie = i;
        if (header[i] == "northing") in_ = i;
    }
    const double x0 = r.gt[0] - margin, x1 = r.gt[0] + r.cols * r.gt[1] + margin;
    const double y1 = r.gt[3] + margin, y0 = r.gt[3] + r.rows * r.gt[5] - margin;
    std::vector<std::pair<double, double>> out;
    while (std::getline(in, line)) {
        const auto f = split(line);
        if (f.size() <= std::max(ie, in_) || f[ie].empty() || f[in_].empty()) continue;
        const double x = std::stod(f[ie]), y = std::stod(f[in_]);
        if (x == 0 && y == 0) continue;
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1) out.emplace_back(x, y);
    }
    return out;
}

int cell_of(const Raster& r, double x, double y, int* row) {
    *row = static_cast<int>(std::floor((y - r.gt[3]) / r.gt[5]));
    return static_cast<int>(std::floor((x - r.gt[0]) / r.gt[1]));
}
}  // namespace

TEST(CliRaster, RutlandSchoolsAt200mMatchRoutesFromCellCentres) {
    const auto g = rutland_graph();
    const auto tif = scratch().file("rutland_schools.tif");
    const auto run = run_midlink("raster " + g + " --destinations " + kSchoolsCsv + " --cell 200 -o " + tif);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("cells/s"), std::string::npos) << run.output;

    const auto r = read_raster(tif);
    ASSERT_GT(r.cols, 50);
    ASSERT_GT(r.rows, 50);
    ASSERT_FALSE(r.values.empty());
    EXPECT_EQ(r.epsg, "27700");
    EXPECT_EQ(r.gt[1], 200);
    EXPECT_EQ(r.gt[5], -200);
    EXPECT_EQ(std::fmod(r.gt[0], 200.0), 0.0);  // the default extent is aligned to the cell size
    EXPECT_GE(r.overviews, 1);
    EXPECT_EQ(r.nodata, -9999.0);
    EXPECT_EQ(r.units, "minutes");

    std::size_t nodata = 0, valued = 0;
    for (float v : r.values) {
        if (v == -9999.0f) ++nodata;
        else {
            ++valued;
            EXPECT_GE(v, 0.0f);
            EXPECT_LT(v, 60.0f);  // nothing in Rutland is an hour from a school
        }
    }
    EXPECT_GT(nodata, 0u);
    EXPECT_GT(valued, r.values.size() / 4);
    // The middle of Rutland Water is far from any road: nodata, never 0.
    int row = 0;
    const int col = cell_of(r, 493000, 307500, &row);  // about 580 m from the nearest road
    ASSERT_GE(col, 0);
    ASSERT_LT(col, r.cols);
    EXPECT_EQ(r.at(col, row), -9999.0f);
    // Oakham town centre is on the network and minutes from a school.
    const int oc = cell_of(r, 485950, 308850, &row);
    EXPECT_GE(r.at(oc, row), 0.0f);
    EXPECT_LT(r.at(oc, row), 5.0f);

    // Six valued cells spread over the raster: each equals the quickest `midlink route`
    // from its centre to any school that could snap (within 1 km of the raster).
    const auto schools = schools_near(r, 1000);
    ASSERT_GT(schools.size(), 10u);
    std::vector<std::pair<int, int>> cells;
    for (std::size_t i = r.values.size() / 7; i < r.values.size() && cells.size() < 6; i += r.values.size() / 9 + 13) {
        std::size_t k = i;
        while (k < r.values.size() && r.values[k] == -9999.0f) ++k;
        if (k < r.values.size()) cells.emplace_back(static_cast<int>(k % r.cols), static_cast<int>(k / r.cols));
        i = k;
    }
    ASSERT_EQ(cells.size(), 6u);
    const auto pairs = scratch().file("raster_pairs.csv");
    {
        std::ofstream f(pairs);
        f.precision(12);
        f << "id,from_x,from_y,to_x,to_y\n";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            for (std::size_t s = 0; s < schools.size(); ++s) {
                f << c << "_" << s << ',' << r.centre_x(cells[c].first) << ',' << r.centre_y(cells[c].second) << ','
                  << schools[s].first << ',' << schools[s].second << '\n';
            }
        }
    }
    const auto routes = scratch().file("raster_routes.csv");
    const auto rr = run_midlink("route " + g + " --pairs " + pairs + " -o " + routes + " --quiet");
    ASSERT_EQ(rr.exit_code, 0) << rr.output;
    std::map<int, double> best_s;
    std::ifstream in(routes);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto f = split(line);
        if (f.size() < 4 || f[3] != "ok") continue;
        const int c = std::stoi(f[0].substr(0, f[0].find('_')));
        const double t = std::stod(f[1]);
        auto [it, inserted] = best_s.emplace(c, t);
        if (!inserted) it->second = std::min(it->second, t);
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        ASSERT_TRUE(best_s.count(static_cast<int>(c))) << "cell " << c << " reached no school by route";
        // route prints seconds to 0.1 s.
        EXPECT_NEAR(r.at(cells[c].first, cells[c].second) * 60.0, best_s[static_cast<int>(c)], 0.06)
            << "cell " << cells[c].first << "," << cells[c].second;
    }

    // gdalinfo reads it and sees the CRS and the overviews.
    const std::string info = scratch().file("gdalinfo.txt");
    ASSERT_EQ(std::system(("gdalinfo " + tif + " > " + info + " 2>&1").c_str()), 0);
    std::stringstream text;
    text << std::ifstream(info).rdbuf();
    EXPECT_NE(text.str().find("27700"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("Overviews:"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("NoData Value=-9999"), std::string::npos) << text.str();
}

// A cut-off and an extent: the same cells as the full raster where within the limit,
// nodata beyond it.
TEST(CliRaster, MaxMinutesAndExtentGiveTheSameCellsOrNodata) {
    const auto g = rutland_graph();
    const auto full = scratch().file("full.tif");
    const auto cut = scratch().file("cut.tif");
    const std::string common = "raster " + g + " --destinations " + kSchoolsCsv + " --cell 200 --quiet";
    ASSERT_EQ(run_midlink(common + " -o " + full).exit_code, 0);
    const auto a = read_raster(full);
    ASSERT_FALSE(a.values.empty());
    // A 10 x 8 km window inside the full raster, on the same cell grid.
    const double x0 = a.gt[0] + 20 * 200, y1 = a.gt[3] - 20 * 200;
    std::ostringstream extent;
    extent.precision(12);
    extent << x0 << "," << (y1 - 8000) << "," << (x0 + 10000) << "," << y1;
    const auto r = run_midlink(common + " --extent " + extent.str() + " --max-minutes 3 -o " + cut);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto b = read_raster(cut);
    ASSERT_EQ(b.cols, 50);
    ASSERT_EQ(b.rows, 40);
    std::size_t within = 0, beyond = 0;
    for (int row = 0; row < b.rows; ++row) {
        for (int col = 0; col < b.cols; ++col) {
            const float whole = a.at(col + 20, row + 20);
            const float part = b.at(col, row);
            if (whole != -9999.0f && whole <= 3.0f) {
                EXPECT_EQ(part, whole);
                ++within;
            } else {
                EXPECT_EQ(part, -9999.0f);
                beyond += whole != -9999.0f;
            }
        }
    }
    EXPECT_GT(within, 0u);
    EXPECT_GT(beyond, 0u);
}

TEST(CliRaster, BadInputIsRefusedBeforeAnyLongStep) {
    const auto g = rutland_graph();
    auto r = run_midlink("raster " + g + " --destinations " + scratch().file("no_such_schools.csv") + " --cell 200 -o " +
                         scratch().file("x.tif"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("no_such_schools.csv"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("reading destinations"), std::string::npos) << r.output;
    for (const std::string cell : {"0", "-5", "nan"}) {
        r = run_midlink("raster " + g + " --destinations " + kSchoolsCsv + " --cell=" + cell + " -o " + scratch().file("x.tif"));
        EXPECT_EQ(r.exit_code, 2) << cell << ": " << r.output;
        EXPECT_NE(r.output.find("--cell"), std::string::npos) << r.output;
        EXPECT_EQ(r.output.find("reading destinations"), std::string::npos) << r.output;
    }
    r = run_midlink("raster " + g + " --destinations " + kSchoolsCsv + " --cell 200 --extent 1,2,3 -o " + scratch().file("x.tif"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    r = run_midlink("raster " + g + " --destinations " + kSchoolsCsv + " --cell 200 --category Primary -o " + scratch().file("x.tif"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    // A category value no school has names the values that exist.
    r = run_midlink("raster " + g + " --destinations " + kSchoolsCsv + " --cell 200 --dest-category education_phase --category Nursery2 -o " +
                    scratch().file("x.tif"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("Primary"), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(scratch().file("x.tif")));
}
