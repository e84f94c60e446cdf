#pragma once
// Reads a layer's features with GDAL's errors checked. GDAL reports a damaged feature
// through CPLError, or not at all (a GeoPackage with corrupt pages or a short .dbf just
// ends early), so each read is checked for an error and the count read is compared with
// the count the layer declares. Every OGR feature loop in io goes through this.
#include <cstdint>
#include <string>

#include "gdal_util.hpp"
#include "midlink/core/diagnostics.hpp"
#include "midlink/io/input_policy.hpp"

namespace midlink::io::gdal {

class FeatureLoop {
public:
    /// `where` names the file and layer ("roads.gpkg, layer roads"). Set `filtered` when an
    /// attribute or spatial filter is in force, so the declared count does not apply.
    FeatureLoop(OGRLayer& layer, std::string where, const InputPolicy& policy, Diagnostics* diagnostics,
                bool filtered = false);
    FeatureLoop(const FeatureLoop&) = delete;
    FeatureLoop& operator=(const FeatureLoop&) = delete;

    /// The next readable feature, or null at the end of the layer. A feature GDAL fails on,
    /// or a layer that ends before its declared count, throws InputError naming the file,
    /// layer and feature, unless policy.skip_bad_features: then it is counted and skipped.
    OGRFeatureUniquePtr next();

    [[nodiscard]] std::int64_t features_read() const { return m_read; }
    [[nodiscard]] std::int64_t features_skipped() const { return m_skipped; }

private:
    void bad_feature(const std::string& feature, const std::string& problem, std::int64_t count);
    void finish();
    [[nodiscard]] std::string after_last() const;

    OGRLayer& m_layer;
    std::string m_where;
    InputPolicy m_policy;
    Diagnostics* m_diagnostics;
    ErrorCapture m_errors;
    GIntBig m_declared = -1;  // -1: GDAL does not know without reading everything
    std::int64_t m_read = 0;
    std::int64_t m_skipped = 0;
    GIntBig m_last_fid = OGRNullFID;
    bool m_done = false;
};

}  // namespace midlink::io::gdal
