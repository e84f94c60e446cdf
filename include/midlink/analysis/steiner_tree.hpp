#pragma once
// Steiner tree approximation on an undirected weighted graph (Mehlhorn 1988): one
// multi-source Dijkstra from every terminal splits the graph into Voronoi regions; each
// edge between two regions gives the terminal distance graph an edge of weight
// d(u) + w(u,v) + d(v); the minimum spanning tree of that graph, expanded back into graph
// paths, de-duplicated, spanned again and stripped of non-terminal leaves, weighs at most
// 2(1 - 1/l) times the optimum over l terminals.
//
// Roots are one super-terminal: every root is already served, so the tree may attach to
// any of them and never needs to join two roots. The result is therefore a forest whose
// every component holds at least one root, and the bound holds against the best such forest.
#include <cstdint>
#include <limits>
#include <vector>

namespace midlink::analysis {

inline constexpr std::uint64_t kNoDistance = std::numeric_limits<std::uint64_t>::max();

struct WeightedEdge {
    std::uint32_t u = 0;
    std::uint32_t v = 0;
    std::uint64_t weight = 0;
};

struct SteinerInput {
    std::uint32_t node_count = 0;
    std::vector<WeightedEdge> edges;       // undirected; parallel edges and zero weights allowed
    std::vector<std::uint32_t> roots;      // served nodes: one super-terminal
    std::vector<std::uint32_t> terminals;  // nodes to join to a root; repeats allowed
};

struct SteinerResult {
    std::vector<std::uint32_t> edges;     // indices into SteinerInput::edges, ascending
    std::uint64_t weight = 0;             // sum of their weights
    std::vector<std::uint8_t> connected;  // per SteinerInput::terminals entry: 1 when joined
};

/// Mehlhorn's 2-approximation. Terminals in a component without a root are left out and
/// flagged in `connected`. No roots: nothing is connected. Throws std::invalid_argument
/// for a node id >= node_count.
SteinerResult steiner_tree_mehlhorn(const SteinerInput& input);

/// Shortest distance from the nearest root to every node (kNoDistance when unreachable).
std::vector<std::uint64_t> distances_from_roots(const SteinerInput& input);

}  // namespace midlink::analysis
