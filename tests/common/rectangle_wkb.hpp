#pragma once
// ISO WKB (little-endian) of a one-part MultiPolygon rectangle, for tests that build area
// features by hand.
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace midlink::test {

inline std::vector<std::uint8_t> rectangle_wkb(double x0, double y0, double x1, double y1) {
    // byte order 1, MultiPolygon (6) with 1 part: byte order 1, Polygon (3), 1 ring of 5 points
    std::vector<std::uint8_t> wkb{1, 6, 0, 0, 0, 1, 0, 0, 0, 1, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0};
    for (const auto& [x, y] : std::vector<std::pair<double, double>>{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) {
        for (double d : {x, y}) {
            std::uint8_t b[8];
            std::memcpy(b, &d, 8);  // IEEE 754 little-endian on every platform we build for
            wkb.insert(wkb.end(), b, b + 8);
        }
    }
    return wkb;
}

}  // namespace midlink::test
