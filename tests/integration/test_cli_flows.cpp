// `midlink flows` on the nismod-transport Southampton network with its DfT AADF counts
// (directed and combined shapefiles) and a DfT-style CSV with bad rows.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

// network.shp has no class field: its RoadNumber gives the ref and (M/A/B) the class.
std::string nismod_graph() {
    static const std::string path = [] {
        const auto p = scratch().file("nismod.mlg");
        const auto r =
            run_midlink("graph build --network " + geodata("nismod-transport/network.shp") +
                        " --ref-field RoadNumber --class-from-ref -o " + p + " --quiet");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return p;
    }();
    return path;
}

GDALDatasetUniquePtr open(const std::string& path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
}

// Each link of network.shp is named by the DfT count point it carries (field CP):
// an independent check of which link a count should match. Keyed by feature id.
std::map<std::int64_t, std::string> network_count_points() {
    std::map<std::int64_t, std::string> cp;
    auto ds = open(geodata("nismod-transport/network.shp"));
    for (auto& f : *ds->GetLayer(0))
        cp[f->GetFID()] = std::to_string(static_cast<long long>(f->GetFieldAsDouble("CP")));
    return cp;
}

struct CountsSummary {
    int total = 0;
    int matched = 0;
    int agree_with_cp = 0;  // matched to the link that names the same count point
    std::map<std::string, int> status;
};

CountsSummary summarise_counts(OGRLayer& counts) {
    const auto cp = network_count_points();
    CountsSummary s;
    for (auto& f : counts) {
        ++s.total;
        const std::string status = f->GetFieldAsString("status");
        ++s.status[status];
        if (status != "matched") continue;
        ++s.matched;
        const auto it = cp.find(f->GetFieldAsInteger64("source_id"));
        if (it != cp.end() && it->second == f->GetFieldAsString("count_point_id"))
            ++s.agree_with_cp;
    }
    return s;
}

std::vector<double> vc_ratios(OGRLayer& flows) {
    std::vector<double> vc;
    for (auto& f : flows) {
        if (f->IsFieldSetAndNotNull(f->GetFieldIndex("vc_ratio")))
            vc.push_back(f->GetFieldAsDouble("vc_ratio"));
    }
    std::sort(vc.begin(), vc.end());
    return vc;
}

}  // namespace

TEST(CliFlows, DirectedAadfMatchesNismodNetwork) {
    // --class-from-ref gives the A roads and the M27 a class, hence a profile capacity.
    const auto info = run_midlink("graph info " + nismod_graph() + " --format json");
    const auto cap = info.output.find("\"capacity\":{");
    ASSERT_NE(cap, std::string::npos) << info.output;
    EXPECT_GE(json_number(info.output.substr(cap), "profile"), 150) << info.output;
    const auto out = scratch().file("directed.gpkg");
    // The network is drawn as straight junction-to-junction chords, so count points sit up
    // to a few hundred metres off them: a wider tolerance than the 50 m default.
    const auto r =
        run_midlink("flows " + nismod_graph() + " --counts " +
                    geodata("nismod-transport/AADFdirected.shp") + " --tolerance-m 400 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("counts: 284, matched"), std::string::npos) << r.output;
    auto ds = open(out);
    ASSERT_TRUE(ds);
    const auto s = summarise_counts(*ds->GetLayerByName("counts"));
    EXPECT_EQ(s.total, 284);
    EXPECT_GE(s.matched, 0.8 * s.total) << r.output;
    EXPECT_GE(s.agree_with_cp, 0.95 * s.matched) << "matched links should be the count's own link";

    OGRLayer& flows = *ds->GetLayerByName("flows");
    const auto vc = vc_ratios(flows);
    ASSERT_GT(vc.size(), 100u);
    const double median = vc[vc.size() / 2];
    EXPECT_GT(median, 0.1);
    EXPECT_LT(median, 1.5);
    EXPECT_GT(vc.front(), 0.0);
    EXPECT_LT(vc.back(), 5.0);
    // Directed counts go to one direction each; the HGV share is a share.
    flows.ResetReading();
    int directional = 0;
    for (auto& f : flows) {
        if (!f->IsFieldSetAndNotNull(f->GetFieldIndex("count_point_id"))) continue;
        const std::string dir = f->GetFieldAsString("count_direction");
        if (dir == "N" || dir == "S" || dir == "E" || dir == "W") ++directional;
        const double share = f->GetFieldAsDouble("hgv_share");
        EXPECT_GE(share, 0.0);
        EXPECT_LE(share, 1.0);
        // The shapefiles carry no estimation method: unknown, not "counted".
        EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("estimated")));
        const double peak = f->GetFieldAsDouble("peak_hour_vph");
        EXPECT_NEAR(peak, 0.1 * f->GetFieldAsDouble("aadf_all") * (dir == "both" ? 0.6 : 1.0),
                    1e-6);
    }
    EXPECT_GT(directional, 100);
}

TEST(CliFlows, CombinedAadfSplitsBothDirections) {
    const auto out = scratch().file("combined.gpkg");
    const auto r = run_midlink(
        "flows " + nismod_graph() + " --counts " + geodata("nismod-transport/AADFcombined.shp") +
        " --tolerance-m 400 --peak-hour-factor 0.09 --directional-split 0.55 --counted-only -o " +
        out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto ds = open(out);
    ASSERT_TRUE(ds);
    const auto s = summarise_counts(*ds->GetLayerByName("counts"));
    EXPECT_EQ(s.total, 156);
    EXPECT_GE(s.matched, 0.8 * s.total) << r.output;
    EXPECT_GE(s.agree_with_cp, 0.95 * s.matched);
    OGRLayer& flows = *ds->GetLayerByName("flows");
    std::map<std::string, int> edges_per_count;
    for (auto& f : flows) {
        ASSERT_TRUE(f->IsFieldSetAndNotNull(f->GetFieldIndex("count_point_id")));  // --counted-only
        EXPECT_STREQ(f->GetFieldAsString("count_direction"), "both");
        EXPECT_NEAR(f->GetFieldAsDouble("peak_hour_vph"),
                    0.09 * 0.55 * f->GetFieldAsDouble("aadf_all"), 1e-6);
        ++edges_per_count[f->GetFieldAsString("count_point_id")];
    }
    // The network's links are two-way: a combined count loads both directions.
    int both = 0;
    for (const auto& [cp, n] : edges_per_count) both += n == 2 ? 1 : 0;
    EXPECT_GE(both, 0.9 * static_cast<double>(edges_per_count.size()));
    const auto vc = vc_ratios(flows);
    ASSERT_FALSE(vc.empty());
    EXPECT_GT(vc[vc.size() / 2], 0.05);
    EXPECT_LT(vc[vc.size() / 2], 1.5);
}

TEST(CliFlows, DftCsvCarriesEstimatedFlagAndReportsBadRows) {
    const auto out = scratch().file("dft.gpkg");
    const auto diag = scratch().file("dft_diag.csv");
    const auto r = run_midlink(
        "flows " + nismod_graph() + " --counts " + std::string(MIDLINK_TEST_DATA) +
        "/counts/dft_aadf_sample.csv --tolerance-m 400 --diagnostics " + diag + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // The count without coordinates is named on stderr, and the run still writes its layers.
    EXPECT_NE(r.output.find("count point 9001"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("no coordinates"), std::string::npos) << r.output;
    auto ds = open(out);
    ASSERT_TRUE(ds);
    std::map<std::string, std::string> status;
    for (auto& f : *ds->GetLayerByName("counts"))
        status[f->GetFieldAsString("count_point_id")] = f->GetFieldAsString("status");
    EXPECT_EQ(status["6292"], "matched");
    EXPECT_EQ(status["6339"], "matched");
    EXPECT_EQ(status["9001"], "no_coordinates");
    EXPECT_EQ(status["9002"], "no_edge_with_ref");
    EXPECT_EQ(status["9003"], "too_far");
    std::map<std::string, int> estimated;
    for (auto& f : *ds->GetLayerByName("flows")) {
        if (!f->IsFieldSetAndNotNull(f->GetFieldIndex("count_point_id"))) continue;
        estimated[f->GetFieldAsString("count_point_id")] = f->GetFieldAsInteger("estimated");
    }
    EXPECT_EQ(estimated.at("6292"), 0);  // Counted
    EXPECT_EQ(estimated.at("6339"), 1);  // Estimated, carried to the edge
    EXPECT_EQ(estimated.at("6368"), 1);
    // Diagnostics name each unmatched count and why.
    std::ifstream in(diag);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("count_no_coordinates"), std::string::npos) << text;
    EXPECT_NE(text.find("count point 9002"), std::string::npos) << text;
    EXPECT_NE(text.find("A999"), std::string::npos) << text;
    EXPECT_NE(text.find("count_too_far"), std::string::npos) << text;

    // With the fallback, the A999 count takes the nearest link of another road.
    const auto fb =
        run_midlink("flows " + nismod_graph() + " --counts " + std::string(MIDLINK_TEST_DATA) +
                    "/counts/dft_aadf_sample.csv --tolerance-m 400 --any-ref-fallback -q -o " +
                    scratch().file("dft_fb.gpkg"));
    ASSERT_EQ(fb.exit_code, 0) << fb.output;
    auto fds = open(scratch().file("dft_fb.gpkg"));
    for (auto& f : *fds->GetLayerByName("counts")) {
        if (std::string(f->GetFieldAsString("count_point_id")) == "9002") {
            EXPECT_STREQ(f->GetFieldAsString("status"), "matched");
            EXPECT_STREQ(f->GetFieldAsString("matched_ref"), "A36");
        }
    }
}
