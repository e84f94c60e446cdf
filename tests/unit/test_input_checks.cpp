// The GDAL error scope of every feature loop (FeatureLoop), the network lock-down, and
// the graph builder's refusal to saturate lengths.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "feature_loop.hpp"
#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "tiny_network.hpp"

using namespace midlink;

namespace {

/// A layer of `total` features (FIDs 1..total) that raises a CPLError on `bad_fid` and
/// stops after `ends_after` features although it declares `total`.
class ScriptedLayer final : public OGRLayer {
public:
    ScriptedLayer(int total, int bad_fid, int ends_after, bool bad_returns_feature)
        : m_defn(new OGRFeatureDefn("scripted")),
          m_total(total),
          m_bad_fid(bad_fid),
          m_ends_after(ends_after),
          m_bad_returns_feature(bad_returns_feature) {
        m_defn->Reference();
    }
    ~ScriptedLayer() override { m_defn->Release(); }

    void ResetReading() override { m_next = 1; }
    OGRFeature* GetNextFeature() override {
        if (m_next > m_ends_after) return nullptr;
        const int fid = m_next++;
        if (fid == m_bad_fid) {
            CPLError(CE_Failure, CPLE_AppDefined, "corrupt record %d", fid);
            if (!m_bad_returns_feature) return nullptr;
        }
        auto* f = new OGRFeature(m_defn);
        f->SetFID(fid);
        return f;
    }
    OGRFeatureDefn* GetLayerDefn() override { return m_defn; }
    int TestCapability(const char*) override { return FALSE; }
    GIntBig GetFeatureCount(int) override { return m_total; }

private:
    OGRFeatureDefn* m_defn;
    int m_total;
    int m_bad_fid;
    int m_ends_after;
    bool m_bad_returns_feature;
    int m_next = 1;
};

std::vector<GIntBig> read_all(io::gdal::FeatureLoop& loop) {
    std::vector<GIntBig> fids;
    while (const auto f = loop.next()) fids.push_back(f->GetFID());
    return fids;
}

std::string message_of(OGRLayer& layer, const io::InputPolicy& policy) {
    try {
        io::gdal::FeatureLoop loop(layer, "roads.gpkg, layer roads", policy, nullptr);
        read_all(loop);
    } catch (const InputError& e) {
        EXPECT_EQ(e.exit_code(), 3);
        return e.what();
    }
    return "";
}

}  // namespace

TEST(FeatureLoop, ReadsAnIntactLayerInFull) {
    ScriptedLayer layer(5, 0, 5, false);
    Diagnostics diag;
    io::gdal::FeatureLoop loop(layer, "roads.gpkg, layer roads", {}, &diag);
    EXPECT_EQ(read_all(loop), (std::vector<GIntBig>{1, 2, 3, 4, 5}));
    EXPECT_EQ(loop.features_read(), 5);
    EXPECT_TRUE(diag.empty());
}

TEST(FeatureLoop, AnErrorWhileReadingAFeatureNamesIt) {
    ScriptedLayer with_feature(5, 3, 5, true);
    const std::string m = message_of(with_feature, {});
    EXPECT_NE(m.find("roads.gpkg, layer roads, feature 3: GDAL could not read it: corrupt record 3"), std::string::npos)
        << m;
    EXPECT_NE(m.find("--skip-bad-features"), std::string::npos) << m;

    ScriptedLayer without_feature(5, 3, 5, false);
    EXPECT_NE(message_of(without_feature, {}).find("roads.gpkg, layer roads, the feature after feature 2: GDAL could "
                                                   "not read it: corrupt record 3"),
              std::string::npos);
}

TEST(FeatureLoop, ALayerEndingBeforeItsDeclaredCountIsAnError) {
    // What a GeoPackage with corrupt pages or a short .dbf does: no error, just an early end.
    ScriptedLayer layer(10, 0, 4, false);
    const std::string m = message_of(layer, {});
    EXPECT_NE(m.find("roads.gpkg, layer roads, the feature after feature 4: the layer ends after 4 of its 10 "
                     "declared features (6 unreadable)"),
              std::string::npos)
        << m;
}

TEST(FeatureLoop, SkipBadFeaturesCountsThemAndWarnsOnce) {
    ScriptedLayer layer(10, 3, 8, true);
    io::InputPolicy policy;
    policy.skip_bad_features = true;
    std::vector<std::string> warnings;
    policy.warn = [&](const std::string& m) { warnings.push_back(m); };
    Diagnostics diag;
    io::gdal::FeatureLoop loop(layer, "roads.gpkg, layer roads", policy, &diag);
    EXPECT_EQ(read_all(loop), (std::vector<GIntBig>{1, 2, 4, 5, 6, 7, 8}));
    EXPECT_EQ(loop.features_skipped(), 3);  // feature 3, and 9 and 10 never delivered
    EXPECT_EQ(diag.count("unreadable_feature"), 2u);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0], "roads.gpkg, layer roads: 3 of 10 features could not be read and were skipped "
                           "(--skip-bad-features)");
}

TEST(FeatureLoop, ErrorsBeforeTheLoopAreNotBlamedOnAFeature) {
    ScriptedLayer layer(2, 0, 2, false);
    CPLErrorReset();
    io::gdal::ErrorCapture outer;
    CPLError(CE_Failure, CPLE_AppDefined, "something earlier");
    io::gdal::FeatureLoop loop(layer, "roads.gpkg, layer roads", {}, nullptr);
    EXPECT_EQ(read_all(loop).size(), 2u);
}

TEST(InputPolicy, NetworkPathsAreRecognised) {
    EXPECT_TRUE(io::gdal::is_network_path("/vsicurl/http://127.0.0.1:1/x.gpkg"));
    EXPECT_TRUE(io::gdal::is_network_path("/vsizip//vsis3/bucket/x.zip"));
    EXPECT_TRUE(io::gdal::is_network_path("https://example.org/roads.geojson"));
    EXPECT_TRUE(io::gdal::is_network_path("WFS:http://example.org/wfs"));
    EXPECT_FALSE(io::gdal::is_network_path("/data/roads.gpkg"));
    EXPECT_FALSE(io::gdal::is_network_path("/vsizip//data/roads.zip"));
}

TEST(InputPolicy, GdalNetworkFileSystemsAreOff) {
    io::gdal::ensure_registered();
    io::gdal::ErrorCapture errors;
    VSIStatBufL stat;
    EXPECT_NE(VSIStatL("/vsicurl/http://127.0.0.1:1/x.gpkg", &stat), 0);
    EXPECT_EQ(VSIFOpenExL("/vsicurl/http://127.0.0.1:1/x.gpkg", "rb", TRUE), nullptr);
    EXPECT_NE(errors.last_error().find("network access is disabled"), std::string::npos) << errors.last_error();
}

TEST(GraphBuilderInput, ALengthPastTheStoredRangeIsAnInputError) {
    // 1e308 m would have been stored as 429,496.7 km, the largest length in decimetres.
    test::TinyNetwork net;
    net.node(1, 0, 0).node(2, 1000, 0).node(3, 1e308, 0);
    net.link(1, 2);
    net.link(2, 3);
    LinkTable table = net.table();
    table.source = "roads.geojson (layer roads)";
    try {
        graph::build_graph(table, test::car_all());
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.exit_code(), 3);
        EXPECT_NE(std::string(e.what()).find("roads.geojson (layer roads), feature 1: link length"), std::string::npos)
            << e.what();
    }
}
