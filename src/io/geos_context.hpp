#pragma once
// Private RAII over the GEOS thread-safe C API: one context per owner (never shared
// between threads), geometries owned by unique_ptrs bound to that context, and 2D ISO
// WKB in and out. GEOS messages are captured, not printed, so callers can quote them.
#include <geos_c.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace midlink::io::geos {

class Context;

struct GeometryDeleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(GEOSGeometry* g) const noexcept {
        if (g) GEOSGeom_destroy_r(handle, g);
    }
};
using GeometryPtr = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

class Context {
  public:
    Context();
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    [[nodiscard]] GEOSContextHandle_t handle() const { return m_handle; }
    /// Takes ownership of a geometry returned by a GEOS *_r call (null stays null).
    [[nodiscard]] GeometryPtr own(GEOSGeometry* g) const {
        return GeometryPtr(g, GeometryDeleter{m_handle});
    }

    /// Null (with last_error() set) when the bytes are not WKB.
    [[nodiscard]] GeometryPtr read_wkb(const std::vector<std::uint8_t>& wkb) const;
    /// 2D, little-endian, ISO flavour.
    [[nodiscard]] std::vector<std::uint8_t> write_iso_wkb(const GEOSGeometry& g) const;

    /// Last GEOS error message, "" when none.
    [[nodiscard]] const std::string& last_error() const { return m_last_error; }

  private:
    static void on_error(const char* message, void* self);

    GEOSContextHandle_t m_handle;
    GEOSWKBReader* m_reader = nullptr;
    GEOSWKBWriter* m_writer = nullptr;
    std::string m_last_error;
};

}  // namespace midlink::io::geos
