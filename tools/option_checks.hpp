#pragma once
// CLI11 checks with midlink's own wording. CLI11's NonNegativeNumber prints its upper
// bound (DBL_MAX) in full, 309 digits; and "nan" or "inf" pass a plain >= 0 test.
#include <CLI/CLI.hpp>

namespace midlink::cli {

/// A finite number >= 0: "'-5' is not a finite number >= 0".
CLI::Validator non_negative();
/// A finite number > 0.
CLI::Validator positive();
/// A distance in metres for --max-snap and the like: finite and >= 0.
CLI::Validator distance_m();

/// The old spelling of a renamed option (docs/cli/conventions.md): still accepted, hidden
/// from --help; giving both names is an error. The caller chains the same ->check().
template <class T>
CLI::Option* add_old_name(CLI::App* cmd, const std::string& old_name, T& target, CLI::Option* current) {
    auto* old = cmd->add_option(old_name, target, "old name of " + current->get_name())->group("");
    old->excludes(current);
    return old;
}

}  // namespace midlink::cli
