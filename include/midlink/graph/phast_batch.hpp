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

/// Restricted PHAST (RPHAST; Delling, Goldberg, Werneck 2011): when only some nodes' distances
/// are wanted, the sweep needs only them and the nodes above them in the hierarchy, i.e.
/// every node from which a chain of down arcs reaches one of them. The selection keeps
/// those nodes in sweep order with their down arcs renumbered; on a national graph with
/// destinations at a few per cent of the nodes it is a fraction of the whole.
struct SweepSelection {
    static constexpr std::uint32_t kNotSwept = 0xFFFFFFFFu;
    std::vector<std::uint32_t> slot_of;  // sweep position -> slot, or kNotSwept
    std::vector<std::uint32_t> down_first, down_tail;  // CSR by slot; tails are slots
    std::vector<Weight> down_weight;
    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(down_first.size() - 1); }
};

/// The nodes a sweep must visit for the distances to `positions` (sweep positions).
SweepSelection select_sweep(const ContractionHierarchy& ch, std::span<const std::uint32_t> positions);

class PhastBatch {
public:
    static constexpr std::size_t kLanes = 16;

    /// `vector_code` false forces the portable sweep (the tests compare both). With a
    /// selection (which must outlive this object) only its nodes are swept, and only their
    /// distances are known.
    explicit PhastBatch(const ContractionHierarchy& ch, const SweepSelection* selection = nullptr,
                        bool vector_code = true);

    /// One tree per lane: lanes[k] lists that tree's sources with their initial costs (an
    /// empty lane gives a tree that reaches nothing). At most kLanes lanes.
    void run(std::span<const std::span<const SearchSource>> lanes);

    /// Where position p's distances are in data(): p itself, or its slot in the selection
    /// (SweepSelection::kNotSwept when the selection leaves it out).
    [[nodiscard]] std::uint32_t slot(std::uint32_t p) const { return m_selection ? m_selection->slot_of[p] : p; }
    /// Distance from lane k's sources to the node at sweep position p; kUnreachable when
    /// unreached. With a selection, p must be one of the selected nodes: any other has no
    /// distance, and asking for one throws std::out_of_range rather than answer wrongly.
    [[nodiscard]] Weight distance_at(std::uint32_t p, std::size_t k) const;
    /// The sixteen lanes' distances of each slot, slot-major.
    [[nodiscard]] const Weight* data() const { return m_dist.get(); }
    [[nodiscard]] const ContractionHierarchy& hierarchy() const { return m_ch; }

private:
    void upward(std::span<const SearchSource> sources, std::uint32_t lane);

    const ContractionHierarchy& m_ch;
    const SweepSelection* m_selection = nullptr;
    bool m_vector_code = true;
    // Rows (nodes, or the selection's slots) x kLanes, each row in one 64-byte cache line.
    struct FreeDeleter {
        void operator()(Weight* p) const;
    };
    std::unique_ptr<Weight[], FreeDeleter> m_dist;
    // Upward-search scratch: one lane at a time, reset through m_touched.
    std::vector<Weight> m_up_dist;
    std::vector<std::uint32_t> m_touched;
    RadixHeap<std::uint32_t> m_heap;
    // Every lane's upward labels, listed per row for the sweep (head per row, then next).
    std::vector<std::uint32_t> m_label_head, m_label_next, m_label_lane, m_labelled;
    std::vector<Weight> m_label_dist;
};

}  // namespace midlink::graph
