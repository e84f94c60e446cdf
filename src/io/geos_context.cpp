#include "geos_context.hpp"

namespace midlink::io::geos {

Context::Context() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &Context::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(
        m_handle, [](const char*, void*) {}, nullptr);
    m_reader = GEOSWKBReader_create_r(m_handle);
    m_writer = GEOSWKBWriter_create_r(m_handle);
    GEOSWKBWriter_setOutputDimension_r(m_handle, m_writer, 2);
    GEOSWKBWriter_setByteOrder_r(m_handle, m_writer, GEOS_WKB_NDR);
    GEOSWKBWriter_setFlavor_r(m_handle, m_writer, GEOS_WKB_ISO);
}

Context::~Context() {
    GEOSWKBWriter_destroy_r(m_handle, m_writer);
    GEOSWKBReader_destroy_r(m_handle, m_reader);
    GEOS_finish_r(m_handle);
}

void Context::on_error(const char* message, void* self) {
    if (self && message) static_cast<Context*>(self)->m_last_error = message;
}

GeometryPtr Context::read_wkb(const std::vector<std::uint8_t>& wkb) const {
    return own(GEOSWKBReader_read_r(m_handle, m_reader, wkb.data(), wkb.size()));
}

std::vector<std::uint8_t> Context::write_iso_wkb(const GEOSGeometry& g) const {
    std::size_t size = 0;
    unsigned char* bytes = GEOSWKBWriter_write_r(m_handle, m_writer, &g, &size);
    if (!bytes) return {};
    std::vector<std::uint8_t> out(bytes, bytes + size);
    GEOSFree_r(m_handle, bytes);
    return out;
}

}  // namespace midlink::io::geos
