#include "midlink/io/raster_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "gdal_util.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/output_set.hpp"

namespace midlink::io {
namespace fs = std::filesystem;

namespace {
[[noreturn]] void fail(const std::string& path, const std::string& what, const gdal::ErrorCapture& errors) {
    throw OutputError("cannot write " + path + ": " + what + errors.suffix());
}
}  // namespace

void write_geotiff(const std::string& path, const RasterSpec& spec, std::span<const float> values, OutputSet* set) {
    if (spec.cols == 0 || spec.rows == 0 || values.size() != std::size_t{spec.cols} * spec.rows) {
        throw ConfigError("cannot write " + path + ": raster of " + std::to_string(spec.cols) + " x " +
                          std::to_string(spec.rows) + " cells given " + std::to_string(values.size()) + " values");
    }
    gdal::ensure_registered();
    gdal::ErrorCapture errors;
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!drv) fail(path, "GDAL has no GTiff driver", errors);

    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (spec.crs.empty() || srs.SetFromUserInput(spec.crs.c_str()) != OGRERR_NONE) {
        fail(path, "unknown CRS '" + spec.crs + "'", errors);
    }

    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) fail(path, "folder " + dir.string() + " does not exist", errors);
    // The output-set pattern, so a later run removes it if this one is killed.
    if (!set) remove_dead_temporaries(dir.string());  // a set does this when it starts
    // Removed on every failure path; the temporary always ends in .tif for GDAL's driver.
    AtomicFile temp(path, set ? set->member(path) : temporary_path((dir / (target.stem().string() + ".tif")).string(), ::getpid()));
    {
        std::error_code ec;
        fs::remove(temp.path(), ec);  // a leftover from an earlier crash with the same pid
    }

    {
        CPLStringList options;
        options.SetNameValue("TILED", "YES");
        options.SetNameValue("BLOCKXSIZE", "256");
        options.SetNameValue("BLOCKYSIZE", "256");
        options.SetNameValue("COMPRESS", "DEFLATE");
        options.SetNameValue("PREDICTOR", "3");  // floating-point predictor: smaller files
        options.SetNameValue("BIGTIFF", "IF_SAFER");
        GDALDatasetUniquePtr ds(drv->Create(temp.path().c_str(), static_cast<int>(spec.cols), static_cast<int>(spec.rows),
                                            1, GDT_Float32, options.List()));
        if (!ds) fail(path, "GTiff driver cannot create the file", errors);
        double transform[6] = {spec.min_x, spec.cell_m, 0.0, spec.max_y, 0.0, -spec.cell_m};
        if (ds->SetGeoTransform(transform) != CE_None) fail(path, "cannot set the geotransform", errors);
        if (ds->SetSpatialRef(&srs) != CE_None) fail(path, "cannot set the CRS", errors);
        for (const auto& [k, v] : spec.metadata) ds->SetMetadataItem(k.c_str(), v.c_str());

        GDALRasterBand* band = ds->GetRasterBand(1);
        band->SetNoDataValue(spec.nodata);
        band->SetDescription(spec.band_description.c_str());
        for (const auto& [k, v] : spec.band_metadata) band->SetMetadataItem(k.c_str(), v.c_str());

        // Row by row, NaN replaced by the nodata value: no second full-size copy.
        std::vector<float> row(spec.cols);
        for (std::uint32_t r = 0; r < spec.rows; ++r) {
            const auto src = values.subspan(std::size_t{r} * spec.cols, spec.cols);
            std::transform(src.begin(), src.end(), row.begin(),
                           [&](float v) { return std::isnan(v) ? spec.nodata : v; });
            if (band->RasterIO(GF_Write, 0, static_cast<int>(r), static_cast<int>(spec.cols), 1, row.data(),
                               static_cast<int>(spec.cols), 1, GDT_Float32, 0, 0) != CE_None) {
                fail(path, "write failed at row " + std::to_string(r), errors);
            }
        }

        // Factors 2, 4, 8... until the smallest overview's shorter side is at most 64 cells.
        std::vector<int> levels;
        const std::uint32_t shorter = std::min(spec.cols, spec.rows);
        for (std::uint32_t f = 2; shorter / (f / 2) > 64; f *= 2) levels.push_back(static_cast<int>(f));
        if (!levels.empty()) {
            // Overviews inside the file, compressed like the full-resolution image.
            CPLSetThreadLocalConfigOption("COMPRESS_OVERVIEW", "DEFLATE");
            CPLSetThreadLocalConfigOption("PREDICTOR_OVERVIEW", "3");
            const CPLErr err = ds->BuildOverviews(spec.overview_resampling.c_str(), static_cast<int>(levels.size()),
                                                  levels.data(), 0, nullptr, nullptr, nullptr);
            CPLSetThreadLocalConfigOption("COMPRESS_OVERVIEW", nullptr);
            CPLSetThreadLocalConfigOption("PREDICTOR_OVERVIEW", nullptr);
            if (err != CE_None) fail(path, "cannot build overviews", errors);
        }
        ds->FlushCache();
        ds.reset();
        if (!errors.last_error().empty()) fail(path, "close", errors);
    }
    if (set) {
        temp.keep();  // the set renames it with its other members, or removes it
        return;
    }
    temp.commit();
}

}  // namespace midlink::io
