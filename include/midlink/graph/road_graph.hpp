#pragma once
// The immutable routing graph: a compressed sparse row structure over directed edges
// (first_out/head/weight, as OSRM's StaticGraph and RoutingKit) with per-edge attributes
// in parallel arrays. Geometry is kept apart from the hot arrays: each directed edge names
// the physical link it runs along and whether it runs against the link's drawing order.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"
#include "midlink/core/road_class.hpp"

namespace midlink::graph {

enum class Metric : std::uint8_t { Time, Distance };

/// Bits in RoadGraph::edge_flags.
enum EdgeFlag : std::uint8_t {
    kOneway = 1 << 0,      // the link is one-way for this profile
    kRoundabout = 1 << 1,
    kPenalised = 1 << 2,   // a legal restriction applies and the profile penalises it
    kReversed = 1 << 3,    // runs against the link's drawing order
};

/// Where a link's capacity came from (RoadGraph::link_capacity_source).
enum class CapacitySource : std::uint8_t { None = 0, Input = 1, Profile = 2 };

/// Everything the graph file stores besides the arrays.
struct GraphMeta {
    std::string crs;             // "EPSG:27700", empty for abstract graphs (DIMACS)
    std::string source;          // input path as given
    std::string profile_name;
    std::uint64_t input_fingerprint = 0;
    std::uint64_t profile_fingerprint = 0;
    std::uint32_t components_total = 0;   // strongly connected components before filtering
    std::uint32_t nodes_before_filter = 0;
    std::uint32_t largest_component_nodes = 0;
    std::uint64_t diagnostics_total = 0;
    std::string diagnostics_summary;      // "code=count;code=count"
};

struct RoadGraph {
    // --- hot arrays -------------------------------------------------------------------
    std::vector<EdgeId> first_out;  // size node_count()+1
    std::vector<NodeId> head;       // size edge_count()
    std::vector<Weight> time_weight;  // travel time for the profile, in units of time_unit_s
    std::vector<Weight> length_dm;  // length, decimetres
    // --- per-edge attributes ----------------------------------------------------------
    std::vector<RoadClass> edge_class;
    std::vector<std::uint8_t> edge_flags;
    std::vector<LinkId> edge_link;  // physical link (index into link_* arrays)
    // --- per-node ---------------------------------------------------------------------
    std::vector<Point> node_xy;         // working CRS; empty for graphs without coordinates
    std::vector<std::int64_t> node_key; // id as the input named it (OSM node id, ...)
    std::vector<std::uint32_t> node_component;  // SCC id (0 = largest); empty when all 0
    // --- per physical link: geometry and names, apart from the hot arrays -------------
    std::uint32_t links = 0;                     // physical links
    // size link_count()+1, into link_points; empty when no link has points of its own
    // (link tables: every edge is drawn straight between its nodes).
    std::vector<std::uint32_t> link_geom_first;
    std::vector<Point> link_points;
    // The next three are empty when every link has the default (no ref, no name, source
    // id = -1): abstract graphs such as DIMACS then cost no bytes for them.
    std::vector<std::uint32_t> link_ref;   // index into strings
    std::vector<std::uint32_t> link_name;  // index into strings
    std::vector<std::int64_t> link_source_id;
    /// link_source_id in 4 bytes when every id fits (TNTP/DIMACS rows, today's OSM way
    /// ids); then link_source_id is empty.
    std::vector<std::uint32_t> link_source_id32;
    std::vector<std::string> strings;      // interned ref/name text; strings[0] == ""
    // Capacity per direction of travel (vehicles/hour; NaN = unknown) and its source
    // (CapacitySource; a single entry when every link has the same). Both empty when no
    // link has a capacity (older graph files too).
    std::vector<float> link_capacity_vph;
    std::vector<std::uint8_t> link_capacity_source;

    /// Seconds per time_weight unit: 0.001 for geographic networks; 1 for abstract graphs
    /// (DIMACS) whose weights are kept exactly as given.
    double time_unit_s = 0.001;
    GraphMeta meta;

    [[nodiscard]] std::uint32_t node_count() const {
        return first_out.empty() ? 0 : static_cast<std::uint32_t>(first_out.size() - 1);
    }
    [[nodiscard]] std::uint32_t edge_count() const { return static_cast<std::uint32_t>(head.size()); }
    [[nodiscard]] std::uint32_t link_count() const { return links; }
    /// [first, last) of a link's own points in link_points (empty range: drawn straight).
    [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> link_point_range(LinkId l) const {
        if (link_geom_first.empty()) return {0, 0};
        return {link_geom_first[l], link_geom_first[l + 1]};
    }
    [[nodiscard]] std::uint32_t component(NodeId v) const { return node_component.empty() ? 0 : node_component[v]; }
    [[nodiscard]] bool has_coordinates() const { return !node_xy.empty(); }
    [[nodiscard]] const std::vector<Weight>& weights(Metric m) const {
        return m == Metric::Time ? time_weight : length_dm;
    }
    /// Tail node of an edge (binary search over first_out; not for hot loops).
    [[nodiscard]] NodeId tail(EdgeId e) const;
    /// Geometry of the directed edge in travel order (from tail to head).
    [[nodiscard]] LineString edge_geometry(EdgeId e) const;
    [[nodiscard]] const std::string& edge_ref(EdgeId e) const {
        return strings[link_ref.empty() ? 0 : link_ref[edge_link[e]]];
    }
    [[nodiscard]] const std::string& edge_name(EdgeId e) const {
        return strings[link_name.empty() ? 0 : link_name[edge_link[e]]];
    }
    [[nodiscard]] std::int64_t link_source(LinkId l) const {
        if (!link_source_id32.empty()) return link_source_id32[l];
        return link_source_id.empty() ? -1 : link_source_id[l];
    }
    [[nodiscard]] bool has_capacity() const { return !link_capacity_vph.empty(); }
    /// Vehicles/hour in the edge's direction of travel; NaN when unknown.
    [[nodiscard]] double link_capacity(LinkId l) const;
    [[nodiscard]] CapacitySource capacity_source(LinkId l) const {
        if (link_capacity_source.empty()) return CapacitySource::None;
        return static_cast<CapacitySource>(link_capacity_source[link_capacity_source.size() == 1 ? 0 : l]);
    }
    [[nodiscard]] double length_m(EdgeId e) const { return length_dm[e] / 10.0; }
    [[nodiscard]] double time_s(EdgeId e) const { return time_weight[e] * time_unit_s; }
    /// Converts a search cost in `metric` units to seconds or metres.
    [[nodiscard]] double cost_value(Metric m, Weight w) const {
        return m == Metric::Time ? w * time_unit_s : w / 10.0;
    }
    /// Bytes held by all arrays (for `graph info` and the memory benchmark).
    [[nodiscard]] std::size_t memory_bytes() const;
};

/// "input", "profile" or "" (none).
std::string_view capacity_source_name(CapacitySource s);

}  // namespace midlink::graph
