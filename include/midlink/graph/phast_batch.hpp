#pragma once
// PHAST from many sources at once (Delling, Goldberg, Nowatzyk, Werneck 2011, §5: "one
// sweep, k trees"). The downward sweep is bound by memory traffic: each arc reads its
// tail's distance from a random place. Sixteen sources share one sweep, their sixteen
// distances per node in one 64-byte cache line, so one read serves sixteen trees and the
// sixteen minima are one vector operation.
//
// Distances equal PhastSearch's for each source to the last bit (same sums, same minima;
// sums of kUnreachable or more stay kUnreachable in both).
#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "midlink/graph/contraction_hierarchy.hpp"
#include "midlink/graph/radix_heap.hpp"
#include "midlink/graph/shortest_path.hpp"

namespace midlink::graph {

class PhastBatch {
public:
    static constexpr std::size_t kLanes = 16;

    /// `vector_code` false forces the portable sweep (the tests compare both).
    explicit PhastBatch(const ContractionHierarchy& ch, bool vector_code = true);

    /// One tree per lane: lanes[k] lists that tree's sources with their initial costs (an
    /// empty lane gives a tree that reaches nothing). At most kLanes lanes.
    void run(std::span<const std::span<const SearchSource>> lanes);

    /// Distance from lane k's sources to the node at sweep position p; kUnreachable when
    /// unreached.
    [[nodiscard]] Weight distance_at(std::uint32_t p, std::size_t k) const { return m_dist[std::size_t{p} * kLanes + k]; }
    /// The sixteen lanes' distances at each position, position-major.
    [[nodiscard]] const Weight* data() const { return m_dist.get(); }
    [[nodiscard]] const ContractionHierarchy& hierarchy() const { return m_ch; }

private:
    struct Label {
        std::uint32_t position;
        std::uint32_t lane;
        Weight dist;
    };
    void upward(std::span<const SearchSource> sources, std::uint32_t lane);

    const ContractionHierarchy& m_ch;
    bool m_vector_code = true;
    // node_count() x kLanes, each position's lanes in one 64-byte cache line.
    struct FreeDeleter {
        void operator()(Weight* p) const;
    };
    std::unique_ptr<Weight[], FreeDeleter> m_dist;
    // Upward-search scratch: one lane at a time, reset through m_touched.
    std::vector<Weight> m_up_dist;
    std::vector<std::uint32_t> m_touched;
    RadixHeap<std::uint32_t> m_heap;
    std::vector<Label> m_labels;  // every lane's upward labels, sorted by position for the sweep
    std::vector<std::uint32_t> m_label_pos, m_label_lane;
    std::vector<Weight> m_label_dist;
};

}  // namespace midlink::graph
