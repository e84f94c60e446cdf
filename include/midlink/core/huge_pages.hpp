#pragma once
// Large arrays on transparent huge pages. A routing graph, its hierarchy and a query's
// labels are hundreds of megabytes read at random; with 4 KB pages every first touch is a
// page fault and most reads a TLB miss. Where the kernel leaves huge pages to the
// program's advice (Debian's default, THP "madvise"), asking for them cut a national
// `route --pairs` run from 11.0 to 6.7 s (2026-12-07). Advice only: where it is not
// available the arrays are ordinary memory and nothing else changes.
#include <cstddef>
#include <vector>

namespace midlink {

/// Advises the kernel to back the whole 2 MB pages inside [p, p + bytes) with huge pages.
/// Call it before the memory is first touched; errors are ignored.
void advise_huge_pages(void* p, std::size_t bytes);

/// v.resize(n) for an empty vector, its memory advised onto huge pages before it is filled.
template <class T>
void resize_on_huge_pages(std::vector<T>& v, std::size_t n) {
    if (v.empty() && v.capacity() < n) {
        v.reserve(n);
        advise_huge_pages(v.data(), n * sizeof(T));
    }
    v.resize(n);
}

}  // namespace midlink
