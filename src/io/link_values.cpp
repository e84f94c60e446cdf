#include "link_values.hpp"

#include <cstdio>

#include "midlink/core/error.hpp"

namespace midlink::io::detail {

namespace {
std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}
}  // namespace

void check_link_value(double value, const char* column, ZeroMeans zero, const std::string& where) {
    if (value < 0.0) {
        throw InputError(where + ": column " + column + ": " + number_text(value) +
                         " is negative");
    }
    if (value == 0.0 && zero == ZeroMeans::Refused) {
        throw InputError(where + ": column " + column +
                         ": 0 is not a usable value (write an unlimited link as a large number)");
    }
}

void ZeroValueCounts::add_to(Diagnostics& diagnostics, const std::string& path) const {
    if (zero_cost > 0) {
        diagnostics.add("zero_cost_links", path,
                        std::to_string(zero_cost) +
                            " links have zero length or free-flow time; kept at zero cost",
                        Severity::Info);
    }
    if (zero_speed > 0) {
        diagnostics.add("zero_speed_links", path,
                        std::to_string(zero_speed) + " links have speed 0, read as 'not given'",
                        Severity::Info);
    }
}

}  // namespace midlink::io::detail
