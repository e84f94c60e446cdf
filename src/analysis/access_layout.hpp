#pragma once
// Private: which output column each measure and service produces.
#include <vector>

#include "midlink/analysis/access_engine.hpp"

namespace midlink::analysis::detail {

enum class ColumnRole { Nearest, Nth, Cumulative, JtsAmt, JtsDest, JtsOrig, Hansen, Fca };

struct ColumnPlan {
    ColumnRole role;
    std::size_t measure;   // index into inputs.measures
    std::uint32_t service;
    double time_min = 0.0; // Cumulative, JtsDest, JtsOrig
    int n = 1;             // Nth
    std::size_t column;    // index into AccessResult::columns
    std::size_t accumulator = 0;  // Fca: index of the pass-1 accumulator set
};

/// Cross-origin sums needed before a second pass (2SFCA, BFCA) or as a result (passive).
struct AccumulatorPlan {
    std::size_t measure;
    // BFCA (both kinds): population is split over destinations by row-normalised f.
    bool balanced = false;
    // Paez BFCA: the demand step is column-normalised (needs column sums of f); the
    // supply-preserving kind reuses the row normalisation instead.
    bool column_normalised = false;
};

struct Layout {
    std::vector<AccessColumn> columns;
    std::vector<ColumnPlan> plans;
    std::vector<std::vector<std::size_t>> plans_by_service;  // plan indices per service
    std::vector<AccumulatorPlan> accumulators;
    bool needs_second_pass = false;
};

Layout make_layout(const AccessInputs& inputs);

}  // namespace midlink::analysis::detail
