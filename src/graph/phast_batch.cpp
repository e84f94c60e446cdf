#include "midlink/graph/phast_batch.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "midlink/core/error.hpp"

namespace midlink::graph {
namespace {
// The sweep: for each position in rank order, the minimum over its upward labels and its
// down arcs of tail distance + weight, saturating at kUnreachable as PhastSearch's 64-bit
// sums do: min(t, kUnreachable - w) + w is t + w, or kUnreachable when that would pass it.
struct SweepArrays {
    Weight* dist;
    std::uint32_t n;
    const std::uint32_t* down_first;
    const std::uint32_t* down_tail;
    const Weight* down_weight;
    // Upward labels as a list per row: label_head[row], then label_next (kNoLabel ends it).
    const std::uint32_t* label_head;
    const std::uint32_t* label_next;
    const std::uint32_t* label_lane;
    const Weight* label_dist;
};
constexpr std::uint32_t kNoLabel = 0xFFFFFFFFu;
constexpr std::size_t L = PhastBatch::kLanes;

void sweep_portable(const SweepArrays& a) {
    for (std::uint32_t p = 0; p < a.n; ++p) {
        Weight d[L];
        for (auto& x : d) x = kUnreachable;
        for (auto l = a.label_head[p]; l != kNoLabel; l = a.label_next[l]) {
            d[a.label_lane[l]] = std::min(d[a.label_lane[l]], a.label_dist[l]);
        }
        for (auto e = a.down_first[p]; e < a.down_first[p + 1]; ++e) {
            const Weight* t = a.dist + std::size_t{a.down_tail[e]} * L;
            const Weight w = a.down_weight[e];
            for (std::size_t k = 0; k < L; ++k) d[k] = std::min(d[k], std::min(t[k], kUnreachable - w) + w);
        }
        std::memcpy(a.dist + std::size_t{p} * L, d, sizeof d);
    }
}

#if defined(__x86_64__)
// Sixteen lanes in two 256-bit registers: one cache line per tail, four instructions a half.
__attribute__((target("avx2"))) void sweep_avx2(const SweepArrays& a) {
    const __m256i unreached = _mm256_set1_epi32(-1);
    for (std::uint32_t p = 0; p < a.n; ++p) {
        __m256i d0 = unreached;
        __m256i d1 = unreached;
        if (a.label_head[p] != kNoLabel) {
            alignas(32) Weight d[L];
            for (auto& x : d) x = kUnreachable;
            for (auto l = a.label_head[p]; l != kNoLabel; l = a.label_next[l]) {
                d[a.label_lane[l]] = std::min(d[a.label_lane[l]], a.label_dist[l]);
            }
            d0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(d));
            d1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(d + 8));
        }
        for (auto e = a.down_first[p]; e < a.down_first[p + 1]; ++e) {
            const auto* t = reinterpret_cast<const __m256i*>(a.dist + std::size_t{a.down_tail[e]} * L);
            const auto w = static_cast<int>(a.down_weight[e]);
            const __m256i wv = _mm256_set1_epi32(w);
            const __m256i cap = _mm256_set1_epi32(static_cast<int>(kUnreachable - a.down_weight[e]));
            d0 = _mm256_min_epu32(d0, _mm256_add_epi32(_mm256_min_epu32(_mm256_load_si256(t), cap), wv));
            d1 = _mm256_min_epu32(d1, _mm256_add_epi32(_mm256_min_epu32(_mm256_load_si256(t + 1), cap), wv));
        }
        auto* out = reinterpret_cast<__m256i*>(a.dist + std::size_t{p} * L);
        _mm256_store_si256(out, d0);
        _mm256_store_si256(out + 1, d1);
    }
}
#endif

void sweep(const SweepArrays& a, bool vector_code) {
#if defined(__x86_64__)
    if (vector_code && __builtin_cpu_supports("avx2")) {
        sweep_avx2(a);
        return;
    }
#endif
    sweep_portable(a);
}
}  // namespace

Weight PhastBatch::distance_at(std::uint32_t p, std::size_t k) const {
    const auto row = slot(p);
    if (row == SweepSelection::kNotSwept) {
        throw std::out_of_range("PhastBatch: position " + std::to_string(p) + " is not in the sweep selection");
    }
    return m_dist[std::size_t{row} * kLanes + k];
}

void PhastBatch::FreeDeleter::operator()(Weight* p) const { std::free(p); }

SweepSelection select_sweep(const ContractionHierarchy& ch, std::span<const std::uint32_t> positions) {
    const auto n = static_cast<std::uint32_t>(ch.node_count());
    SweepSelection sel;
    sel.slot_of.assign(n, SweepSelection::kNotSwept);
    std::vector<std::uint8_t> keep(n, 0);
    for (auto p : positions) {
        if (p < n) keep[p] = 1;
    }
    // Tails rank higher (smaller position), so one pass from the bottom up closes the set.
    for (std::uint32_t p = n; p-- > 0;) {
        if (!keep[p]) continue;
        for (auto e = ch.down_first[p]; e < ch.down_first[p + 1]; ++e) keep[ch.down_tail[e]] = 1;
    }
    std::uint32_t slots = 0;
    for (std::uint32_t p = 0; p < n; ++p) {
        if (keep[p]) sel.slot_of[p] = slots++;
    }
    sel.down_first.assign(slots + 1, 0);
    for (std::uint32_t p = 0; p < n; ++p) {
        if (keep[p]) sel.down_first[sel.slot_of[p] + 1] = ch.down_first[p + 1] - ch.down_first[p];
    }
    for (std::uint32_t s = 0; s < slots; ++s) sel.down_first[s + 1] += sel.down_first[s];
    sel.down_tail.reserve(sel.down_first.back());
    sel.down_weight.reserve(sel.down_first.back());
    for (std::uint32_t p = 0; p < n; ++p) {
        if (!keep[p]) continue;
        for (auto e = ch.down_first[p]; e < ch.down_first[p + 1]; ++e) {
            sel.down_tail.push_back(sel.slot_of[ch.down_tail[e]]);
            sel.down_weight.push_back(ch.down_weight[e]);
        }
    }
    return sel;
}

PhastBatch::PhastBatch(const ContractionHierarchy& ch, const SweepSelection* selection, bool vector_code)
    : m_ch(ch), m_selection(selection), m_vector_code(vector_code), m_up_dist(ch.node_count(), kUnreachable) {
    const std::size_t rows = selection ? selection->size() : ch.node_count();
    const std::size_t bytes = std::max<std::size_t>(1, rows) * kLanes * sizeof(Weight);  // a multiple of 64
    m_dist.reset(static_cast<Weight*>(std::aligned_alloc(64, bytes)));
    if (!m_dist) throw std::bad_alloc();
    std::fill(m_dist.get(), m_dist.get() + rows * kLanes, kUnreachable);
    m_label_head.assign(rows, kNoLabel);
}

// The upward search of one lane, as PhastSearch's: only arcs to higher ranks. Its labels
// (final or not) seed the sweep.
void PhastBatch::upward(std::span<const SearchSource> sources, std::uint32_t lane) {
    Weight* dist = m_up_dist.data();
    m_heap.clear();
    for (const auto& s : sources) {
        if (s.node >= m_ch.node_count()) continue;
        const auto p = m_ch.position_of[s.node];
        if (dist[p] == kUnreachable) m_touched.push_back(p);
        dist[p] = std::min(dist[p], s.initial);
    }
    for (const auto& s : sources) {
        if (s.node >= m_ch.node_count() || s.initial == kUnreachable) continue;
        const auto p = m_ch.position_of[s.node];
        if (dist[p] == s.initial) m_heap.push(s.initial, p);
    }
    const std::uint32_t* up_first = m_ch.up_first.data();
    const std::uint32_t* up_head = m_ch.up_head.data();
    const Weight* up_weight = m_ch.up_weight.data();
    const std::uint32_t* down_first = m_ch.down_first.data();
    const std::uint32_t* down_tail = m_ch.down_tail.data();
    const Weight* down_weight = m_ch.down_weight.data();
    while (!m_heap.empty()) {
        Weight key = 0;
        const auto p = m_heap.pop(key);
        if (key != dist[p]) continue;
        // Stall on demand (Geisberger et al. 2008): a higher-ranked node already labelled
        // reaches p for less, so p's label is no true distance and no shortest up-down path
        // climbs through it. Its label stays (an upper bound the sweep corrects); its arcs
        // are not relaxed.
        bool stalled = false;
        for (auto e = down_first[p]; e < down_first[p + 1] && !stalled; ++e) {
            stalled = std::uint64_t{dist[down_tail[e]]} + down_weight[e] < key;
        }
        if (stalled) continue;
        for (auto e = up_first[p]; e < up_first[p + 1]; ++e) {
            const std::uint64_t c = std::uint64_t{key} + up_weight[e];
            const auto h = up_head[e];
            if (c < dist[h]) {
                if (dist[h] == kUnreachable) m_touched.push_back(h);
                dist[h] = static_cast<Weight>(c);
                m_heap.push(static_cast<Weight>(c), h);
            }
        }
    }
    for (auto p : m_touched) {
        // A label outside the selection leads to no selected node: dropped.
        const auto slot = m_selection ? m_selection->slot_of[p] : p;
        if (dist[p] != kUnreachable && slot != SweepSelection::kNotSwept) {
            if (m_label_head[slot] == kNoLabel) m_labelled.push_back(slot);
            m_label_next.push_back(m_label_head[slot]);
            m_label_head[slot] = static_cast<std::uint32_t>(m_label_lane.size());
            m_label_lane.push_back(lane);
            m_label_dist.push_back(dist[p]);
        }
        dist[p] = kUnreachable;
    }
    m_touched.clear();
}

void PhastBatch::run(std::span<const std::span<const SearchSource>> lanes) {
    if (lanes.size() > kLanes) throw ConfigError("PhastBatch: more than 16 lanes");
    for (std::size_t k = 0; k < lanes.size(); ++k) upward(lanes[k], static_cast<std::uint32_t>(k));
    const SweepSelection* sel = m_selection;
    sweep({m_dist.get(), sel ? sel->size() : static_cast<std::uint32_t>(m_ch.node_count()),
           sel ? sel->down_first.data() : m_ch.down_first.data(), sel ? sel->down_tail.data() : m_ch.down_tail.data(),
           sel ? sel->down_weight.data() : m_ch.down_weight.data(), m_label_head.data(), m_label_next.data(),
           m_label_lane.data(), m_label_dist.data()},
          m_vector_code);
    for (auto row : m_labelled) m_label_head[row] = kNoLabel;
    m_labelled.clear();
    m_label_next.clear();
    m_label_lane.clear();
    m_label_dist.clear();
}

}  // namespace midlink::graph
