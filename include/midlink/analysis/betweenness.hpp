#pragma once
// Brandes' betweenness on the directed, weighted routing graph: edge and node forms.
//
// Conventions are Boost.Graph's `brandes_betweenness_centrality` on a directed graph: no
// normalisation, endpoints not counted for nodes, and paths are edge sequences (parallel
// edges of equal cost are separate shortest paths, sharing the flow equally). With
// zero-weight edges the shortest-path DAG takes an edge only from a node settled earlier
// (settling order: cost, then node id), which keeps it acyclic and the result defined.
//
// Sources are summed in fixed chunks, each chunk in source order and the chunks in chunk
// order, so the result is bit-identical for any thread count (TBB) and, given the ranks of
// an MPI job, any rank count: chunk c is computed on rank c mod size and rank 0 adds the
// chunks in chunk order (the others' sent to it one by one), so only rank 0's result is
// the sum; the other ranks return zeros.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "midlink/core/process_group.hpp"
#include "midlink/graph/road_graph.hpp"

namespace midlink::analysis {

struct BetweennessOptions {
    graph::Metric metric = graph::Metric::Time;
    /// 0, or at least the node count: exact (every node a source). Otherwise this many
    /// distinct sources drawn uniformly with `seed`, and the sums scaled by n / samples.
    std::uint32_t samples = 0;
    std::uint64_t seed = 1;
    /// Called from the calling thread with the sources searched so far and their number.
    std::function<void(std::size_t done, std::size_t total)> progress;
    /// The ranks of a job that share the sources (collective: every rank calls with the
    /// same options); null: this process alone.
    const ProcessGroup* group = nullptr;
};

struct BetweennessResult {
    std::vector<double> edge;  // per directed edge
    std::vector<double> node;  // per node
    bool sampled = false;
    std::uint32_t sources = 0;  // searches run (sample size, or origins for OD)
    std::uint64_t seed = 0;
    double scale = 1.0;          // n / samples when sampled
    // OD-weighted only: demand that found no path (not counted anywhere).
    std::uint64_t unreachable_pairs = 0;
    double unreachable_weight = 0.0;
};

/// Every (source, target) pair with weight 1 (exact) or a scaled sample of sources.
BetweennessResult betweenness(const graph::RoadGraph& g, const BetweennessOptions& options);

// Not `OdDemand`: that name is assignment's (per-origin destinations), and two classes of
// one name in one namespace break the one-definition rule when both are linked.
struct OdPairWeight {
    NodeId origin = kInvalidNode;
    NodeId destination = kInvalidNode;
    double weight = 0.0;
};

/// Each demand's weight flows along the shortest paths from origin to destination, split
/// equally among them (as Brandes' sigma splits a unit). Demand with origin ==
/// destination passes nothing. Node betweenness excludes each pair's own endpoints.
/// `group`: as BetweennessOptions::group.
BetweennessResult od_betweenness(const graph::RoadGraph& g, graph::Metric metric, std::span<const OdPairWeight> demand,
                                 const std::function<void(std::size_t, std::size_t)>& progress = {},
                                 const ProcessGroup* group = nullptr);

/// The sorted sample of sources `betweenness` uses (exposed for tests and reports).
std::vector<NodeId> sample_sources(std::uint32_t node_count, std::uint32_t samples, std::uint64_t seed);

}  // namespace midlink::analysis
