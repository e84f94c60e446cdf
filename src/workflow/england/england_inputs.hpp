#pragma once
// Reading the real data the England generator builds on (private to workflow): LSOA
// centres with Census 2021 residents, the SRN graph, and the real service locations.
// All reading goes through io.
#include <string>
#include <vector>

#include "midlink/core/geometry.hpp"
#include "midlink/workflow/context.hpp"
#include "synth_types.hpp"

namespace midlink::workflow::england {

struct PlacesRead {
    std::vector<PopPlace> places;  // England LSOAs with residents, spacing set
    double population = 0.0;
};

/// drkane-geo-lookups/lsoa_latlong.csv (E01 codes) joined to hack25usefuldata's
/// census21 residents (summed over age groups), in BNG.
PlacesRead read_places(const std::string& geodata);

/// srn-network-graph/SRN_region_graph.csv at its junction clusters.
std::vector<SrnSection> read_srn(const std::string& geodata);

/// Real service locations by set name (primary_school, secondary_school,
/// further_education, gp, hospital), BNG, in file order.
struct RealServices {
    std::vector<Point> primary_school, secondary_school, further_education, gp, hospital;
};
RealServices read_real_services(const std::string& geodata, const Context& ctx);

}  // namespace midlink::workflow::england
