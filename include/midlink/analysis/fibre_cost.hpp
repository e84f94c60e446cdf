#pragma once
// The rural last-mile case (metrics.md §5): fibre routed along the road graph from served
// locations to unserved premises, costed per km of route and per premises.
//
// The road graph is taken as undirected with link lengths in metres (fibre ignores one-way
// rules). Each link holding snapped points is cut at them, so premises on the same road
// share its duct. The build network is Mehlhorn's Steiner tree over the served points (one
// super-terminal: the tree may attach to any of them) and the premises.
//
// Attribution: the tree is rooted at the served points; each tree segment's route cost is
// split equally among the connected premises downstream of it. A premises' attached cost is
// its share of every segment on its path to the served side, plus its own drop (the snap
// offset from the premises to the road, costed per km) and its connection charge. The
// attached costs of all connected premises sum to the capital cost.
#include <cstdint>
#include <span>
#include <vector>

#include "midlink/core/ids.hpp"
#include "midlink/graph/road_graph.hpp"
#include "midlink/graph/snapper.hpp"

namespace midlink::analysis {

/// Unit costs. The defaults are illustrative round numbers for rural verge duct and trench
/// and a premises connection, not published figures: set them from your own quotes.
struct FibreCostParams {
    double route_cost_per_km_gbp = 60000.0;  // duct and trench along the road
    double drop_cost_per_km_gbp = 60000.0;   // premises to road (the snap offset)
    double connection_cost_gbp = 500.0;      // per connected premises
    double uso_cap_gbp = 3400.0;             // Universal Service Obligation cost threshold
};

/// A piece of one physical link in the build network, between two fractions of the link's
/// length in its drawing order (from_fraction < to_fraction).
struct BuildSegment {
    LinkId link = 0;
    double from_fraction = 0.0;
    double to_fraction = 1.0;
    double length_m = 0.0;
    std::uint32_t premises_downstream = 0;  // connected premises whose path to served uses it
    double cost_gbp = 0.0;
};

enum class PremisesStatus : std::uint8_t { Connected, Unsnapped, Unreachable };

struct PremisesCost {
    PremisesStatus status = PremisesStatus::Unsnapped;
    double drop_m = 0.0;             // snap offset; for unsnapped rows the distance found
    std::int64_t served_index = -1;  // the served point its tree path reaches; -1 unless connected
    // NaN unless connected:
    double path_to_served_m = 0.0;  // shortest road distance to the nearest served point
    double route_share_gbp = 0.0;
    double drop_gbp = 0.0;
    double attached_cost_gbp = 0.0;  // route share + drop + connection
    [[nodiscard]] bool connected() const { return status == PremisesStatus::Connected; }
};

struct FibreCase {
    std::vector<BuildSegment> segments;  // by link, then fraction
    std::vector<PremisesCost> premises;  // in input order
    std::size_t served_on_network = 0;
    std::size_t connected = 0;
    std::size_t unsnapped = 0;
    std::size_t unreachable = 0;  // snapped, but no served point in their component
    double route_m = 0.0;         // build network length
    double drop_m = 0.0;          // drops of connected premises
    double route_cost_gbp = 0.0;
    double drop_cost_gbp = 0.0;
    double connection_cost_gbp = 0.0;
    double capital_gbp = 0.0;            // route + drop + connection
    double cost_per_premises_gbp = 0.0;  // capital / connected; NaN when none connected
    std::size_t under_uso_cap = 0;       // connected premises with attached cost <= cap
    double share_under_uso_cap = 0.0;    // of connected premises; NaN when none connected
};

/// Snaps not ok (or on no routable edge) count as unsnapped; node snaps join at the node.
/// Throws InputError when no served point is on the network.
FibreCase fibre_cost(const graph::RoadGraph& g, std::span<const graph::Snap> served,
                     std::span<const graph::Snap> premises, const FibreCostParams& params);

}  // namespace midlink::analysis
