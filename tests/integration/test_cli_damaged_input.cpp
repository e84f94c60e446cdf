// Damaged input must stop a run with exit 3 and a message naming file, layer and feature,
// not finish "successfully" with part of the data (issue 11 §3). Each case damages a copy
// of a real file the way it happens in the field.
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_runner.hpp"

using namespace midlink::test;
namespace fs = std::filesystem;

namespace {

void expect_error(const CliResult& r, int code, const std::vector<std::string>& must_contain) {
    EXPECT_EQ(r.exit_code, code) << r.output;
    EXPECT_NE(r.output.find("midlink: error:"), std::string::npos) << r.output;
    for (const auto& s : must_contain) EXPECT_NE(r.output.find(s), std::string::npos) << s << "\n" << r.output;
}

/// ogr2ogr through the GDAL library: `source` (opened with `open_options`) to a GeoPackage.
std::string to_gpkg(const std::string& source, const std::vector<std::string>& open_options,
                    const std::vector<std::string>& args, const std::string& name) {
    GDALAllRegister();
    const std::string out = scratch().file(name);
    fs::remove(out);
    std::vector<const char*> oo;
    for (const auto& o : open_options) oo.push_back(o.c_str());
    oo.push_back(nullptr);
    GDALDatasetH src = GDALOpenEx(source.c_str(), GDAL_OF_VECTOR, nullptr, oo.data(), nullptr);
    EXPECT_NE(src, nullptr) << source;
    std::vector<char*> argv;
    std::vector<std::string> all = {"-f", "GPKG"};
    all.insert(all.end(), args.begin(), args.end());
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* options = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    int failed = 0;
    GDALDatasetH dst = GDALVectorTranslate(out.c_str(), nullptr, 1, &src, options, &failed);
    EXPECT_EQ(failed, 0);
    GDALVectorTranslateOptionsFree(options);
    GDALClose(dst);
    GDALClose(src);
    return out;
}

/// Overwrites SQLite pages [first, first + count) of a copy with garbage, as a disk or a
/// copy gone wrong does. The pages chosen hold the table's rows (GDAL writes the spatial
/// index after them), so a full scan hits them.
std::string corrupt_pages(const std::string& gpkg, double at_fraction, int count, const std::string& name) {
    const std::string out = scratch().file(name);
    fs::copy_file(gpkg, out, fs::copy_options::overwrite_existing);
    std::fstream f(out, std::ios::in | std::ios::out | std::ios::binary);
    unsigned char header[18];
    f.read(reinterpret_cast<char*>(header), sizeof header);
    const std::size_t page = header[16] * 256u + header[17];
    const auto pages = static_cast<std::size_t>(fs::file_size(out) / page);
    const auto first = static_cast<std::size_t>(static_cast<double>(pages) * at_fraction);
    const std::string garbage(page, '\xff');
    for (int i = 0; i < count; ++i) {
        f.seekp(static_cast<std::streamoff>((first + static_cast<std::size_t>(i)) * page));
        f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    return out;
}

std::string rutland_roads_gpkg() {
    static const std::string path =
        to_gpkg("/vsizip/" + geodata("osm-rutland-pydriosm/rutland-latest-free.shp.zip"), {},
                {"-t_srs", "EPSG:27700", "gis_osm_roads_free_1"}, "rutland_roads.gpkg");
    return path;
}

std::string schools_gpkg() {
    static const std::string path =
        to_gpkg(geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv"),
                {"X_POSSIBLE_NAMES=easting", "Y_POSSIBLE_NAMES=northing", "KEEP_GEOM_COLUMNS=NO"},
                {"-a_srs", "EPSG:27700", "-nln", "schools"}, "schools.gpkg");
    return path;
}

/// A copy of the nismod network shapefile in its own folder, to damage.
std::string nismod_copy(const std::string& folder) {
    const fs::path dir = scratch().file(folder);
    fs::create_directories(dir);
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj"}) {
        const fs::path to = dir / (std::string("network") + ext);
        fs::copy_file(geodata(std::string("nismod-transport/network") + ext), to, fs::copy_options::overwrite_existing);
        fs::permissions(to, fs::perms::owner_write, fs::perm_options::add);
    }
    return (dir / "network.shp").string();
}

const std::string kNismodFields = " --ref-field RoadNumber --class-from-ref";

}  // namespace

TEST(CliDamagedInput, GeoPackageWithCorruptPagesStopsGraphBuild) {
    const auto good = rutland_roads_gpkg();
    const auto ok = run_midlink("graph build --network " + good + " -o " + scratch().file("gpkg_ok.mlg") + " --quiet");
    ASSERT_EQ(ok.exit_code, 0) << ok.output;  // the intact copy reads in full

    const auto bad = corrupt_pages(good, 0.3, 10, "rutland_roads_bad.gpkg");
    const auto r = run_midlink("graph build --network " + bad + " -o " + scratch().file("gpkg_bad.mlg"));
    // GDAL 3.6 reports "database disk image is malformed" once and ends the layer there.
    expect_error(r, 3, {"rutland_roads_bad.gpkg, layer gis_osm_roads_free_1, the feature after feature ",
                        "GDAL could not read it", "--skip-bad-features"});
    EXPECT_FALSE(fs::exists(scratch().file("gpkg_bad.mlg")));

    // Losing features is the user's choice: then a count on stderr, and exit 0.
    const auto skip = run_midlink("graph build --network " + bad + " --skip-bad-features -o " +
                                  scratch().file("gpkg_skip.mlg"));
    EXPECT_EQ(skip.exit_code, 0) << skip.output;
    EXPECT_NE(skip.output.find("warning: rutland_roads_bad.gpkg, layer gis_osm_roads_free_1: "), std::string::npos)
        << skip.output;
    EXPECT_NE(skip.output.find("features could not be read and were skipped"), std::string::npos) << skip.output;
}

TEST(CliDamagedInput, InfoDoesNotCallACorruptGeoPackageClean) {
    const auto bad = corrupt_pages(rutland_roads_gpkg(), 0.3, 10, "rutland_roads_info.gpkg");
    expect_error(run_midlink("info " + bad), 3,
                 {"rutland_roads_info.gpkg, layer gis_osm_roads_free_1, the feature after feature "});
    const auto skip = run_midlink("info " + bad + " --skip-bad-features --format json");
    EXPECT_EQ(skip.exit_code, 0) << skip.output;
    EXPECT_GT(json_number(skip.output, "unreadable_features"), 100) << skip.output;
}

TEST(CliDamagedInput, CorruptSchoolsGeoPackageStopsAccess) {
    const auto good = schools_gpkg();
    const auto bad = corrupt_pages(good, 0.4, 10, "schools_bad.gpkg");
    const std::string common = "access " + rutland_graph() + " --origins " +
                               geodata("drkane-geo-lookups/lsoa21/E06000017.geojson") +
                               " --origin-id LSOA21CD --measures nearest --dest-name schools";
    const auto ok = run_midlink(common + " --destinations " + good + " -o " + scratch().file("schools_ok.gpkg"));
    ASSERT_EQ(ok.exit_code, 0) << ok.output;
    const auto r = run_midlink(common + " --destinations " + bad + " -o " + scratch().file("schools_bad_out.gpkg"));
    expect_error(r, 3, {"schools_bad.gpkg, layer schools, the feature after feature ", "GDAL could not read it"});
}

TEST(CliDamagedInput, ShapefileWithoutDbfIsRefused) {
    const auto shp = nismod_copy("nodbf");
    fs::remove(fs::path(shp).replace_extension(".dbf"));
    expect_error(run_midlink("graph build --network " + shp + " -o " + scratch().file("nodbf.mlg")), 3,
                 {"network.shp", "layer network", "has no .dbf"});
    expect_error(run_midlink("info " + shp), 3, {"network.shp", "has no .dbf"});
}

TEST(CliDamagedInput, ShapefileWithTruncatedDbfIsRefused) {
    const auto shp = nismod_copy("truncdbf");
    const auto dbf = fs::path(shp).replace_extension(".dbf");
    fs::resize_file(dbf, fs::file_size(dbf) / 2);
    expect_error(run_midlink("graph build --network " + shp + kNismodFields + " -o " + scratch().file("trunc.mlg")), 3,
                 {"network.shp, layer network, the feature after feature 77: GDAL could not read it"});
}

TEST(CliDamagedInput, ShapefileWithShortDbfRecordCountIsRefused) {
    const auto shp = nismod_copy("shortdbf");
    {
        // The .dbf header's record count (bytes 4-7, little-endian) claims 20 records fewer.
        std::fstream f(fs::path(shp).replace_extension(".dbf"), std::ios::in | std::ios::out | std::ios::binary);
        unsigned char n[4];
        f.seekg(4);
        f.read(reinterpret_cast<char*>(n), 4);
        std::uint32_t records = n[0] | (n[1] << 8) | (n[2] << 16) | (static_cast<std::uint32_t>(n[3]) << 24);
        ASSERT_EQ(records, 158u);
        records -= 20;
        for (int i = 0; i < 4; ++i) n[i] = static_cast<unsigned char>(records >> (8 * i));
        f.seekp(4);
        f.write(reinterpret_cast<const char*>(n), 4);
    }
    expect_error(run_midlink("graph build --network " + shp + kNismodFields + " -o " + scratch().file("short.mlg")), 3,
                 {"network.shp, layer network, the feature after feature 137", "138 of its 158 declared features"});
}

TEST(CliDamagedInput, HugeCoordinateIsAnErrorNotASaturatedLength) {
    const auto path = scratch().file("huge.geojson");
    std::ofstream(path) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
{"type":"Feature","id":1,"properties":{"fclass":"primary","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[485000,308000],[486000,308000]]}},
{"type":"Feature","id":2,"properties":{"fclass":"primary","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[486000,308000],[1e308,308000]]}}]})";
    expect_error(run_midlink("graph build --network " + path + " -o " + scratch().file("huge.mlg")), 3,
                 {"huge.geojson (layer huge), feature 2", "too large to store"});
}

namespace {

/// The blobs of an OSM PBF: each is a 4-byte big-endian BlobHeader length, the BlobHeader
/// (protobuf: 1 type, 2 indexdata, 3 datasize) and datasize bytes of Blob.
struct PbfBlob {
    std::size_t offset = 0;
    std::size_t size = 0;  // all three parts
    std::string type;      // OSMHeader or OSMData
};

std::vector<PbfBlob> pbf_blobs(const std::string& data) {
    std::vector<PbfBlob> blobs;
    std::size_t pos = 0;
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(data.at(i)); };
    while (pos + 4 <= data.size()) {
        const std::size_t header_size = (std::size_t{byte(pos)} << 24) | (std::size_t{byte(pos + 1)} << 16) |
                                        (std::size_t{byte(pos + 2)} << 8) | byte(pos + 3);
        std::size_t p = pos + 4;
        const std::size_t end = p + header_size;
        PbfBlob blob;
        std::size_t datasize = 0;
        const auto varint = [&] {
            std::size_t v = 0;
            for (int shift = 0;; shift += 7) {
                const unsigned char b = byte(p++);
                v |= std::size_t{b & 0x7fu} << shift;
                if (!(b & 0x80)) return v;
            }
        };
        while (p < end) {
            const std::size_t key = varint();
            if ((key & 7) == 2) {
                const std::size_t n = varint();
                if ((key >> 3) == 1) blob.type = data.substr(p, n);
                p += n;
            } else {
                const std::size_t v = varint();
                if ((key >> 3) == 3) datasize = v;
            }
        }
        blob.offset = pos;
        blob.size = 4 + header_size + datasize;
        blobs.push_back(blob);
        pos += blob.size;
    }
    EXPECT_EQ(pos, data.size());
    return blobs;
}

}  // namespace

TEST(CliDamagedInput, OsmPbfMissingANodeBlockIsRefused) {
    std::ifstream in(geodata("osm-rutland-pydriosm/rutland-latest.osm.pbf"), std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto blobs = pbf_blobs(data);
    ASSERT_GT(blobs.size(), 5u);
    ASSERT_EQ(blobs[0].type, "OSMHeader");
    // The file is sorted: nodes first. Cut the second data block out at its boundaries, so
    // every block left is whole and libosmium reads the file without complaint.
    const PbfBlob& cut = blobs[2];
    const std::string path = scratch().file("rutland_cut.osm.pbf");
    std::ofstream(path, std::ios::binary) << data.substr(0, cut.offset) << data.substr(cut.offset + cut.size);

    const auto r = run_midlink("graph build --network " + path + " --profile car -o " + scratch().file("cut.mlg"));
    expect_error(r, 3, {"rutland_cut.osm.pbf, way ", "is missing", "routable ways use nodes the file does not hold"});

    const auto skip = run_midlink("graph build --network " + path + " --profile car --skip-bad-features -o " +
                                  scratch().file("cut_skip.mlg"));
    EXPECT_EQ(skip.exit_code, 0) << skip.output;
    EXPECT_NE(skip.output.find("warning: " + path + ": "), std::string::npos) << skip.output;
}
