#include "midlink/io/crs_transform.hpp"

#include <proj.h>

#include <algorithm>
#include <cctype>
#include <limits>

#include "midlink/core/error.hpp"

namespace midlink::io {

struct CrsTransform::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* pj = nullptr;
    ~Impl() {
        if (pj) proj_destroy(pj);
        if (ctx) proj_context_destroy(ctx);
    }
};

std::string normalise_crs(const std::string& crs) {
    if (!crs.empty() && std::all_of(crs.begin(), crs.end(), ::isdigit)) return "EPSG:" + crs;
    if (crs.size() > 5 && (crs.rfind("epsg:", 0) == 0 || crs.rfind("Epsg:", 0) == 0)) {
        return "EPSG:" + crs.substr(5);
    }
    return crs;
}

CrsTransform::CrsTransform(const std::string& source_crs, const std::string& target_crs)
    : m_impl(std::make_unique<Impl>()) {
    const std::string src = normalise_crs(source_crs);
    const std::string dst = normalise_crs(target_crs);
    m_identity = src == dst;
    // A context per transform keeps this thread-safe: PROJ objects are not shareable.
    m_impl->ctx = proj_context_create();
    // PROJ's own logger prints "proj_create: ..." to stderr; our error line says it instead.
    proj_log_func(m_impl->ctx, nullptr, [](void*, int, const char*) {});
    PJ* raw = proj_create_crs_to_crs(m_impl->ctx, src.c_str(), dst.c_str(), nullptr);
    if (!raw) {
        std::string reason = "PROJ finds no transformation between them";
        for (const std::string* crs : {&src, &dst}) {
            PJ* one = proj_create(m_impl->ctx, crs->c_str());
            if (!one) {
                reason = "'" + *crs + "' is not a CRS PROJ knows (e.g. EPSG:27700, EPSG:4326)";
                break;
            }
            proj_destroy(one);
        }
        throw ConfigError("cannot transform coordinates from '" + src + "' to '" + dst + "': " + reason);
    }
    m_impl->pj = proj_normalize_for_visualization(m_impl->ctx, raw);
    proj_destroy(raw);
    if (!m_impl->pj) throw ConfigError("PROJ cannot normalise axis order for '" + src + "'");
}

CrsTransform::~CrsTransform() = default;
CrsTransform::CrsTransform(CrsTransform&&) noexcept = default;
CrsTransform& CrsTransform::operator=(CrsTransform&&) noexcept = default;

bool CrsTransform::apply(Point& p) const {
    if (m_identity) return is_finite(p);
    PJ_COORD c = proj_coord(p.x, p.y, 0, 0);
    c = proj_trans(m_impl->pj, PJ_FWD, c);
    if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y) || c.xy.x == HUGE_VAL) {
        p = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
        return false;
    }
    p = {c.xy.x, c.xy.y};
    return true;
}

}  // namespace midlink::io
