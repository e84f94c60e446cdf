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
        for (auto& b : m_buckets) b.clear();
        m_size = 0;
        m_last = 0;
    }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    [[nodiscard]] std::size_t size() const { return m_size; }

    /// Keys must be >= the last key popped (or the first key after clear()).
    void push(Key key, Value value) {
        assert(key >= m_last);
        m_buckets[bucket_of(key)].push_back({key, value});
        ++m_size;
    }

    /// Smallest key; the heap must not be empty. Moves entries so that bucket 0 holds it.
    Key top_key() {
        refill();
        return m_last;
    }

    /// Removes and returns an entry with the smallest key.
    Value pop(Key& key) {
        refill();
        auto& b0 = m_buckets[0];
        const Entry e = b0.back();
        b0.pop_back();
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
        if (!m_buckets[0].empty()) return;
        std::size_t i = 1;
        while (m_buckets[i].empty()) ++i;
        Key min_key = m_buckets[i].front().key;
        for (const auto& e : m_buckets[i]) min_key = e.key < min_key ? e.key : min_key;
        m_last = min_key;
        // Every entry of bucket i lands in a lower bucket relative to the new minimum.
        for (const auto& e : m_buckets[i]) m_buckets[bucket_of(e.key)].push_back(e);
        m_buckets[i].clear();
    }

    std::array<std::vector<Entry>, 33> m_buckets;
    std::size_t m_size = 0;
    Key m_last = 0;
};

}  // namespace midlink::graph
