// Link-table readers (TNTP, GMNS, DIMACS) on tiny fixtures in tests/data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "midlink/core/error.hpp"
#include "midlink/core/link_columns.hpp"
#include "midlink/graph/graph_builder.hpp"
#include "midlink/graph/graph_file.hpp"
#include "midlink/io/gmns_writer.hpp"
#include "midlink/io/network_reader.hpp"
#include "midlink/io/profile_reader.hpp"

using namespace midlink;
namespace fs = std::filesystem;

namespace {

const std::string kData = MIDLINK_TEST_DATA;

/// Runs `read` and returns the InputError message; fails the test when none is thrown.
template <typename F>
std::string input_error(F read) {
    try {
        read();
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected InputError";
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const Diagnostic* find_diagnostic(const LinkTable& t, const std::string& code) {
    for (const auto& d : t.diagnostics.items()) {
        if (d.code == code) return &d;
    }
    return nullptr;
}

}  // namespace

// ---- TNTP -------------------------------------------------------------------------

TEST(TntpReader, ReadsLinksNodesAndKmHourUnits) {
    const auto t = io::read_tntp(kData + "/tntp/tiny/Tiny_net.tntp", {});
    ASSERT_EQ(t.links.size(), 5u);
    EXPECT_EQ(t.crs, "EPSG:27700");
    ASSERT_EQ(t.node_coords.size(), 4u);  // from TINY_Nodes.tntp: case-insensitive match
    EXPECT_DOUBLE_EQ(t.node_coords.at(4).x, 402000.0);
    EXPECT_DOUBLE_EQ(t.node_coords.at(4).y, 301000.0);

    const Link& motorway = t.links[2];
    EXPECT_EQ(motorway.from, 2);
    EXPECT_EQ(motorway.to, 3);
    EXPECT_EQ(motorway.oneway, Oneway::Forward);
    EXPECT_DOUBLE_EQ(motorway.length_m, 1100.0);
    EXPECT_NEAR(motorway.free_flow_time_s, 36.0, 1e-9);  // 0.01 h
    EXPECT_DOUBLE_EQ(motorway.speed_kmh, 110.0);
    EXPECT_DOUBLE_EQ(motorway.capacity_vph, 4000.0);
    EXPECT_EQ(motorway.road_class, RoadClass::Motorway);
    EXPECT_EQ(motorway.source_id, 3);
    ASSERT_EQ(motorway.geometry.size(), 2u);
    EXPECT_EQ(motorway.geometry.front(), (Point{401000, 300000}));
    EXPECT_EQ(motorway.geometry.back(), (Point{402000, 300000}));

    EXPECT_EQ(t.links[0].road_class, RoadClass::Connector);  // touches zone 1
    EXPECT_EQ(t.links[1].road_class, RoadClass::Connector);
    EXPECT_EQ(t.links[3].road_class, RoadClass::Secondary);  // 50 km/h
    EXPECT_EQ(t.links[4].road_class, RoadClass::Tertiary);   // 30 km/h

    const Diagnostic* crs = find_diagnostic(t, "assumed_crs");
    ASSERT_NE(crs, nullptr);
    EXPECT_EQ(crs->severity, Severity::Info);
    EXPECT_TRUE(contains(crs->message, "27700"));
    const Diagnostic* time = find_diagnostic(t, "tntp_time_unit");
    ASSERT_NE(time, nullptr);
    EXPECT_TRUE(contains(time->message, "hours"));
    EXPECT_NE(t.fingerprint, 0u);
}

TEST(TntpReader, AssumedCrsIsTransformed) {
    io::ReadOptions options;
    options.assume_crs = "EPSG:27700";
    options.target_crs = "EPSG:4326";
    const auto t = io::read_tntp(kData + "/tntp/tiny/Tiny_net.tntp", options);
    EXPECT_EQ(t.crs, "EPSG:4326");
    EXPECT_EQ(find_diagnostic(t, "assumed_crs"), nullptr);
    const Point p = t.node_coords.at(1);
    EXPECT_NEAR(p.x, -2.0, 0.01);  // easting 400 km is the grid's central meridian, 2 W
    EXPECT_NEAR(p.y, 52.6, 0.05);  // 400 km north of the 49 N false origin
}

TEST(TntpReader, FeetAndMinutesWithoutCoordinatesAreInferredAndReported) {
    const auto t = io::read_tntp(kData + "/tntp/feet/Feet_net.tntp", {});
    ASSERT_EQ(t.links.size(), 2u);
    EXPECT_TRUE(t.node_coords.empty());
    EXPECT_TRUE(t.links[0].geometry.empty());
    EXPECT_NEAR(t.links[0].length_m, 1609.344, 1e-6);    // 5280 ft
    EXPECT_NEAR(t.links[0].free_flow_time_s, 60.0, 1e-9);  // 1 minute
    EXPECT_NEAR(t.links[0].speed_kmh, 96.56064, 1e-6);   // 5280 ft/min
    EXPECT_EQ(t.links[0].road_class, RoadClass::Trunk);  // 96.6 km/h
    const Diagnostic* time = find_diagnostic(t, "tntp_time_unit");
    ASSERT_NE(time, nullptr);
    EXPECT_EQ(time->severity, Severity::Info);
    EXPECT_TRUE(contains(time->message, "minutes"));
    const Diagnostic* length = find_diagnostic(t, "tntp_length_unit");
    ASSERT_NE(length, nullptr);
    EXPECT_TRUE(contains(length->message, "feet"));
    EXPECT_NE(find_diagnostic(t, "no_node_coordinates"), nullptr);
}

TEST(TntpReader, WrongColumnCountNamesFileAndLine) {
    const std::string path = kData + "/tntp/broken/Columns_net.tntp";
    const std::string msg = input_error([&] { io::read_tntp(path, {}); });
    EXPECT_TRUE(contains(msg, path)) << msg;
    EXPECT_TRUE(contains(msg, "line 6")) << msg;
    EXPECT_TRUE(contains(msg, "found 9")) << msg;
}

TEST(TntpReader, NonNumericFieldNamesFileLineAndColumn) {
    const std::string path = kData + "/tntp/broken/Number_net.tntp";
    const std::string msg = input_error([&] { io::read_tntp(path, {}); });
    EXPECT_TRUE(contains(msg, path)) << msg;
    EXPECT_TRUE(contains(msg, "line 4")) << msg;
    EXPECT_TRUE(contains(msg, "length")) << msg;
    EXPECT_TRUE(contains(msg, "'one'")) << msg;
}

// ---- GMNS -------------------------------------------------------------------------

TEST(GmnsReader, QuotedFieldsGeometryAndUnits) {
    const auto t = io::read_gmns(kData + "/gmns/quoted", {});
    ASSERT_EQ(t.links.size(), 5u);
    ASSERT_EQ(t.node_coords.size(), 3u);
    EXPECT_EQ(t.crs, "EPSG:27700");
    const Diagnostic* crs = find_diagnostic(t, "assumed_crs");
    ASSERT_NE(crs, nullptr);
    EXPECT_TRUE(contains(crs->message, "4326"));
    const Point birmingham = t.node_coords.at(1);
    EXPECT_NEAR(birmingham.x, 406700, 300);
    EXPECT_NEAR(birmingham.y, 286900, 300);

    const Link& m6 = t.links[0];
    EXPECT_EQ(m6.source_id, 10);
    EXPECT_EQ(m6.oneway, Oneway::No);
    EXPECT_DOUBLE_EQ(m6.length_m, 33400.0);
    EXPECT_DOUBLE_EQ(m6.speed_kmh, 105.0);
    EXPECT_DOUBLE_EQ(m6.capacity_vph, 5400.0);  // 1800 per lane x 3 lanes
    EXPECT_EQ(m6.road_class, RoadClass::Motorway);
    EXPECT_EQ(m6.name, "The \"M6\", J6 to J2");
    EXPECT_EQ(m6.ref, "M6");
    ASSERT_EQ(m6.geometry.size(), 3u);  // the quoted WKT, commas and all
    EXPECT_NEAR(m6.geometry[0].x, birmingham.x, 1e-6);
    EXPECT_NEAR(m6.geometry[2].x, t.node_coords.at(2).x, 1e-6);

    const Link& a38 = t.links[1];
    EXPECT_EQ(a38.oneway, Oneway::Forward);            // "true"
    EXPECT_EQ(a38.road_class, RoadClass::Trunk);       // "Trunk", any case
    EXPECT_FALSE(known(a38.capacity_vph));
    ASSERT_EQ(a38.geometry.size(), 2u);                // straight line from the nodes
    EXPECT_EQ(a38.geometry[1], t.node_coords.at(3));

    const Link& arterial = t.links[2];
    EXPECT_EQ(arterial.oneway, Oneway::No);            // "false"
    EXPECT_EQ(arterial.road_class, RoadClass::Primary);
    EXPECT_EQ(arterial.name, "Two\nlines");            // a line break inside quotes
    EXPECT_FALSE(known(arterial.length_m));
    EXPECT_EQ(arterial.geometry.size(), 2u);           // "LINESTRING(x y z, ...)"

    const Link& ferry = t.links[3];
    EXPECT_EQ(ferry.road_class, RoadClass::Unknown);
    EXPECT_TRUE(ferry.geometry.empty());               // node 9 does not exist
    EXPECT_EQ(t.diagnostics.count("unknown_road_class"), 1u);
    const Link& backwards = t.links[4];  // WKT drawn from node 1 to node 2 on a 2 -> 1 link
    ASSERT_EQ(backwards.geometry.size(), 2u);
    EXPECT_NEAR(backwards.geometry.front().x, t.node_coords.at(2).x, 1e-6);
    EXPECT_NEAR(backwards.geometry.back().x, t.node_coords.at(1).x, 1e-6);
    EXPECT_EQ(t.diagnostics.count("reversed_geometry"), 1u);
    const Diagnostic* missing = find_diagnostic(t, "missing_node");
    ASSERT_NE(missing, nullptr);
    EXPECT_TRUE(contains(missing->where, "line 6")) << missing->where;  // after the 2-line row
}

TEST(GmnsReader, UnterminatedQuoteNamesFileAndLine) {
    const std::string dir = kData + "/gmns/unterminated";
    const std::string msg = input_error([&] { io::read_gmns(dir, {}); });
    EXPECT_TRUE(contains(msg, "link.csv")) << msg;
    EXPECT_TRUE(contains(msg, "line 3")) << msg;
    EXPECT_TRUE(contains(msg, "row 2")) << msg;
    EXPECT_TRUE(contains(msg, "unterminated quote")) << msg;
}

TEST(GmnsReader, MissingColumnNamesFileAndColumn) {
    const std::string msg = input_error([&] { io::read_gmns(kData + "/gmns/missing_column", {}); });
    EXPECT_TRUE(contains(msg, "link.csv")) << msg;
    EXPECT_TRUE(contains(msg, "line 1")) << msg;
    EXPECT_TRUE(contains(msg, "to_node_id")) << msg;
}

TEST(GmnsReader, NonNumericFieldNamesFileRowAndColumn) {
    const std::string msg = input_error([&] { io::read_gmns(kData + "/gmns/bad_number", {}); });
    EXPECT_TRUE(contains(msg, "link.csv")) << msg;
    EXPECT_TRUE(contains(msg, "row 2")) << msg;
    EXPECT_TRUE(contains(msg, "line 3")) << msg;
    EXPECT_TRUE(contains(msg, "'length'")) << msg;
    EXPECT_TRUE(contains(msg, "12O0")) << msg;
}

TEST(GmnsReader, MissingFolderIsAnInputError) {
    EXPECT_THROW(io::read_gmns(kData + "/gmns/no_such_folder", {}), InputError);
}

TEST(GmnsWriter, ReaderReadsBackWhatTheWriterWrites) {
    const fs::path dir = fs::path(::testing::TempDir()) / "midlink_gmns_round_trip";
    fs::remove_all(dir);
    const std::vector<io::GmnsNode> nodes = {{1, 406712.25, 286934.5}, {2, 433400.1, 279000.3}, {7, 411800, 309600}};
    std::vector<io::GmnsLink> links(3);
    links[0] = {100, 1, 2, 0, 33412.7, 105.0, 1145.6, "motorway", "Coventry, \"the\" M6", "M6",
                {{406712.25, 286934.5}, {420000.125, 283000}, {433400.1, 279000.3}}};
    links[1] = {101, 2, 7, 1, 30000.0, 85.0, kUnknown, "trunk", "", "A38", {}};
    links[2] = {102, 7, 1, 1, kUnknown, kUnknown, kUnknown, "", "plain", "", {}};
    io::write_gmns(dir.string(), nodes, links);
    EXPECT_FALSE(fs::exists(dir / "link.csv.tmp"));

    io::ReadOptions options;
    options.assume_crs = "EPSG:27700";
    const auto t = io::read_gmns(dir.string(), options);
    ASSERT_EQ(t.node_coords.size(), nodes.size());
    for (const auto& n : nodes) {
        EXPECT_EQ(t.node_coords.at(n.node_id), (Point{n.x, n.y})) << n.node_id;  // exact
    }
    ASSERT_EQ(t.links.size(), links.size());
    for (std::size_t i = 0; i < links.size(); ++i) {
        const auto& in = links[i];
        const auto& out = t.links[i];
        SCOPED_TRACE(in.link_id);
        EXPECT_EQ(out.source_id, in.link_id);
        EXPECT_EQ(out.from, in.from_node_id);
        EXPECT_EQ(out.to, in.to_node_id);
        EXPECT_EQ(out.oneway, in.directed ? Oneway::Forward : Oneway::No);
        EXPECT_EQ(known(out.length_m), known(in.length_m));
        if (known(in.length_m)) {
            EXPECT_EQ(out.length_m, in.length_m);
        }
        EXPECT_EQ(known(out.speed_kmh), known(in.free_speed_kmh));
        if (known(in.free_speed_kmh)) {
            EXPECT_EQ(out.speed_kmh, in.free_speed_kmh);
        }
        EXPECT_EQ(known(out.free_flow_time_s), known(in.time_s));
        if (known(in.time_s)) {
            EXPECT_EQ(out.free_flow_time_s, in.time_s);
        }
        EXPECT_EQ(out.name, in.name);
        EXPECT_EQ(out.ref, in.ref);
        const auto cls = parse_road_class(in.facility_type);
        EXPECT_EQ(out.road_class, cls ? *cls : RoadClass::Unknown);
    }
    EXPECT_EQ(t.links[0].geometry, links[0].geometry);  // exact through WKT text
    EXPECT_EQ(t.links[1].geometry, (LineString{{433400.1, 279000.3}, {411800, 309600}}));
    fs::remove_all(dir);
}

// ---- DIMACS -----------------------------------------------------------------------

TEST(DimacsReader, ReadsArcsAsDirectedLinksWithWeights) {
    const auto t = io::read_dimacs(kData + "/dimacs/tiny.gr", {});
    ASSERT_EQ(t.links.size(), 5u);
    EXPECT_EQ(t.crs, "");
    EXPECT_TRUE(t.node_coords.empty());
    const Link& last = t.links[4];
    EXPECT_EQ(last.from, 1);
    EXPECT_EQ(last.to, 3);
    EXPECT_EQ(last.oneway, Oneway::Forward);
    EXPECT_DOUBLE_EQ(last.free_flow_time_s, 100.0);
    EXPECT_DOUBLE_EQ(last.length_m, 100.0);
    EXPECT_EQ(last.road_class, RoadClass::Unknown);
    EXPECT_TRUE(last.geometry.empty());
    EXPECT_EQ(last.source_id, 5);
}

TEST(DimacsReader, XzGivesTheSameLinksAsPlain) {
    const auto plain = io::read_dimacs(kData + "/dimacs/tiny.gr", {});
    const auto xz = io::read_dimacs(kData + "/dimacs/tiny.gr.xz", {});
    ASSERT_EQ(xz.links.size(), plain.links.size());
    for (std::size_t i = 0; i < plain.links.size(); ++i) {
        EXPECT_EQ(xz.links[i].from, plain.links[i].from);
        EXPECT_EQ(xz.links[i].to, plain.links[i].to);
        EXPECT_EQ(xz.links[i].free_flow_time_s, plain.links[i].free_flow_time_s);
    }
}

TEST(DimacsReader, WrongArcCountIsAnInputError) {
    const std::string path = kData + "/dimacs/wrong_count.gr";
    const std::string msg = input_error([&] { io::read_dimacs(path, {}); });
    EXPECT_TRUE(contains(msg, path)) << msg;
    EXPECT_TRUE(contains(msg, "line 1")) << msg;
    EXPECT_TRUE(contains(msg, "declares 3 arcs, found 2")) << msg;
}

TEST(DimacsReader, MissingProblemLineIsAnInputError) {
    const std::string path = kData + "/dimacs/no_p.gr";
    const std::string msg = input_error([&] { io::read_dimacs(path, {}); });
    EXPECT_TRUE(contains(msg, path)) << msg;
    EXPECT_TRUE(contains(msg, "line 2")) << msg;  // the arc that came first
}

TEST(DimacsReader, NodeOutOfRangeNamesLine) {
    const std::string msg = input_error([&] { io::read_dimacs(kData + "/dimacs/bad_node.gr", {}); });
    EXPECT_TRUE(contains(msg, "bad_node.gr, line 3")) << msg;
    EXPECT_TRUE(contains(msg, "1..3")) << msg;
}

TEST(DimacsReader, MalformedArcNamesLine) {
    const std::string msg = input_error([&] { io::read_dimacs(kData + "/dimacs/bad_arc.gr", {}); });
    EXPECT_TRUE(contains(msg, "bad_arc.gr, line 3")) << msg;
}

TEST(DimacsReader, ReadNetworkDetectsXz) {
    const auto t = io::read_network(kData + "/dimacs/tiny.gr.xz", io::NetworkFormat::Auto, {});
    EXPECT_EQ(t.links.size(), 5u);
    EXPECT_NE(t.fingerprint, 0u);
}

TEST(JunctionCsvReader, ReadsTheSrnLayout) {
    const std::string path = kData + "/junction_csv/srn_sample.csv";
    EXPECT_EQ(io::detect_network_format(path), io::NetworkFormat::JunctionCsv);
    const auto t = io::read_network(path, io::NetworkFormat::Auto, {});
    ASSERT_EQ(t.links.size(), 5u);  // the self-loop is the builder's to drop
    EXPECT_EQ(t.crs, "EPSG:27700");
    EXPECT_EQ(t.links[0].from, 10);
    EXPECT_EQ(t.links[0].to, 11);
    EXPECT_EQ(t.links[0].oneway, Oneway::Forward);
    EXPECT_EQ(t.links[0].road_class, RoadClass::Motorway);
    EXPECT_DOUBLE_EQ(t.links[0].length_m, 5000.0);
    EXPECT_EQ(t.links[2].road_class, RoadClass::Motorway);  // A1(M)
    EXPECT_EQ(t.links[3].road_class, RoadClass::Trunk);
    EXPECT_EQ(t.links[3].ref, "A38");
    EXPECT_FALSE(known(t.links[3].length_m));  // no dist: the builder measures the line
    EXPECT_EQ(t.links[3].name, "A38 J3 to J1");
    EXPECT_EQ(t.node_coords.at(12).x, 406000.0);
}

// ---- GMNS read one record at a time ---------------------------------------------------

namespace {

/// A GMNS folder of `rows` links in a chain; `edit` may change link.csv before it is written.
std::string gmns_chain(const std::string& name, int rows, const std::function<void(std::string&)>& edit = {}) {
    const fs::path dir = fs::path(::testing::TempDir()) / ("midlink_gmns_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string nodes = "node_id,x_coord,y_coord\n";
    for (int i = 0; i <= rows; ++i) nodes += std::to_string(i) + "," + std::to_string(400000 + 100 * i) + ",300000\n";
    std::string links = "link_id,from_node_id,to_node_id,directed,length,free_speed,facility_type\n";
    for (int i = 1; i <= rows; ++i) {
        links += std::to_string(i) + "," + std::to_string(i - 1) + "," + std::to_string(i) + ",0,100,50,primary\n";
    }
    if (edit) edit(links);
    std::ofstream(dir / "node.csv") << nodes;
    std::ofstream(dir / "link.csv") << links;
    return dir.string();
}

/// Replaces row `row` of a chain's link.csv (line row + 1).
void replace_row(std::string& links, int row, const std::string& text) {
    std::size_t begin = 0;
    for (int line = 0; line < row; ++line) begin = links.find('\n', begin) + 1;
    links.replace(begin, links.find('\n', begin) - begin, text);
}

/// Every member of two links alike (NaN alike NaN).
bool same_link(const Link& a, const Link& b) {
    const auto num = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
    return a.from == b.from && a.to == b.to && a.geometry == b.geometry && num(a.length_m, b.length_m) &&
           a.road_class == b.road_class && a.carriageway == b.carriageway && a.oneway == b.oneway &&
           a.roundabout == b.roundabout && a.maxspeed.kind == b.maxspeed.kind &&
           num(a.maxspeed.kmh, b.maxspeed.kmh) && num(a.speed_kmh, b.speed_kmh) &&
           num(a.free_flow_time_s, b.free_flow_time_s) && num(a.capacity_vph, b.capacity_vph) &&
           num(a.lanes, b.lanes) && a.motor_access == b.motor_access && a.hgv_access == b.hgv_access &&
           a.foot_access == b.foot_access && a.bicycle_access == b.bicycle_access &&
           a.bicycle_contraflow == b.bicycle_contraflow && num(a.maxweight_t, b.maxweight_t) &&
           num(a.maxheight_m, b.maxheight_m) && num(a.maxwidth_m, b.maxwidth_m) && a.ref == b.ref &&
           a.name == b.name && a.source_id == b.source_id;
}

std::vector<char> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(GmnsStreamed, BrokenRowInTheMiddleIsRefusedWhereItIs) {
    const auto dir = gmns_chain("short_row", 600, [](std::string& l) { replace_row(l, 300, "300,299,300,0,100"); });
    const auto msg = input_error([&] { io::read_gmns(dir, {}); });
    EXPECT_TRUE(contains(msg, "link.csv, line 301: row 300 has 5 fields, the header has 7")) << msg;
}

TEST(GmnsStreamed, BadNumberInTheMiddleNamesRowLineAndColumn) {
    const auto dir =
        gmns_chain("bad_speed", 600, [](std::string& l) { replace_row(l, 450, "450,449,450,0,100,fast,primary"); });
    const auto msg = input_error([&] { io::read_gmns(dir, {}); });
    EXPECT_TRUE(contains(msg, "link.csv, row 450 (line 451), column 'free_speed': 'fast' is not a number")) << msg;
}

TEST(GmnsStreamed, BrokenNodeRowIsRefused) {
    const fs::path dir = gmns_chain("bad_node", 10);
    std::ofstream(dir / "node.csv", std::ios::app) << "11,401100\n";
    const auto msg = input_error([&] { io::read_gmns(dir.string(), {}); });
    EXPECT_TRUE(contains(msg, "node.csv, line 13: row 12 has 2 fields, the header has 3")) << msg;
}

TEST(GmnsStreamed, UnknownColumnsAreIgnored) {
    const auto plain = io::read_gmns(gmns_chain("plain", 20), {});
    const auto extra = io::read_gmns(gmns_chain("extra", 20, [](std::string& l) {
                                         std::string out;
                                         std::size_t begin = 0;
                                         for (int line = 0; begin < l.size(); ++line) {
                                             const std::size_t end = l.find('\n', begin);
                                             out += l.substr(begin, end - begin) +
                                                    (line == 0 ? ",Surface,notes\n" : ",asphalt,\"a, b\"\n");
                                             begin = end + 1;
                                         }
                                         l = out;
                                     }),
                                     {});
    ASSERT_EQ(extra.links.size(), plain.links.size());
    for (std::size_t i = 0; i < plain.links.size(); ++i) EXPECT_TRUE(same_link(extra.links[i], plain.links[i])) << i;
}

TEST(GmnsStreamed, RepeatedIdOutOfOrderNamesTheFirstRepeatAndItsLine) {
    // Ids that do not grow, and a quoted name over two lines before the repeats: the
    // message names the earliest repeating row and the line it really starts on.
    const auto dir = gmns_chain("repeat", 50, [](std::string& l) {
        l.replace(l.find("primary\n"), 7, "\"two\nlines\"");  // row 1 now spans lines 2-3
        replace_row(l, 21, "7,20,21,0,100,50,primary");         // line 23: repeats row 7
        replace_row(l, 31, "3,30,31,0,100,50,primary");         // a later repeat of row 3
        replace_row(l, 41, "1000,40,41,0,100,50,primary");      // ids no longer grow
    });
    const auto msg = input_error([&] { io::read_gmns(dir, {}); });
    EXPECT_TRUE(contains(msg, "link.csv, row 20 (line 22): link_id 7 repeats row 7")) << msg;
}

TEST(GmnsStreamed, ColumnsAndRowsBuildTheSameGraphFile) {
    const Profile car = io::read_profile("car", MIDLINK_PROFILES_DIR);
    const fs::path out = fs::path(::testing::TempDir()) / "midlink_gmns_columns";
    fs::create_directories(out);
    // The graph file's bytes, or the builder's error (the quoted fixture has a link to a
    // node that node.csv lacks: both tables must refuse it alike).
    const auto build = [&](const auto& table, const std::string& name) {
        try {
            graph::write_graph_file(graph::build_graph(table, car).graph, (out / name).string());
        } catch (const InputError& e) {
            return std::vector<char>(e.what(), e.what() + std::strlen(e.what()));
        }
        return file_bytes((out / name).string());
    };
    const std::string demo = std::string(MIDLINK_PROFILES_DIR) + "/../demo";
    for (const std::string& dir : {kData + "/gmns/quoted", demo, gmns_chain("columns", 300)}) {
        SCOPED_TRACE(dir);
        const auto columns = io::read_gmns_columns(dir, {});
        const auto rows = io::read_gmns(dir, {});
        ASSERT_EQ(columns.links.size(), rows.links.size());
        for (std::size_t i = 0; i < rows.links.size(); ++i) EXPECT_TRUE(same_link(columns.link(i), rows.links[i]));
        EXPECT_EQ(build(columns, "columns.mlg"), build(rows, "rows.mlg"));
    }
}

TEST(LinkColumns, GiveBackEveryMemberOfTheLinksPushed) {
    Link full;
    full.from = 7;
    full.to = -3;
    full.geometry = {{1, 2}, {3, 4}, {5, 6}};
    full.length_m = 12.5;
    full.road_class = RoadClass::Trunk;
    full.carriageway = Carriageway::Dual;
    full.oneway = Oneway::Backward;
    full.roundabout = true;
    full.maxspeed = {SpeedLimit::Kind::Numeric, 48.3};
    full.speed_kmh = 50;
    full.free_flow_time_s = 0.0;
    full.capacity_vph = 1800;
    full.lanes = 2;
    full.motor_access = Access::Destination;
    full.hgv_access = Access::No;
    full.foot_access = Access::Yes;
    full.bicycle_access = Access::Private;
    full.bicycle_contraflow = true;
    full.maxweight_t = 7.5;
    full.maxheight_m = 4.1;
    full.maxwidth_m = 2.2;
    full.ref = "A6";
    full.name = "London Road";
    full.source_id = 99;
    Link plain;
    plain.from = 1;
    plain.to = 2;
    LinkColumns columns;
    const std::vector<Link> links = {plain, plain, full, plain, full};
    for (const Link& l : links) columns.push_back(l);
    ASSERT_EQ(columns.size(), links.size());
    for (std::size_t i = 0; i < links.size(); ++i) EXPECT_TRUE(same_link(columns.link(i), links[i])) << i;

    // Links that only say what GMNS says cost no column for the rest.
    LinkColumns sparse;
    sparse.reserve(1000);
    for (int i = 0; i < 1000; ++i) sparse.push_back(plain);
    EXPECT_LE(sparse.bytes(), 1000 * 2 * sizeof(NodeKey) + 64);
}
