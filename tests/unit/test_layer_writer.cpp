// DatasetWriter: outputs read back with GDAL; temporary files never left behind.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "midlink/core/error.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;

class LayerWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::temp_directory_path() /
                ("midlink_writer_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        GDALAllRegister();
    }
    void TearDown() override { fs::remove_all(m_dir); }

    [[nodiscard]] std::vector<std::string> files() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(m_dir)) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
    [[nodiscard]] std::string path(const std::string& name) const { return (m_dir / name).string(); }

    fs::path m_dir;
};

const LayerSpec kLinks{"links", GeometryKind::LineString,
                       {{"id", FieldType::Integer64}, {"name", FieldType::String}, {"time_s", FieldType::Real}}};
const LayerSpec kNodes{"nodes", GeometryKind::Point, {{"id", FieldType::Integer}}};

void write_sample(DatasetWriter& w) {
    w.begin_layer(kLinks);
    w.add(LineString{{500000, 300000}, {500100, 300000}}, {std::int64_t{1}, std::string("A1"), 12.5});
    w.add(LineString{{500100, 300000}, {500100, 300200}}, {std::int64_t{2}, std::string("Oakham Road"), std::monostate{}});
    w.begin_layer(kNodes);
    w.add(Point{500000, 300000}, {std::int64_t{10}});
    w.add(Point{500100, 300000}, {std::int64_t{11}});
    w.add(Point{500100, 300200}, {std::int64_t{12}});
}

std::string slurp(const std::string& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST_F(LayerWriterTest, GeoPackageWithTwoLayersReadsBack) {
    const std::string out = path("result.gpkg");
    {
        DatasetWriter w(out, "EPSG:27700");
        write_sample(w);
        w.commit();
    }
    EXPECT_EQ(files(), std::vector<std::string>{"result.gpkg"}) << "temporary file renamed away";

    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    ASSERT_EQ(ds->GetLayerCount(), 3) << "links, nodes and QGIS's layer_styles";
    OGRLayer* links = ds->GetLayerByName("links");
    OGRLayer* nodes = ds->GetLayerByName("nodes");
    ASSERT_TRUE(links && nodes);
    EXPECT_EQ(links->GetFeatureCount(), 2);
    EXPECT_EQ(nodes->GetFeatureCount(), 3);
    EXPECT_EQ(wkbFlatten(links->GetGeomType()), wkbLineString);
    ASSERT_TRUE(links->GetSpatialRef());
    EXPECT_STREQ(links->GetSpatialRef()->GetAuthorityCode(nullptr), "27700");
    EXPECT_STREQ(nodes->GetSpatialRef()->GetAuthorityCode(nullptr), "27700");

    OGRFeatureUniquePtr second(links->GetFeature(2));
    ASSERT_TRUE(second);
    EXPECT_STREQ(second->GetFieldAsString("name"), "Oakham Road");
    EXPECT_TRUE(second->IsFieldNull(second->GetFieldIndex("time_s"))) << "NULL stays NULL";
    OGRFeatureUniquePtr first(links->GetFeature(1));
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("time_s"), 12.5);
    const auto* line = first->GetGeometryRef()->toLineString();
    EXPECT_DOUBLE_EQ(line->getX(1), 500100);

    // QGIS looks the CRS up in gpkg_spatial_ref_sys.
    OGRLayer* srs = ds->ExecuteSQL(
        "SELECT organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = 27700", nullptr, nullptr);
    ASSERT_TRUE(srs);
    EXPECT_EQ(srs->GetFeatureCount(), 1);
    ds->ReleaseResultSet(srs);
}

TEST_F(LayerWriterTest, ManyFeaturesInOneTransaction) {
    const std::string out = path("big.gpkg");
    DatasetWriter w(out, "EPSG:27700");
    w.begin_layer(kNodes);
    for (std::int64_t i = 0; i < 20000; ++i) w.add(Point{double(i), double(i)}, {i});
    w.commit();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 20000);
}

TEST_F(LayerWriterTest, CsvWritesWktForLinesAndXyForPoints) {
    {
        DatasetWriter w(path("links.csv"), "EPSG:27700");
        w.begin_layer(kLinks);
        w.add(LineString{{1, 2}, {3, 4}}, {std::int64_t{1}, std::string("x"), std::monostate{}});
        w.commit();
    }
    {
        DatasetWriter w(path("nodes.csv"), "");
        w.begin_layer(kNodes);
        w.add(Point{5, 6}, {std::int64_t{7}});
        w.commit();
    }
    const std::string links = slurp(path("links.csv"));
    EXPECT_NE(links.find("WKT"), std::string::npos) << links;
    EXPECT_NE(links.find("LINESTRING (1 2,3 4)"), std::string::npos) << links;
    const std::string nodes = slurp(path("nodes.csv"));
    EXPECT_EQ(nodes.rfind("X,Y,id", 0), 0u) << nodes;
    EXPECT_NE(nodes.find("5,6,7"), std::string::npos) << nodes;
    for (const auto& f : files()) EXPECT_EQ(f.find("tmp-"), std::string::npos) << f;
}

// A single-layer format given several layers writes a file per layer, named for the layer
// (docs/outputs.md): X.fgb becomes X_links.fgb and X_nodes.fgb, with no X.fgb.
TEST_F(LayerWriterTest, SingleLayerFormatsWriteAFilePerLayer) {
    for (const std::string ext : {".fgb", ".geojson", ".shp"}) {
        {
            DatasetWriter w(path("net" + ext), "EPSG:27700");
            w.begin_layer(kLinks);
            w.add(LineString{{1, 2}, {3, 4}}, {std::int64_t{1}, std::string("x"), std::monostate{}});
            w.begin_layer(kNodes);
            w.add(Point{5, 6}, {std::int64_t{7}});
            w.add(Point{8, 9}, {std::int64_t{8}});
            w.commit();
        }
        EXPECT_FALSE(fs::exists(path("net" + ext))) << ext;
        GDALDatasetUniquePtr links(GDALDataset::Open(path("net_" + kLinks.name + ext).c_str(), GDAL_OF_VECTOR));
        GDALDatasetUniquePtr nodes(GDALDataset::Open(path("net_" + kNodes.name + ext).c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(links && nodes) << ext;
        EXPECT_EQ(links->GetLayer(0)->GetFeatureCount(), 1) << ext;
        EXPECT_EQ(nodes->GetLayer(0)->GetFeatureCount(), 2) << ext;
        EXPECT_NE(nodes->GetLayer(0)->GetSpatialRef(), nullptr) << ext;
    }
    for (const auto& f : files()) EXPECT_EQ(f.find("tmp-"), std::string::npos) << f;
    // Without commit, none of the files is left, the first layer's included.
    {
        DatasetWriter w(path("gone.fgb"), "EPSG:27700");
        w.begin_layer(kLinks);
        w.begin_layer(kNodes);
    }
    for (const auto& f : files()) EXPECT_EQ(f.find("gone"), std::string::npos) << f;
}

TEST_F(LayerWriterTest, ShapefileSidecarsAreRenamedTogether) {
    {
        DatasetWriter w(path("roads.shp"), "EPSG:27700");
        w.begin_layer(kLinks);
        w.add(LineString{{1, 2}, {3, 4}}, {std::int64_t{1}, std::string("x"), 1.0});
        w.commit();
    }
    const auto names = files();
    EXPECT_NE(std::find(names.begin(), names.end(), "roads.shp"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "roads.dbf"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "roads.prj"), names.end());
    for (const auto& f : names) EXPECT_EQ(f.find("tmp-"), std::string::npos) << f;
}

TEST_F(LayerWriterTest, NothingLeftWithoutCommit) {
    {
        DatasetWriter w(path("abandoned.gpkg"), "EPSG:27700");
        write_sample(w);
        EXPECT_FALSE(files().empty()) << "temporary file exists while writing";
    }
    EXPECT_TRUE(files().empty());
}

TEST_F(LayerWriterTest, CommitReplacesAnExistingFile) {
    { std::ofstream(path("old.geojson")) << "not json"; }
    DatasetWriter w(path("old.geojson"), "EPSG:27700");
    w.begin_layer(kNodes);
    w.add(Point{1, 1}, {std::int64_t{1}});
    w.commit();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path("old.geojson").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 1);
}

TEST_F(LayerWriterTest, UnwritableFolderIsOutputErrorNamingPath) {
    const std::string out = path("no/such/folder/x.gpkg");
    try {
        DatasetWriter w(out, "EPSG:27700");
        FAIL() << "expected OutputError";
    } catch (const OutputError& e) {
        EXPECT_NE(std::string(e.what()).find(out), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace midlink::io
