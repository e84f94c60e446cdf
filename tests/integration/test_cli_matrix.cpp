// midlink matrix on Rutland's OSM graph. The references: `midlink route --pairs` for every
// pair (the matrix must equal it), and Debian's python3-h5py reading the OMX file back, as
// a modelling tool would.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "cli_runner.hpp"

namespace midlink::test {
namespace {

// Towns, villages and a point far outside Rutland (unsnapped at the default 1 km).
const char* kPoints =
    "id,easting,northing\n"
    "101,486100,308800\n"   // Oakham
    "102,486600,299700\n"   // Uppingham
    "103,498100,304300\n"   // Ketton
    "104,495000,308500\n"   // Empingham
    "105,490200,313600\n"   // Cottesmore
    "106,484300,311100\n"   // Langham
    "999,400000,400000\n";  // far away

std::string points_csv() {
    const auto path = scratch().file("matrix_points.csv");
    std::ofstream(path) << kPoints;
    return path;
}

struct Cell {
    double time_min = NAN, distance_km = NAN;
};
using Cells = std::map<std::pair<std::string, std::string>, Cell>;

/// The OMX file read back with h5py: "origin,destination,time_min,distance_km" lines.
Cells read_omx(const std::string& omx) {
    const auto script = scratch().file("read_omx.py");
    std::ofstream(script) << "import sys, h5py, math\n"
                             "f = h5py.File(sys.argv[1], 'r')\n"
                             "assert f.attrs['OMX_VERSION'] in (b'0.2', '0.2'), f.attrs['OMX_VERSION']\n"
                             "rows, cols = (int(x) for x in f.attrs['SHAPE'])\n"
                             "o = f['lookup/origin_id'][:]; d = f['lookup/destination_id'][:]\n"
                             "t = f['data/time_min']; k = f['data/distance_km']\n"
                             "assert t.shape == (rows, cols) and len(o) == rows and len(d) == cols\n"
                             "for i in range(rows):\n"
                             "    for j in range(cols):\n"
                             "        print('%d,%d,%r,%r' % (o[i], d[j], float(t[i, j]), float(k[i, j])))\n";
    FILE* pipe = ::popen(("/usr/bin/python3 " + script + " " + omx + " 2>&1").c_str(), "r");
    Cells cells;
    std::array<char, 512> buf{};
    std::string all;
    while (pipe && std::fgets(buf.data(), buf.size(), pipe)) {
        all += buf.data();
        std::stringstream line(buf.data());
        std::string o, d, t, k;
        std::getline(line, o, ',');
        std::getline(line, d, ',');
        std::getline(line, t, ',');
        std::getline(line, k);
        try {
            cells[{o, d}] = {std::stod(t), std::stod(k)};
        } catch (...) {
        }
    }
    const int status = pipe ? ::pclose(pipe) : -1;
    EXPECT_EQ(status, 0) << all;
    return cells;
}

TEST(CliMatrix, OmxReadByH5pyEqualsRoute) {
    const auto omx = scratch().file("rutland.omx");
    const auto r = run_midlink("matrix " + rutland_graph() + " --origins " + points_csv() + " -o " + omx + " -q");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const Cells cells = read_omx(omx);
    ASSERT_EQ(cells.size(), 49u);

    // Every pair through `route --pairs`, which snaps and routes the same points.
    const auto pairs = scratch().file("matrix_pairs.csv");
    {
        std::ofstream out(pairs);
        out << "id,from_x,from_y,to_x,to_y\n";
        std::stringstream in(kPoints);
        std::string line;
        std::getline(in, line);
        std::vector<std::array<std::string, 3>> pts;
        while (std::getline(in, line)) {
            std::stringstream f(line);
            std::array<std::string, 3> p;
            std::getline(f, p[0], ',');
            std::getline(f, p[1], ',');
            std::getline(f, p[2]);
            pts.push_back(p);
        }
        for (const auto& a : pts)
            for (const auto& b : pts) out << a[0] << "-" << b[0] << "," << a[1] << "," << a[2] << "," << b[1] << "," << b[2] << "\n";
    }
    const auto routed = scratch().file("matrix_routes.csv");
    ASSERT_EQ(run_midlink("route " + rutland_graph() + " --pairs " + pairs + " -o " + routed + " -q").exit_code, 0);
    std::size_t ok = 0;
    for (auto& row : read_csv(routed)) {
        const auto dash = row["id"].find('-');
        const Cell c = cells.at({row["id"].substr(0, dash), row["id"].substr(dash + 1)});
        if (row["status"] != "ok") {
            EXPECT_TRUE(std::isnan(c.time_min)) << row["id"];
            EXPECT_TRUE(std::isnan(c.distance_km)) << row["id"];
            continue;
        }
        ++ok;
        // route --pairs prints 0.1 s and 0.1 m: the matrix must round to what it printed.
        EXPECT_NEAR(c.time_min * 60.0, std::stod(row["time_s"]), 0.05 + 1e-6) << row["id"];
        EXPECT_NEAR(c.distance_km * 1000.0, std::stod(row["distance_m"]), 0.05 + 1e-6) << row["id"];
    }
    EXPECT_EQ(ok, 36u);  // 6 x 6 snapped; the far point's row and column are NULL
}

TEST(CliMatrix, CsvEqualsOmxAndMaxTimeLeavesSlowPairsNull) {
    const auto omx = scratch().file("rutland_limit.omx");
    const auto csv = scratch().file("rutland_limit.csv");
    ASSERT_EQ(run_midlink("matrix " + rutland_graph() + " --origins " + points_csv() + " --max-time 12 -o " + omx + " -q").exit_code, 0);
    ASSERT_EQ(run_midlink("matrix " + rutland_graph() + " --origins " + points_csv() + " --max-time 12 -o " + csv + " -q").exit_code, 0);
    const Cells cells = read_omx(omx);
    const auto rows = read_csv(csv);
    ASSERT_EQ(rows.size(), 49u);
    std::size_t within = 0, beyond = 0;
    for (const auto& row : rows) {
        const Cell c = cells.at({row.at("origin_id"), row.at("destination_id")});
        if (row.at("time_min").empty()) {
            EXPECT_TRUE(std::isnan(c.time_min));
            ++beyond;
            continue;
        }
        ++within;
        EXPECT_DOUBLE_EQ(std::stod(row.at("time_min")), c.time_min);
        EXPECT_DOUBLE_EQ(std::stod(row.at("distance_km")), c.distance_km);
        EXPECT_LE(c.time_min, 12.0);
    }
    EXPECT_GT(within, 6u);   // each place to itself, and the near pairs
    EXPECT_GT(beyond, 13u);  // the far point, and the pairs across the county
    // The diagnostics name the far point.
    std::ifstream diag(csv + ".diagnostics.csv");
    std::stringstream text;
    text << diag.rdbuf();
    EXPECT_NE(text.str().find("unsnapped_origin"), std::string::npos) << text.str();
    EXPECT_NE(text.str().find("origin 999"), std::string::npos) << text.str();
}

TEST(CliMatrix, SameBytesOnOneAndTwoThreads) {
    const auto one = scratch().file("matrix_t1.csv"), two = scratch().file("matrix_t2.csv");
    ASSERT_EQ(run_midlink("matrix " + rutland_graph() + " --origins " + points_csv() + " --threads 1 -o " + one + " -q").exit_code, 0);
    ASSERT_EQ(run_midlink("matrix " + rutland_graph() + " --origins " + points_csv() + " --threads 2 -o " + two + " -q").exit_code, 0);
    const auto slurp = [](const std::string& p) {
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    };
    EXPECT_EQ(slurp(one), slurp(two));
    EXPECT_FALSE(slurp(one).empty());
}

TEST(CliMatrix, BadOutputExtensionIsRefusedUpFront) {
    const auto out = scratch().file("od.parquet");
    const auto r = run_midlink("matrix " + rutland_graph() + " --origins " + points_csv() + " -o " + out);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(".omx"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace midlink::test
