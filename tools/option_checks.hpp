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

/// `check`, with the option's name in front of its message: CLI11 names no option of the
/// hidden group in its errors.
CLI::Validator named(CLI::Validator check, const std::string& name);

/// The old spelling of a renamed option (docs/cli/conventions.md): still accepted, hidden
/// from --help; giving both names is an error. The caller adds the new name's checks with
/// ->check(named(check, old_name)).
template <class T>
CLI::Option* add_old_name(CLI::App* cmd, const std::string& old_name, T& target, CLI::Option* current) {
    auto* old = cmd->add_option(old_name, target, "old name of " + current->get_name())->group("");
    // Checked once parsing is done, so the order on the command line does not matter.
    old->check(CLI::Validator(
        [current, old_name](std::string&) -> std::string {
            if (current->count() == 0) return {};
            return old_name + " is the old name of " + current->get_name() + ": give one of them";
        },
        ""));
    return old;
}

}  // namespace midlink::cli
