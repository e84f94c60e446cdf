#pragma once
// Small questions about a layer's attributes, asked before reading it in earnest.
#include <string>
#include <vector>

namespace midlink::io {

/// Field names of a layer (empty layer name = the first layer). Throws InputError when the
/// file or layer cannot be opened.
std::vector<std::string> layer_fields(const std::string& path, const std::string& layer);

/// Distinct non-null values of a field, sorted. Throws InputError / ConfigError.
std::vector<std::string> distinct_values(const std::string& path, const std::string& layer, const std::string& field);

}  // namespace midlink::io
