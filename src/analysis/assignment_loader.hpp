#pragma once
// All-or-nothing loading: one Dijkstra per origin on a CSR of the current link costs,
// demand pushed back up the shortest-path tree. Origins run in parallel over fixed
// chunks; chunk loads are summed in chunk order, so the result is the same for any
// thread count.
#include <cstdint>
#include <vector>

#include "midlink/analysis/assignment.hpp"

namespace midlink::analysis::detail {

class AonLoader {
  public:
    AonLoader(const AssignmentNetwork& net, const OdMatrix& od);

    /// Volumes (per link, input order) of all demand on shortest paths under `cost`
    /// (per link, input order) into `volume`. Returns the demand that could not be
    /// assigned (unreachable destinations, intrazonal trips).
    double load(const std::vector<double>& cost, std::vector<double>& volume) const;

  private:
    struct Search;
    void load_origin(Search& s, const OriginDemand& o, const std::vector<double>& edge_cost,
                     std::vector<double>& volume, double& unassigned) const;

    const AssignmentNetwork& m_net;
    const OdMatrix& m_od;
    std::vector<std::uint32_t> m_first_out;  // node_count + 1
    std::vector<std::uint32_t> m_head;       // per CSR edge
    std::vector<std::uint32_t> m_link;       // CSR edge -> link index
    std::size_t m_chunk = 1;                 // origins per chunk, fixed by the input size
};

}  // namespace midlink::analysis::detail
