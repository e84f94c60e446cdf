#include "midlink/core/link_columns.hpp"

#include <cassert>
#include <utility>

namespace midlink {

// Every member of Link has a column here; a member added to Link must get one too.
static_assert(sizeof(Link) == 208, "Link changed: store the new member in LinkColumns");

void LinkColumns::reserve(std::size_t rows) {
    m_expected = rows;
    m_from.reserve(rows);
    m_to.reserve(rows);
}

/// Calls f(column, member) for each column that holds one Link member as it is: one
/// list for push_back, link and bytes, so that a column cannot be missed in one of them.
template <typename Self, typename F>
void LinkColumns::each_scalar(Self& self, F&& f) {
    f(self.m_source_id, &Link::source_id);
    f(self.m_length_m, &Link::length_m);
    f(self.m_road_class, &Link::road_class);
    f(self.m_carriageway, &Link::carriageway);
    f(self.m_oneway, &Link::oneway);
    f(self.m_roundabout, &Link::roundabout);
    f(self.m_speed_kmh, &Link::speed_kmh);
    f(self.m_free_flow_time_s, &Link::free_flow_time_s);
    f(self.m_capacity_vph, &Link::capacity_vph);
    f(self.m_lanes, &Link::lanes);
    f(self.m_motor_access, &Link::motor_access);
    f(self.m_hgv_access, &Link::hgv_access);
    f(self.m_foot_access, &Link::foot_access);
    f(self.m_bicycle_access, &Link::bicycle_access);
    f(self.m_bicycle_contraflow, &Link::bicycle_contraflow);
    f(self.m_maxweight_t, &Link::maxweight_t);
    f(self.m_maxheight_m, &Link::maxheight_m);
    f(self.m_maxwidth_m, &Link::maxwidth_m);
}

void LinkColumns::push_back(const Link& link, LinkShape shape) {
    assert(shape == LinkShape::AsGiven || link.geometry.empty());
    const std::size_t row = m_size;
    const std::size_t n = m_expected;
    m_from.push_back(link.from);
    m_to.push_back(link.to);
    each_scalar(*this, [&](auto& column, auto member) { column.push(row, link.*member, n); });
    m_maxspeed_kind.push(row, link.maxspeed.kind, n);
    m_maxspeed_kmh.push(row, link.maxspeed.kmh, n);
    m_points.insert(m_points.end(), link.geometry.begin(), link.geometry.end());
    m_points_end.push(row, m_points.size(), n);
    m_text += link.ref;
    m_ref_end.push(row, m_text.size(), n);
    m_text += link.name;
    m_name_end.push(row, m_text.size(), n);
    m_shape.push(row, shape, n);
    ++m_size;
}

Link LinkColumns::link(std::size_t row) const {
    assert(row < m_size);
    Link link;
    link.from = m_from[row];
    link.to = m_to[row];
    each_scalar(*this, [&](const auto& column, auto member) { link.*member = column[row]; });
    link.maxspeed.kind = m_maxspeed_kind[row];
    link.maxspeed.kmh = m_maxspeed_kmh[row];
    const std::size_t points_begin = row == 0 ? 0 : m_points_end[row - 1];
    link.geometry.assign(m_points.begin() + static_cast<std::ptrdiff_t>(points_begin),
                         m_points.begin() + static_cast<std::ptrdiff_t>(m_points_end[row]));
    const std::size_t ref_begin = row == 0 ? 0 : m_name_end[row - 1];
    const std::size_t ref_end = m_ref_end[row];
    link.ref.assign(m_text, ref_begin, ref_end - ref_begin);
    link.name.assign(m_text, ref_end, m_name_end[row] - ref_end);
    return link;
}

std::size_t LinkColumns::bytes() const {
    std::size_t total = (m_from.capacity() + m_to.capacity()) * sizeof(NodeKey) + m_maxspeed_kind.bytes() +
                        m_maxspeed_kmh.bytes() + m_points.capacity() * sizeof(Point) + m_points_end.bytes() +
                        m_text.capacity() + m_ref_end.bytes() + m_name_end.bytes() + m_shape.bytes();
    each_scalar(*this, [&](const auto& column, auto) { total += column.bytes(); });
    return total;
}

Link ColumnLinkTable::link(std::size_t row) const {
    Link link = links.link(row);
    if (links.shape(row) == LinkShape::Straight) {
        const auto a = node_coords.find(link.from);
        const auto b = node_coords.find(link.to);
        if (a != node_coords.end() && b != node_coords.end()) link.geometry = {a->second, b->second};
    }
    return link;
}

LinkTable to_link_table(ColumnLinkTable&& table) {
    LinkTable out;
    out.links.reserve(table.links.size());
    for (std::size_t row = 0; row < table.links.size(); ++row) out.links.push_back(table.link(row));
    table.links = LinkColumns();
    out.node_coords = std::move(table.node_coords);
    out.crs = std::move(table.crs);
    out.source = std::move(table.source);
    out.fingerprint = table.fingerprint;
    out.diagnostics = std::move(table.diagnostics);
    return out;
}

}  // namespace midlink
