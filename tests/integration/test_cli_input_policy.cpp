// Inputs must not reach out (issue 11 §6): no network through GDAL, and no VRT (a file that
// names other files) unless --allow-vrt. A listening socket on 127.0.0.1 stands in for a
// web server: any connection attempt shows up in its queue.
#include <arpa/inet.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"

using namespace midlink::test;

namespace {

/// Listens on 127.0.0.1 (a free port) and never answers; only tells whether anyone called.
class LoopbackListener {
public:
    LoopbackListener() {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        EXPECT_EQ(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::listen(m_fd, 16), 0);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
    }
    ~LoopbackListener() { ::close(m_fd); }
    LoopbackListener(const LoopbackListener&) = delete;
    LoopbackListener& operator=(const LoopbackListener&) = delete;

    [[nodiscard]] std::string url(const std::string& file) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + "/" + file;
    }
    /// True when a connection is waiting (the kernel completes it without accept()).
    [[nodiscard]] bool called() const {
        pollfd p{m_fd, POLLIN, 0};
        return ::poll(&p, 1, 0) > 0;
    }
    [[nodiscard]] int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

std::string write(const std::string& name, const std::string& text) {
    const auto path = scratch().file(name);
    std::ofstream(path) << text;
    return path;
}

std::string vrt_naming(const std::string& source, const std::string& name, const std::string& layer = "") {
    return write(name, "<OGRVRTDataSource><OGRVRTLayer name=\"roads\"><SrcDataSource>" + source + "</SrcDataSource>" +
                           (layer.empty() ? "" : "<SrcLayer>" + layer + "</SrcLayer>") +
                           "</OGRVRTLayer></OGRVRTDataSource>\n");
}

void expect_error(const CliResult& r, int code, const std::string& must_contain) {
    EXPECT_EQ(r.exit_code, code) << r.output;
    EXPECT_NE(r.output.find("midlink: error:"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(must_contain), std::string::npos) << must_contain << "\n" << r.output;
}

const std::string kRoads = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[
{"type":"Feature","id":1,"properties":{"fclass":"primary","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[485000,308000],[486000,308000]]}},
{"type":"Feature","id":2,"properties":{"fclass":"primary","oneway":"B"},"geometry":{"type":"LineString","coordinates":[[486000,308000],[487000,309000]]}}]})";

}  // namespace

TEST(CliInputPolicy, ListenerNoticesAConnection) {
    // The check below is only worth something if a connection would be seen.
    LoopbackListener listener;
    EXPECT_FALSE(listener.called());
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(listener.port()));
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_TRUE(listener.called());
    ::close(fd);
}

TEST(CliInputPolicy, VsicurlPathIsRefusedWithoutConnecting) {
    LoopbackListener listener;
    const auto r = run_midlink("graph build --network /vsicurl/" + listener.url("roads.geojson") + " -o " +
                               scratch().file("curl.mlg"));
    expect_error(r, 3, "network access is disabled");
    EXPECT_FALSE(listener.called());
    expect_error(run_midlink("info " + listener.url("roads.geojson")), 3, "roads.geojson");
    EXPECT_FALSE(listener.called());
    // access opens its origins with GDAL straight away (GDAL used to fetch them).
    const auto access = run_midlink("access " + rutland_graph() + " --origins /vsicurl/" +
                                    listener.url("areas.geojson") + " --origin-id code --destinations " +
                                    geodata("hack25usefuldata/derived-gias_schools_open_20250524.csv") +
                                    " --measures nearest -o " + scratch().file("curl_access.gpkg"));
    expect_error(access, 3, "network access is disabled");
    EXPECT_FALSE(listener.called());
}

TEST(CliInputPolicy, VrtNamingALocalFileIsRefusedUnlessAllowed) {
    const auto vrt = vrt_naming("/etc/passwd", "passwd.vrt");
    expect_error(run_midlink("info " + vrt), 3, "passwd.vrt: is a VRT");
    // Allowed, a VRT whose source is no dataset is an error, not an empty layer.
    expect_error(run_midlink("info " + vrt + " --allow-vrt"), 3, "passwd.vrt, layer roads: cannot read its source");
    const auto r = run_midlink("graph build --network " + vrt + " -o " + scratch().file("passwd.mlg"));
    expect_error(r, 3, "passwd.vrt: is a VRT");
    EXPECT_NE(r.output.find("--allow-vrt"), std::string::npos) << r.output;

    // With --allow-vrt a VRT over a local road layer is read as usual.
    const auto roads = write("vrt_roads.geojson", kRoads);
    const auto ok = run_midlink("graph build --network " + vrt_naming(roads, "roads.vrt", "vrt_roads") + " --allow-vrt -o " +
                                scratch().file("vrt_ok.mlg") + " --quiet");
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

TEST(CliInputPolicy, VrtNamingAUrlNeverConnectsEvenWhenAllowed) {
    LoopbackListener listener;
    const auto vrt = vrt_naming("/vsicurl/" + listener.url("roads.geojson"), "curl.vrt");
    expect_error(run_midlink("graph build --network " + vrt + " -o " + scratch().file("curl_vrt.mlg")), 3,
                 "curl.vrt: is a VRT");
    EXPECT_FALSE(listener.called());
    const auto allowed =
        run_midlink("graph build --network " + vrt + " --allow-vrt -o " + scratch().file("curl_vrt2.mlg"));
    expect_error(allowed, 3, "curl.vrt, layer roads: cannot read its source");
    EXPECT_FALSE(listener.called());
    expect_error(run_midlink("info " + vrt + " --allow-vrt"), 3, "curl.vrt, layer roads: cannot read its source");
    EXPECT_FALSE(listener.called());
}

TEST(CliInputPolicy, VrtInsideAZipIsRefused) {
    GDALAllRegister();
    const auto zip = scratch().file("roads_vrt.zip");
    std::filesystem::remove(zip);
    const std::string vrt = "<OGRVRTDataSource><OGRVRTLayer name=\"roads\"><SrcDataSource>/etc/passwd"
                            "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n";
    VSILFILE* f = VSIFOpenL(("/vsizip/" + zip + "/roads.vrt").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    VSIFWriteL(vrt.data(), 1, vrt.size(), f);
    VSIFCloseL(f);
    expect_error(run_midlink("graph build --network " + zip + " -o " + scratch().file("zipvrt.mlg")), 3, "is a VRT");
}
