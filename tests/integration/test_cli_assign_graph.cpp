// `midlink assign GRAPH.mlg --zones --od` on the PRISM Birmingham network: zones snapped,
// PRISM's own capacities, the methods of the TNTP form, bad zones reported not fatal.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <sstream>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

std::string fixture(const std::string& name) {
    return std::string(MIDLINK_TEST_DATA) + "/assign/" + name;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string assign(const std::string& method, const std::string& out,
                   const std::string& extra = "") {
    const auto r = run_midlink("assign " + prism_graph() + " --zones " +
                               fixture("prism_zones.csv") + " --od " + fixture("prism_od.csv") +
                               " --method " + method + " -o " + out + " " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
}

}  // namespace

TEST(CliAssignGraph, PrismOdReachesTheGapAndReportsBadZones) {
    const auto out = scratch().file("prism_bfw.csv");
    const auto gpkg = scratch().file("prism_bfw.gpkg");
    const auto log = assign("bfw", out, "--edges-out " + gpkg);
    // The unknown zone is named with its row; the zone in the sea is named; the run goes on.
    EXPECT_NE(log.find("row 10: zone 'XYZ' (to) is not in"), std::string::npos) << log;
    EXPECT_NE(log.find("zone SEA is"), std::string::npos) << log;
    const auto summary = read_text(out + ".summary.json");
    EXPECT_NE(summary.find("\"converged\":true"), std::string::npos) << summary;
    EXPECT_LE(json_number(summary, "relative_gap"), 1e-4);
    EXPECT_EQ(json_number(summary, "zones"), 6);
    EXPECT_EQ(json_number(summary, "zones_unsnapped"), 1);
    EXPECT_EQ(json_number(summary, "od_rows_skipped"), 1);
    EXPECT_EQ(json_number(summary, "trips"), 14300);  // all valid rows, the sea zone's too
    EXPECT_EQ(json_number(summary, "unassigned_demand"), 100);  // the sea zone's row only
    // Mean trip time between these towns at peak: tens of minutes, not seconds or hours.
    const double mean_min = json_number(summary, "total_system_travel_time") / (14300 - 100) / 60.0;
    EXPECT_GT(mean_min, 10.0);
    EXPECT_LT(mean_min, 60.0);

    // FLOWS.csv: the TNTP form's columns first, one row per graph edge.
    std::ifstream in(out);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header.rfind("from,to,volume,cost,", 0), 0u) << header;
    const auto info = run_midlink("graph info " + prism_graph() + " --format json");
    std::size_t rows = 0;
    for (std::string line; std::getline(in, line);) ++rows;
    EXPECT_EQ(static_cast<double>(rows), json_number(info.output, "edges"));

    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* edges = ds->GetLayerByName("assigned_edges");
    ASSERT_NE(edges, nullptr);
    double motorway_volume = 0.0;
    double max_volume = 0.0;
    int loaded = 0;
    for (auto& f : *edges) {
        const double v = f->GetFieldAsDouble("volume");
        EXPECT_GE(v, -1e-9);
        max_volume = std::max(max_volume, v);
        loaded += v > 1.0 ? 1 : 0;
        if (std::string(f->GetFieldAsString("class")) == "motorway") motorway_volume += v;
        if (f->IsFieldSetAndNotNull(f->GetFieldIndex("vc_ratio"))) {
            EXPECT_NEAR(f->GetFieldAsDouble("vc_ratio"), v / f->GetFieldAsDouble("capacity_vph"),
                        1e-9);
            EXPECT_STREQ(f->GetFieldAsString("capacity_source"),
                         "input");  // PRISM's own capacities
        }
        EXPECT_GE(f->GetFieldAsDouble("cost_s"), f->GetFieldAsDouble("free_flow_time_s") - 1e-6);
    }
    EXPECT_GT(loaded, 100);
    EXPECT_LE(max_volume, 14200.0 + 1e-6);  // no edge carries more than all the trips
    EXPECT_GT(motorway_volume, 0.0);        // Wolverhampton-Coventry and kin use the M6
}

TEST(CliAssignGraph, AllOrNothingHasTheLargerGapAndTntpFormIsUnchanged) {
    const auto aon = scratch().file("prism_aon.csv");
    assign("aon", aon, "-q");
    const auto s = read_text(aon + ".summary.json");
    EXPECT_GT(json_number(s, "relative_gap"), 1e-3)
        << s;  // free-flow loading of a congested network
    // Mixing the two forms is refused with a message naming both.
    const auto mixed =
        run_midlink("assign " + prism_graph() + " --network x_net.tntp --trips x_trips.tntp -o " +
                    scratch().file("x.csv"));
    EXPECT_NE(mixed.exit_code, 0);
    EXPECT_NE(mixed.output.find("not both"), std::string::npos) << mixed.output;
    const auto half = run_midlink("assign " + prism_graph() + " --zones " +
                                  fixture("prism_zones.csv") + " -o " + scratch().file("y.csv"));
    EXPECT_NE(half.exit_code, 0);
    EXPECT_NE(half.output.find("--od"), std::string::npos) << half.output;
    // The TNTP form still runs as before: its columns are kept, with `time` added after them.
    const std::string sf = geodata("tntp-assignment/SiouxFalls/SiouxFalls");
    const auto tntp = run_midlink("assign --network " + sf + "_net.tntp --trips " + sf +
                                  "_trips.tntp --method aon -q -o " + scratch().file("sf.csv"));
    EXPECT_EQ(tntp.exit_code, 0) << tntp.output;
    EXPECT_EQ(read_text(scratch().file("sf.csv")).rfind("from,to,volume,cost,time\n", 0), 0u);
}
