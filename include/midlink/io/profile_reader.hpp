#pragma once
// Reads routing profiles from YAML. Unknown keys are refused with the key and file named.
#include <string>

#include "midlink/core/profile.hpp"

namespace midlink::io {

/// `name_or_path` is "car", "hgv" (looked up in `profiles_dir`, falling back to the built-in
/// defaults; an empty `profiles_dir` means the built-ins only) or a path to a YAML file.
/// Throws ConfigError / InputError.
Profile read_profile(const std::string& name_or_path, const std::string& profiles_dir);

/// Parses YAML text; `where` names the source in messages.
Profile parse_profile_yaml(const std::string& text, const std::string& where);

}  // namespace midlink::io
