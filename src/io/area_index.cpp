// AreaIndex: STR tree over area envelopes, then prepared-geometry intersects (a point on
// the boundary counts as inside), ties broken by the smallest area index so a point on a
// shared edge is counted exactly once.
#include <limits>

#include "geos_context.hpp"
#include "midlink/core/error.hpp"
#include "midlink/io/feature_readers.hpp"

namespace midlink::io {

struct AreaIndex::Impl {
    geos::Context geos;
    std::vector<geos::GeometryPtr> geometries;
    std::vector<const GEOSPreparedGeometry*> prepared;
    std::vector<std::size_t> ids;  // stable storage: the tree holds pointers into it
    GEOSSTRtree* tree = nullptr;

    ~Impl() {
        const GEOSContextHandle_t h = geos.handle();
        if (tree) GEOSSTRtree_destroy_r(h, tree);
        for (const auto* p : prepared) GEOSPreparedGeom_destroy_r(h, p);
        geometries.clear();  // before the context goes
    }
};

AreaIndex::AreaIndex(const std::vector<AreaFeature>& areas) : m_impl(std::make_unique<Impl>()) {
    Impl& m = *m_impl;
    const GEOSContextHandle_t h = m.geos.handle();
    m.geometries.reserve(areas.size());
    m.prepared.reserve(areas.size());
    m.ids.resize(areas.size());
    m.tree = GEOSSTRtree_create_r(h, 10);
    for (std::size_t i = 0; i < areas.size(); ++i) {
        geos::GeometryPtr g = m.geos.read_wkb(areas[i].wkb);
        if (!g) {
            throw InputError("area '" + areas[i].id + "' (row " + std::to_string(areas[i].row) +
                             "): geometry is not readable WKB: " + m.geos.last_error());
        }
        m.ids[i] = i;
        m.prepared.push_back(GEOSPrepare_r(h, g.get()));
        GEOSSTRtree_insert_r(h, m.tree, g.get(), &m.ids[i]);
        m.geometries.push_back(std::move(g));
    }
    // GEOS 3.11 has no explicit build: the tree is built by the first query.
}

AreaIndex::~AreaIndex() = default;
AreaIndex::AreaIndex(AreaIndex&&) noexcept = default;
AreaIndex& AreaIndex::operator=(AreaIndex&&) noexcept = default;

std::size_t AreaIndex::size() const { return m_impl->geometries.size(); }

std::int64_t AreaIndex::locate(const Point& p) const {
    if (!is_finite(p)) return -1;
    Impl& m = *m_impl;
    const GEOSContextHandle_t h = m.geos.handle();
    geos::GeometryPtr query = m.geos.own(GEOSGeom_createPointFromXY_r(h, p.x, p.y));
    if (!query) return -1;
    struct Search {
        Impl* impl;
        const GEOSGeometry* point;
        std::size_t best;
    } search{&m, query.get(), std::numeric_limits<std::size_t>::max()};
    GEOSSTRtree_query_r(
        h, m.tree, query.get(),
        [](void* item, void* data) {
            auto* s = static_cast<Search*>(data);
            const std::size_t i = *static_cast<const std::size_t*>(item);
            if (i >= s->best) return;  // a smaller index already covers the point
            if (GEOSPreparedIntersects_r(s->impl->geos.handle(), s->impl->prepared[i], s->point) ==
                1)
                s->best = i;
        },
        &search);
    return search.best == std::numeric_limits<std::size_t>::max()
               ? -1
               : static_cast<std::int64_t>(search.best);
}

}  // namespace midlink::io
