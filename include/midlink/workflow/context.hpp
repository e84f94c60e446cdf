#pragma once
// What every workflow call shares: threads, verbosity, where to find profiles, the input
// policy, and where messages go. No globals: each call receives the context by reference.
// The CLI prints to stderr; a library user (C++ or Python) may give a sink instead.
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "midlink/core/process_group.hpp"
#include "midlink/io/input_policy.hpp"

namespace midlink::workflow {

enum class LogLevel { Info, Warning, Debug };

struct Context {
    int threads = 0;        // 0 = all cores
    bool quiet = false;
    int verbosity = 0;      // -v, -vv
    std::string profiles_dir;  // profiles: share/midlink/profiles beside the binary, or MIDLINK_PROFILES
    std::string lookups_dir;   // lookups likewise, or MIDLINK_LOOKUPS
    bool allow_vrt = false;          // --allow-vrt
    bool skip_bad_features = false;  // --skip-bad-features
    /// Where messages go; empty = stderr. Called one message at a time: from the calling
    /// thread, except the "  10%" progress lines of a parallel step (a worker thread).
    std::function<void(LogLevel, const std::string&)> sink;
    /// The ranks of an MPI job (midlink-mpi, docs/cluster.md); null: one process. Only rank
    /// 0 prints and writes outputs.
    const ProcessGroup* group = nullptr;

    [[nodiscard]] bool is_root() const { return !group || group->root(); }
    [[nodiscard]] bool distributed() const { return group && group->size() > 1; }

    /// What readers of GDAL layers and OSM files may do; skipped counts go to the log.
    [[nodiscard]] io::InputPolicy input_policy() const {
        io::InputPolicy policy;
        policy.allow_vrt = allow_vrt;
        policy.skip_bad_features = skip_bad_features;
        policy.warn = [this](const std::string& msg) { warn(msg); };
        return policy;
    }

    void info(const std::string& msg) const {
        if (quiet || !is_root()) return;
        if (sink) sink(LogLevel::Info, msg);
        else std::fprintf(stderr, "%s\n", msg.c_str());
    }
    /// Given even with quiet: the user must see it.
    void warn(const std::string& msg) const {
        if (!is_root()) return;  // every rank would say the same
        if (sink) sink(LogLevel::Warning, msg);
        else std::fprintf(stderr, "warning: %s\n", msg.c_str());
    }
    /// One mark of a GDAL-style progress line, "0...10...20...30...40...50...60...70...80...90...100
    /// - done.": `percent` is 0 to 100 in steps of 10, in order. On stderr the line builds up
    /// in place; a sink gets each mark as an Info message ("10%"). Nothing with quiet.
    void progress(int percent) const {
        if (quiet || !is_root()) return;
        if (sink) {
            sink(LogLevel::Info, std::to_string(percent) + "%");
            return;
        }
        if (percent == 0) std::fprintf(stderr, "0");
        else std::fprintf(stderr, "...%d", percent);
        if (percent >= 100) std::fprintf(stderr, " - done.\n");
        std::fflush(stderr);
    }
    void debug(const std::string& msg) const {
        if (verbosity <= 0 || quiet) return;
        if (sink) sink(LogLevel::Debug, msg);
        else std::fprintf(stderr, "  %s\n", msg.c_str());
    }
};

/// Reading and checking inputs, run on every rank of a job at once: an error on any rank
/// becomes the same error on all, before heavy work (core/process_group.hpp run_agreed).
/// In one process it simply runs `check`.
inline void agreed(const Context& ctx, const std::function<void()>& check) {
    if (ctx.group) run_agreed(*ctx.group, check);
    else check();
}

/// Reports "step..." and "step: done in 1.23 s" through the context unless quiet.
class Step {
public:
    Step(const Context& ctx, std::string what) : m_ctx(ctx), m_what(std::move(what)) {
        m_ctx.info(m_what + "...");
    }
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    void done(const std::string& detail = "") const {
        if (m_ctx.quiet) return;
        char buf[64];
        std::snprintf(buf, sizeof buf, ": done in %.2f s", seconds());
        m_ctx.info(m_what + buf + (detail.empty() ? "" : ", " + detail));
    }

private:
    const Context& m_ctx;
    std::string m_what;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

}  // namespace midlink::workflow
