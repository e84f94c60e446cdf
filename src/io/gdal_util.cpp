#include "gdal_util.hpp"

#include <cpl_http.h>
#include <cpl_vsi_virtual.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <set>

#include "midlink/core/error.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::io::gdal {
namespace fs = std::filesystem;

namespace {

constexpr const char* kNoNetwork = "network access is disabled in midlink (input files must not reach out)";

/// GDAL's network file systems; each is replaced by RefusingFilesystem.
constexpr std::array kNetworkPrefixes = {
    "/vsicurl/", "/vsicurl_streaming/", "/vsis3/", "/vsis3_streaming/", "/vsigs/", "/vsigs_streaming/",
    "/vsiaz/", "/vsiaz_streaming/", "/vsiadls/", "/vsioss/", "/vsioss_streaming/", "/vsiswift/",
    "/vsiswift_streaming/", "/vsihdfs/", "/vsiwebhdfs/"};

/// Drivers that talk to servers or run programs: never used for input.
const std::set<std::string>& network_drivers() {
    static const std::set<std::string> names = {"WFS", "OAPIF", "CSW", "Elasticsearch", "CouchDB", "Carto",
                                                "AmigoCloud", "PLScenes", "NGW", "EEDA", "GPSBabel", "HTTP",
                                                "MongoDBv3", "WMS", "WCS", "DAAS", "OGCAPI", "STACIT", "STACTA"};
    return names;
}
/// Drivers whose files name other files or URLs: used only with --allow-vrt.
bool is_reference_driver(const std::string& name) { return name == "VRT" || name == "OGR_VRT"; }

class RefusingFilesystem final : public VSIFilesystemHandler {
public:
    VSIVirtualHandle* Open(const char* name, const char*, bool set_error, CSLConstList) override {
        if (set_error) CPLError(CE_Failure, CPLE_FileIO, "%s: %s", name, kNoNetwork);
        errno = EACCES;
        return nullptr;
    }
    int Stat(const char*, VSIStatBufL*, int) override {
        errno = EACCES;
        return -1;
    }
};

CPLHTTPResult* refuse_http(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc, void*,
                           void*) {
    CPLError(CE_Failure, CPLE_AppDefined, "%s: %s", url ? url : "URL", kNoNetwork);
    auto* result = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
    result->nStatus = 1;
    result->pszErrBuf = CPLStrdup(kNoNetwork);
    return result;
}

void disable_network() {
    CPLHTTPSetFetchCallback(&refuse_http, nullptr);
    for (const char* prefix : kNetworkPrefixes) VSIFileManager::InstallHandler(prefix, new RefusingFilesystem);
    // Belt and braces should a driver call curl by itself: no proxy lookups, fail fast.
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".midlink-network-disabled");
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Every registered vector driver but those refused by `policy`, for GDALOpenEx.
CPLStringList allowed_drivers(const InputPolicy& policy) {
    CPLStringList names;
    GDALDriverManager* manager = GetGDALDriverManager();
    for (int i = 0; i < manager->GetDriverCount(); ++i) {
        GDALDriver* driver = manager->GetDriver(i);
        const std::string name = driver->GetDescription();
        if (!driver->GetMetadataItem(GDAL_DCAP_VECTOR) || network_drivers().count(name)) continue;
        if (is_reference_driver(name) && !policy.allow_vrt) continue;
        names.AddString(name.c_str());
    }
    return names;
}

/// GDAL opens a shapefile without its .dbf (or a .dbf shorter than the .shp) silently,
/// with no attributes: every road would read as unclassified.
void require_dbf(GDALDataset& ds, const std::string& path) {
    if (std::string(ds.GetDriver()->GetDescription()) != "ESRI Shapefile") return;
    CPLStringList files(ds.GetFileList());
    std::set<std::string> present;
    for (int i = 0; i < files.Count(); ++i) present.insert(lower(files[i]));
    for (int i = 0; i < files.Count(); ++i) {
        const std::string file = files[i];
        if (lower(fs::path(file).extension().string()) != ".shp") continue;
        const std::string stem = lower(file.substr(0, file.size() - 4));
        if (!present.count(stem + ".dbf")) {
            throw InputError(path + ", layer " + fs::path(file).stem().string() + ": " +
                             fs::path(file).filename().string() +
                             " has no .dbf beside it, so its features have no attributes");
        }
    }
}

}  // namespace

void ensure_registered() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        disable_network();
    });
}

bool is_network_path(const std::string& path) {
    const std::string p = lower(path);
    if (p.find("://") != std::string::npos) return true;
    return std::any_of(kNetworkPrefixes.begin(), kNetworkPrefixes.end(), [&](const char* prefix) {
        const std::string bare(prefix, std::char_traits<char>::length(prefix) - 1);  // also "/vsicurl?"
        return p.find(bare) != std::string::npos;
    });
}

ErrorCapture::ErrorCapture() { CPLPushErrorHandlerEx(&ErrorCapture::handler, this); }
ErrorCapture::~ErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL ErrorCapture::handler(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<ErrorCapture*>(CPLGetErrorHandlerUserData());
    if (!self || !msg) return;
    if (cls == CE_Failure || cls == CE_Fatal) {
        self->m_last_error = msg;
    } else if (cls == CE_Warning && self->m_warnings.size() < 100) {
        self->m_warnings.emplace_back(msg);
    }
}

std::string ErrorCapture::suffix() const {
    return m_last_error.empty() ? std::string() : ": " + m_last_error;
}

namespace {
bool has_zip_extension(const std::string& path) {
    if (path.size() < 4) return false;
    std::string ext = path.substr(path.size() - 4);
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".zip";
}
}  // namespace

std::string vsi_path(const std::string& path) {
    if (path.rfind("/vsi", 0) == 0 || !has_zip_extension(path)) return path;
    return "/vsizip/" + path;
}

GDALDatasetUniquePtr open_vector(const std::string& path, const InputPolicy& policy) {
    ensure_registered();
    if (is_network_path(path)) throw InputError(path + ": " + kNoNetwork + "; copy the data to a local file");
    const bool virtual_path = path.rfind("/vsi", 0) == 0 || is_database_path(path);
    if (!virtual_path && !fs::exists(path)) {
        throw InputError(path + ": no such file or directory");
    }
    ErrorCapture errors;
    const std::string gdal_path = vsi_path(path);
    if (GDALDriverH driver = GDALIdentifyDriverEx(gdal_path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr)) {
        const std::string name = GDALGetDescription(driver);
        if (network_drivers().count(name)) {
            throw InputError(path + ": a " + name + " source needs a server; " + kNoNetwork);
        }
        if (is_reference_driver(name) && !policy.allow_vrt) {
            throw InputError(path + ": is a VRT, which reads other files named inside it; refused unless "
                             "--allow-vrt is given");
        }
    }
    CPLStringList drivers = allowed_drivers(policy);
    GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              drivers.List(), nullptr, nullptr));
    if (!ds) {
        throw InputError(path + ": not a vector dataset GDAL can read" + errors.suffix());
    }
    require_dbf(*ds, path);
    if (is_reference_driver(ds->GetDriver()->GetDescription())) {
        // A VRT opens its sources lazily and, when one fails, shows an empty layer.
        for (auto* layer : ds->GetLayers()) {
            errors.clear();
            layer->GetLayerDefn();
            if (!errors.last_error().empty()) {
                throw InputError(path + ", layer " + layer->GetName() + ": cannot read its source: " +
                                 errors.last_error());
            }
        }
    }
    return ds;
}

std::string crs_for_proj(const OGRSpatialReference* srs) {
    if (!srs || srs->IsEmpty()) return {};
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2018", nullptr};
    srs->exportToWkt(&wkt, options);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

std::string crs_display_name(const OGRSpatialReference* srs) {
    if (!srs || srs->IsEmpty()) return {};
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    const char* name = srs->GetName();
    return name ? name : "unnamed CRS";
}

bool is_kind(OGRwkbGeometryType type, LayerKind kind) {
    const auto flat = wkbFlatten(type);
    switch (kind) {
        case LayerKind::Point: return flat == wkbPoint || flat == wkbMultiPoint;
        case LayerKind::Line: return flat == wkbLineString || flat == wkbMultiLineString;
        case LayerKind::Polygon:
            return flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon || flat == wkbMultiSurface;
    }
    return false;
}

OGRLayer& choose_layer(GDALDataset& ds, const std::string& path, const std::string& wanted, LayerKind kind,
                       const std::string& preferred) {
    std::string names;
    std::vector<OGRLayer*> fitting;
    for (auto* l : ds.GetLayers()) {
        names += (names.empty() ? "" : ", ") + std::string(l->GetName());
        if (is_kind(l->GetGeomType(), kind)) fitting.push_back(l);
    }
    if (!wanted.empty()) {
        OGRLayer* layer = ds.GetLayerByName(wanted.c_str());
        if (!layer) throw InputError(path + ": no layer '" + wanted + "'; layers: " + names);
        return *layer;
    }
    if (fitting.size() == 1) return *fitting.front();
    if (!preferred.empty()) {
        if (OGRLayer* layer = ds.GetLayerByName(preferred.c_str())) return *layer;
    }
    if (ds.GetLayerCount() == 1) return *ds.GetLayer(0);
    throw InputError(path + ": has several layers (" + names + "); choose one with --layer");
}

std::string field_list(const OGRFeatureDefn& defn) {
    std::string out;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        if (i) out += ", ";
        out += defn.GetFieldDefn(i)->GetNameRef();
    }
    return out.empty() ? "(none)" : out;
}

}  // namespace midlink::io::gdal
