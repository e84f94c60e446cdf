#pragma once
// Links stored by column, for networks too large for one Link per row: a Link is 208 bytes
// however little its format says, and a GMNS file of 7 M links gives each one a handful of
// numbers. A column stays empty until some link sets a value other than the default, so
// the store costs what the input holds. Lossless: link(row) gives back the Link pushed.
#include <bit>
#include <type_traits>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "midlink/core/link_table.hpp"

namespace midlink {

namespace detail {

/// One column; empty while every value pushed equals the default (compared bit for bit,
/// so that NaN, "unknown", counts as equal to itself).
template <typename T>
class SparseColumn {
public:
    explicit SparseColumn(T fallback = T{}) : m_fallback(fallback) {}

    void push(std::size_t row, T value, std::size_t expected_rows) {
        if (m_values.empty()) {
            if (same(value, m_fallback)) return;
            m_values.reserve(expected_rows > row ? expected_rows : row + 1);
            m_values.resize(row, m_fallback);
        }
        m_values.push_back(value);
    }
    [[nodiscard]] T operator[](std::size_t row) const { return row < m_values.size() ? m_values[row] : m_fallback; }
    [[nodiscard]] std::size_t bytes() const { return m_values.capacity() * sizeof(T); }

private:
    static bool same(T a, T b) {
        if constexpr (std::is_floating_point_v<T>) {
            return std::bit_cast<std::uint64_t>(static_cast<double>(a)) ==
                   std::bit_cast<std::uint64_t>(static_cast<double>(b));
        } else {
            return a == b;
        }
    }
    T m_fallback;
    std::vector<T> m_values;
};

}  // namespace detail

/// How a link's line is kept: as given (possibly empty), or as the straight line between
/// its two nodes, drawn from the table's node coordinates when the link is read (GMNS
/// links without geometry: 32 bytes a link not stored).
enum class LinkShape : std::uint8_t { AsGiven, Straight };

class LinkColumns {
public:
    /// Rows the caller expects: dense columns reserve this much once.
    void reserve(std::size_t rows);
    /// Appends `link`; with LinkShape::Straight its geometry must be empty.
    void push_back(const Link& link, LinkShape shape = LinkShape::AsGiven);

    [[nodiscard]] std::size_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    /// Row `row` as a Link; a Straight link's geometry is left empty (see ColumnLinkTable::link).
    [[nodiscard]] Link link(std::size_t row) const;
    [[nodiscard]] LinkShape shape(std::size_t row) const { return m_shape[row]; }
    [[nodiscard]] std::int64_t source_id(std::size_t row) const { return m_source_id[row]; }
    /// Heap bytes held, for the memory figures of bench runs.
    [[nodiscard]] std::size_t bytes() const;

private:
    template <typename Self, typename F>
    static void each_scalar(Self& self, F&& f);

    std::size_t m_size = 0;
    std::size_t m_expected = 0;
    std::vector<NodeKey> m_from;
    std::vector<NodeKey> m_to;
    detail::SparseColumn<std::int64_t> m_source_id{-1};
    detail::SparseColumn<double> m_length_m{kUnknown};
    detail::SparseColumn<RoadClass> m_road_class{RoadClass::Unknown};
    detail::SparseColumn<Carriageway> m_carriageway{Carriageway::Unknown};
    detail::SparseColumn<Oneway> m_oneway{Oneway::No};
    detail::SparseColumn<bool> m_roundabout{false};
    detail::SparseColumn<SpeedLimit::Kind> m_maxspeed_kind{SpeedLimit::Kind::None};
    detail::SparseColumn<double> m_maxspeed_kmh{kUnknown};
    detail::SparseColumn<double> m_speed_kmh{kUnknown};
    detail::SparseColumn<double> m_free_flow_time_s{kUnknown};
    detail::SparseColumn<double> m_capacity_vph{kUnknown};
    detail::SparseColumn<double> m_lanes{kUnknown};
    detail::SparseColumn<Access> m_motor_access{Access::Unknown};
    detail::SparseColumn<Access> m_hgv_access{Access::Unknown};
    detail::SparseColumn<Access> m_foot_access{Access::Unknown};
    detail::SparseColumn<Access> m_bicycle_access{Access::Unknown};
    detail::SparseColumn<bool> m_bicycle_contraflow{false};
    detail::SparseColumn<double> m_maxweight_t{kUnknown};
    detail::SparseColumn<double> m_maxheight_m{kUnknown};
    detail::SparseColumn<double> m_maxwidth_m{kUnknown};
    // Variable-length values end to end; a row's end offset, its start the previous row's end.
    std::vector<Point> m_points;
    detail::SparseColumn<std::uint64_t> m_points_end{0};
    std::string m_text;  // ref then name of each row
    detail::SparseColumn<std::uint64_t> m_ref_end{0};
    detail::SparseColumn<std::uint64_t> m_name_end{0};
    detail::SparseColumn<LinkShape> m_shape{LinkShape::AsGiven};
};

/// A LinkTable whose links are held by column (same members, same meaning).
struct ColumnLinkTable {
    LinkColumns links;
    std::unordered_map<NodeKey, Point> node_coords;
    std::string crs;
    std::string source;
    std::uint64_t fingerprint = 0;
    Diagnostics diagnostics;

    /// Row `row` as a Link, a Straight link's line drawn from node_coords.
    [[nodiscard]] Link link(std::size_t row) const;
};

/// The same table, one Link per row (for callers that edit or inspect links).
LinkTable to_link_table(ColumnLinkTable&& table);

}  // namespace midlink
