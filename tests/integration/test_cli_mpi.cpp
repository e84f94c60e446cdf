// midlink-mpi under `mpirun --oversubscribe -n 3` on loopback (docs/cluster.md): access, a
// four-scenario sweep, `route --pairs`, `run`, `matrix`, `centrality` and `isochrone` write the
// same bytes as one process; an input error is reported once before any heavy work; a rank that
// throws or dies ends the job and leaves nothing under the output's names (a matrix, which
// streams, may leave a temporary that the next run removes).
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cli_runner.hpp"
#include "rutland_study.hpp"

using namespace midlink::test;
namespace fs = std::filesystem;

namespace {

// Open MPI refuses root unless told; CI containers run as root.
const std::string kMpirun =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
    // Containers often forbid the cross-memory attach Open MPI's shared-memory transport
    // tries first (process_vm_readv: "Operation not permitted"); copy through shared memory.
    "OMPI_MCA_btl_vader_single_copy_mechanism=none "
    "mpirun --oversubscribe --bind-to none ";

CliResult run_mpi(int ranks, const std::string& args, const std::string& env = "") {
    return run_shell(env + " " + kMpirun + "-n " + std::to_string(ranks) + " " + MIDLINK_MPI_BINARY + " " + args + " 2>&1");
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void expect_same_file(const std::string& a, const std::string& b) {
    ASSERT_TRUE(fs::exists(a)) << a;
    ASSERT_TRUE(fs::exists(b)) << b;
    const auto x = slurp(a), y = slurp(b);
    EXPECT_GT(x.size(), 0u) << a;
    EXPECT_TRUE(x == y) << a << " and " << b << " differ";
}

// Every layer of a GeoPackage as text: name, fields and geometry of each feature in order.
std::string dump_layers(const std::string& path) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    if (!ds) return "cannot open " + path;
    std::ostringstream out;
    for (auto* layer : ds->GetLayers()) {
        out << "layer " << layer->GetName() << "\n";
        if (std::string(layer->GetName()) == "layer_styles") continue;  // written with a timestamp
        for (const auto& f : *layer) {
            for (int i = 0; i < f->GetFieldCount(); ++i) out << (f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "NULL") << "|";
            if (const auto* g = f->GetGeometryRef()) {
                char* wkt = nullptr;
                g->exportToWkt(&wkt);
                out << wkt;
                CPLFree(wkt);
            }
            out << "\n";
        }
    }
    return out.str();
}

// Files in `folder` whose name contains `stem` (final outputs, sidecars, temporaries, locks).
std::vector<std::string> files_named(const std::string& folder, const std::string& stem) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(folder)) {
        const auto name = e.path().filename().string();
        if (name.find(stem) != std::string::npos) out.push_back(name);
    }
    return out;
}

const std::string kPopulation = " --population " + geodata("hack25usefuldata/derived-census21_pop_lsoa21.csv") +
                                " --population-id lsoa21_code --population-field usual_residents";

// West Midlands LSOAs to schools on PRISM: 1,719 origins in 54 blocks, with a 2SFCA measure
// whose supply ratios sum over every rank's origins.
std::string prism_access_args() {
    return "access " + prism_graph() + " --origins " + geodata("drkane-geo-lookups/lsoa21/E47000007.geojson") +
           " --origin-id LSOA21CD" + kPopulation + " --destinations " +
           geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv") +
           " --dest-name schools --max-snap 2000 --measures 'nearest,cumulative:15|30,2sfca:exp:0.1' --threads 1 -q";
}

// Every layer of a dataset with each real field's exact bits (hex float): equal dumps mean
// bit-identical values, which dump_layers' decimal text does not show.
std::string dump_exact(const std::string& path) {
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    if (!ds) return "cannot open " + path;
    std::ostringstream out;
    char hex[64];
    for (auto* layer : ds->GetLayers()) {
        out << "layer " << layer->GetName() << "\n";
        if (std::string(layer->GetName()) == "layer_styles") continue;
        for (const auto& f : *layer) {
            for (int i = 0; i < f->GetFieldCount(); ++i) {
                if (!f->IsFieldSetAndNotNull(i)) out << "NULL|";
                else if (f->GetFieldDefnRef(i)->GetType() == OFTReal) {
                    std::snprintf(hex, sizeof hex, "%a|", f->GetFieldAsDouble(i));
                    out << hex;
                } else out << f->GetFieldAsString(i) << "|";
            }
            out << "\n";
        }
    }
    return out.str();
}

// Random points in Rutland (British National Grid), "id,x,y" or the matrix's "id,easting,northing".
std::string rutland_points(const std::string& name, int count, unsigned seed, const std::string& header = "id,x,y") {
    const auto path = scratch().file(name);
    std::ofstream f(path);
    f << header << "\n";
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> x(484000, 500000), y(297000, 316000);
    for (int i = 0; i < count; ++i) f << "p" << i << ',' << x(rng) << ',' << y(rng) << '\n';
    return path;
}

}  // namespace

TEST(CliMpi, AccessOnThreeRanksEqualsOneProcess) {
    const auto one = run_midlink(prism_access_args() + " -o " + scratch().file("mpi_access1.gpkg"));
    ASSERT_EQ(one.exit_code, 0) << one.output;
    const auto three = run_mpi(3, prism_access_args() + " -o " + scratch().file("mpi_access3.gpkg"));
    ASSERT_EQ(three.exit_code, 0) << three.output;
    for (const std::string side : {"_areas.csv", "_destinations.csv", ".gpkg.diagnostics.csv"})
        expect_same_file(scratch().file("mpi_access1" + side), scratch().file("mpi_access3" + side));
    EXPECT_EQ(dump_layers(scratch().file("mpi_access1.gpkg")), dump_layers(scratch().file("mpi_access3.gpkg")));
    // The 2SFCA ratios are there and were summed across ranks (non-empty, and equal above).
    const auto dests = read_csv(scratch().file("mpi_access3_destinations.csv"));
    ASSERT_FALSE(dests.empty());
    std::size_t ratios = 0;
    for (const auto& d : dests) ratios += !d.begin()->second.empty() && !d.rbegin()->second.empty();
    EXPECT_GT(ratios, 100u);
}

TEST(CliMpi, RunSummaryGivesPerRankTimes) {
    auto args = prism_access_args();
    args.erase(args.rfind(" -q"));
    const auto r = run_mpi(3, args + " -o " + scratch().file("mpi_access_summary.gpkg"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("ranks: 3; access searches, 1719 origins:"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("(blocks 18/18/18), imbalance"), std::string::npos) << r.output;
    // Only rank 0 speaks: one summary line, not three.
    const auto first = r.output.find("1719 origins: 0 unsnapped");
    ASSERT_NE(first, std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("1719 origins: 0 unsnapped", first + 1), std::string::npos) << r.output;
    // --format json carries them too.
    const auto json = run_mpi(3, args + " --format json -o " + scratch().file("mpi_access_json.gpkg"), "");
    ASSERT_EQ(json.exit_code, 0) << json.output;
    EXPECT_NE(json.output.find("\"ranks\""), std::string::npos) << json.output;
}

TEST(CliMpi, RoutePairsOnThreeRanksEqualOneProcess) {
    const auto g = built_graph("rutland_mpi_route", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"));
    const auto pairs = scratch().file("mpi_pairs.csv");
    {
        std::ofstream f(pairs);
        f << "id,from_x,from_y,to_x,to_y\n";
        std::mt19937_64 rng(15);
        std::uniform_real_distribution<double> x(484000, 500000), y(297000, 316000);  // Rutland, BNG
        // 1,300 rows: six blocks of 256, the last one short, dealt over three ranks.
        for (int i = 0; i < 1300; ++i) f << "p" << i << ',' << x(rng) << ',' << y(rng) << ',' << x(rng) << ',' << y(rng) << '\n';
    }
    for (const std::string engine : {"dijkstra", "hierarchy"}) {
        if (engine == "hierarchy") {
            ASSERT_EQ(run_midlink("graph contract " + g + " -q").exit_code, 0);
        }
        const auto a = scratch().file("mpi_route1_" + engine + ".csv"), b = scratch().file("mpi_route3_" + engine + ".csv");
        const auto one = run_midlink("route " + g + " --pairs " + pairs + " -o " + a + " -q");
        ASSERT_EQ(one.exit_code, 0) << one.output;
        const auto three = run_mpi(3, "route " + g + " --pairs " + pairs + " -o " + b + " -q");
        ASSERT_EQ(three.exit_code, 0) << three.output;
        expect_same_file(a, b);
        EXPECT_EQ(read_csv(b).size(), 1300u);
    }
    // With the route lines as well: the geometry travels between the ranks too.
    const auto one = run_midlink("route " + g + " --pairs " + pairs + " --geometry " + scratch().file("mpi_lines1.gpkg") + " -o " +
                                 scratch().file("mpi_l1.csv") + " -q");
    ASSERT_EQ(one.exit_code, 0) << one.output;
    const auto three = run_mpi(3, "route " + g + " --pairs " + pairs + " --geometry " + scratch().file("mpi_lines3.gpkg") + " -o " +
                                      scratch().file("mpi_l3.csv") + " -q");
    ASSERT_EQ(three.exit_code, 0) << three.output;
    const auto lines = dump_layers(scratch().file("mpi_lines3.gpkg"));
    EXPECT_GT(lines.size(), 100000u);
    EXPECT_EQ(dump_layers(scratch().file("mpi_lines1.gpkg")), lines);
}

TEST(CliMpi, FourScenarioSweepOnThreeRanksEqualsOneProcess) {
    const auto coverage = write_midlands_coverage("mpi_coverage.gpkg");
    ASSERT_FALSE(coverage.empty());
    const auto project = write_rutland_project("mpi_", coverage);
    const auto scen = scratch().file("mpi_scenarios.yaml");
    std::ofstream(scen) << "scenarios:\n" << kRutlandScenarioItems
                        << "  - name: A47 upgrade\n    cost_gbp: 30000000\n    interventions:\n"
                           "      - {type: upgrade, refs: [A47], speed_factor: 1.2}\n";
    const auto one = run_midlink("scenarios " + project + " --scenarios " + scen + " -q -o " + scratch().file("mpi_rank1.gpkg"));
    ASSERT_EQ(one.exit_code, 0) << one.output;
    const auto three = run_mpi(3, "scenarios " + project + " --scenarios " + scen + " -o " + scratch().file("mpi_rank3.gpkg"));
    ASSERT_EQ(three.exit_code, 0) << three.output;
    EXPECT_NE(three.output.find("ranks: 3; scenarios:"), std::string::npos) << three.output;
    EXPECT_NE(three.output.find("(blocks 2/1/1)"), std::string::npos) << three.output;
    const auto layers = dump_layers(scratch().file("mpi_rank3.gpkg"));
    EXPECT_NE(layers.find("layer difference_4_a47_upgrade"), std::string::npos) << layers.substr(0, 2000);
    EXPECT_NE(layers.find("A47 upgrade|"), std::string::npos);
    EXPECT_EQ(dump_layers(scratch().file("mpi_rank1.gpkg")), layers);
}

TEST(CliMpi, RunOfTheBundledStudyOnTwoRanksEqualsOneProcess) {
    const auto study = std::string(MIDLINK_SOURCE_DIR) + "/geodata/study/project.yaml";
    const auto a = scratch().file("mpi_run1"), b = scratch().file("mpi_run2");
    const auto one = run_midlink("run " + study + " -o " + a + " -q");
    ASSERT_EQ(one.exit_code, 0) << one.output;
    const auto two = run_mpi(2, "run " + study + " -o " + b + " -q");
    ASSERT_EQ(two.exit_code, 0) << two.output;
    std::size_t compared = 0;
    for (const auto& e : fs::directory_iterator(a)) {
        const auto name = e.path().filename().string();
        if (e.path().extension() != ".csv") continue;
        expect_same_file(e.path().string(), b + "/" + name);
        ++compared;
    }
    EXPECT_GT(compared, 15u);
    EXPECT_EQ(dump_layers(a + "/ranking.gpkg"), dump_layers(b + "/ranking.gpkg"));
    const auto manifest = slurp(b + "/manifest.json");
    EXPECT_NE(manifest.find("\"ranks\""), std::string::npos) << manifest;
    EXPECT_NE(manifest.find("\"imbalance\""), std::string::npos);
}

TEST(CliMpi, InputErrorIsReportedOnceBeforeAnyWork) {
    const auto r = run_mpi(3, "access " + prism_graph() + " --origins " + scratch().file("no_such_origins.csv") +
                                  " --destinations " + geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv") +
                                  " --measures nearest -o " + scratch().file("mpi_bad.gpkg"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    const auto first = r.output.find("no_such_origins.csv");
    ASSERT_NE(first, std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("midlink: error:", r.output.find("midlink: error:") + 1), std::string::npos) << r.output;
    EXPECT_TRUE(files_named(scratch().file(""), "mpi_bad").empty());
}

TEST(CliMpi, ARankThatThrowsEndsTheJobNamingRankAndBlock) {
    const auto r = run_mpi(3, prism_access_args() + " -o " + scratch().file("mpi_throw.gpkg"), "MIDLINK_MPI_FAULT=1:4:throw");
    EXPECT_NE(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("rank 1 of 3, origin block 4 (origins 129-160)"), std::string::npos) << r.output;
    EXPECT_TRUE(files_named(scratch().file(""), "mpi_throw").empty());
}

TEST(CliMpi, AKilledRankEndsTheJobAndLeavesNothing) {
    const auto r = run_mpi(3, prism_access_args() + " -o " + scratch().file("mpi_killed.gpkg"), "MIDLINK_MPI_FAULT=2:5:kill");
    EXPECT_NE(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("rank 2"), std::string::npos) << r.output;  // mpirun names the rank that died
    const auto left = files_named(scratch().file(""), "mpi_killed");
    EXPECT_TRUE(left.empty()) << left.front();
    // The same for route --pairs and for a scenario sweep's block.
    const auto g = built_graph("rutland_mpi_route", "--network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"));
    const auto pairs = scratch().file("mpi_kill_pairs.csv");
    {
        std::ofstream f(pairs);
        f << "id,from_x,from_y,to_x,to_y\n";
        for (int i = 0; i < 600; ++i) f << "k" << i << ",486000,307000,497000,301000\n";
    }
    const auto route = run_mpi(3, "route " + g + " --pairs " + pairs + " -o " + scratch().file("mpi_killed_route.csv"),
                               "MIDLINK_MPI_FAULT=1:1:kill");
    EXPECT_NE(route.exit_code, 0) << route.output;
    EXPECT_TRUE(files_named(scratch().file(""), "mpi_killed_route").empty());
}

// 400 origins x 30 destinations: four row blocks of 128 (the last short) over three ranks;
// rank 0 writes them in order as they come.
TEST(CliMpi, MatrixOnThreeRanksEqualsOneProcessInCsvAndOmx) {
    const auto origins = rutland_points("mpi_matrix_o.csv", 400, 21, "id,easting,northing");
    const auto dests = rutland_points("mpi_matrix_d.csv", 30, 22, "id,easting,northing");
    const auto args = "matrix " + rutland_graph() + " --origins " + origins + " --destinations " + dests + " --max-time 15";
    for (const std::string ext : {".csv", ".omx"}) {
        const auto a = scratch().file("mpi_matrix1" + ext), b = scratch().file("mpi_matrix3" + ext);
        const auto one = run_midlink(args + " -q -o " + a);
        ASSERT_EQ(one.exit_code, 0) << one.output;
        const auto three = run_mpi(3, args + " -o " + b);
        ASSERT_EQ(three.exit_code, 0) << three.output;
        EXPECT_NE(three.output.find("ranks: 3; matrix rows:"), std::string::npos) << three.output;
        EXPECT_NE(three.output.find("(blocks 2/1/1)"), std::string::npos) << three.output;
        if (ext == ".csv") {
            expect_same_file(a, b);
            EXPECT_EQ(read_csv(b).size(), 400u * 30u);
            continue;
        }
        // OMX: every dataset and lookup read back by h5py, compared as raw bytes (NaN too).
        const auto script = scratch().file("mpi_same_omx.py");
        std::ofstream(script) << "import sys, h5py\n"
                                 "a, b = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')\n"
                                 "names = ['data/time_min', 'data/distance_km', 'lookup/origin_id', 'lookup/destination_id']\n"
                                 "for n in names:\n"
                                 "    x, y = a[n][()], b[n][()]\n"
                                 "    assert x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes(), n\n"
                                 "assert (a['data/time_min'][()] == a['data/time_min'][()]).sum() > 1000\n"
                                 "assert list(a.attrs['SHAPE']) == list(b.attrs['SHAPE']) == [400, 30]\n"
                                 "print('same')\n";
        const auto same = run_shell("/usr/bin/python3 " + script + " " + a + " " + b + " 2>&1");
        EXPECT_EQ(same.exit_code, 0) << same.output;
        EXPECT_NE(same.output.find("same"), std::string::npos) << same.output;
    }
}

TEST(CliMpi, MatrixRankThatThrowsNamesRankAndRowBlock) {
    const auto origins = rutland_points("mpi_matrix_o.csv", 400, 21, "id,easting,northing");
    const auto out = scratch().file("mpi_matrix_throw.csv");
    const auto args = "matrix " + rutland_graph() + " --origins " + origins + " -o " + out;
    const auto r = run_mpi(3, args, "MIDLINK_MPI_FAULT=1:1:throw");
    EXPECT_NE(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("rank 1 of 3, row block 1 (origins 129-256)"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out));
    // Rank 0 streams the matrix, so its temporary may outlive the job; the next run removes it.
    const auto again = run_mpi(3, args + " -q");
    ASSERT_EQ(again.exit_code, 0) << again.output;
    for (const auto& name : files_named(scratch().file(""), "mpi_matrix_throw")) {
        EXPECT_EQ(name.find("midlink-tmp"), std::string::npos) << name;
        EXPECT_EQ(name.find(".lock"), std::string::npos) << name;
    }
}

// Sampled: 200 sources in 13 chunks of 16; rank 0 adds every chunk's sums in chunk order.
TEST(CliMpi, CentralitySampledAndOdOnThreeRanksEqualOneProcess) {
    const auto g = built_graph("prism_default", "--network " + geodata("tntp-birmingham-prism/Birmingham_Net.tntp"));
    const auto places = scratch().file("mpi_places.csv");
    {
        // 60 places around Birmingham: 60 origins, four chunks.
        std::ofstream f(places);
        f << "id,x,y,population\n";
        std::mt19937_64 rng(60);
        std::uniform_real_distribution<double> x(395000, 420000), y(278000, 298000), pop(1000, 50000);
        for (int i = 0; i < 60; ++i) f << "place" << i << ',' << x(rng) << ',' << y(rng) << ',' << static_cast<int>(pop(rng)) << '\n';
    }
    for (const std::string mode : {"sampled", "od"}) {
        const auto args = "centrality " + g + (mode == "sampled" ? " --samples 200 --seed 7" : " --od " + places);
        const auto a = scratch().file("mpi_centrality1_" + mode + ".gpkg"), b = scratch().file("mpi_centrality3_" + mode + ".gpkg");
        const auto one = run_midlink(args + " -q -o " + a);
        ASSERT_EQ(one.exit_code, 0) << one.output;
        const auto three = run_mpi(3, args + " -o " + b);
        ASSERT_EQ(three.exit_code, 0) << three.output;
        EXPECT_NE(three.output.find("ranks: 3; betweenness, "), std::string::npos) << three.output;
        if (mode == "sampled") {
            EXPECT_NE(three.output.find("(blocks 5/4/4)"), std::string::npos) << three.output;
        }
        const auto layers = dump_exact(b);
        EXPECT_GT(layers.size(), 100000u);
        EXPECT_NE(layers.find("layer centrality_run"), std::string::npos);
        EXPECT_EQ(dump_exact(a), layers) << mode;
    }
}

// Seven origins (one far outside Rutland, unsnapped), each a block dealt to rank i mod 3.
TEST(CliMpi, IsochronePointsOnThreeRanksEqualOneProcess) {
    const auto pts = rutland_points("mpi_iso_points.csv", 6, 7);
    std::ofstream(pts, std::ios::app) << "nowhere,400000,200000\n";
    const auto args = "isochrone " + rutland_graph() + " --points " + pts + " --bands 5,10";
    const auto a = scratch().file("mpi_iso1.gpkg"), b = scratch().file("mpi_iso3.gpkg");
    const auto one = run_midlink(args + " -q -o " + a);
    ASSERT_EQ(one.exit_code, 0) << one.output;
    const auto three = run_mpi(3, args + " -o " + b);
    ASSERT_EQ(three.exit_code, 0) << three.output;
    EXPECT_NE(three.output.find("ranks: 3; isochrones, 7 origins:"), std::string::npos) << three.output;
    EXPECT_NE(three.output.find("(blocks 3/2/2)"), std::string::npos) << three.output;
    const auto layers = dump_exact(b);
    EXPECT_NE(layers.find("layer bands"), std::string::npos);
    EXPECT_EQ(dump_exact(a), layers);
    EXPECT_EQ(dump_layers(a), dump_layers(b));  // geometry too
}
