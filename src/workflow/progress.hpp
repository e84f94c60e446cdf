#pragma once
// Progress of a parallel step as GDAL prints it ("0...10...20 ... 100 - done.") through the
// context, and the thread limit a study runs under (private to workflow).
#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

#include "midlink/workflow/context.hpp"

namespace midlink::workflow {

/// Called from worker threads with the amount done; prints each tenth once, in order and
/// without gaps (a jump from 10% to 30% prints 20 too), starting with 0 at the first call,
/// so that a message printed before the work starts (a hierarchy being built) comes before
/// the line. The mutex keeps the context's sink to one message at a time.
class DecileProgress {
public:
    DecileProgress(const Context& ctx, std::size_t total) : m_ctx(ctx), m_total(total) {}
    void operator()(std::size_t done) {
        if (m_ctx.quiet || m_total == 0) return;
        const int decile = static_cast<int>(10 * std::min(done, m_total) / m_total);
        if (decile <= m_last.load(std::memory_order_relaxed)) return;
        const std::lock_guard lock(m_mutex);
        for (int d = m_last.load(std::memory_order_relaxed) + 1; d <= decile; ++d) m_ctx.progress(d * 10);
        m_last.store(std::max(decile, m_last.load(std::memory_order_relaxed)), std::memory_order_relaxed);
    }

private:
    const Context& m_ctx;
    std::size_t m_total;
    std::atomic<int> m_last{-1};
    std::mutex m_mutex;
};

/// Context::threads as TBB's limit for the lifetime of this object (0 = no limit).
class ThreadLimit {
public:
    explicit ThreadLimit(const Context& ctx) {
        if (ctx.threads > 0) m_limit.emplace(tbb::global_control::max_allowed_parallelism, ctx.threads);
    }

private:
    std::optional<tbb::global_control> m_limit;
};

}  // namespace midlink::workflow
