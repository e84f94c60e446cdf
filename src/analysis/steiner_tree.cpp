#include "midlink/analysis/steiner_tree.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/kruskal_min_spanning_tree.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <deque>
#include <functional>
#include <iterator>
#include <queue>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace midlink::analysis {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// Undirected CSR: each edge listed under both ends (self-loops never help a tree: left out).
struct Adjacency {
    std::vector<std::uint32_t> first;  // node_count + 1
    std::vector<std::uint32_t> other;  // neighbour
    std::vector<std::uint32_t> edge;   // index into SteinerInput::edges

    explicit Adjacency(const SteinerInput& in) : first(in.node_count + 1, 0) {
        for (const auto& e : in.edges) {
            if (e.u >= in.node_count || e.v >= in.node_count) {
                throw std::invalid_argument(
                    "steiner: edge names node " + std::to_string(std::max(e.u, e.v)) +
                    " of a graph with " + std::to_string(in.node_count) + " nodes");
            }
            if (e.u == e.v) continue;
            ++first[e.u + 1];
            ++first[e.v + 1];
        }
        for (std::uint32_t v = 0; v < in.node_count; ++v) first[v + 1] += first[v];
        other.resize(first.back());
        edge.resize(first.back());
        std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
        for (std::uint32_t i = 0; i < in.edges.size(); ++i) {
            const auto& e = in.edges[i];
            if (e.u == e.v) continue;
            other[fill[e.u]] = e.v;
            edge[fill[e.u]++] = i;
            other[fill[e.v]] = e.u;
            edge[fill[e.v]++] = i;
        }
    }
};

void check_nodes(const SteinerInput& in, const std::vector<std::uint32_t>& nodes,
                 const char* what) {
    for (auto v : nodes) {
        if (v >= in.node_count) {
            throw std::invalid_argument(std::string("steiner: ") + what + " node " +
                                        std::to_string(v) + " is outside a graph with " +
                                        std::to_string(in.node_count) + " nodes");
        }
    }
}

// Multi-source Dijkstra: every node learns its nearest source's label, its distance and
// the edge it was reached by. Equal distances settle the smaller node id first, so the
// regions never depend on heap internals.
struct Regions {
    std::vector<std::uint64_t> dist;
    std::vector<std::uint32_t> label;
    std::vector<std::uint32_t> parent_edge;
};

Regions grow_regions(const SteinerInput& in, const Adjacency& adj,
                     const std::vector<std::pair<std::uint32_t, std::uint32_t>>& sources) {
    Regions r{std::vector<std::uint64_t>(in.node_count, kNoDistance),
              std::vector<std::uint32_t>(in.node_count, kNone),
              std::vector<std::uint32_t>(in.node_count, kNone)};
    using Item = std::pair<std::uint64_t, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    for (const auto& [node, label] : sources) {
        if (r.dist[node] == 0 && r.label[node] <= label) continue;
        r.dist[node] = 0;
        r.label[node] = label;
        heap.push({0, node});
    }
    std::vector<std::uint8_t> done(in.node_count, 0);
    while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (done[u] || d != r.dist[u]) continue;
        done[u] = 1;
        for (std::uint32_t k = adj.first[u]; k < adj.first[u + 1]; ++k) {
            const std::uint32_t v = adj.other[k];
            const std::uint64_t nd = d + in.edges[adj.edge[k]].weight;
            if (done[v] || nd >= r.dist[v]) continue;
            r.dist[v] = nd;
            r.label[v] = r.label[u];
            r.parent_edge[v] = adj.edge[k];
            heap.push({nd, v});
        }
    }
    return r;
}

using SpanningGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, std::uint64_t,
                                          boost::property<boost::edge_index_t, std::uint32_t>>>;

// (vertex, vertex, weight, caller's edge index)
using IndexedEdge = std::tuple<std::uint32_t, std::uint32_t, std::uint64_t, std::uint32_t>;

// Kruskal (Boost.Graph) over `count` vertices; returns positions in `edges` of the chosen ones.
std::vector<std::uint32_t> spanning_edges(std::uint32_t count,
                                          const std::vector<IndexedEdge>& edges) {
    SpanningGraph sg(count);
    for (std::uint32_t k = 0; k < edges.size(); ++k) {
        boost::add_edge(std::get<0>(edges[k]), std::get<1>(edges[k]),
                        SpanningGraph::edge_property_type(std::get<2>(edges[k]), k), sg);
    }
    std::vector<SpanningGraph::edge_descriptor> tree;
    boost::kruskal_minimum_spanning_tree(sg, std::back_inserter(tree));
    std::vector<std::uint32_t> chosen;
    chosen.reserve(tree.size());
    for (const auto& e : tree) chosen.push_back(boost::get(boost::edge_index, sg, e));
    return chosen;
}

}  // namespace

std::vector<std::uint64_t> distances_from_roots(const SteinerInput& in) {
    check_nodes(in, in.roots, "root");
    const Adjacency adj(in);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> sources;
    for (auto r : in.roots) sources.emplace_back(r, 0);
    return grow_regions(in, adj, sources).dist;
}

SteinerResult steiner_tree_mehlhorn(const SteinerInput& in) {
    check_nodes(in, in.roots, "root");
    check_nodes(in, in.terminals, "terminal");
    SteinerResult result;
    result.connected.assign(in.terminals.size(), 0);
    if (in.roots.empty()) return result;
    const Adjacency adj(in);

    // Labels: 0 for every root (the super-terminal), 1.. for each distinct terminal node.
    std::vector<std::uint32_t> node_label(in.node_count, kNone);
    for (auto r : in.roots) node_label[r] = 0;
    std::uint32_t labels = 1;
    for (auto t : in.terminals) {
        if (node_label[t] == kNone) node_label[t] = labels++;
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> sources;
    for (std::uint32_t v = 0; v < in.node_count; ++v) {
        if (node_label[v] != kNone) sources.emplace_back(v, node_label[v]);
    }
    const Regions reg = grow_regions(in, adj, sources);

    // Terminal distance graph: the cheapest boundary edge per pair of regions (ties: the
    // lower edge index), then its minimum spanning tree.
    struct Boundary {
        std::uint32_t a, b;
        std::uint64_t weight;
        std::uint32_t edge;
    };
    std::vector<Boundary> boundary;
    for (std::uint32_t i = 0; i < in.edges.size(); ++i) {
        const auto& e = in.edges[i];
        const std::uint32_t la = reg.label[e.u], lb = reg.label[e.v];
        if (la == kNone || lb == kNone || la == lb) continue;
        boundary.push_back(
            {std::min(la, lb), std::max(la, lb), reg.dist[e.u] + e.weight + reg.dist[e.v], i});
    }
    std::sort(boundary.begin(), boundary.end(), [](const Boundary& x, const Boundary& y) {
        return std::tie(x.a, x.b, x.weight, x.edge) < std::tie(y.a, y.b, y.weight, y.edge);
    });
    std::vector<IndexedEdge> terminal_edges;
    for (std::size_t k = 0; k < boundary.size(); ++k) {
        if (k > 0 && boundary[k].a == boundary[k - 1].a && boundary[k].b == boundary[k - 1].b)
            continue;
        terminal_edges.emplace_back(boundary[k].a, boundary[k].b, boundary[k].weight,
                                    static_cast<std::uint32_t>(k));
    }
    const auto mst = spanning_edges(labels, terminal_edges);

    // Only the tree around the super-terminal is buildable; regions joined among
    // themselves but not to a root stay out.
    boost::disjoint_sets_with_storage<> group(labels);
    for (auto k : mst) {
        const auto& bd = boundary[std::get<3>(terminal_edges[k])];
        group.union_set(bd.a, bd.b);
    }
    std::vector<std::uint8_t> label_joined(labels, 0);
    for (std::uint32_t l = 0; l < labels; ++l)
        label_joined[l] = group.find_set(l) == group.find_set(std::uint32_t{0});

    // Expand each kept terminal edge into its boundary edge plus both shortest paths back
    // to the region sources; a path stops where it meets one already marked.
    std::vector<std::uint8_t> marked(in.edges.size(), 0);
    auto climb = [&](std::uint32_t v) {
        while (reg.parent_edge[v] != kNone && !marked[reg.parent_edge[v]]) {
            const std::uint32_t pe = reg.parent_edge[v];
            marked[pe] = 1;
            v = in.edges[pe].u == v ? in.edges[pe].v : in.edges[pe].u;
        }
    };
    for (auto k : mst) {
        const auto& bd = boundary[std::get<3>(terminal_edges[k])];
        if (!label_joined[bd.a]) continue;
        marked[bd.edge] = 1;
        climb(in.edges[bd.edge].u);
        climb(in.edges[bd.edge].v);
    }

    // Span the expanded subgraph again with every root as one vertex (0): this removes any
    // cycle the expansion may close, as Mehlhorn's step 4 requires.
    std::vector<std::uint32_t> compact(in.node_count, kNone);
    std::uint32_t vertices = 1;
    auto vertex = [&](std::uint32_t v) {
        if (node_label[v] == 0) return std::uint32_t{0};
        if (compact[v] == kNone) compact[v] = vertices++;
        return compact[v];
    };
    std::vector<IndexedEdge> sub_edges;
    for (std::uint32_t i = 0; i < in.edges.size(); ++i) {
        if (!marked[i]) continue;
        const std::uint32_t a = vertex(in.edges[i].u), b = vertex(in.edges[i].v);
        if (a != b) sub_edges.emplace_back(a, b, in.edges[i].weight, i);
    }
    std::vector<std::uint8_t> kept(in.edges.size(), 0);
    for (auto k : spanning_edges(vertices, sub_edges)) kept[std::get<3>(sub_edges[k])] = 1;

    // Prune leaves that are neither a terminal nor a root, repeatedly.
    std::vector<std::uint32_t> degree(in.node_count, 0);
    for (std::uint32_t i = 0; i < in.edges.size(); ++i) {
        if (!kept[i]) continue;
        ++degree[in.edges[i].u];
        ++degree[in.edges[i].v];
    }
    std::deque<std::uint32_t> leaves;
    for (std::uint32_t v = 0; v < in.node_count; ++v) {
        if (degree[v] == 1 && node_label[v] == kNone) leaves.push_back(v);
    }
    while (!leaves.empty()) {
        const std::uint32_t v = leaves.front();
        leaves.pop_front();
        if (degree[v] != 1) continue;
        for (std::uint32_t k = adj.first[v]; k < adj.first[v + 1]; ++k) {
            const std::uint32_t i = adj.edge[k];
            if (!kept[i]) continue;
            kept[i] = 0;
            --degree[v];
            const std::uint32_t w = adj.other[k];
            if (--degree[w] == 1 && node_label[w] == kNone) leaves.push_back(w);
            break;
        }
    }

    for (std::uint32_t i = 0; i < in.edges.size(); ++i) {
        if (!kept[i]) continue;
        result.edges.push_back(i);
        result.weight += in.edges[i].weight;
    }
    for (std::size_t t = 0; t < in.terminals.size(); ++t) {
        const std::uint32_t l = node_label[in.terminals[t]];
        result.connected[t] = label_joined[l];
    }
    return result;
}

}  // namespace midlink::analysis
