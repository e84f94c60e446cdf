// PostGIS output through a GDAL connection string, on a throwaway PostgreSQL cluster that
// listens only on a Unix socket in a scratch folder. `tools/bootstrap.sh test` installs
// postgresql-15-postgis-3, so in CI this test runs; it fails (never skips) without it.
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli_runner.hpp"

using namespace midlink::test;
namespace fs = std::filesystem;

namespace {
const std::string kBin = "/usr/lib/postgresql/15/bin/";
const std::string kPostgisControl = "/usr/share/postgresql/15/extension/postgis.control";

std::string shell(const std::string& cmd, int* status = nullptr) {
    std::string out;
    FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
    const int st = ::pclose(pipe);
    if (status) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

// initdb refuses to run as root, so as root the cluster belongs to the 'postgres' user
// that the Debian package creates.
class ThrowawayCluster {
public:
    ThrowawayCluster() : m_dir(fs::temp_directory_path() / ("midlink_pg_" + std::to_string(::getpid()))) {
        fs::create_directories(m_dir);
        if (::geteuid() == 0) {
            m_as = "runuser -u postgres -- ";
            if (const passwd* pw = ::getpwnam("postgres")) {
                fs::permissions(m_dir, fs::perms::all);
                if (::chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) m_error = "cannot chown " + m_dir.string();
            } else {
                m_error = "running as root and there is no 'postgres' user to own the cluster";
            }
        }
        if (!m_error.empty()) return;
        int st = 0;
        const auto data = (m_dir / "data").string();
        auto out = shell(m_as + kBin + "initdb -D " + data + " -A trust -U midlink --no-sync", &st);
        if (st != 0) {
            m_error = "initdb failed: " + out;
            return;
        }
        out = shell(m_as + kBin + "pg_ctl -D " + data + " -l " + (m_dir / "log").string() + " -w -o \"-k " + m_dir.string() +
                        " -c listen_addresses='' -p " + std::to_string(kPort) + " -c fsync=off\" start",
                    &st);
        if (st != 0) {
            m_error = "pg_ctl start failed: " + out;
            return;
        }
        m_started = true;
        out = shell(psql("postgres") + " -c 'CREATE DATABASE midlink_test'", &st);
        if (st == 0) out = shell(psql("midlink_test") + " -c 'CREATE EXTENSION postgis'", &st);
        if (st != 0) m_error = "cannot create the PostGIS database: " + out;
    }
    ~ThrowawayCluster() {
        if (m_started) shell(m_as + kBin + "pg_ctl -D " + (m_dir / "data").string() + " -m immediate stop");
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    [[nodiscard]] const std::string& error() const { return m_error; }
    [[nodiscard]] std::string connection() const {
        return "PG:host=" + m_dir.string() + " port=" + std::to_string(kPort) + " user=midlink dbname=midlink_test";
    }
    [[nodiscard]] std::string psql(const std::string& db) const {
        return "psql -X -q -t -A -h " + m_dir.string() + " -p " + std::to_string(kPort) + " -U midlink -d " + db;
    }
    [[nodiscard]] std::string query(const std::string& sql) const { return shell(psql("midlink_test") + " -c \"" + sql + "\""); }

private:
    static constexpr int kPort = 55439;
    fs::path m_dir;
    std::string m_as;
    std::string m_error;
    bool m_started = false;
};

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}
}  // namespace

TEST(CliPostgis, GraphExportAndAccessWriteLayersInBritishNationalGrid) {
    ASSERT_TRUE(fs::exists(kBin + "pg_ctl")) << "needs PostgreSQL 15 (tools/bootstrap.sh test installs postgresql-15-postgis-3)";
    ASSERT_TRUE(fs::exists(kPostgisControl)) << "needs PostGIS (tools/bootstrap.sh test installs postgresql-15-postgis-3)";
    const ThrowawayCluster pg;
    ASSERT_TRUE(pg.error().empty()) << pg.error();

    const auto g = scratch().file("postgis_rutland.mlg");
    ASSERT_EQ(run_midlink("graph build --network " + geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf") + " -o " + g + " --quiet")
                  .exit_code,
              0);
    const auto info = run_midlink("graph info " + g + " --format json");
    const long edges = std::lround(json_number(info.output, "edges"));
    const long nodes = std::lround(json_number(info.output, "nodes"));
    ASSERT_GT(edges, 1000);

    const auto r = run_midlink("graph export " + g + " -o '" + pg.connection() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(trimmed(pg.query("SELECT count(*) FROM edges")), std::to_string(edges));
    EXPECT_EQ(trimmed(pg.query("SELECT count(*) FROM nodes")), std::to_string(nodes));
    // The working CRS is recorded, so QGIS draws the layers in place.
    EXPECT_EQ(trimmed(pg.query("SELECT DISTINCT srid FROM geometry_columns WHERE f_table_name IN ('edges','nodes')")), "27700");
    // Attributes arrive as typed columns, with plausible values.
    EXPECT_EQ(trimmed(pg.query("SELECT count(*) FROM edges WHERE length_m IS NULL OR length_m < 0 OR time_s < 0")), "0");
    const auto extent = trimmed(pg.query("SELECT round(ST_XMin(ST_Extent(wkb_geometry))) > 470000 AND "
                                         "round(ST_XMax(ST_Extent(wkb_geometry))) < 520000 FROM edges"));
    EXPECT_EQ(extent, "t") << "Rutland lies between eastings 470 and 520 km";

    // Accessibility to the same database: a table per layer, and the CSVs and diagnostics
    // that sit beside a file output go to the current folder, named after the database.
    const auto cwd = scratch().file("postgis_cwd");
    fs::create_directories(cwd);
    int st = -1;
    const auto out = shell("cd " + cwd + " && " + std::string(MIDLINK_BINARY) + " access " + g + " --origins " +
                               geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") + " --origin-id LSOA21CD --destinations " +
                               geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv") +
                               " --dest-name schools --measures nearest,cumulative:15 -o '" + pg.connection() + "'",
                           &st);
    ASSERT_EQ(st, 0) << out;
    EXPECT_EQ(trimmed(pg.query("SELECT count(*) FROM areas WHERE schools_nearest_min > 0")), "26");  // Rutland's LSOAs
    EXPECT_EQ(trimmed(pg.query("SELECT srid FROM geometry_columns WHERE f_table_name = 'areas'")), "27700");
    EXPECT_TRUE(fs::exists(fs::path(cwd) / "midlink_test_areas.csv"));
    EXPECT_TRUE(fs::exists(fs::path(cwd) / "midlink_test.diagnostics.csv"));
}
