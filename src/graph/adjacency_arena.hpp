#pragma once
// Adjacency lists of a graph that changes while it is contracted, in one flat array instead
// of a vector per node: a vector per node costs 24 bytes of header plus a heap block with
// its own slack, and the contraction of FLA peaked at 477 MB with four of them per node.
//
// Each node owns a block [begin, begin + capacity) of the array whose first `size` entries
// are its items. A full block moves to the end of the array with twice the room and leaves
// a hole; released blocks are holes too. When the array would grow and a quarter of it is
// holes, the live blocks slide down over the holes in place, so the array rarely grows and
// never holds two copies.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

namespace midlink::graph {

template <class Item>
class AdjacencyArena {
public:
    /// Blocks sized for `capacity[v]` items each, laid out in node order.
    explicit AdjacencyArena(std::span<const std::uint32_t> capacity)
        : m_begin(capacity.size()), m_size(capacity.size(), 0), m_capacity(capacity.begin(), capacity.end()) {
        std::size_t next = 0;
        for (std::size_t v = 0; v < capacity.size(); ++v) {
            m_begin[v] = next;
            next += capacity[v];
        }
        m_items.resize(next);
        m_owned = next;
    }

    [[nodiscard]] std::span<const Item> items(std::uint32_t v) const { return {m_items.data() + m_begin[v], m_size[v]}; }
    [[nodiscard]] std::span<Item> items(std::uint32_t v) { return {m_items.data() + m_begin[v], m_size[v]}; }

    void push_back(std::uint32_t v, const Item& item) {
        if (m_size[v] == m_capacity[v]) move_to_end(v, std::max<std::uint32_t>(4, 2 * m_capacity[v]));
        m_items[m_begin[v] + m_size[v]++] = item;
    }

    /// Removes the item at index i of v's list, keeping the others in order.
    void erase(std::uint32_t v, std::size_t i) {
        Item* first = m_items.data() + m_begin[v];
        std::copy(first + i + 1, first + m_size[v], first + i);
        --m_size[v];
    }

    /// Drops v's list and its block.
    void release(std::uint32_t v) {
        m_owned -= m_capacity[v];
        m_size[v] = m_capacity[v] = 0;
    }

    /// Frees the whole array (when every node is released).
    void clear() {
        std::vector<Item>().swap(m_items);
        m_owned = 0;
    }

private:
    void move_to_end(std::uint32_t v, std::uint32_t capacity) {
        const std::size_t holes = m_items.size() - m_owned;
        if (m_items.size() + capacity > m_items.capacity()) {
            if (4 * holes >= m_items.size()) compact();
            // Half as much again, not the doubling of resize(): the array is the builder's largest.
            if (m_items.size() + capacity > m_items.capacity()) m_items.reserve(m_items.size() + std::max<std::size_t>(capacity, m_items.size() / 2));
        }
        const std::size_t begin = m_items.size();
        m_items.resize(begin + capacity);
        std::copy_n(m_items.begin() + static_cast<std::ptrdiff_t>(m_begin[v]), m_size[v],
                    m_items.begin() + static_cast<std::ptrdiff_t>(begin));
        m_owned += capacity - m_capacity[v];
        m_begin[v] = begin;
        m_capacity[v] = capacity;
    }

    // Slides the live blocks down over the holes, in the order they lie in the array.
    void compact() {
        m_order.resize(m_begin.size());
        std::iota(m_order.begin(), m_order.end(), 0U);
        std::erase_if(m_order, [&](std::uint32_t v) { return m_capacity[v] == 0; });
        std::sort(m_order.begin(), m_order.end(), [&](std::uint32_t a, std::uint32_t b) { return m_begin[a] < m_begin[b]; });
        std::size_t next = 0;
        for (std::uint32_t v : m_order) {
            assert(m_begin[v] >= next);
            if (m_begin[v] != next) std::copy_n(m_items.begin() + static_cast<std::ptrdiff_t>(m_begin[v]), m_size[v],
                        m_items.begin() + static_cast<std::ptrdiff_t>(next));
            m_begin[v] = next;
            next += m_capacity[v];
        }
        m_items.resize(next);
        std::vector<std::uint32_t>().swap(m_order);
    }

    std::vector<Item> m_items;
    std::vector<std::size_t> m_begin;
    std::vector<std::uint32_t> m_size, m_capacity;
    std::size_t m_owned = 0;  // items in blocks that belong to a node; the rest are holes
    std::vector<std::uint32_t> m_order;  // scratch of compact()
};

}  // namespace midlink::graph
