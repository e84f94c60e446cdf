#pragma once
// Writes a single-band Float32 GeoTIFF for GIS teams: north-up, tiled, DEFLATE with the
// floating-point predictor, internal overviews, band description and metadata. Written
// to a temporary name in the same folder and renamed, so a failure never leaves a
// half-written file.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace midlink::io {

class OutputSet;

struct RasterSpec {
    std::string crs;                 // "EPSG:27700" or any CRS GDAL understands
    double min_x = 0.0;              // west edge
    double max_y = 0.0;              // north edge
    double cell_m = 1.0;             // square cells
    std::uint32_t cols = 0;
    std::uint32_t rows = 0;
    float nodata = -9999.0f;         // written where a value is NaN
    std::string band_description;
    std::vector<std::pair<std::string, std::string>> metadata;       // dataset-level
    std::vector<std::pair<std::string, std::string>> band_metadata;  // band-level
    std::string overview_resampling = "AVERAGE";  // GDAL name; nodata cells are left out
};

/// `values` row-major from the north row, size cols*rows; NaN means no value. Overviews
/// halve the size until the shorter side is at most 64 cells. Throws OutputError
/// (folder missing, CRS unknown, GDAL failure) and ConfigError (size mismatch). With `set`,
/// the file is one of its members: the set renames it on its commit().
void write_geotiff(const std::string& path, const RasterSpec& spec, std::span<const float> values,
                   OutputSet* set = nullptr);

}  // namespace midlink::io
