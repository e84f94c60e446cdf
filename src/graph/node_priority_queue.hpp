#pragma once
// A min-queue of nodes by (priority, node id) where a node's priority can be changed in
// place: one entry per node, so it stays at n entries. (A std::priority_queue with versioned
// entries gives the same order, as only a node's latest entry counts, but it held every
// stale entry too: tens of millions on a national graph.)
#include <cassert>
#include <cstdint>
#include <utility>
#include <vector>

namespace midlink::graph {

class NodePriorityQueue {
public:
    explicit NodePriorityQueue(std::size_t n) : m_slot(n, kAbsent) { m_heap.reserve(n); }

    [[nodiscard]] bool empty() const { return m_heap.empty(); }

    /// Inserts v, or moves it to its new priority.
    void set(std::uint32_t v, std::int64_t priority) {
        std::size_t i = m_slot[v];
        if (i == kAbsent) {
            i = m_heap.size();
            m_heap.push_back({priority, v});
            m_slot[v] = static_cast<std::uint32_t>(i);
            sift_up(i);
            return;
        }
        const Entry old = m_heap[i];
        m_heap[i].first = priority;
        if (m_heap[i] < old) {
            sift_up(i);
        } else {
            sift_down(i);
        }
    }

    /// Removes and returns the node of least (priority, id).
    std::uint32_t pop() {
        assert(!m_heap.empty());
        const std::uint32_t v = m_heap.front().second;
        m_slot[v] = kAbsent;
        const Entry last = m_heap.back();
        m_heap.pop_back();
        if (!m_heap.empty()) {
            m_heap.front() = last;
            m_slot[last.second] = 0;
            sift_down(0);
        }
        return v;
    }

private:
    using Entry = std::pair<std::int64_t, std::uint32_t>;
    static constexpr std::uint32_t kAbsent = UINT32_MAX;

    void place(std::size_t i, const Entry& e) {
        m_heap[i] = e;
        m_slot[e.second] = static_cast<std::uint32_t>(i);
    }
    void sift_up(std::size_t i) {
        const Entry e = m_heap[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            if (!(e < m_heap[parent])) break;
            place(i, m_heap[parent]);
            i = parent;
        }
        place(i, e);
    }
    void sift_down(std::size_t i) {
        const Entry e = m_heap[i];
        const std::size_t n = m_heap.size();
        for (;;) {
            std::size_t child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && m_heap[child + 1] < m_heap[child]) ++child;
            if (!(m_heap[child] < e)) break;
            place(i, m_heap[child]);
            i = child;
        }
        place(i, e);
    }

    std::vector<Entry> m_heap;
    std::vector<std::uint32_t> m_slot;  // node -> index in m_heap, or kAbsent
};

}  // namespace midlink::graph
