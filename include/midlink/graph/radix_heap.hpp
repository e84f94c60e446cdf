#pragma once
// A radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) for monotone integer keys, as Dijkstra
// produces: keys popped never decrease, so each entry moves down at most 32 buckets over
// its life and every operation touches contiguous memory. Entries with equal keys pop in
// an unspecified but deterministic order.
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <vector>

namespace midlink::graph {

template <class Value>
class RadixHeap {
public:
    using Key = std::uint32_t;

    void clear() {
        for (std::uint64_t m = m_filled; m != 0; m &= m - 1) m_buckets[static_cast<std::size_t>(std::countr_zero(m))].clear();
        m_filled = 0;
        m_size = 0;
        m_last = 0;
    }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    [[nodiscard]] std::size_t size() const { return m_size; }

    /// Keys must be >= the last key popped (or the first key after clear()).
    void push(Key key, Value value) {
        assert(key >= m_last);
        const std::size_t b = bucket_of(key);
        m_buckets[b].push_back({key, value});
        m_filled |= std::uint64_t{1} << b;
        ++m_size;
    }

    /// Smallest key; the heap must not be empty. Moves entries so that bucket 0 holds it.
    Key top_key() {
        refill();
        return m_last;
    }

    /// A value of smallest key, found without moving entries, so unlike top_key() it lets
    /// keys below it be pushed afterwards: a hint of what pop() returns next (for prefetching).
    /// The heap must not be empty.
    [[nodiscard]] Value peek() const {
        if (m_filled & 1) return m_buckets[0].back().value;
        const auto& b = m_buckets[static_cast<std::size_t>(std::countr_zero(m_filled))];
        const Entry* best = &b.front();
        for (const auto& e : b) best = e.key < best->key ? &e : best;
        return best->value;
    }

    /// Removes and returns an entry with the smallest key.
    Value pop(Key& key) {
        refill();
        auto& b0 = m_buckets[0];
        const Entry e = b0.back();
        b0.pop_back();
        if (b0.empty()) m_filled &= ~std::uint64_t{1};
        --m_size;
        key = e.key;
        return e.value;
    }

private:
    struct Entry {
        Key key;
        Value value;
    };

    [[nodiscard]] std::size_t bucket_of(Key key) const {
        return key == m_last ? 0 : static_cast<std::size_t>(32 - std::countl_zero(key ^ m_last));
    }

    void refill() {
        assert(m_size > 0);
        if (m_filled & 1) return;
        // The lowest filled bucket from the mask: scanning up to 32 empty vectors was 14 % of
        // a point-to-point query's instructions (cachegrind, national graph).
        const auto i = static_cast<std::size_t>(std::countr_zero(m_filled));
        Key min_key = m_buckets[i].front().key;
        for (const auto& e : m_buckets[i]) min_key = e.key < min_key ? e.key : min_key;
        m_last = min_key;
        // Every entry of bucket i lands in a lower bucket relative to the new minimum.
        for (const auto& e : m_buckets[i]) {
            const std::size_t b = bucket_of(e.key);
            m_buckets[b].push_back(e);
            m_filled |= std::uint64_t{1} << b;
        }
        m_buckets[i].clear();
        m_filled &= ~(std::uint64_t{1} << i);
    }

    std::array<std::vector<Entry>, 33> m_buckets;
    std::uint64_t m_filled = 0;  // bit b set when bucket b holds entries
    std::size_t m_size = 0;
    Key m_last = 0;
};

}  // namespace midlink::graph
