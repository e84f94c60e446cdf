#pragma once
// Isochrones as reachable road, not as hulls. From one snapped origin, every road piece
// reachable within the largest band is returned with its travel times, cut where a band
// limit falls inside an edge (time grows linearly along an edge). A two-way road is
// reported once: each point of it belongs to the direction that reaches it first, so
// summing piece lengths gives the length of reachable road. Drawing the band polygons
// (buffer and union) is io's business; this file has no GEOS.
#include <cstdint>
#include <span>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/core/ids.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/shortest_path.hpp"
#include "midlink/graph/snapper.hpp"

namespace midlink::analysis {

/// Part of one directed edge reached within a band. Fractions run along the edge in
/// travel order (0 = tail, 1 = head), so `from_s <= to_s`.
struct ReachableEdge {
    EdgeId edge = kInvalidEdge;
    double from_s = 0.0;          // travel time from the origin at start_fraction
    double to_s = 0.0;            // travel time from the origin at end_fraction
    double start_fraction = 0.0;
    double end_fraction = 0.0;
    std::uint32_t band = 0;       // index of the smallest band limit >= to_s
};

/// Search sources for an origin: the heads of the snapped edge with their partial costs
/// (as route_between does), or the node itself for a node snap. Empty if unsnapped.
std::vector<graph::SearchSource> isochrone_sources(const graph::RoadGraph& g, const graph::Snap& from);

/// Reads a finished time search (run from isochrone_sources(from) with a cut-off at
/// least the last band limit) and returns the reachable pieces, sorted by edge then
/// start fraction. `band_limits_s` must be positive and strictly increasing.
std::vector<ReachableEdge> collect_reachable_edges(const graph::ShortestPathSearch& search,
                                                   const graph::Snap& from,
                                                   std::span<const double> band_limits_s);

/// Runs the search with the right sources and cut-off, then collects the pieces.
std::vector<ReachableEdge> reachable_edges(graph::ShortestPathSearch& search, const graph::Snap& from,
                                           std::span<const double> band_limits_s);

/// Length of road (m) reachable within each band, cumulative: result[b] counts every
/// piece whose band is <= b.
std::vector<double> reachable_length_m(const graph::RoadGraph& g, std::span<const ReachableEdge> pieces,
                                       std::size_t band_count);

/// Geometry of a piece in travel order, cut from the edge's geometry by length fraction.
LineString piece_geometry(const graph::RoadGraph& g, const ReachableEdge& piece);

}  // namespace midlink::analysis
