#pragma once
// PROJ coordinate transformation with traditional GIS axis order (x = easting/longitude).
#include <memory>
#include <string>

#include "midlink/core/geometry.hpp"

namespace midlink::io {

class CrsTransform {
public:
    /// Throws ConfigError when either CRS is unknown to PROJ.
    CrsTransform(const std::string& source_crs, const std::string& target_crs);
    ~CrsTransform();
    CrsTransform(CrsTransform&&) noexcept;
    CrsTransform& operator=(CrsTransform&&) noexcept;
    CrsTransform(const CrsTransform&) = delete;
    CrsTransform& operator=(const CrsTransform&) = delete;

    /// Transforms in place; returns false (and leaves NaN) when PROJ cannot transform.
    bool apply(Point& p) const;
    /// True when source and target are the same CRS (apply is then a no-op).
    [[nodiscard]] bool identity() const { return m_identity; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_identity = false;
};

/// Normalises "27700", "epsg:27700", "EPSG:27700" to "EPSG:27700"; other strings unchanged.
std::string normalise_crs(const std::string& crs);

}  // namespace midlink::io
