// Must not compile as part of midlink::graph: analysis sits above graph (tests/CMakeLists.txt, Layers.*).
#include "midlink/analysis/isochrone.hpp"
