#pragma once
// Turns a LinkTable into a RoadGraph for one profile: access and restrictions, speeds,
// one-way splitting, strongly connected components, renumbering for memory locality.
#include <utility>

#include "midlink/core/diagnostics.hpp"
#include "midlink/core/link_columns.hpp"
#include "midlink/core/link_table.hpp"
#include "midlink/core/profile.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::graph {

enum class NodeOrder { Input, Spatial, BreadthFirst };

struct BuildOptions {
    NodeOrder order = NodeOrder::Spatial;  // Spatial falls back to BreadthFirst without coords
    std::uint64_t profile_fingerprint = 0;
};

struct BuildResult {
    RoadGraph graph;
    Diagnostics diagnostics;
    std::uint32_t links_used = 0;
    std::uint32_t links_excluded = 0;     // not routable for the profile
    std::uint32_t islands_dropped = 0;    // components dropped by ComponentPolicy::Largest
    std::uint32_t island_nodes_dropped = 0;
};

/// Throws InputError when no edge is left for the profile.
BuildResult build_graph(const LinkTable& table, const Profile& profile, const BuildOptions& options = {});
/// The same from a table held by column (GMNS `graph build`); the same graph, byte for byte.
BuildResult build_graph(const ColumnLinkTable& table, const Profile& profile, const BuildOptions& options = {});

/// Capacity per direction of travel (vehicles/hour) and its source: the input's when it
/// gives one, else the profile's per-lane figure for the class times lanes per direction;
/// {NaN, None} when neither applies.
std::pair<double, CapacitySource> link_capacity_vph(const Link& link, const Profile& profile);

/// Free-flow speed (km/h) the profile gives a link; 0 when the link is not routable.
double link_speed_kmh(const Link& link, const Profile& profile);

}  // namespace midlink::graph

namespace midlink::graph {
/// How a profile treats a link's legal and physical restrictions: unusable (excluded from
/// the graph), usable with a penalty, or free. `reason` names the tag that decided it
/// ("maxheight", "hgv=no", "maxweight", "hgv=destination", "access=no", ...), empty when free.
struct LinkRestriction {
    bool usable = true;
    bool penalised = false;
    std::string reason;
};
LinkRestriction profile_restriction(const Link& link, const Profile& profile);

/// Legal speed cap of the vehicle on this link (HGV limits by carriageway), 0 = none.
double vehicle_legal_cap_kmh(const Link& link, const Profile& profile);
}  // namespace midlink::graph
