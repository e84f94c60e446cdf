#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "midlink/core/ids.hpp"

namespace midlink::graph {

struct Components {
    std::vector<std::uint32_t> component;  // per node; 0 is the largest, then by size desc
    std::vector<std::uint32_t> size;       // per component
};

/// Strongly connected components of a CSR digraph (iterative Tarjan, no recursion limit).
/// Components are numbered by decreasing size, ties by smallest node id.
Components strongly_connected_components(std::span<const EdgeId> first_out,
                                         std::span<const NodeId> head);

}  // namespace midlink::graph
