// `midlink centrality` on the PRISM Birmingham network: sampled and OD-weighted runs write
// both layers, one row per edge and node, with sensible values.
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <limits>
#include <ogrsf_frmts.h>

#include <fstream>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

std::string prism_with_connectors() {  // the default car profile
    return built_graph("prism_default", "--network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp"));
}

struct EdgeRow {
    double betweenness, time_s, length_m;
    int bridge;
    std::string ref;
};

struct Layers {
    std::vector<EdgeRow> edges;
    std::vector<double> nodes;
    std::string mode;
    long long sources = 0, seed = 0;
};

Layers read_layers(const std::string& gpkg) {
    GDALAllRegister();
    Layers out;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    if (!ds) return out;
    if (OGRLayer* l = ds->GetLayerByName("edges")) {
        for (const auto& f : *l) {
            out.edges.push_back({f->GetFieldAsDouble("betweenness"), f->GetFieldAsDouble("time_s"),
                                 f->GetFieldAsDouble("length_m"), f->GetFieldAsInteger("bridge"), f->GetFieldAsString("ref")});
        }
    }
    if (OGRLayer* l = ds->GetLayerByName("nodes")) {
        for (const auto& f : *l) out.nodes.push_back(f->GetFieldAsDouble("betweenness"));
    }
    if (OGRLayer* l = ds->GetLayerByName("centrality_run")) {
        for (const auto& f : *l) {
            out.mode = f->GetFieldAsString("mode");
            out.sources = f->GetFieldAsInteger64("sources");
            out.seed = f->GetFieldAsInteger64("seed");
        }
    }
    return out;
}

long long graph_count(const std::string& key) {
    const auto info = run_midlink("graph info " + prism_with_connectors() + " --format json");
    return static_cast<long long>(json_number(info.output, key));
}

}  // namespace

TEST(CliCentrality, PrismSampledWritesBothLayersWithOneRowPerEdgeAndNode) {
    const auto out = scratch().file("prism_centrality.gpkg");
    const auto r = run_midlink("centrality " + prism_with_connectors() + " --samples 200 --seed 7 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto layers = read_layers(out);
    const auto edges = graph_count("edges"), nodes = graph_count("nodes");
    ASSERT_GT(edges, 1000);
    EXPECT_EQ(static_cast<long long>(layers.edges.size()), edges);
    EXPECT_EQ(static_cast<long long>(layers.nodes.size()), nodes);
    EXPECT_EQ(layers.mode, "sampled");
    EXPECT_EQ(layers.sources, 200);
    EXPECT_EQ(layers.seed, 7);

    const auto top = std::max_element(layers.edges.begin(), layers.edges.end(),
                                      [](const EdgeRow& a, const EdgeRow& b) { return a.betweenness < b.betweenness; });
    EXPECT_GT(top->betweenness, 0.0);
    EXPECT_GT(top->time_s, 0.0);
    // The busiest links are longer than the typical link: trunk roads, not side streets.
    std::vector<double> lengths;
    for (const auto& e : layers.edges) lengths.push_back(e.length_m);
    std::nth_element(lengths.begin(), lengths.begin() + lengths.size() / 2, lengths.end());
    const double median = lengths[lengths.size() / 2];
    std::vector<EdgeRow> sorted = layers.edges;
    std::sort(sorted.begin(), sorted.end(), [](const EdgeRow& a, const EdgeRow& b) { return a.betweenness > b.betweenness; });
    double top_mean = 0;
    for (int i = 0; i < 50; ++i) top_mean += sorted[i].length_m / 50;
    EXPECT_GT(top_mean, median) << "mean length of the top 50 edges vs the median edge";
    // A node lies on shortest paths somewhere; bridges exist on a real network (cul-de-sacs).
    EXPECT_GT(*std::max_element(layers.nodes.begin(), layers.nodes.end()), 0.0);
    EXPECT_GT(std::count_if(layers.edges.begin(), layers.edges.end(), [](const EdgeRow& e) { return e.bridge == 1; }), 0);

    // Same seed, other thread count: the same numbers.
    const auto again = scratch().file("prism_centrality_t1.gpkg");
    ASSERT_EQ(run_midlink("centrality " + prism_with_connectors() + " --samples 200 --seed 7 --threads 1 --quiet -o " + again).exit_code, 0);
    const auto l2 = read_layers(again);
    ASSERT_EQ(l2.edges.size(), layers.edges.size());
    for (std::size_t i = 0; i < l2.edges.size(); ++i) ASSERT_EQ(l2.edges[i].betweenness, layers.edges[i].betweenness);
}

TEST(CliCentrality, OdWeightedBetweenPlacesAndBadInput) {
    // Birmingham, Coventry, Wolverhampton, Solihull centres (EPSG:27700); one point far out at sea.
    const auto places = scratch().file("places.csv");
    std::ofstream(places) << "id,x,y,population\nbirmingham,407000,286800,1150000\ncoventry,433400,279100,345000\n"
                             "wolverhampton,391500,298700,263000\nsolihull,415200,279900,217000\nsea,100000,100000,5\n";
    const auto out = scratch().file("prism_od.gpkg");
    const auto r = run_midlink("centrality " + prism_with_connectors() + " --od " + places + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("1 of 5 places unsnapped"), std::string::npos) << r.output;
    const auto layers = read_layers(out);
    EXPECT_EQ(layers.mode, "od-gravity");
    EXPECT_EQ(layers.sources, 4);
    EXPECT_GT(std::count_if(layers.edges.begin(), layers.edges.end(), [](const EdgeRow& e) { return e.betweenness > 0; }), 10);

    EXPECT_EQ(run_midlink("centrality " + prism_with_connectors() + " --od " + places + " --samples 5 -o " + out).exit_code, 2);
    EXPECT_EQ(run_midlink("centrality " + prism_with_connectors() + " --od /nonexistent.csv -o " + out).exit_code, 3);
}

// Network-wide criticality: the roads of the 10 highest-betweenness edges between Midlands
// places, each closed in turn, ranked by the gravity-weighted time they add.
TEST(CliCentrality, NetworkCriticalityOfTopBetweennessRoadsOnPrism) {
    const std::string places = std::string(MIDLINK_SOURCE_DIR) + "/geodata/corridors/midlands-places.csv";
    const auto out = scratch().file("prism_criticality.gpkg");
    const auto r = run_midlink("centrality " + prism_with_connectors() + " --od " + places + " --criticality 10 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("network_criticality");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->GetFeatureCount(), 10);
    int rank = 0, with_increase = 0;
    bool seen_connected = false;
    double last = std::numeric_limits<double>::infinity();
    for (const auto& f : *layer) {
        EXPECT_EQ(f->GetFieldAsInteger("rank"), ++rank);
        const double inc = f->GetFieldAsDouble("weighted_increase_min");
        const double cut = f->GetFieldAsDouble("disconnected_demand");
        EXPECT_GE(inc, 0.0);
        EXPECT_GE(cut, 0.0);
        EXPECT_GT(f->GetFieldAsDouble("betweenness"), 0.0);
        if (cut > 0) {
            EXPECT_FALSE(seen_connected) << "disconnecting roads come first";
            continue;
        }
        seen_connected = true;
        EXPECT_LE(inc, last * (1 + 1e-12));
        last = inc;
        if (inc > 0) {
            ++with_increase;
            // Closing one road adds well under half of all the demand-weighted travel time.
            EXPECT_GT(f->GetFieldAsDouble("increase_pct"), 0.0);
            EXPECT_LT(f->GetFieldAsDouble("increase_pct"), 50.0);
        }
    }
    EXPECT_GT(with_increase, 0);
    const auto bad = run_midlink("centrality " + prism_with_connectors() + " --criticality 5 -o " + scratch().file("x.gpkg"));
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_NE(bad.output.find("--od"), std::string::npos) << bad.output;
}
