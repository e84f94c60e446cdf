#pragma once
// Static traffic assignment with BPR link times t = t0 (1 + b (V/C)^power) plus an optional
// fixed generalised cost per link (tolls, distance): all-or-nothing, Frank-Wolfe with exact
// line search, conjugate and bi-conjugate Frank-Wolfe (Mitradjieva & Lindberg 2013), and
// origin-based Algorithm B (Dial 2006). Pure: plain structs in, plain structs out. Results are identical
// for any thread count: per-origin loads are summed over fixed chunks in origin order.
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "midlink/core/enum_names.hpp"

namespace midlink::analysis {

/// Nodes are 0..node_count-1 (a TNTP file's ids can be used directly, node 0 unused).
/// Links are kept in input order; every per-link result follows it.
struct AssignmentNetwork {
    std::uint32_t node_count = 0;
    /// Nodes below this id are zones: a path may start or end at one but never pass
    /// through it (TNTP <FIRST THRU NODE>; 0 or 1 for none with 1-based ids).
    std::uint32_t first_thru_node = 0;
    std::vector<std::uint32_t> from;
    std::vector<std::uint32_t> to;
    std::vector<double> free_flow_time;  // t0, in the network's time unit
    std::vector<double> capacity;        // C; <= 0 means the link never congests
    std::vector<double> alpha;           // BPR b
    std::vector<double> power;           // BPR beta
    /// Flow-independent cost added to the BPR time, in the same time unit (toll and
    /// distance weighted by their factors); empty means none. Must be >= 0.
    std::vector<double> fixed_cost;

    [[nodiscard]] std::size_t link_count() const { return from.size(); }
};

struct OdDemand {
    std::uint32_t destination = 0;
    double demand = 0.0;
};

struct OriginDemand {
    std::uint32_t origin = 0;
    std::vector<OdDemand> destinations;
};

using OdMatrix = std::vector<OriginDemand>;

enum class AssignmentMethod {
    AllOrNothing,
    FrankWolfe,
    ConjugateFrankWolfe,
    BiconjugateFrankWolfe,
    Bush  // Algorithm B (Dial 2006): origin-based bushes, Newton flow shifts
};

/// The method names of `assign --method` and project files, in the order they are listed.
inline constexpr EnumName<AssignmentMethod> kAssignmentMethods[] = {
    {"aon", AssignmentMethod::AllOrNothing},
    {"fw", AssignmentMethod::FrankWolfe},
    {"cfw", AssignmentMethod::ConjugateFrankWolfe},
    {"bfw", AssignmentMethod::BiconjugateFrankWolfe},
    {"bush", AssignmentMethod::Bush},
};

/// "aon", "fw", "cfw", "bfw", "bush"; false for anything else.
bool parse_assignment_method(std::string_view name, AssignmentMethod& out);
std::string_view assignment_method_name(AssignmentMethod m);

struct AssignmentOptions {
    AssignmentMethod method = AssignmentMethod::ConjugateFrankWolfe;
    double target_gap = 1e-4;   // stop when the relative gap is at or below this
    int max_iterations = 1000;  // line-search steps (bush: sweeps over all origins) after the
                                // initial all-or-nothing load
    /// Called after each gap evaluation with (iteration, relative gap); may be empty.
    std::function<void(int, double)> on_iteration;
};

struct AssignmentResult {
    std::vector<double> volume;      // per link, input order
    std::vector<double> cost;        // generalised cost at `volume`: time + fixed cost
    std::vector<double> time;        // congested BPR travel time at `volume`
    int iterations = 0;              // line-search steps (bush: sweeps) taken
    /// (TSTC - SPTC) / TSTC at `volume`, on generalised cost: the total cost against the
    /// cost of every trip on its cheapest path.
    double relative_gap = 0.0;
    double total_travel_time = 0.0;  // TSTT = sum volume * time
    double total_cost = 0.0;         // TSTC = sum volume * cost (TSTT with no fixed cost)
    bool converged = false;          // relative_gap <= target_gap
    double unassigned_demand = 0.0;  // unreachable OD pairs and intrazonal demand
};

/// Throws std::invalid_argument on inconsistent columns or ids out of range (a
/// programming error in the caller's conversion, not a data problem).
AssignmentResult assign_traffic(const AssignmentNetwork& net, const OdMatrix& od,
                                const AssignmentOptions& options);

/// BPR travel time of one link at a volume.
double bpr_time(double t0, double capacity, double alpha, double power, double volume);

}  // namespace midlink::analysis
