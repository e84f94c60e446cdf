// The GeoTIFF writer: values, nodata, CRS, overviews, metadata, and no temporary file left.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "midlink/core/error.hpp"
#include "midlink/io/raster_writer.hpp"

using namespace midlink;

namespace {
class RasterWriterTest : public ::testing::Test {
protected:
    std::filesystem::path dir = std::filesystem::temp_directory_path() / ("midlink_rw_" + std::to_string(::getpid()));
    void SetUp() override { std::filesystem::create_directories(dir); }
    void TearDown() override { std::filesystem::remove_all(dir); }
};

io::RasterSpec spec_of(std::uint32_t cols, std::uint32_t rows) {
    io::RasterSpec s;
    s.crs = "EPSG:27700";
    s.min_x = 400000;
    s.max_y = 300000;
    s.cell_m = 50;
    s.cols = cols;
    s.rows = rows;
    s.band_description = "time";
    s.metadata = {{"cell_m", "50"}};
    s.band_metadata = {{"units", "minutes"}};
    return s;
}
}  // namespace

TEST_F(RasterWriterTest, WritesValuesNodataCrsOverviewsAndMetadata) {
    const std::uint32_t cols = 300, rows = 200;
    std::vector<float> v(std::size_t{cols} * rows);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = (i % 7 == 0) ? std::nanf("") : static_cast<float>(i % 1000) / 10.0f;
    const auto path = (dir / "t.tif").string();
    io::write_geotiff(path, spec_of(cols, rows), v);

    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterXSize(), 300);
    EXPECT_EQ(ds->GetRasterYSize(), 200);
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    EXPECT_EQ(gt[0], 400000);
    EXPECT_EQ(gt[1], 50);
    EXPECT_EQ(gt[3], 300000);
    EXPECT_EQ(gt[5], -50);
    ASSERT_NE(ds->GetSpatialRef(), nullptr);
    EXPECT_STREQ(ds->GetSpatialRef()->GetAuthorityCode(nullptr), "27700");
    EXPECT_STREQ(ds->GetMetadataItem("cell_m"), "50");
    EXPECT_STREQ(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
    GDALRasterBand* band = ds->GetRasterBand(1);
    EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
    int has_nodata = 0;
    EXPECT_EQ(band->GetNoDataValue(&has_nodata), -9999.0);
    EXPECT_TRUE(has_nodata);
    EXPECT_STREQ(band->GetDescription(), "time");
    EXPECT_STREQ(band->GetMetadataItem("units"), "minutes");
    int bx = 0, by = 0;
    band->GetBlockSize(&bx, &by);
    EXPECT_EQ(bx, 256);  // tiled
    EXPECT_EQ(band->GetOverviewCount(), 2);  // 150 x 100, 75 x 50
    std::vector<float> back(v.size());
    ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, cols, rows, back.data(), cols, rows, GDT_Float32, 0, 0), CE_None);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (std::isnan(v[i])) EXPECT_EQ(back[i], -9999.0f) << i;
        else EXPECT_EQ(back[i], v[i]) << i;
    }
    // Overviews leave nodata out of the average: no overview cell is pulled towards -9999.
    GDALRasterBand* ov = band->GetOverview(0);
    std::vector<float> small(std::size_t{150} * 100);
    ASSERT_EQ(ov->RasterIO(GF_Read, 0, 0, 150, 100, small.data(), 150, 100, GDT_Float32, 0, 0), CE_None);
    for (float x : small) EXPECT_TRUE(x == -9999.0f || (x >= 0.0f && x <= 100.0f)) << x;
    ds.reset();
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 1);  // no temporary left beside it
}

TEST_F(RasterWriterTest, AMissingFolderOrAWrongSizeIsRefusedAndLeavesNothing) {
    std::vector<float> v(6, 1.0f);
    EXPECT_THROW(io::write_geotiff((dir / "no" / "t.tif").string(), spec_of(3, 2), v), OutputError);
    EXPECT_THROW(io::write_geotiff((dir / "t.tif").string(), spec_of(4, 2), v), ConfigError);
    auto bad = spec_of(3, 2);
    bad.crs = "EPSG:999999";
    EXPECT_THROW(io::write_geotiff((dir / "t.tif").string(), bad, v), OutputError);
    EXPECT_TRUE(std::filesystem::is_empty(dir));
}
