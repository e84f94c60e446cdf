// What midlink writes and reads back: damaged graph files, lost stdout, output sets.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cli_runner.hpp"

using namespace midlink::test;
namespace fs = std::filesystem;

namespace {
// stdout to /dev/full, stderr captured: run_midlink would send both to the pipe.
CliResult run_to_full_stdout(const std::string& args) { return run_midlink(args, "2>&1 >/dev/full"); }

void expect_error(const CliResult& r, int code, const std::string& text) {
    EXPECT_EQ(r.exit_code, code) << r.output;
    EXPECT_NE(r.output.find("midlink: error: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(text), std::string::npos) << r.output;
}

// A folder of its own per test, so listings see only that test's files.
std::string folder(const std::string& name) {
    const auto dir = scratch().file(name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::vector<std::string> listing(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string rutland_access(const std::string& extra) {
    return "access " + rutland_graph() + " --origins " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
           " --origin-id LSOA21CD --destinations " + geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv") +
           " --dest-name schools --measures nearest --quiet " + extra;
}

const std::string kRutlandPairs = "id,from_x,from_y,to_x,to_y\n1,486000,308000,490000,305000\n2,484000,306000,491000,309000\n";
}  // namespace

TEST(CliOutputIntegrity, AGraphFileWithAChangedByteIsRefusedAsDamaged) {
    const auto copy = scratch().file("damaged.mlg");
    fs::copy_file(rutland_graph(), copy, fs::copy_options::overwrite_existing);
    {
        std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
        const auto mid = static_cast<std::streamoff>(fs::file_size(copy) / 2);
        f.seekg(mid);
        char c = 0;
        f.get(c);
        f.seekp(mid);
        f.put(static_cast<char>(c ^ 0x04));
    }
    expect_error(run_midlink("graph info " + copy), 3, copy + ": damaged graph file: checksum mismatch");
    const auto pairs = scratch().file("damaged_pairs.csv");
    std::ofstream(pairs) << kRutlandPairs;
    expect_error(run_midlink("route " + copy + " --pairs " + pairs), 3, "checksum mismatch");
}

TEST(CliOutputIntegrity, ResultsLostOnAFullStdoutExitFive) {
    const auto g = rutland_graph();
    const auto pairs = scratch().file("full_pairs.csv");
    std::ofstream(pairs) << kRutlandPairs;
    ASSERT_EQ(run_midlink("route " + g + " --pairs " + pairs).exit_code, 0);
    const std::string stdout_error = "cannot write results to standard output";
    expect_error(run_to_full_stdout("route " + g + " --pairs " + pairs), 5, stdout_error);
    expect_error(run_to_full_stdout("route " + g + " --from 486000,308000 --to 490000,305000 --format json"), 5, stdout_error);
    expect_error(run_to_full_stdout("graph info " + g + " --format json"), 5, stdout_error);
    expect_error(run_to_full_stdout("graph info " + g), 5, stdout_error);
    expect_error(run_to_full_stdout("info " + g + " --format json"), 5, stdout_error);
    expect_error(run_to_full_stdout("info " + geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") + " --format json"), 5,
                 stdout_error);
    expect_error(run_to_full_stdout("bench load " + g + " --repeat 1"), 5, stdout_error);
}

TEST(CliOutputIntegrity, AccessFailingLateLeavesNoPartOfItsOutput) {
    const auto dir = folder("late_failure");
    const auto out = dir + "/x.gpkg";
    // The OD matrix, written after the layers and their CSVs, goes to a folder that is missing.
    const auto r = run_midlink(rutland_access("--od-matrix " + dir + "/missing/od.csv -o " + out));
    expect_error(r, 5, dir + "/missing/od.csv");
    EXPECT_EQ(listing(dir), std::vector<std::string>{}) << "no x.gpkg, no x_*.csv, no temporaries, no lock";
}

TEST(CliOutputIntegrity, ARerunWithFewerLayersRemovesTheStaleCsvs) {
    const auto dir = folder("rerun");
    const auto out = dir + "/x.gpkg";
    ASSERT_EQ(run_midlink(rutland_access("--aggregate-code LADCD_ACTIVE -o " + out)).exit_code, 0);
    ASSERT_TRUE(fs::exists(dir + "/x_LADCD_ACTIVE.csv"));
    std::ofstream(dir + "/x_notes.csv") << "a user's own file, never written by midlink\n";
    const auto r = run_midlink(rutland_access("-o " + out));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(fs::exists(dir + "/x_LADCD_ACTIVE.csv")) << "a CSV of a layer the new x.gpkg does not have";
    EXPECT_TRUE(fs::exists(dir + "/x_areas.csv"));
    EXPECT_TRUE(fs::exists(dir + "/x_notes.csv"));
}

TEST(CliOutputIntegrity, TemporariesOfAKilledRunAreRemovedByTheNext) {
    const auto dir = folder("killed");
    const auto dead = dir + "/.x.midlink-tmp-2147483000.gpkg";  // no process has this pid
    const auto dead_csv = dir + "/.x_areas.midlink-tmp-2147483000.csv";
    const auto live = dir + "/.y.midlink-tmp-" + std::to_string(::getpid()) + ".gpkg";  // this test is alive
    for (const auto& f : {dead, dead_csv, live}) std::ofstream(f) << "half a file";
    ASSERT_EQ(run_midlink(rutland_access("-o " + dir + "/x.gpkg")).exit_code, 0);
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_FALSE(fs::exists(dead_csv));
    EXPECT_TRUE(fs::exists(live));
}

TEST(CliOutputIntegrity, ASecondRunOnTheSameOutputFailsCleanlyAndMixesNothing) {
    const auto dir = folder("concurrent");
    const auto out = dir + "/x.gpkg";
    // This test plays the first run: it holds the output's lock, as a running midlink does.
    const auto lock = out + ".lock";
    const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const std::string pid = std::to_string(::getpid()) + "\n";
    ASSERT_EQ(::write(fd, pid.data(), pid.size()), static_cast<ssize_t>(pid.size()));
    const auto r = run_midlink(rutland_access("-o " + out));
    expect_error(r, 5, "another midlink run (pid " + std::to_string(::getpid()) + ") is writing it");
    EXPECT_NE(r.output.find(lock), std::string::npos) << r.output;
    EXPECT_EQ(listing(dir), std::vector<std::string>{"x.gpkg.lock"});
    ::unlink(lock.c_str());
    ::close(fd);
    // Once the first run is over, the output can be written.
    ASSERT_EQ(run_midlink(rutland_access("-o " + out)).exit_code, 0);
    EXPECT_TRUE(fs::exists(out));
    EXPECT_FALSE(fs::exists(lock));
}

TEST(CliOutputIntegrity, ARunManifestThatCannotBeWrittenExitsFive) {
    const auto out = folder("manifest_blocked");
    fs::create_directory(out + "/manifest.json");  // in the way of the rename
    const auto r = run_midlink("--quiet run " + std::string(MIDLINK_SOURCE_DIR) + "/geodata/demo/project.yaml -o " + out +
                               " --to graph");
    expect_error(r, 5, "cannot write " + out + "/manifest.json");
    for (const auto& name : listing(out)) EXPECT_EQ(name.find("midlink-tmp"), std::string::npos) << name;
}

namespace {
// Plays a first run of OUT: holds its lock (flock, as a running midlink does) while `args`
// runs as a second writer. The second run must fail at once with exit 5 naming the holder,
// and leave nothing in `dir` but the lock: no output, no sidecar, no temporary. Before the
// commands took their output's lock, each of these runs wrote its output (exit 0).
void expect_refused_while_locked(const std::string& dir, const std::string& out, const std::string& args) {
    const auto lock = out + ".lock";
    const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const std::string pid = std::to_string(::getpid()) + "\n";
    ASSERT_EQ(::write(fd, pid.data(), pid.size()), static_cast<ssize_t>(pid.size()));
    const auto r = run_midlink(args);
    expect_error(r, 5, "cannot write " + out + ": another midlink run (pid " + std::to_string(::getpid()) + ") is writing it");
    EXPECT_NE(r.output.find(lock), std::string::npos) << r.output;
    EXPECT_EQ(listing(dir), std::vector<std::string>{fs::path(lock).filename().string()}) << args;
    ::unlink(lock.c_str());
    ::close(fd);
}
}  // namespace

TEST(CliOutputIntegrity, CorridorsRefusesASecondWriterOfItsOutput) {
    const auto inputs = folder("corridor_inputs");
    std::ofstream(inputs + "/corridors.yaml")
        << "corridors:\n  - name: Oakham-Uppingham\n    waypoints:\n      - {name: Oakham, x: 486100, y: 308900}\n"
           "      - {name: Uppingham, x: 486600, y: 299800}\n";
    const auto dir = folder("locked_corridors");
    const auto out = dir + "/c.gpkg";
    expect_refused_while_locked(dir, out, "corridors " + rutland_graph() + " --corridors " + inputs + "/corridors.yaml --quiet -o " + out);
}

TEST(CliOutputIntegrity, CentralityRefusesASecondWriterOfItsOutput) {
    const auto dir = folder("locked_centrality");
    const auto out = dir + "/c.gpkg";
    expect_refused_while_locked(dir, out, "centrality " + rutland_graph() + " --samples 20 --seed 1 --quiet -o " + out);
}

TEST(CliOutputIntegrity, IsochroneRefusesASecondWriterOfItsOutput) {
    const auto dir = folder("locked_isochrone");
    const auto out = dir + "/i.gpkg";
    expect_refused_while_locked(dir, out, "isochrone " + rutland_graph() + " --from 485980,308700 --bands 5 --quiet -o " + out);
}

TEST(CliOutputIntegrity, RouteGeometryRefusesASecondWriterOfItsOutput) {
    const auto dir = folder("locked_route");
    const auto out = dir + "/r.gpkg";
    expect_refused_while_locked(dir, out, "route " + rutland_graph() + " --from 486000,308000 --to 490000,305000 --geometry " + out);
}

TEST(CliOutputIntegrity, RoutePairsWriteNeitherFileWhenTheGeometryIsLocked) {
    const auto inputs = folder("route_pairs_inputs");
    std::ofstream(inputs + "/pairs.csv") << kRutlandPairs;
    const auto dir = folder("locked_route_pairs");
    // The CSV is free, the geometry is locked: the run writes neither, not the CSV alone.
    expect_refused_while_locked(dir, dir + "/r.gpkg", "route " + rutland_graph() + " --pairs " + inputs + "/pairs.csv -o " + dir +
                                                          "/a_routes.csv --geometry " + dir + "/r.gpkg --quiet");
}

TEST(CliOutputIntegrity, GraphExportRefusesASecondWriterOfItsOutput) {
    const auto dir = folder("locked_export");
    const auto out = dir + "/g.gpkg";
    expect_refused_while_locked(dir, out, "graph export " + rutland_graph() + " -o " + out + " --quiet");
    // A GMNS folder is one set anchored on its link.csv: node.csv is not written alone either.
    const auto gmns = folder("locked_gmns");
    expect_refused_while_locked(gmns, gmns + "/link.csv", "graph export " + rutland_graph() + " -o " + gmns + "/ --quiet");
}

TEST(CliOutputIntegrity, ScenariosRefusesASecondWriterOfItsOutput) {
    const auto inputs = folder("scenario_inputs");
    const auto project = inputs + "/project.yaml";
    std::ofstream(project) << "name: Rutland\ngraph: " << rutland_graph() << "\naccess:\n  origins: "
                           << geodata("drkane-geo-lookups/lsoa21/E06000017.geojson")
                           << "\n  origin_id: LSOA21CD\n  destinations: [{path: "
                           << geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv")
                           << ", name: schools}]\n  measures: nearest\n";
    std::ofstream(inputs + "/scenarios.yaml")
        << "scenarios:\n  - name: A6003 upgrade\n    cost_gbp: 1000000\n    interventions:\n"
           "      - {type: upgrade, refs: [A6003], speed_factor: 1.3}\n";
    const auto dir = folder("locked_scenarios");
    const auto out = dir + "/ranking.gpkg";
    expect_refused_while_locked(dir, out, "scenarios " + project + " --scenarios " + inputs + "/scenarios.yaml --quiet -o " + out);
}

// A stage that fails leaves its own outputs as they were (its command writes them as a set)
// and the manifest says which stage failed and that the later ones did not run. Before, the
// run ended without a manifest, or with the previous run's manifest describing old files.
TEST(CliOutputIntegrity, ARunWithAFailedStageSaysSoInItsManifest) {
    const auto inputs = folder("run_inputs");
    std::ofstream(inputs + "/corridors.yaml") << "corridors: [this is not a corridor list\n";
    std::ofstream(inputs + "/project.yaml") << "name: Broken\ngraph: " << rutland_graph() << "\ncorridors: corridors.yaml\n";
    const auto out = folder("run_failed_stage");
    const auto r = run_midlink("--quiet run " + inputs + "/project.yaml -o " + out);
    EXPECT_NE(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("midlink: error: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("corridors.yaml"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out + "/corridors.gpkg"));
    std::ifstream in(out + "/manifest.json");
    ASSERT_TRUE(in) << "no manifest after a failed stage";
    const auto manifest = nlohmann::json::parse(in);
    std::map<std::string, std::string> status;
    for (const auto& s : manifest.at("stages")) status[s.at("stage")] = s.at("status");
    EXPECT_TRUE(status["corridors"].starts_with("failed: ")) << manifest.dump(2);
    EXPECT_EQ(status["report"], "not run (stage corridors failed)") << manifest.dump(2);
    EXPECT_FALSE(fs::exists(out + "/manifest.json.lock"));
    for (const auto& name : listing(out)) EXPECT_EQ(name.find("midlink-tmp"), std::string::npos) << name;
}
