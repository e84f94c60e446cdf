#pragma once
// Static traffic assignment with BPR link costs t = t0 (1 + b (V/C)^power): all-or-nothing,
// Frank-Wolfe with exact line search, and conjugate and bi-conjugate Frank-Wolfe
// (Mitradjieva & Lindberg 2013). Pure: plain structs in, plain structs out. Results are identical
// for any thread count: per-origin loads are summed over fixed chunks in origin order.
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

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
    BiconjugateFrankWolfe
};

/// "aon", "fw", "cfw", "bfw"; false for anything else.
bool parse_assignment_method(std::string_view name, AssignmentMethod& out);
std::string_view assignment_method_name(AssignmentMethod m);

struct AssignmentOptions {
    AssignmentMethod method = AssignmentMethod::ConjugateFrankWolfe;
    double target_gap = 1e-4;   // stop when the relative gap is at or below this
    int max_iterations = 1000;  // line-search steps after the initial all-or-nothing load
    /// Called after each gap evaluation with (iteration, relative gap); may be empty.
    std::function<void(int, double)> on_iteration;
};

struct AssignmentResult {
    std::vector<double> volume;      // per link, input order
    std::vector<double> cost;        // congested travel time at `volume`
    int iterations = 0;              // line-search steps taken
    double relative_gap = 0.0;       // (TSTT - SPTT) / TSTT at `volume`
    double total_travel_time = 0.0;  // TSTT = sum volume * cost
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
