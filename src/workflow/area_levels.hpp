#pragma once
// What the access and coverage roll-ups share above analysis/area_rollup: a level's name
// from its file, the codes of a field, and coarse areas made from codes.
#include <string>
#include <vector>

#include "midlink/core/features.hpp"

namespace midlink::workflow {

/// A layer name from a boundary file: its stem without "derived-", other than letters and
/// digits as '_' (derived-lad24.gpkg -> lad24).
std::string level_name_from_path(const std::string& path);

/// Each area's value of `field`, empty where it has none.
std::vector<std::string> field_codes(const std::vector<AreaFeature>& areas, const std::string& field);

/// Areas without geometry, one per code, the code as id.
std::vector<AreaFeature> code_areas(const std::vector<std::string>& codes);

}  // namespace midlink::workflow
