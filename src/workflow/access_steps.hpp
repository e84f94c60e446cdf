#pragma once
// The steps of an access study that its public functions share (private to workflow).
#include <vector>

#include "layer_table.hpp"
#include "midlink/workflow/access.hpp"

namespace midlink::workflow {

/// One AggregationLevel per --aggregate-to, then per --aggregate-code. Origins that fall in
/// no area, or carry no code, are left out and diagnosed in `inputs.diagnostics`.
std::vector<AggregationLevel> roll_up_access(const AccessConfig& cfg, const Context& ctx, AccessStudyInputs& inputs,
                                             const analysis::AccessResult& result);

/// Origin fields copied onto level 0: each non-empty --aggregate-by, then each
/// --aggregate-code, once each, for area origins only.
std::vector<std::string> kept_origin_fields(const AccessConfig& cfg, bool origins_are_areas);

/// The study's layers in the order they are written (see AccessStudy::tables). The tables
/// refer to `study`, which must outlive them.
std::vector<LayerTable> access_layers(const AccessStudy& study);

/// The kept OD matrix as a table (schema::access::kOdColumns).
LayerTable od_matrix_table(const AccessStudy& study);

}  // namespace midlink::workflow
