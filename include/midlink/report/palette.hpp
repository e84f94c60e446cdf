#pragma once
// Colours safe for the common forms of colour blindness: ColorBrewer YlGnBu for
// sequential classes (light = low) and Okabe-Ito for categories.
#include <cstddef>
#include <string>
#include <vector>

namespace midlink::report {

/// `k` sequential colours, 1 <= k <= 7 (clamped), light to dark.
std::vector<std::string> sequential_colours(std::size_t k);

/// The i-th categorical colour (cycles after 5).
std::string category_colour(std::size_t i);

}  // namespace midlink::report
