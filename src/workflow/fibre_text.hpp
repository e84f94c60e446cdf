#pragma once
// Fixed-point numbers for the fibre case's messages and summary.
#include <cstdio>
#include <string>

namespace midlink::workflow::detail {

inline std::string fixed(double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", precision, v);
    return buf;
}
inline std::string money(double v) { return fixed(v, 0); }

}  // namespace midlink::workflow::detail
