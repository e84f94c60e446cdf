#pragma once
// Shared command-line state: verbosity, threads, progress on stderr. No globals: each
// subcommand receives the context by reference.
#include <chrono>
#include <cstdio>
#include <string>

#include "midlink/io/input_policy.hpp"

namespace midlink::cli {

struct CliContext {
    int threads = 0;        // 0 = all cores
    bool quiet = false;
    int verbosity = 0;      // -v, -vv
    std::string profiles_dir;  // geodata/profiles beside the binary's source tree or MIDLINK_PROFILES
    std::string lookups_dir;   // geodata/lookups likewise, or MIDLINK_LOOKUPS
    bool allow_vrt = false;          // --allow-vrt
    bool skip_bad_features = false;  // --skip-bad-features

    /// What readers of GDAL layers and OSM files may do; skipped counts go to stderr.
    [[nodiscard]] io::InputPolicy input_policy() const {
        io::InputPolicy policy;
        policy.allow_vrt = allow_vrt;
        policy.skip_bad_features = skip_bad_features;
        policy.warn = [this](const std::string& msg) { warn(msg); };
        return policy;
    }

    void info(const std::string& msg) const {
        if (!quiet) std::fprintf(stderr, "%s\n", msg.c_str());
    }
    /// Printed even with --quiet: the user must see it.
    void warn(const std::string& msg) const { std::fprintf(stderr, "warning: %s\n", msg.c_str()); }
    void debug(const std::string& msg) const {
        if (verbosity > 0 && !quiet) std::fprintf(stderr, "  %s\n", msg.c_str());
    }
};

/// Prints "step... done in 1.23 s" to stderr unless quiet.
class Step {
public:
    Step(const CliContext& ctx, std::string what) : m_ctx(ctx), m_what(std::move(what)) {
        if (!m_ctx.quiet) std::fprintf(stderr, "%s...\n", m_what.c_str());
    }
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    void done(const std::string& detail = "") const {
        if (!m_ctx.quiet) {
            std::fprintf(stderr, "%s: done in %.2f s%s%s\n", m_what.c_str(), seconds(),
                         detail.empty() ? "" : ", ", detail.c_str());
        }
    }

private:
    const CliContext& m_ctx;
    std::string m_what;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

}  // namespace midlink::cli
