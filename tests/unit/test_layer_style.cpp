// GeoPackage layers open ready in QGIS: a default style in layer_styles, graduated by the
// layer's main measure, and a description in gpkg_contents (docs/qgis.md).
#include <cpl_minixml.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "layer_style.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::io {
namespace {
namespace fs = std::filesystem;

struct Row {
    std::string style_qml, style_sld, geometry_column, style_name;
    int use_as_default = 0;
};

class LayerStyleTest : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_dir = fs::temp_directory_path() /
                ("midlink_style_" + std::to_string(::getpid()) + "_" + info->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        GDALAllRegister();
    }
    void TearDown() override { fs::remove_all(m_dir); }

    // Five links with times 1..5 minutes (one NULL), a table without geometry.
    std::string write_sample() {
        const std::string out = (m_dir / "study.gpkg").string();
        DatasetWriter w(out, "EPSG:27700");
        LayerSpec links{"links",
                        GeometryKind::LineString,
                        {{"name", FieldType::String},
                         {"length_m", FieldType::Real},
                         {"time_min", FieldType::Real}}};
        links.main_measure = "time_min";
        links.description = "Test links: time_min is the travel time in minutes.";
        links.source = "hand-drawn test network";
        w.begin_layer(links);
        for (int i = 0; i < 6; ++i) {
            const double x = 100.0 * i;
            FieldValue time = i == 5 ? FieldValue{} : FieldValue{1.0 + i + 1.0 / 3};
            w.add(LineString{{x, 0}, {x + 100, 0}},
                  {std::string("l") + std::to_string(i), 100.0, time});
        }
        w.begin_layer({"notes", GeometryKind::None, {{"text", FieldType::String}}});
        w.add({std::string("no geometry, no style")});
        w.commit();
        return out;
    }

    static std::vector<Row> styles(GDALDataset& ds) {
        std::vector<Row> rows;
        OGRLayer* t = ds.GetLayerByName("layer_styles");
        if (!t) return rows;
        for (auto& f : *t) {
            rows.push_back({f->GetFieldAsString("styleQML"), f->GetFieldAsString("styleSLD"),
                            f->GetFieldAsString("f_geometry_column"),
                            f->GetFieldAsString("f_table_name"),
                            f->GetFieldAsInteger("useAsDefault")});
        }
        return rows;
    }

    static std::string sql_text(GDALDataset& ds, const std::string& sql) {
        OGRLayer* r = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
        std::string out;
        if (!r) return out;
        if (OGRFeatureUniquePtr f{r->GetNextFeature()}) out = f->GetFieldAsString(0);
        ds.ReleaseResultSet(r);
        return out;
    }

    fs::path m_dir;
};

TEST_F(LayerStyleTest, SpatialLayerHasDefaultGraduatedStyleOnItsMeasure) {
    const std::string out = write_sample();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    const auto rows = styles(*ds);
    ASSERT_EQ(rows.size(), 1u) << "one style: the layer without geometry gets none";
    const Row& r = rows.front();
    EXPECT_EQ(r.style_name, "links");
    EXPECT_EQ(r.geometry_column, "geom");
    EXPECT_EQ(r.use_as_default, 1);
    EXPECT_NE(r.style_qml.find("graduatedSymbol"), std::string::npos);
    EXPECT_NE(r.style_qml.find("time_min"), std::string::npos);
    EXPECT_NE(r.style_qml.find("no data"), std::string::npos) << "NULL drawn apart";
    EXPECT_NE(r.style_qml.find("Precision"), std::string::npos) << "minutes shown to 2 decimals";
    // Both documents are well-formed XML.
    CPLXMLNode* qml = CPLParseXMLString(r.style_qml.c_str());
    EXPECT_NE(qml, nullptr);
    CPLDestroyXMLNode(qml);
    CPLXMLNode* sld = CPLParseXMLString(r.style_sld.c_str());
    ASSERT_NE(sld, nullptr) << r.style_sld;
    EXPECT_NE(CPLSearchXMLNode(sld, "=StyledLayerDescriptor"), nullptr);
    CPLDestroyXMLNode(sld);
    EXPECT_NE(r.style_sld.find("<ogc:PropertyName>time_min</ogc:PropertyName>"), std::string::npos);
    EXPECT_NE(r.style_sld.find("PropertyIsNull"), std::string::npos);

    // Registered as QGIS registers it: an attributes table in gpkg_contents.
    EXPECT_EQ(
        sql_text(*ds, "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"),
        "attributes");
    EXPECT_EQ(sql_text(*ds, "SELECT description FROM gpkg_contents WHERE table_name = 'links'"),
              "Test links: time_min is the travel time in minutes.");
    EXPECT_FALSE(
        sql_text(*ds, "SELECT description FROM gpkg_contents WHERE table_name = 'notes'").empty())
        << "every layer is described, if only by its name";
    const std::string metadata = sql_text(*ds, "SELECT metadata FROM gpkg_metadata");
    EXPECT_NE(metadata.find("hand-drawn test network"), std::string::npos) << metadata;
    EXPECT_NE(metadata.find("MAIN_MEASURE"), std::string::npos) << metadata;
}

TEST_F(LayerStyleTest, OtherFormatsGetNoStyleTable) {
    const std::string out = (m_dir / "links.geojson").string();
    DatasetWriter w(out, "EPSG:27700");
    w.begin_layer({"links", GeometryKind::Point, {{"v", FieldType::Real}}});
    w.add(Point{1, 1}, {1.5});
    w.commit();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetLayerCount(), 1);
}

TEST(QuantileClasses, FiveClassesWithRoundedBreaks) {
    std::vector<double> v;
    for (int i = 0; i <= 100; ++i) v.push_back(i * 0.37 + 0.013);
    const auto c = style::quantile_classes(v);
    ASSERT_EQ(c.bounds.size(), 6u);
    EXPECT_LE(c.bounds.front(), 0.013);
    EXPECT_GE(c.bounds.back(), 37.013);
    for (std::size_t i = 1; i < c.bounds.size(); ++i) EXPECT_LT(c.bounds[i - 1], c.bounds[i]);
    // Range 37 → breaks rounded to whole units (two significant digits).
    EXPECT_EQ(c.decimals, 0);
    for (double b : c.bounds) EXPECT_DOUBLE_EQ(b, std::round(b));
}

TEST(QuantileClasses, FewDistinctValuesGiveFewerClasses) {
    const auto one = style::quantile_classes({7, 7, 7});
    ASSERT_EQ(one.bounds.size(), 2u);
    EXPECT_EQ(one.bounds.front(), one.bounds.back());
    const auto two = style::quantile_classes({0, 0, 0, 0, 0, 0, 1, 1, 1, 1});
    EXPECT_LE(two.bounds.size(), 4u);
    EXPECT_EQ(two.bounds.front(), 0);
    EXPECT_EQ(two.bounds.back(), 1);
    EXPECT_TRUE(style::quantile_classes({}).bounds.empty());
}

}  // namespace
}  // namespace midlink::io
