#include "gdal_util.hpp"

#include <filesystem>
#include <mutex>

#include "midlink/core/error.hpp"
#include "midlink/io/layer_writer.hpp"

namespace midlink::io::gdal {
namespace fs = std::filesystem;

void ensure_registered() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
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

GDALDatasetUniquePtr open_vector(const std::string& path) {
    ensure_registered();
    const bool virtual_path = path.rfind("/vsi", 0) == 0 || is_database_path(path);
    if (!virtual_path && !fs::exists(path)) {
        throw InputError(path + ": no such file or directory");
    }
    ErrorCapture errors;
    const std::string gdal_path = vsi_path(path);
    GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              nullptr, nullptr, nullptr));
    if (!ds) {
        throw InputError(path + ": not a vector dataset GDAL can read" + errors.suffix());
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
