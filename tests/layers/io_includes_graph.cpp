// Must not compile as part of midlink::io: readers produce core's LinkTable, never a graph.
#include "midlink/graph/road_graph.hpp"
