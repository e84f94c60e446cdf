#include "option_checks.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace midlink::cli {
namespace {

CLI::Validator finite_at_least(double min, bool strict, const std::string& what, const std::string& name) {
    return CLI::Validator(
        [=](std::string& text) -> std::string {
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            const bool number = !text.empty() && end == text.c_str() + text.size();
            if (!number || !std::isfinite(v) || v < min || (strict && v == min)) {
                return "'" + text + "' is not " + what;
            }
            return {};
        },
        name);
}

}  // namespace

CLI::Validator non_negative() { return finite_at_least(0.0, false, "a finite number >= 0", "NUMBER>=0"); }

CLI::Validator positive() { return finite_at_least(0.0, true, "a finite number > 0", "NUMBER>0"); }

CLI::Validator named(CLI::Validator check, const std::string& name) {
    return CLI::Validator(
        [check, name](std::string& text) mutable {
            const std::string problem = check(text);
            return problem.empty() ? problem : name + ": " + problem;
        },
        check.get_description());
}

CLI::Validator distance_m() {
    return finite_at_least(0.0, false, "a distance in metres (a finite number >= 0)", "METRES");
}

}  // namespace midlink::cli
