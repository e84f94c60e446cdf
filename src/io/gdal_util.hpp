#pragma once
// Private GDAL helpers shared by the io sources: registration, the one CPLError handler,
// opening vector datasets (zip files through /vsizip/) and CRS naming.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

#include "midlink/io/input_policy.hpp"

namespace midlink::io::gdal {

/// Registers GDAL drivers once per process and turns GDAL's network access off: HTTP
/// fetches and the /vsicurl/-like file systems fail (input files must not reach out).
void ensure_registered();

/// While alive, turns CPLError calls on this thread into collected messages instead of
/// GDAL printing to stderr; errors raised by GDAL end up in our exceptions' text.
class ErrorCapture {
public:
    ErrorCapture();
    ~ErrorCapture();
    ErrorCapture(const ErrorCapture&) = delete;
    ErrorCapture& operator=(const ErrorCapture&) = delete;

    /// Last CE_Failure/CE_Fatal message, or "" when there was none.
    [[nodiscard]] std::string last_error() const { return m_last_error; }
    [[nodiscard]] const std::vector<std::string>& warnings() const { return m_warnings; }
    /// ": <last error>" or "" — handy when appending to a message.
    [[nodiscard]] std::string suffix() const;
    void clear() { m_last_error.clear(); }

private:
    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum num, const char* msg);
    std::string m_last_error;
    std::vector<std::string> m_warnings;
};

/// "/vsizip/x.zip" for a plain .zip path; other paths unchanged.
std::string vsi_path(const std::string& path);

/// True for URLs and GDAL's network file systems (/vsicurl/, /vsis3/, ...).
bool is_network_path(const std::string& path);

/// The one place that opens vector input, read-only. Throws InputError for a missing or
/// unreadable file, a network path, a VRT (unless policy.allow_vrt) and a shapefile
/// without its .dbf.
GDALDatasetUniquePtr open_vector(const std::string& path, const InputPolicy& policy = {});

/// "EPSG:27700" when the SRS has an authority code, else its WKT; "" for no SRS.
std::string crs_for_proj(const OGRSpatialReference* srs);
/// "EPSG:27700" when the SRS has an authority code, else its name; "" for no SRS.
std::string crs_display_name(const OGRSpatialReference* srs);

/// Names of the fields of a layer definition, comma separated, for error messages.
std::string field_list(const OGRFeatureDefn& defn);

enum class LayerKind { Point, Line, Polygon };
/// Single and multi geometries of the kind.
bool is_kind(OGRwkbGeometryType type, LayerKind kind);

/// The layer a reader takes from `ds`: `wanted` by name when given; else the only layer
/// of `kind`; else the layer named `preferred` when there is one; else the only layer
/// (GeoJSON may declare no geometry type). Throws InputError naming the layers otherwise.
OGRLayer& choose_layer(GDALDataset& ds, const std::string& path, const std::string& wanted, LayerKind kind,
                       const std::string& preferred = "");

}  // namespace midlink::io::gdal
