#include "wkb_shape.hpp"

#include <cstring>

namespace midlink::workflow::detail {
namespace {

class WkbCursor {
public:
    explicit WkbCursor(const std::vector<std::uint8_t>& b) : m_b(b) {}
    bool ok() const { return m_ok; }
    std::uint8_t byte() {
        if (m_at + 1 > m_b.size()) return fail<std::uint8_t>();
        return m_b[m_at++];
    }
    std::uint32_t u32(bool little) {
        if (m_at + 4 > m_b.size()) return fail<std::uint32_t>();
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const std::uint32_t b = m_b[m_at + static_cast<std::size_t>(little ? i : 3 - i)];
            v |= b << (8 * i);
        }
        m_at += 4;
        return v;
    }
    double f64(bool little) {
        if (m_at + 8 > m_b.size()) return fail<double>();
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            const std::uint64_t b = m_b[m_at + static_cast<std::size_t>(little ? i : 7 - i)];
            v |= b << (8 * i);
        }
        m_at += 8;
        double d;
        std::memcpy(&d, &v, sizeof d);
        return d;
    }
    std::size_t remaining() const { return m_b.size() - m_at; }

private:
    template <class T>
    T fail() {
        m_ok = false;
        m_at = m_b.size();
        return T{};
    }
    const std::vector<std::uint8_t>& m_b;
    std::size_t m_at = 0;
    bool m_ok = true;
};

struct Header {
    bool little = true;
    std::uint32_t type = 0;  // 3 Polygon, 6 MultiPolygon
    int dims = 2;
};

Header header(WkbCursor& c) {
    Header h;
    h.little = c.byte() == 1;
    std::uint32_t t = c.u32(h.little);
    if (t & 0x20000000u) (void)c.u32(h.little);  // EWKB SRID
    const bool ewkb_z = (t & 0x80000000u) != 0, ewkb_m = (t & 0x40000000u) != 0;
    t &= 0x0FFFFFFFu;
    const std::uint32_t iso = t / 1000;  // 1 Z, 2 M, 3 ZM
    h.type = t % 1000;
    h.dims = 2 + ((ewkb_z || iso == 1 || iso == 3) ? 1 : 0) + ((ewkb_m || iso == 2 || iso == 3) ? 1 : 0);
    return h;
}

/// False on truncated bytes (a ring count larger than the data is never allocated).
bool polygon_rings(WkbCursor& c, const Header& h, Shape& out) {
    const std::uint32_t rings = c.u32(h.little);
    for (std::uint32_t r = 0; r < rings && c.ok(); ++r) {
        const std::uint32_t n = c.u32(h.little);
        if (static_cast<std::size_t>(n) * 8 * static_cast<std::size_t>(h.dims) > c.remaining()) return false;
        LineString ring;
        ring.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            const double x = c.f64(h.little);
            const double y = c.f64(h.little);
            for (int d = 2; d < h.dims; ++d) (void)c.f64(h.little);
            ring.push_back({x, y});
        }
        out.parts.push_back(std::move(ring));
    }
    return c.ok();
}

}  // namespace

Shape polygon_shape_from_wkb(const std::vector<std::uint8_t>& wkb) {
    WkbCursor c(wkb);
    Shape out;
    out.kind = Shape::Kind::Polygon;
    const Header h = header(c);
    if (h.type == 3) {
        if (!polygon_rings(c, h, out)) return Shape{};
    } else if (h.type == 6) {
        const std::uint32_t parts = c.u32(h.little);
        for (std::uint32_t p = 0; p < parts && c.ok(); ++p) {
            const Header ph = header(c);
            if (ph.type != 3 || !polygon_rings(c, ph, out)) return Shape{};
        }
    } else {
        return Shape{};
    }
    if (!c.ok()) return Shape{};
    return out;
}

}  // namespace midlink::workflow::detail
