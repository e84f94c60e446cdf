#pragma once
// An array that grows at the end in fixed chunks and shrinks from the end chunk by chunk.
// The contraction appends each contracted node's arcs to one of these, whose final size is
// not known in advance: a std::vector would hold up to twice the arcs while it grows (and
// three times while it moves), and the layout frees the chunks as it reads them backwards.
#include <cassert>
#include <cstddef>
#include <memory>
#include <vector>

namespace midlink::graph {

template <class T, std::size_t kChunkItems = std::size_t{1} << 16>
class ChunkedArray {
public:
    void push_back(const T& item) {
        if (m_size == m_chunks.size() * kChunkItems) m_chunks.push_back(std::make_unique_for_overwrite<T[]>(kChunkItems));
        (*this)[m_size++] = item;
    }
    [[nodiscard]] T& operator[](std::size_t i) { return m_chunks[i / kChunkItems][i % kChunkItems]; }
    [[nodiscard]] const T& operator[](std::size_t i) const { return m_chunks[i / kChunkItems][i % kChunkItems]; }
    [[nodiscard]] std::size_t size() const { return m_size; }

    /// Keeps the first `size` items and frees the chunks past them.
    void truncate(std::size_t size) {
        assert(size <= m_size);
        m_size = size;
        m_chunks.resize((size + kChunkItems - 1) / kChunkItems);
    }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::size_t m_size = 0;
};

}  // namespace midlink::graph
