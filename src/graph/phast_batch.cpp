#include "midlink/graph/phast_batch.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

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
    const std::uint32_t* label_pos;
    const std::uint32_t* label_lane;
    const Weight* label_dist;
    std::size_t labels;
};
constexpr std::size_t L = PhastBatch::kLanes;

void sweep_portable(const SweepArrays& a) {
    std::size_t next = 0;
    for (std::uint32_t p = 0; p < a.n; ++p) {
        Weight d[L];
        for (auto& x : d) x = kUnreachable;
        for (; next < a.labels && a.label_pos[next] == p; ++next) {
            d[a.label_lane[next]] = std::min(d[a.label_lane[next]], a.label_dist[next]);
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
    std::size_t next = 0;
    for (std::uint32_t p = 0; p < a.n; ++p) {
        __m256i d0 = unreached;
        __m256i d1 = unreached;
        if (next < a.labels && a.label_pos[next] == p) {
            alignas(32) Weight d[L];
            for (auto& x : d) x = kUnreachable;
            for (; next < a.labels && a.label_pos[next] == p; ++next) {
                d[a.label_lane[next]] = std::min(d[a.label_lane[next]], a.label_dist[next]);
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
    while (!m_heap.empty()) {
        Weight key = 0;
        const auto p = m_heap.pop(key);
        if (key != dist[p]) continue;
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
        if (dist[p] != kUnreachable && slot != SweepSelection::kNotSwept) m_labels.push_back({slot, lane, dist[p]});
        dist[p] = kUnreachable;
    }
    m_touched.clear();
}

void PhastBatch::run(std::span<const std::span<const SearchSource>> lanes) {
    if (lanes.size() > kLanes) throw ConfigError("PhastBatch: more than 16 lanes");
    m_labels.clear();
    for (std::size_t k = 0; k < lanes.size(); ++k) upward(lanes[k], static_cast<std::uint32_t>(k));
    std::sort(m_labels.begin(), m_labels.end(),
              [](const Label& a, const Label& b) { return a.slot < b.slot; });
    // Structure of arrays for the sweep's label cursor.
    std::vector<std::uint32_t>& pos = m_label_pos;
    std::vector<std::uint32_t>& lane = m_label_lane;
    std::vector<Weight>& d = m_label_dist;
    pos.clear();
    lane.clear();
    d.clear();
    for (const auto& l : m_labels) {
        pos.push_back(l.slot);
        lane.push_back(l.lane);
        d.push_back(l.dist);
    }
    if (m_selection) {
        sweep({m_dist.get(), m_selection->size(), m_selection->down_first.data(), m_selection->down_tail.data(),
               m_selection->down_weight.data(), pos.data(), lane.data(), d.data(), pos.size()},
              m_vector_code);
    } else {
        sweep({m_dist.get(), static_cast<std::uint32_t>(m_ch.node_count()), m_ch.down_first.data(), m_ch.down_tail.data(),
               m_ch.down_weight.data(), pos.data(), lane.data(), d.data(), pos.size()},
              m_vector_code);
    }
}

}  // namespace midlink::graph
