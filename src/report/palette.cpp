#include "midlink/report/palette.hpp"

#include <algorithm>
#include <array>

namespace midlink::report {

std::vector<std::string> sequential_colours(std::size_t k) {
    // ColorBrewer YlGnBu, the published schemes for 3..7 classes.
    static const std::array<std::vector<std::string>, 8> kYlGnBu{{
        {},
        {"#41b6c4"},
        {"#a1dab4", "#2c7fb8"},
        {"#edf8b1", "#7fcdbb", "#2c7fb8"},
        {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
        {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
        {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"},
        {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
    }};
    return kYlGnBu[std::clamp<std::size_t>(k, 1, 7)];
}

std::string category_colour(std::size_t i) {
    // Okabe & Ito (2008), less yellow (vanishes on white) and the two colours the maps
    // keep for critical links (#D55E00) and gap runs (#CC79A7).
    static const std::array<const char*, 5> kOkabeIto{"#0072B2", "#E69F00", "#009E73", "#56B4E9",
                                                      "#000000"};
    return kOkabeIto[i % kOkabeIto.size()];
}

}  // namespace midlink::report
